import { env, SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentStores } from '../../platform/cluster-client';
import type { StoredObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import type { LeaseRenewal } from '../../shared/apiserver/lease-renewal';
import type { StoreApi } from '../../shared/apiserver/store-protocol';
import { api, BASE, objectStoreStub, readEvents, settledNamespace } from './helpers';
import { advance, clusterNow, mergePatch, pauseClock, pump, releaseClock } from './stepped-clock';

// The kubelets' Lease renewals through the store's renewal path (durable-objects/store/lease-renewals.ts):
// the same Lease as the generic update, watch events as any write, and the kubelet's recovery when a
// user deletes its Lease or changes its holder, on a paused cluster clock (so write times are exact).

const LEASE = BUILTIN_RESOURCES.find((d) => d.group === 'coordination.k8s.io' && d.kind === 'Lease')!;
const S = 1000;
const micro = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString().replace('Z', '000Z');
const leaseBody = (name: string) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: `${name}-uid` }] }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro(0) } });
const renewal = (name: string, resourceVersion: string, renewTime: string): LeaseRenewal => ({ name, resourceVersion, renewTime, fieldManager: 'kubelet' });

/** A namespace's store over RPC, typed as its protocol (the stub's own types lose the results'). */
const storeOf = (ns: string) => objectStoreStub(`ns:${ns}`) as unknown as Required<StoreApi>;

/** Creates the kubelet's Lease `name` in the store of `ns`, as the kubelet does (createMany, field manager kubelet). */
async function created(ns: string, name: string): Promise<StoredObject> {
  const [r] = await storeOf(ns).createMany([{ def: LEASE, object: leaseBody(name), version: 'v1', fieldManager: 'kubelet' }]);
  if (!r!.ok) throw new Error(r!.status.message);
  return r!.value.object as StoredObject;
}

/** What differs between the same Lease in two namespaces, cleared. */
const comparable = (o: StoredObject) => ({ ...o, metadata: { ...o.metadata, namespace: undefined, uid: undefined, resourceVersion: undefined } });

beforeAll(pauseClock);
afterAll(releaseClock);

