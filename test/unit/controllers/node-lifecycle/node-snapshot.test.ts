import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../../../shared/api/object';
import { LEASE_RESOURCE, noticeOf } from '../../../../shared/apiserver/change-notice';
import { readCovers, recordRenewal, relistDue, rereadBeforeLosing, snapshotRead, type LeaseSnapshot } from '../../../../shared/controllers/node-lifecycle';

const T0 = Date.UTC(2026, 0, 1);

describe('the node lifecycle controller keeps its nodes in a snapshot between full lists', () => {
  const W0 = 5_000_000;
  const listed = { at: T0, wallAt: W0 };
  const period = { clusterMs: 30_000, wallFloorMs: 10_000 };
  /** A pass `cluster` ms after the list and `wall` ms of wall time after it, the clock running (or paused). */
  const due = (cluster: number, wall: number, byWall = true) => relistDue(listed, { now: T0 + cluster, wallNow: W0 + wall, byWall }, period);

  it('lists every node with no snapshot, once the cluster period has passed at real time, and after either clock went back', () => {
    expect(relistDue(undefined, { now: T0, wallNow: W0, byWall: true }, period)).toBe(true);
    // 1×: the wall clock moves with the cluster's, so the cluster period rules as before the floor
    expect(due(29_999, 29_999)).toBe(false);
    expect(due(30_000, 30_000)).toBe(true);
    expect(due(-1, 0)).toBe(true);
    expect(due(30_000, -1)).toBe(true);
  });

  it('on a fast clock lists at most every wallFloorMs of wall time; paused (stepped), cluster time alone counts', () => {
    // 60×: 30 cluster s are half a wall second; the relist waits for 10 wall s (10 cluster min)
    expect(due(30_000, 500)).toBe(false);
    expect(due(599_940, 9_999)).toBe(false);
    expect(due(600_000, 10_000)).toBe(true);
    // 3×: the two periods meet
    expect(due(30_000, 10_000)).toBe(true);
    // the cluster period still holds when wall time passed but cluster time did not (a slow clock)
    expect(due(29_999, 60_000)).toBe(false);
    // a stepped advance of a minute between two wall instants still relists, deterministically
    expect(due(30_000, 0, false)).toBe(true);
    expect(due(29_999, 0, false)).toBe(false);
  });

  it('reads a few changed nodes one by one, and many (a quarter of the cluster, at least 9) with one list', () => {
    expect(snapshotRead(1, undefined)).toBe('list');
    expect(snapshotRead(1, 3)).toBe('get');
    expect(snapshotRead(8, 3)).toBe('get');
    expect(snapshotRead(9, 3)).toBe('list');
    expect(snapshotRead(250, 1000)).toBe('get');
    expect(snapshotRead(251, 1000)).toBe('list');
  });

  it('reads again, before losing them, the nodes whose heartbeat-only report it heard of and did not read', () => {
    const unread = new Map([
      ['n2', '12'],
      ['n3', '14'],
    ]);
    expect(rereadBeforeLosing(['n1', 'n2'], unread)).toEqual(['n2']);
    expect(rereadBeforeLosing([], unread)).toEqual([]);
    expect(rereadBeforeLosing(['n1'], new Map())).toEqual([]);
  });

  it("clears an unread heartbeat only with a read that saw the report's resourceVersion (a read that crossed the notice may be older)", () => {
    expect(readCovers('12', '12')).toBe(true);
    expect(readCovers('13', '12')).toBe(true);
    expect(readCovers('11', '12')).toBe(false);
    // numerically, not as text
    expect(readCovers('100', '99')).toBe(true);
    expect(readCovers('99', '100')).toBe(false);
    // not known to cover it: the mark stays until a read that does
    expect(readCovers(undefined, '12')).toBe(false);
    expect(readCovers('opaque', '12')).toBe(false);
    expect(readCovers('12', '012')).toBe(false);
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
