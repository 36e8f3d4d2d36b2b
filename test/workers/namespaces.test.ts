import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, configMap, freshNamespace, objectStoreStub } from './helpers';

const clusterStore = () => objectStoreStub('cluster');

/**
 * Runs the cluster store's alarm until GET path answers `status` (at most 40 passes). The store also
 * arms its own 1 s finalization retry, which a loaded machine may fire first: a pass already in flight
 * when the test asks for one leaves nothing to run, so one forced pass is not enough to wait on.
 */
async function finalizeUntil(path: string, status: number): Promise<number> {
  let last = 0;
  for (let pass = 0; pass < 40; pass++) {
    await runDurableObjectAlarm(clusterStore());
    last = (await api('GET', path)).status;
    if (last === status) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return last;
}

describe('namespaces', () => {
  it('exist from the start', async () => {
    const list = await api('GET', '/api/v1/namespaces');
    const names = list.body.items.map((n: any) => n.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
    expect(list.body.items[0].status.phase).toBe('Active');
  });

  it('get a default ServiceAccount', async () => {
    const ns = await freshNamespace();
    // the cluster store tells the new namespace its phase after the create answers (waitUntil): poll for it
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await api('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status;
    }
    expect(status).toBe(200);
  });

  it('terminate: refuse new content, empty the store, then go away', async () => {
    const ns = await freshNamespace();
    await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('inside'));
    await api('POST', `/api/v1/namespaces/${ns}/configmaps`, { ...configMap('held'), metadata: { name: 'held', finalizers: ['x/y'] } });
    const del = await api('DELETE', `/api/v1/namespaces/${ns}`);
    expect(del.status).toBe(200);
    expect(del.body.status.phase).toBe('Terminating');
    const refused = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('new'));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(`configmaps "new" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`);
    expect(await finalizeUntil(`/api/v1/namespaces/${ns}/configmaps/inside`, 404)).toBe(404);
    const held = await api('GET', `/api/v1/namespaces/${ns}/configmaps/held`);
    expect(held.body.metadata.deletionTimestamp).toBeTruthy();
    expect((await api('GET', `/api/v1/namespaces/${ns}`)).status).toBe(200);
    await api('PATCH', `/api/v1/namespaces/${ns}/configmaps/held`, { metadata: { finalizers: null } }, 'application/merge-patch+json');
    expect(await finalizeUntil(`/api/v1/namespaces/${ns}`, 404)).toBe(404);
    const again = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('late'));
    expect(again.status).toBe(404);
  });
});

describe('services', () => {
  it('get a cluster IP that is unique across namespaces and kept by updates', async () => {
    const a = await freshNamespace();
    const b = await freshNamespace();
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } };
    const one = await api('POST', `/api/v1/namespaces/${a}/services`, svc);
    const two = await api('POST', `/api/v1/namespaces/${b}/services`, svc);
    expect(one.body.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    expect(two.body.spec.clusterIP).not.toBe(one.body.spec.clusterIP);
    const replaced = await api('PUT', `/api/v1/namespaces/${a}/services/s`, { ...svc, metadata: { name: 's', resourceVersion: one.body.metadata.resourceVersion } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.spec.clusterIP).toBe(one.body.spec.clusterIP);
    const taken = await api('POST', `/api/v1/namespaces/${a}/services`, { ...svc, metadata: { name: 't' }, spec: { ...svc.spec, clusterIP: one.body.spec.clusterIP } });
    expect(taken.status).toBe(422);
    expect((await api('GET', `/api/v1/namespaces/${a}/services/t`)).status).toBe(404);
  });
});