describe('Lease renewals in the store', () => {
  it('a renewal gives the Lease the generic update gives, managedFields included, and only its resourceVersion comes back', async () => {
    const [generic, renewing] = [await settledNamespace('lr'), await settledNamespace('lr')];
    const [a, b] = [await created(generic, 'n1'), await created(renewing, 'n1')];
    const viaUpdate = await storeOf(generic).updateMany([
      { def: LEASE, name: 'n1', object: { ...leaseBody('n1'), metadata: { ...leaseBody('n1').metadata, resourceVersion: a.metadata.resourceVersion }, spec: { ...leaseBody('n1').spec, renewTime: micro(10) } }, target: 'main', version: 'v1', fieldManager: 'kubelet' },
    ]);
    const [renewed] = await storeOf(renewing).renewLeases(LEASE, [renewal('n1', b.metadata.resourceVersion, micro(10))]);
    if (!viaUpdate[0]!.ok || !renewed!.ok) throw new Error('not written');
    expect(renewed!.value.object).toBeUndefined();
    const stored = (await api('GET', `/apis/coordination.k8s.io/v1/namespaces/${renewing}/leases/n1`)).body as StoredObject;
    expect(stored.metadata.resourceVersion).toBe(renewed!.value.resourceVersion);
    expect(Number(stored.metadata.resourceVersion)).toBeGreaterThan(Number(b.metadata.resourceVersion));
    expect(comparable(stored)).toEqual(comparable(viaUpdate[0]!.value.object));
    expect(stored.spec).toEqual({ holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: micro(10) });
    expect(stored.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'kubelet', operation: 'Update', apiVersion: 'coordination.k8s.io/v1' })]);
  });

  it('a watch sees each renewal as MODIFIED with the whole Lease', async () => {
    const ns = await settledNamespace('lr');
    const first = await created(ns, 'n1');
    const res = await SELF.fetch(`${BASE}/apis/coordination.k8s.io/v1/namespaces/${ns}/leases?watch=true&resourceVersion=${first.metadata.resourceVersion}`);
    const store = storeOf(ns);
    const [one] = await store.renewLeases(LEASE, [renewal('n1', first.metadata.resourceVersion, micro(10))]);
    if (!one!.ok) throw new Error(one!.status.message);
    await store.renewLeases(LEASE, [renewal('n1', one!.value.resourceVersion, micro(20))]);
    const events = await readEvents(res, 2);
    expect(events.map((e) => [e.type, e.object.spec.renewTime, e.object.metadata.resourceVersion === undefined])).toEqual([
      ['MODIFIED', micro(10), false],
      ['MODIFIED', micro(20), false],
    ]);
    expect(events[1].object).toMatchObject({ kind: 'Lease', metadata: { name: 'n1', ownerReferences: leaseBody('n1').metadata.ownerReferences, managedFields: [expect.objectContaining({ manager: 'kubelet' })] } });
  });

  it('refuses as the generic update does: a Lease changed since is 409, one gone is 404, and the others of the batch are written', async () => {
    const ns = await settledNamespace('lr');
    const [stale, fine] = [await created(ns, 'stale'), await created(ns, 'fine')];
    const results = await storeOf(ns).renewLeases(LEASE, [
      renewal('stale', String(Number(stale.metadata.resourceVersion) - 1), micro(10)),
      renewal('gone', '1', micro(10)),
      renewal('fine', fine.metadata.resourceVersion, micro(10)),
      // the same Lease twice: the second was built on the version the first replaced
      renewal('fine', fine.metadata.resourceVersion, micro(20)),
    ]);
    expect(results.map((r) => (r.ok ? 200 : r.status.code))).toEqual([409, 404, 200, 409]);
    expect((await api('GET', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/fine`)).body.spec.renewTime).toBe(micro(10));
    expect((await api('GET', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/stale`)).body.spec.renewTime).toBe(micro(0));
  });

  it('renews the Lease as stored after any other write, though the store kept its copy of the last renewal', async () => {
    const ns = await settledNamespace('lr');
    // no owner: the garbage collector would delete a Lease owned by a Node that does not exist while the test runs
    const orphan = async () => {
      const [r] = await storeOf(ns).createMany([{ def: LEASE, object: { ...leaseBody('n1'), metadata: { name: 'n1' } }, version: 'v1', fieldManager: 'kubelet' }]);
      if (!r!.ok) throw new Error(r!.status.message);
      return r!.value.object as StoredObject;
    };
    const first = await orphan();
    const [r1] = await storeOf(ns).renewLeases(LEASE, [renewal('n1', first.metadata.resourceVersion, micro(10))]);
    if (!r1!.ok) throw new Error(r1!.status.message);
    // a user labels the Lease: the next renewal, built on the user's version, keeps the label
    const labelled = await mergePatch(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/n1`, { metadata: { labels: { by: 'user' } } });
    expect(labelled.status).toBe(200);
    // built on the version the store renewed last (its copy): the user's write since makes it a 409
    const [stale] = await storeOf(ns).renewLeases(LEASE, [renewal('n1', r1!.value.resourceVersion, micro(20))]);
    expect(stale!.ok ? 200 : stale!.status.code).toBe(409);
    const [r2] = await storeOf(ns).renewLeases(LEASE, [renewal('n1', labelled.body.metadata.resourceVersion, micro(20))]);
    if (!r2!.ok) throw new Error(r2!.status.message);
    const [r3] = await storeOf(ns).renewLeases(LEASE, [renewal('n1', r2!.value.resourceVersion, micro(30))]);
    if (!r3!.ok) throw new Error(r3!.status.message);
    const stored = (await api('GET', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/n1`)).body as StoredObject;
    expect(stored.metadata.labels).toEqual({ by: 'user' });
    expect(stored.spec).toMatchObject({ renewTime: micro(30) });
    expect(stored.metadata.resourceVersion).toBe(r3!.value.resourceVersion);
    // deleted and created again (a new resourceVersion, no label): the kept copy is not the Lease any more
    expect((await api('DELETE', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/n1`)).status).toBe(200);
    const [gone] = await storeOf(ns).renewLeases(LEASE, [renewal('n1', r3!.value.resourceVersion, micro(40))]);
    expect(gone!.ok ? 200 : gone!.status.code).toBe(404);
    const again = await orphan();
    const [r4] = await storeOf(ns).renewLeases(LEASE, [renewal('n1', again.metadata.resourceVersion, micro(50))]);
    if (!r4!.ok) throw new Error(r4!.status.message);
    const recreated = (await api('GET', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/n1`)).body as StoredObject;
    expect(recreated.metadata.labels).toBeUndefined();
    expect(recreated.spec).toMatchObject({ renewTime: micro(50) });
  });

  it('a renewal the shortcut does not settle (an owner to set) goes through the generic update and answers the whole Lease', async () => {
    const ns = await settledNamespace('lr');
    const [r0] = await storeOf(ns).createMany([{ def: LEASE, object: { ...leaseBody('n1'), metadata: { name: 'n1' } }, version: 'v1', fieldManager: 'kubelet' }]);
    if (!r0!.ok) throw new Error(r0!.status.message);
    const owner = [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'n1-uid' }];
    const [r] = await storeOf(ns).renewLeases(LEASE, [{ ...renewal('n1', r0!.value.object.metadata.resourceVersion, micro(10)), ownerReferences: owner }]);
    if (!r!.ok) throw new Error(r!.status.message);
    expect(r!.value.object).toMatchObject({ metadata: { ownerReferences: owner, resourceVersion: r!.value.resourceVersion }, spec: { renewTime: micro(10) } });
  });

  it('is authorized as an update of each Lease: a component without that right is refused', async () => {
    const ns = await settledNamespace('lr');
    const first = await created(ns, 'n1');
    const asDeploymentController = componentStores(env as never, 'deployment')(`ns:${ns}`);
    const [denied] = await asDeploymentController.renewLeases!(LEASE, [renewal('n1', first.metadata.resourceVersion, micro(10))]);
    expect(denied!.ok ? 200 : denied!.status.code).toBe(403);
    expect((await api('GET', `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/n1`)).body.spec.renewTime).toBe(micro(0));
  });
});

