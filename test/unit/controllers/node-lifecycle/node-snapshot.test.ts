import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../../../shared/api/object';
import { LEASE_RESOURCE, noticeOf } from '../../../../shared/apiserver/change-notice';
import { recordRenewal, relistDue, snapshotRead, type LeaseSnapshot } from '../../../../shared/controllers/node-lifecycle';

const T0 = Date.UTC(2026, 0, 1);

describe('the node lifecycle controller keeps its nodes in a snapshot between full lists', () => {
  it('lists every node with no snapshot, once relistMs has passed, and after the clock went back', () => {
    expect(relistDue(undefined, T0, 30_000)).toBe(true);
    expect(relistDue(T0, T0 + 29_999, 30_000)).toBe(false);
    expect(relistDue(T0, T0 + 30_000, 30_000)).toBe(true);
    expect(relistDue(T0, T0 - 1, 30_000)).toBe(true);
  });

  it('reads a few changed nodes one by one, and many (a quarter of the cluster, at least 9) with one list', () => {
    expect(snapshotRead(1, undefined)).toBe('list');
    expect(snapshotRead(1, 3)).toBe('get');
    expect(snapshotRead(8, 3)).toBe('get');
    expect(snapshotRead(9, 3)).toBe('list');
    expect(snapshotRead(250, 1000)).toBe('get');
    expect(snapshotRead(251, 1000)).toBe('list');
  });

  it("keeps each node's latest Lease renewTime, whether a notice or a list saw it first", () => {
    const leases: LeaseSnapshot = {};
    recordRenewal(leases, 'n1', '2026-01-01T00:00:10.000000Z');
    expect(leases.n1).toEqual({ metadata: { name: 'n1' }, spec: { renewTime: '2026-01-01T00:00:10.000000Z' } });
    // a list answered after a newer notice crossed it does not move the renewal back
    recordRenewal(leases, 'n1', '2026-01-01T00:00:00.000000Z');
    expect(leases.n1!.spec!.renewTime).toBe('2026-01-01T00:00:10.000000Z');
    recordRenewal(leases, 'n1', '2026-01-01T00:00:20.123456Z');
    expect(leases.n1!.spec!.renewTime).toBe('2026-01-01T00:00:20.123456Z');
    // a Lease without a renewTime (or an unparsable one) is known as such: computeNodeHealth ignores it
    recordRenewal(leases, 'n2', undefined);
    expect(leases.n2).toEqual({ metadata: { name: 'n2' }, spec: { renewTime: undefined } });
    recordRenewal(leases, 'n2', '2026-01-01T00:00:05.000000Z');
    expect(leases.n2!.spec!.renewTime).toBe('2026-01-01T00:00:05.000000Z');
  });

  it("a Lease's change notice carries its renewTime (and no other kind's does)", () => {
    const meta = { name: 'n1', namespace: 'kube-node-lease', uid: 'u', resourceVersion: '7' };
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta, spec: { holderIdentity: 'n1', renewTime: '2026-01-01T00:00:10.000000Z' } } as unknown as StoredObject;
    expect(LEASE_RESOURCE).toBe('leases.coordination.k8s.io');
    expect(noticeOf(LEASE_RESOURCE, 'MODIFIED', lease).renewTime).toBe('2026-01-01T00:00:10.000000Z');
    expect(noticeOf('configmaps', 'MODIFIED', { ...lease, kind: 'ConfigMap' }).renewTime).toBeUndefined();
  });
});
