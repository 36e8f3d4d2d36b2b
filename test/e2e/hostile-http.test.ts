// Hostile and careless HTTP against the dev server: raw paths with dot segments, foreign Host headers,
// query parameters and DELETE bodies that upstream refuses, deeply nested JSON. Every answer is a
// Kubernetes Status and nothing changes. Raw requests go through node:http, which sends the path as
// written (fetch would resolve `..` before sending, as curl does without --path-as-is). The server authenticates:
// requests carry its admin token, over HTTPS with its self-signed certificate.
import { request } from 'node:https';
import { describe, expect, inject, it } from 'vitest';
import { newNamespace } from './support/kubectl';

interface Reply {
  status: number;
  body: any;
  text: string;
}

function raw(method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const url = new URL(inject('kubeUrl'));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        // node:http sends a DELETE body without framing unless told its length
        headers: { authorization: `Bearer ${inject('adminToken')}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(opts.body ?? '')), ...opts.headers },
        agent: false,
        rejectUnauthorized: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          let body: any;
          try {
            body = JSON.parse(text.split('\n')[0]!);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(opts.body);
  });
}

const api = (method: string, path: string, body?: unknown) => raw(method, path, { body: body === undefined ? undefined : JSON.stringify(body) });

async function configMap(ns: string, name: string): Promise<void> {
  const r = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });
  expect(r.status).toBe(201);
}

async function namespacePhase(ns: string): Promise<string | undefined> {
  const r = await api('GET', `/api/v1/namespaces/${ns}`);
  return r.status === 200 ? (r.body.metadata.deletionTimestamp ? 'Terminating' : r.body.status?.phase) : `HTTP ${r.status}`;
}

function expectStatus(r: Reply, code: number, reason: string): void {
  expect(r.status, r.text).toBe(code);
  expect(r.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
}

describe('dot segments in the path', () => {
  it.each([
    ['configmaps/..', '/configmaps/..'],
    ['configmaps/%2e%2e', '/configmaps/%2e%2e'],
    ['configmaps/%2E.', '/configmaps/%2E.'],
    ['configmaps/../..', '/configmaps/../..'],
    ['configmaps/%2e%2e/%2e%2e', '/configmaps/%2e%2e/%2e%2e'],
    ['configmaps/.', '/configmaps/.'],
  ])('DELETE …/%s is 400 and the namespace and its objects survive', async (_label, suffix) => {
    const ns = await newNamespace('dots');
    await configMap(ns, 'keep');
    const r = await raw('DELETE', `/api/v1/namespaces/${ns}${suffix}`);
    expectStatus(r, 400, 'BadRequest');
    expect(await namespacePhase(ns)).toBe('Active');
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/keep`)).status).toBe(200);
  });

  it('a PUT to pods/%2e%2e/status (resolved to the namespace status) is refused for its Pod body', async () => {
    const ns = await newNamespace('dots-status');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: '..' }, status: { phase: 'Failed' } };
    const r = await raw('PUT', `/api/v1/namespaces/${ns}/pods/%2e%2e/status`, { body: JSON.stringify(pod) });
    expect(r.status, r.text).toBe(400);
    expect(await namespacePhase(ns)).toBe('Active');
  });

  it('names with dots that are not dot segments still work', async () => {
    const ns = await newNamespace('dots-ok');
    await configMap(ns, 'a.b');
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/a.b`)).status).toBe(200);
  });
});

describe('namespaces', () => {
  it('deletecollection of namespaces is 405 and deletes nothing', async () => {
    const ns = await newNamespace('nodc');
    const r = await api('DELETE', '/api/v1/namespaces');
    expectStatus(r, 405, 'MethodNotAllowed');
    expect(r.body.message).toBe('the server does not allow this method on the requested resource');
    expect(await namespacePhase(ns)).toBe('Active');
    expect(await namespacePhase('default')).toBe('Active');
  });

  it.each(['default', 'kube-system', 'kube-public', 'kube-node-lease'])('deleting %s is 403 Forbidden, dry run too', async (name) => {
    for (const q of ['?dryRun=All', '']) {
      const r = await api('DELETE', `/api/v1/namespaces/${name}${q}`);
      expectStatus(r, 403, 'Forbidden');
      expect(r.body.message).toBe(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
    }
    expect(await namespacePhase(name)).toBe('Active');
  });
});

describe('the Host header (DNS rebinding)', () => {
  it.each(['localhost', '127.0.0.1:1', '[::1]:8787'])('loopback %s is answered', async (host) => {
    expect((await raw('GET', '/version', { headers: { host } })).status).toBe(200);
  });

  it('another name is 403 with a message saying how to allow it', async () => {
    const r = await raw('GET', '/api/v1/namespaces', { headers: { host: 'attacker.example:8787' } });
    expectStatus(r, 403, 'Forbidden');
    expect(r.body.message).toContain('--allow-host attacker.example');
    const del = await raw('DELETE', '/api/v1/namespaces/default', { headers: { host: 'attacker.example' } });
    expectStatus(del, 403, 'Forbidden');
  });
});

describe('query parameters', () => {
  it('watch=True (the Python client) streams events', async () => {
    const ns = await newNamespace('q-watch');
    await configMap(ns, 'seen');
    const r = await raw('GET', `/api/v1/namespaces/${ns}/configmaps?watch=True&timeoutSeconds=1`);
    expect(r.status).toBe(200);
    // every object there, in name order: the namespace's kube-root-ca.crt, then ours
    const events = r.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'kube-root-ca.crt'],
      ['ADDED', 'seen'],
    ]);
  });

  it.each([
    ['limit=abc', 400, 'strconv.ParseInt: parsing "abc": invalid syntax'],
    ['limit=99999999999999999999', 400, 'strconv.ParseInt: parsing "99999999999999999999": value out of range'],
    ['watch=1&timeoutSeconds=1e3', 400, 'strconv.ParseInt: parsing "1e3": invalid syntax'],
    ['resourceVersion=abc', 400, 'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax'],
    ['watch=true&resourceVersion=abc', 400, 'resourceVersion: Invalid value: "abc"'],
    ['resourceVersionMatch=NotOlderThan', 422, 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided'],
    ['resourceVersion=0&resourceVersionMatch=Exact', 422, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'],
    ['continue=forged', 400, 'invalid continue token: continue key is not valid'],
    ['watch=true&labelSelector=a%3D%3D%3Db', 400, ''],
    ['watch=true&fieldSelector=spec.bogus%3Dx', 400, ''],
  ])('GET configmaps?%s is %d before any stream opens', async (q, code, message) => {
    const ns = await newNamespace('q-bad');
    const r = await raw('GET', `/api/v1/namespaces/${ns}/configmaps?${q}`);
    expect(r.status, r.text).toBe(code);
    expect(r.body.kind).toBe('Status');
    expect(r.body.message).toContain(message);
  });

  it('a list or watch from a resourceVersion in the future: 504 Timeout with ResourceVersionTooLarge', async () => {
    const ns = await newNamespace('q-future');
    const list = await api('GET', `/api/v1/namespaces/${ns}/configmaps?resourceVersion=999999999`);
    expectStatus(list, 504, 'Timeout');
    expect(list.body.details.causes).toEqual([{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }]);
    const watch = await raw('GET', `/api/v1/namespaces/${ns}/configmaps?watch=1&resourceVersion=999999999`);
    expect(watch.status).toBe(200);
    expect(watch.body).toMatchObject({ type: 'ERROR', object: { code: 504, reason: 'Timeout', details: { causes: [{ reason: 'ResourceVersionTooLarge' }] } } });
  });
});

describe('DELETE bodies and options', () => {
  it.each([
    ['null', 400],
    ['[]', 400],
    ['"x"', 400],
    ['7', 400],
    ['{"propagationPolicy":"Bogus"}', 422],
    ['{"gracePeriodSeconds":1.5}', 400],
    ['{"gracePeriodSeconds":"1"}', 400],
    ['{"kind":"Pod"}', 400],
    ['{"orphanDependents":true,"propagationPolicy":"Orphan"}', 422],
  ])('body %s is %d and deletes nothing', async (body, code) => {
    const ns = await newNamespace('del-body');
    await configMap(ns, 'keep');
    const one = await raw('DELETE', `/api/v1/namespaces/${ns}/configmaps/keep`, { body });
    expect(one.status, one.text).toBe(code);
    expect(one.body.kind).toBe('Status');
    const all = await raw('DELETE', `/api/v1/namespaces/${ns}/configmaps`, { body });
    expect(all.status, all.text).toBe(code);
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/keep`)).status).toBe(200);
  });

  it.each(['propagationPolicy=Bogus', 'gracePeriodSeconds=abc', 'gracePeriodSeconds=1.5'])('query %s is 4xx and deletes nothing', async (q) => {
    const ns = await newNamespace('del-query');
    await configMap(ns, 'keep');
    const r = await api('DELETE', `/api/v1/namespaces/${ns}/configmaps/keep?${q}`);
    expect([400, 422]).toContain(r.status);
    expect(r.body.kind).toBe('Status');
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/keep`)).status).toBe(200);
  });
});

describe('deeply nested JSON', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const body = (name: string, depth: number) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":{"a":"1"},"extra":${nested(depth)}}`;

  it('10,001 levels is 400 and nothing is created; the server keeps serving', async () => {
    const ns = await newNamespace('deep');
    const r = await raw('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: body('deep', 10_001) });
    expectStatus(r, 400, 'BadRequest');
    expect(r.body.message).toContain('exceeded max depth');
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/deep`)).status).toBe(404);
    const patch = await raw('PATCH', `/api/v1/namespaces/${ns}/configmaps/deep`, {
      body: `{"data":${'{"x":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patch.status, patch.text).toBe(400);
    expect((await api('GET', '/version')).status).toBe(200);
  });

  it('deeper than the runtime can carry (1,001 to 10,000 levels) is 400 too, not a 500', async () => {
    const ns = await newNamespace('deep-mid');
    for (const depth of [1_001, 2_500, 9_990]) {
      const r = await raw('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: body('mid', depth) });
      expectStatus(r, 400, 'BadRequest');
      expect(r.body.message).toContain('this server takes at most 1000 levels');
    }
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mid\nextra: ${nested(2_000)}\n`;
    const y = await raw('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: yaml, headers: { 'content-type': 'application/yaml' } });
    expectStatus(y, 400, 'BadRequest');
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/mid`)).status).toBe(404);
  });

  it('up to the limit still works, by create and by server-side apply (the unknown field is dropped)', async () => {
    const ns = await newNamespace('deep-ok');
    const r = await raw('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: body('ok', 997) });
    expect(r.status, r.text.slice(0, 300)).toBe(201);
    expect(r.body.data).toEqual({ a: '1' });
    // the YAML parser behind apply recurses deeper per level: its own stack ends near 900 flow levels (a 400 there)
    const apply = await raw('PATCH', `/api/v1/namespaces/${ns}/configmaps/applied?fieldManager=e2e`, {
      body: body('applied', 500),
      headers: { 'content-type': 'application/apply-patch+yaml' },
    });
    expect(apply.status, apply.text.slice(0, 300)).toBe(201);
  });
});