describe('the kubelet renewing through it', () => {
  const POOL = 'lr';
  const NODE = 'lr-0';
  const LEASE_PATH = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${NODE}`;
  const lease = async () => (await api('GET', LEASE_PATH)).body;
  const ready = async () => (await api('GET', `/api/v1/nodes/${NODE}`)).body.status?.conditions?.find((c: any) => c.type === 'Ready')?.status;

  it('renews every 10 s, recreates a Lease a user deleted, and keeps a holder a user set (upstream renews the Lease as it finds it)', async () => {
    expect((await api('POST', '/apis/kubeflare.dev/v1alpha1/nodepools', { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: POOL }, spec: { nodes: 1, zones: ['zone-a'] } })).status).toBe(201);
    await pump();
    await advance(60 * S, async () => (await ready()) === 'True' && (await api('GET', LEASE_PATH)).status === 200);
    const node = (await api('GET', `/api/v1/nodes/${NODE}`)).body;

    // renewed: renewTime moves on with cluster time, the kubelet's managedFields entry with it
    const first = await lease();
    const renewedAt = await advance(20 * S, async () => (await lease()).spec.renewTime !== first.spec.renewTime);
    const second = await lease();
    expect(Date.parse(second.spec.renewTime) - Date.parse(first.spec.renewTime)).toBeGreaterThanOrEqual(10 * S);
    expect(Date.parse(second.spec.renewTime)).toBeLessThanOrEqual(renewedAt);
    expect(second.spec.renewTime).toMatch(/\.\d{6}Z$/);
    expect(second.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'kubelet', time: new Date(Math.floor(Date.parse(second.spec.renewTime) / S) * S).toISOString().replace('.000Z', 'Z') })]);

    // deleted by a user: the next renewal finds it gone and creates it again (upstream's ensureLease)
    expect((await api('DELETE', LEASE_PATH)).status).toBe(200);
    const deletedAt = await clusterNow();
    await advance(30 * S, async () => (await api('GET', LEASE_PATH)).status === 200);
    const again = await lease();
    expect(again.metadata.uid).not.toBe(first.metadata.uid);
    expect(again.spec.holderIdentity).toBe(NODE);
    expect(again.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: NODE, uid: node.metadata.uid }]);
    expect(Date.parse(again.spec.renewTime)).toBeGreaterThanOrEqual(deletedAt);

    // a holder a user set: the kubelet's next update meets a 409, reads the Lease and renews it as it is
    const edited = await mergePatch(`${LEASE_PATH}?fieldManager=kubectl-edit`, { spec: { holderIdentity: 'someone' } });
    expect(edited.status).toBe(200);
    for (const previous of [edited.body.spec.renewTime, undefined]) {
      const before = previous ?? (await lease()).spec.renewTime;
      await advance(30 * S, async () => (await lease()).spec.renewTime !== before);
      const now = await lease();
      expect(Date.parse(now.spec.renewTime)).toBeGreaterThan(Date.parse(before));
      expect(now.spec.holderIdentity).toBe('someone');
      expect(now.metadata.managedFields.map((e: any) => e.manager).sort()).toEqual(['kubectl-edit', 'kubelet']);
    }
    expect(await ready()).toBe('True');
  }, 240_000);
});
