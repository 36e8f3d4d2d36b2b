import { describe, expect, it } from 'vitest';
import { kubeletController } from '../../durable-objects/controllers/kubelet-controller';
import { countingContext, type StoreCall } from './counting-context';
import { api, nodesSettled, poolNode } from './helpers';
import { noticeOf } from '../../shared/apiserver/change-notice';

/** The calls of `log` to `call`, for the resource `plural`. */
const callsFor = (log: StoreCall[], call: string, plural: string) =>
  log.filter((c) => c.call === call && ((c.args[0] as { plural?: string })?.plural ?? (c.args[0] as { def?: { plural?: string } }[])?.[0]?.def?.plural) === plural);

describe('kubelet heartbeat reads', () => {
  it('reads a batch’s stale nodes in one getMany, and the Leases it does not know in at most one', async () => {
    const suffix = Date.now().toString(36);
    const names = ['a', 'b', 'c'].map((n) => `reads-${n}-${suffix}`);
    for (const name of names) expect((await api('POST', '/api/v1/nodes', poolNode(name))).status).toBe(201);
    // the cluster's own controllers (node IPAM, flannel) write new nodes once; wait for them to be done,
    // as their notices would drop the kubelet's copies
    await nodesSettled(names);
    const missing = `reads-missing-${suffix}`;
    const keys = [...names, missing].map((n) => `node/${n}`);
    const t0 = Date.now();

    // first batch: whatever this isolate has not seen is read in bulk, never one get per node or Lease
    const first: StoreCall[] = [];
    const r1 = await kubeletController.reconcileBatch!(keys, { ...countingContext([], 'kubelet', first), now: t0 });
    expect(Object.values(r1).filter((r) => r.error)).toEqual([]);
    expect(r1[`node/${missing}`]).toEqual({});
    expect(callsFor(first, 'cluster.getMany', 'nodes').length).toBeLessThanOrEqual(1);
    expect(callsFor(first, 'cluster.get', 'nodes')).toEqual([]);
    expect(callsFor(first, 'ns:kube-node-lease.getMany', 'leases').length).toBeLessThanOrEqual(1);

    // a minute of cluster time on, nothing is read again: no one else changed the nodes
    const minute: StoreCall[] = [];
    await kubeletController.reconcileBatch!(names.map((n) => `node/${n}`), { ...countingContext([], 'kubelet', minute), now: t0 + 61_000 });
    expect(callsFor(minute, 'cluster.getMany', 'nodes')).toEqual([]);
    // someone else's update (its notice) drops that node's copy: read again at the next heartbeat, alone
    const [cordoned] = names;
    const patched = await api('PATCH', `/api/v1/nodes/${cordoned}`, { spec: { unschedulable: true } }, 'application/merge-patch+json');
    expect(patched.status).toBe(200);
    const notice = noticeOf('nodes', 'MODIFIED', patched.body, { ...patched.body, spec: {}, metadata: { ...patched.body.metadata, managedFields: [] } });
    expect(kubeletController.wants!(notice)).toBe(true);
    expect(kubeletController.keysFor(notice)).toEqual([]);
    kubeletController.observe!([notice], {});
    const after: StoreCall[] = [];
    await kubeletController.reconcileBatch!(names.map((n) => `node/${n}`), { ...countingContext([], 'kubelet', after), now: t0 + 62_000 });
    expect(callsFor(after, 'cluster.getMany', 'nodes').map((c) => c.args[1])).toEqual([[cordoned]]);

    // ten minutes of cluster time on (the bound that repairs a lost notice), every node's copy is stale: the
    // batch reads them all in ONE getMany (the missing one with them)
    const later: StoreCall[] = [];
    const r2 = await kubeletController.reconcileBatch!(keys, { ...countingContext([], 'kubelet', later), now: t0 + 700_000 });
    expect(Object.values(r2).filter((r) => r.error)).toEqual([]);
    const reads = callsFor(later, 'cluster.getMany', 'nodes');
    expect(reads).toHaveLength(1);
    expect([...(reads[0]!.args[1] as string[])].sort()).toEqual([...names, missing].sort());
    expect(callsFor(later, 'cluster.get', 'nodes')).toEqual([]);
    // (the cluster's own kubelet shard heartbeats these nodes beside this call, and a Lease it renewed
    // in between is read again here, so Lease reads are bounded, not counted)
    expect(callsFor(later, 'ns:kube-node-lease.getMany', 'leases').length).toBeLessThanOrEqual(1);
    for (const name of names) expect(r2[`node/${name}`]?.requeueAfterMs).toBeGreaterThan(0);

    // read again at once: every copy is fresh, nothing is read
    const again: StoreCall[] = [];
    await kubeletController.reconcileBatch!(names.map((n) => `node/${n}`), { ...countingContext([], 'kubelet', again), now: t0 + 701_000 });
    expect(callsFor(again, 'cluster.getMany', 'nodes')).toEqual([]);
    expect(callsFor(again, 'cluster.get', 'nodes')).toEqual([]);

    for (const name of names) await api('DELETE', `/api/v1/nodes/${name}`);
  });
});
