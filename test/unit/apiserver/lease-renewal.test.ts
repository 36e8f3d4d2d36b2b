import type { Lease } from 'kubernetes-types/coordination/v1';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import type { KubeObject, StoredObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { leaseRenewed, renewalBody, renewLease, type LeaseRenewal } from '../../../shared/apiserver/lease-renewal';
import { StoreEngine } from '../../../shared/apiserver/store-engine';
import { MemoryTable } from '../../../shared/client/memory-table';

/**
 * A kubelet's Lease renewal decided without the generic update: each row checks the decision against
 * what the generic update (StoreEngine.update, all of admission) writes for the same renewal, field by
 * field with managedFields, or that it hands the renewal to the generic update when its answer is not
 * known. Rows of upstream's TestNewNodeLease (component-helpers apimachinery/lease/controller_test.go)
 * for what a renewal is.
 */

const LEASES = BUILTIN_RESOURCES.find((d) => d.group === 'coordination.k8s.io' && d.plural === 'leases')!;
const OWNER = [{ apiVersion: 'v1', kind: 'Node', name: 'foo', uid: 'foo-uid' }];
const micro = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString().replace('Z', '000Z');

/** A kube-node-lease store whose clock is set per write (managedFields times). */
function leaseStore() {
  let now = '2026-01-01T00:00:00Z';
  const engine = new StoreEngine(new MemoryTable(), {
    context: () => ({ now, newUid: () => 'lease-uid', rand: () => 0.5 }),
    now: () => 0,
    publish: () => undefined,
    namespace: 'kube-node-lease',
    isClusterStore: false,
    lookupNamespacePhase: async () => 'Active',
    allocateServiceIP: async () => '10.96.0.10',
    releaseServiceIP: () => undefined,
    setNamespacePhaseOf: () => undefined,
  });
  return {
    engine,
    at: (t: string) => void (now = t),
    create: async (lease: Lease, manager = 'kubelet') => (await engine.create({ def: LEASES, object: lease as KubeObject, version: 'v1', fieldManager: manager })).object,
    update: async (object: KubeObject, manager: string) => (await engine.update({ def: LEASES, name: object.metadata!.name!, object, target: 'main', version: 'v1', fieldManager: manager })).object,
  };
}

const lease = (spec: Lease['spec'], owners = true): Lease => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name: 'foo', namespace: 'kube-node-lease', ...(owners ? { ownerReferences: OWNER } : {}) },
  spec,
});

const renewal = (stored: StoredObject, renewTime: string, extra: Partial<LeaseRenewal> = {}): LeaseRenewal => ({
  name: 'foo',
  resourceVersion: stored.metadata.resourceVersion,
  renewTime,
  fieldManager: 'kubelet',
  ...extra,
});

const withoutRv = (o: StoredObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
const withoutManaged = (o: StoredObject) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined, resourceVersion: undefined } });

describe('leaseRenewed (upstream TestNewNodeLease, non-nil base)', () => {
  const base = lease({ holderIdentity: 'foo', leaseDurationSeconds: 10, renewTime: micro(0) }, false);
  it.each([
    ['non-nil base without owner ref, renew time is updated', base, { ...base, metadata: { ...base.metadata, ownerReferences: OWNER }, spec: { ...base.spec, renewTime: micro(10) } }],
    ['non-nil base with owner ref, renew time is updated', lease(base.spec), { ...lease(base.spec), spec: { ...base.spec, renewTime: micro(10) } }],
  ])('%s', (_, given, expected) => {
    const renewed = leaseRenewed(given, micro(10), OWNER);
    expect(renewed).toEqual(expected);
    expect(renewed).not.toBe(given);
    expect(given.spec!.renewTime).toBe(micro(0));
  });

  it('keeps a holder and duration someone else set: only renewTime is asserted', () => {
    expect(leaseRenewed(lease({ holderIdentity: 'someone', leaseDurationSeconds: 15, renewTime: micro(0) }), micro(10), OWNER).spec).toEqual({
      holderIdentity: 'someone',
      leaseDurationSeconds: 15,
      renewTime: micro(10),
    });
  });
});

