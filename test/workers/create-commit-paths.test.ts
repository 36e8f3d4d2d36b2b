import { runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, configMap, objectStoreStub, settledNamespace } from './helpers';

/**
 * A create commits through ObjectTable.commitNew (the INSERT finds a taken name) instead of a SELECT
 * and `commit`. Both paths are run here side by side, one namespace each, and must answer the same
 * bytes: status, warnings and body, key order included. Only what differs between any two creates is
 * masked (uids, times, resourceVersions, random name suffixes, service IPs, the namespace's own name).
 */
async function post(path: string, body: unknown) {
  const res = await SELF.fetch(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, warning: res.headers.get('warning'), contentType: res.headers.get('content-type'), text: await res.text() };
}

function masked(text: string, ns: string): string {
  return text
    .split(ns)
    .join('NS')
    .replace(/"(uid|creationTimestamp|time|resourceVersion)":"[^"]*"/g, '"$1":"X"')
    .replace(/(kube-api-access-|gen-)[a-z0-9]{5}/g, '$1XXXXX')
    .replace(/\d+\.\d+\.\d+\.\d+/g, 'IP');
}

/** Makes the namespace's store take the old path: no commitNew, so a SELECT then `commit`. */
async function withoutCommitNew(ns: string): Promise<void> {
  await runInDurableObject(objectStoreStub(`ns:${ns}`), (instance) => {
    (instance as unknown as { table: { commitNew?: unknown } }).table.commitNew = undefined;
  });
}

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] }, ...extra });
const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

/** Requests as `[path under the namespace, body]`, sent in order to each namespace. */
const REQUESTS: [string, unknown][] = [
  ['configmaps', configMap('plain', { k: 'v' }, { app: 'x' })],
  ['configmaps?fieldManager=kubectl-client-side-apply', configMap('managed', { a: '1', b: '2' })],
  ['configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' }, data: { g: '1' } }],
  ['configmaps?fieldValidation=Warn', { ...configMap('warned'), bogus: 1, metadata: { name: 'warned', bogusMeta: true } }],
  ['configmaps?fieldValidation=Strict', { ...configMap('strict'), bogus: 1 }],
  ['configmaps?fieldValidation=Ignore', { ...configMap('ignored'), bogus: 1 }],
  ['configmaps?dryRun=All', configMap('dry')],
  ['configmaps', configMap('plain', { k: 'again' })],
  ['configmaps?dryRun=All', configMap('plain')],
  ['configmaps', { ...configMap('bad'), metadata: { name: 'Bad_Name' } }],
  ['pods', pod('web')],
  ['pods', pod('web')],
  ['pods?dryRun=All', pod('dry-pod')],
  ['pods', pod('big', { spec: { containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' } } }], restartPolicy: 'OnFailure' } })],
  ['services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }],
  ['secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'x' } }],
  ['leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 40 } }],
];

const pathOf = (ns: string, p: string) => (p === 'leases' ? `/apis/coordination.k8s.io/v1/namespaces/${ns}/${p}` : `/api/v1/namespaces/${ns}/${p}`);

describe('create commit paths', () => {
  it('commitNew answers every create as the SELECT-then-commit path did, byte for byte', async () => {
    const [fast, old] = [await settledNamespace('cnew'), await settledNamespace('cold')];
    await withoutCommitNew(old);
    const apps = (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`;
    for (const [p, body] of REQUESTS) {
      const [a, b] = [await post(pathOf(fast, p), body), await post(pathOf(old, p), body)];
      expect({ ...a, text: masked(a.text, fast) }, `POST ${p}`).toEqual({ ...b, text: masked(b.text, old) });
    }
    const [a, b] = [await post(apps(fast), deployment('d')), await post(apps(old), deployment('d'))];
    expect(a.status).toBe(201);
    expect(masked(a.text, fast)).toBe(masked(b.text, old));
    // a server-side apply that creates takes the same insert
    const apply = async (ns: string) => {
      const res = await SELF.fetch(`${BASE}/api/v1/namespaces/${ns}/configmaps/applied?fieldManager=tester`, { method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body: JSON.stringify(configMap('applied', { x: 'y' })) });
      return { status: res.status, text: masked(await res.text(), ns) };
    };
    const [pa, pb] = [await apply(fast), await apply(old)];
    expect(pa.status).toBe(201);
    expect(pa).toEqual(pb);
    // and what was stored is the same too: a list of each kind reads alike (not pods: the scheduler
    // writes their status meanwhile, in its own time)
    for (const kind of ['configmaps', 'secrets', 'leases']) {
      const [la, lb] = [await SELF.fetch(`${BASE}${pathOf(fast, kind)}`), await SELF.fetch(`${BASE}${pathOf(old, kind)}`)];
      expect(masked(await la.text(), fast).replace(/"resourceVersion":"X"/g, ''), kind).toBe(masked(await lb.text(), old).replace(/"resourceVersion":"X"/g, ''));
    }
  });
});
