import { runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE, configMap, objectStoreStub, settledNamespace } from './helpers';
import { CREATE_REQUESTS, masked, namedDeployment, pathOf, post } from './create-requests';

/** Makes the namespace's store take the old path: no commitNew, so a SELECT then `commit`. */
async function withoutCommitNew(ns: string): Promise<void> {
  await runInDurableObject(objectStoreStub(`ns:${ns}`), (instance) => {
    (instance as unknown as { table: { commitNew?: unknown } }).table.commitNew = undefined;
  });
}

/**
 * A create commits through ObjectTable.commitNew (the INSERT finds a taken name) instead of a SELECT
 * and `commit`. Both paths are run here side by side, one namespace each, and must answer the same
 * bytes: status, warnings and body, key order included (create-requests.ts masks what differs between
 * any two creates).
 */
describe('create commit paths', () => {
  it('commitNew answers every create as the SELECT-then-commit path did, byte for byte', async () => {
    const [fast, old] = [await settledNamespace('cnew'), await settledNamespace('cold')];
    await withoutCommitNew(old);
    const apps = (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`;
    for (const [p, body] of CREATE_REQUESTS) {
      const [a, b] = [await post(pathOf(fast, p), body), await post(pathOf(old, p), body)];
      expect({ ...a, text: masked(a.text, fast) }, `POST ${p}`).toEqual({ ...b, text: masked(b.text, old) });
    }
    const [a, b] = [await post(apps(fast), namedDeployment('d')), await post(apps(old), namedDeployment('d'))];
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
