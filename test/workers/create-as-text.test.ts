import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { jsonObject, MAX_STORED_DEPTH } from '../../shared/apiserver/json-body';
import { api, BASE, configMap, settledNamespace } from './helpers';
import { CREATE_REQUESTS, masked, namedDeployment, pathOf, post } from './create-requests';

/**
 * A create served as stored with a JSON body goes to the store as the text sent (the store decodes
 * it, a built-in kind named by its key); a YAML body is still decoded by the Worker and sent as an
 * object, the path every JSON body took before. The same creates through both, one namespace each,
 * must answer the same bytes (status, warning and content type headers, body with its managedFields)
 * and leave the same objects and watch events.
 */
const YAML = 'application/yaml';

/** What the Worker answered when it decoded a JSON body itself: the Status of the error decoding threw. */
function decodeStatus(text: string): string {
  try {
    jsonObject(text);
  } catch (e) {
    return JSON.stringify((e as ApiError).toStatus());
  }
  throw new Error(`${text} decodes`);
}

async function watchReplay(ns: string, plural: string, from: string, count: number): Promise<string[]> {
  const res = await SELF.fetch(`${BASE}${pathOf(ns, plural)}?watch=true&resourceVersion=${from}`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  while (buf.split('\n').length <= count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
  }
  await reader.cancel();
  return buf.split('\n').slice(0, count).map((l) => masked(l, ns));
}

describe('a create sent to the store as JSON text', () => {
  it('answers and stores what the object path does, byte for byte', async () => {
    const [text, object] = [await settledNamespace('ctext'), await settledNamespace('cobj')];
    const rv0 = async (ns: string) => (await api('GET', pathOf(ns, 'configmaps'))).body.metadata.resourceVersion as string;
    const [fromText, fromObject] = [await rv0(text), await rv0(object)];
    const requests: [string, unknown][] = [
      ...CREATE_REQUESTS,
      // refused before the store reads anything: a kind that is not the resource's, a body that is no object
      ['configmaps', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'wrong-kind' } }],
      ['leases', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wrong-kind' } }],
      ['configmaps', '[]'],
      ['configmaps', '"a string"'],
      ['configmaps', 'null'],
      ['configmaps', '42'],
      ['configmaps', { apiVersion: 'v1', kind: 'ConfigMap' }],
      ['configmaps', { metadata: { name: 'no-kind' }, data: { a: '1' } }],
    ];
    for (const [p, body] of requests) {
      const [a, b] = [await post(pathOf(text, p), body), await post(pathOf(object, p), body, YAML)];
      expect({ ...a, text: masked(a.text, text) }, `POST ${p} ${JSON.stringify(body)}`).toEqual({ ...b, text: masked(b.text, object) });
    }
    const apps = (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`;
    const [a, b] = [await post(apps(text), namedDeployment('d')), await post(apps(object), namedDeployment('d'), YAML)];
    expect(a.status).toBe(201);
    expect(masked(a.text, text)).toBe(masked(b.text, object));
    // the same objects stored, and the same watch events for them (ADDED plain, managed, gen-, warned, ignored, no-kind)
    for (const kind of ['configmaps', 'secrets', 'leases']) {
      const [la, lb] = [await SELF.fetch(`${BASE}${pathOf(text, kind)}`), await SELF.fetch(`${BASE}${pathOf(object, kind)}`)];
      expect(masked(await la.text(), text), kind).toBe(masked(await lb.text(), object));
    }
    const [wa, wb] = [await watchReplay(text, 'configmaps', fromText, 6), await watchReplay(object, 'configmaps', fromObject, 6)];
    expect(wa).toHaveLength(6);
    expect(wa.every((l) => l.startsWith('{"type":"ADDED"'))).toBe(true);
    expect(wa).toEqual(wb);
  });

  it('answers a body that does not decode with the Worker\'s Status, and writes nothing', async () => {
    const ns = await settledNamespace('cbad');
    const before = (await api('GET', pathOf(ns, 'configmaps'))).body.metadata.resourceVersion;
    const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    for (const body of ['', '  \n', '{', '{"metadata":', 'not json', `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":${deep(MAX_STORED_DEPTH)}}`, '['.repeat(10_001)]) {
      for (const contentType of ['application/json', '*/*']) {
        const res = await SELF.fetch(`${BASE}${pathOf(ns, 'configmaps')}`, { method: 'POST', headers: { 'content-type': contentType }, body });
        expect({ status: res.status, contentType: res.headers.get('content-type'), text: await res.text() }, `${contentType} ${body.slice(0, 40)}`).toEqual({ status: 400, contentType: 'application/json', text: decodeStatus(body) });
      }
    }
    expect((await api('GET', pathOf(ns, 'configmaps'))).body.metadata.resourceVersion).toBe(before);
    // and a good body after them is created as usual
    expect((await api('POST', pathOf(ns, 'configmaps'), configMap('good'))).status).toBe(201);
  });
});