describe('renewLease against the generic update', () => {
  it('the kubelet renewing its own Lease: the generic update’s object, managedFields time included', async () => {
    const s = leaseStore();
    const stored = await s.create(lease({ holderIdentity: 'foo', leaseDurationSeconds: 40, renewTime: micro(0) }));
    s.at('2026-01-01T00:00:10Z');
    const r = renewal(stored, micro(10));
    const decision = renewLease(LEASES, stored, r, '2026-01-01T00:00:10Z');
    const generic = await s.update(renewalBody(stored, r), 'kubelet');
    expect('renewed' in decision).toBe(true);
    if (!('renewed' in decision)) return;
    expect(withoutRv(decision.renewed)).toEqual(withoutRv(generic));
    expect(decision.renewed.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'kubelet', time: '2026-01-01T00:00:10Z' })]);
    expect(decision.renewed.spec).toEqual({ holderIdentity: 'foo', leaseDurationSeconds: 40, renewTime: micro(10) });
  });

  it('a holder another manager changed stays, and the entries are re-sorted by time as upstream sorts them', async () => {
    const s = leaseStore();
    const first = await s.create(lease({ holderIdentity: 'foo', leaseDurationSeconds: 40, renewTime: micro(0) }));
    s.at('2026-01-01T00:00:05Z');
    const edited = await s.update({ ...withoutManaged(first), spec: { ...(first.spec as object), holderIdentity: 'someone' } } as KubeObject, 'kubectl-edit');
    expect(edited.metadata.managedFields!.map((e) => e.manager)).toEqual(['kubelet', 'kubectl-edit']);
    s.at('2026-01-01T00:00:10Z');
    const r = renewal(edited, micro(10));
    const decision = renewLease(LEASES, edited, r, '2026-01-01T00:00:10Z');
    const generic = await s.update(renewalBody(edited, r), 'kubelet');
    if (!('renewed' in decision)) throw new Error(`not renewed: ${JSON.stringify(decision)}`);
    expect(withoutRv(decision.renewed)).toEqual(withoutRv(generic));
    expect(decision.renewed.metadata.managedFields!.map((e) => e.manager)).toEqual(['kubectl-edit', 'kubelet']);
    expect((decision.renewed.spec as Lease['spec'])!.holderIdentity).toBe('someone');
  });

  it('the refusals of the generic update: a Lease changed since (409) or gone (404)', async () => {
    const s = leaseStore();
    const stored = await s.create(lease({ holderIdentity: 'foo', leaseDurationSeconds: 40, renewTime: micro(0) }));
    const stale = renewLease(LEASES, stored, renewal(stored, micro(10), { resourceVersion: '0' }), '2026-01-01T00:00:10Z');
    const gone = renewLease(LEASES, null, renewal(stored, micro(10)), '2026-01-01T00:00:10Z');
    const genericStale = await s.update(renewalBody(stored, renewal(stored, micro(10), { resourceVersion: '0' })), 'kubelet').catch((e: unknown) => e);
    expect(genericStale).toBeInstanceOf(ApiError);
    expect('refused' in stale && stale.refused.toStatus()).toEqual((genericStale as ApiError).toStatus());
    expect('refused' in gone && gone.refused.toStatus()).toEqual(expect.objectContaining({ code: 404, reason: 'NotFound', message: 'leases.coordination.k8s.io "foo" not found' }));
  });

  // what the shortcut does not know goes to the generic update, which decides it
  it.each<[string, (s: ReturnType<typeof leaseStore>) => Promise<{ stored: StoredObject; r?: Partial<LeaseRenewal> }>]>([
    ['an owner to set (upstream sets it when the Lease has none)', async (s) => ({ stored: await s.create(lease({ holderIdentity: 'foo', renewTime: micro(0) }, false)), r: { ownerReferences: OWNER } })],
    ['renewTime not set yet', async (s) => ({ stored: await s.create(lease({ holderIdentity: 'foo' })) })],
    ['renewTime unchanged', async (s) => ({ stored: await s.create(lease({ holderIdentity: 'foo', renewTime: micro(10) })) })],
    ['renewTime last written by another manager', async (s) => {
      const first = await s.create(lease({ holderIdentity: 'foo', renewTime: micro(0) }));
      s.at('2026-01-01T00:00:05Z');
      return { stored: await s.update({ ...withoutManaged(first), spec: { ...(first.spec as object), renewTime: micro(5) } } as KubeObject, 'kubectl-edit') };
    }],
    ['another manager’s Lease (no entry of the kubelet)', async (s) => ({ stored: await s.create(lease({ holderIdentity: 'foo', renewTime: micro(0) }), 'someone') })],
    ['a renewTime that is not a MicroTime', async (s) => ({ stored: await s.create(lease({ holderIdentity: 'foo', renewTime: micro(0) })), r: { renewTime: '2026-01-01T00:00:10Z' } })],
  ])('%s', async (_, setup) => {
    const s = leaseStore();
    const { stored, r: extra } = await setup(s);
    s.at('2026-01-01T00:00:10Z');
    expect(renewLease(LEASES, stored, renewal(stored, micro(10), extra), '2026-01-01T00:00:10Z')).toEqual({ generic: expect.any(String) });
  });

  it('a Lease being deleted, and one without managedFields, go to the generic update', () => {
    const stored = { ...lease({ holderIdentity: 'foo', renewTime: micro(0) }), metadata: { name: 'foo', namespace: 'kube-node-lease', uid: 'u', resourceVersion: '3' } } as StoredObject;
    expect(renewLease(LEASES, stored, renewal(stored, micro(10)), 'now')).toEqual({ generic: 'managedFields not as written' });
    const deleting = { ...stored, metadata: { ...stored.metadata, deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['x'] } };
    expect(renewLease(LEASES, deleting, renewal(deleting, micro(10)), 'now')).toEqual({ generic: 'being deleted' });
  });

  it('the generic body of a renewal: the stored Lease renewed, with the precondition and without managedFields', async () => {
    const s = leaseStore();
    const stored = await s.create(lease({ holderIdentity: 'foo', renewTime: micro(0) }, false));
    const body = renewalBody(stored, renewal(stored, micro(10), { ownerReferences: OWNER }));
    expect(body.metadata).toEqual({ ...withoutManaged(stored).metadata, resourceVersion: stored.metadata.resourceVersion, ownerReferences: OWNER, managedFields: undefined });
    expect('managedFields' in body.metadata!).toBe(false);
    const written = await s.update(body, 'kubelet');
    expect(written.metadata.ownerReferences).toEqual(OWNER);
    expect((written.spec as Lease['spec'])!.renewTime).toBe(micro(10));
  });
});
