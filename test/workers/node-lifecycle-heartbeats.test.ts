// A kubelet's periodic status report that changes only its conditions' heartbeat times queues no read of the
// node (upstream's NoSchedule pass computes the taints the node has and writes nothing): the node lifecycle
// host only marks the heartbeat unread, and the monitor reads the node again only before it would judge it lost.
import { describe, expect, it } from 'vitest';
import { MONITOR_KEY, NODE_LIFECYCLE_TABLES, nodeLifecycleController } from '../../durable-objects/controllers/node-lifecycle-controller';
import type { StoredObject } from '../../shared/api/object';
import { noticeOf } from '../../shared/apiserver/change-notice';
import type { NodeHealthData } from '../../shared/controllers/node-lifecycle/node-health';
import { countingContext, type StoreCall } from './counting-context';
import { api } from './helpers';

const nodeReads = (log: StoreCall[]) => log.filter((c) => (c.args[0] as { plural?: string } | undefined)?.plural === 'nodes').map((c) => c.call);
const S = 1000;
const second = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

describe('node lifecycle: heartbeat-only reports', () => {
  it('queue no read; a node whose report was heard but not read is read before it would be lost, and stays Ready', async () => {
    const log: StoreCall[] = [];
    const memo: Record<string, unknown> = {};
    const ctx = countingContext([], 'node-lifecycle', log, memo);
    const now = ctx.now;
    const tag = `${now.toString(36)}h`;
    // no Lease and no pool label: only the status heartbeats keep these nodes alive (no kubelet renews behind the test)
    const [reporting, silent] = [`reporting-${tag}`, `silent-${tag}`];
    const heartbeat = second(now - 120 * S);
    for (const name of [reporting, silent]) {
      const node = { apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: heartbeat, lastTransitionTime: heartbeat }] } };
      expect((await api('POST', '/api/v1/nodes', node)).status).toBe(201);
    }
    const read = async (name: string) => (await api('GET', `/api/v1/nodes/${name}`)).body as StoredObject & { status: { conditions: { lastHeartbeatTime: string }[] } };

    // the monitor saw both 40 s ago (grace 50 s); its first pass lists them into its snapshot
    const health = ctx.rows<NodeHealthData>(NODE_LIFECYCLE_TABLES.health);
    for (const name of [reporting, silent]) health.put(name, { probeTimestamp: now - 40 * S, readyTransitionTimestamp: now - 120 * S, ready: { status: 'True', lastHeartbeatTime: heartbeat, lastTransitionTime: heartbeat } });
    memo['node-lifecycle'] = { reported: new Map(), stale: new Set(), heartbeatUnread: new Map(), leases: {}, leasesListed: { at: now, wallAt: Date.now() } };
    const pass = (at: number) => nodeLifecycleController.reconcile(MONITOR_KEY, { ...ctx, now: at });
    await pass(now);
    expect(health.get(reporting)!.ready!.status).toBe('True');

    // `reporting`'s kubelet reports: heartbeat times only (read afresh: other controllers may have written the node)
    const report = async () => {
      const before = await read(reporting);
      const reported = { ...before, status: { ...before.status, conditions: before.status.conditions.map((c) => ({ ...c, lastHeartbeatTime: second(now) })) } };
      return { before, put: await api('PUT', `/api/v1/nodes/${reporting}/status`, reported) };
    };
    let { before: r0, put } = await report();
    if (put.status === 409) ({ before: r0, put } = await report());
    expect(put.status).toBe(200);
    const notice = noticeOf('nodes', 'MODIFIED', put.body, r0);
    expect(nodeLifecycleController.keysFor(notice)).toEqual([]);
    nodeLifecycleController.observe!([notice], memo);
    log.length = 0;

    // 55 s after both were last seen: the node it would have lost on an unread heartbeat is read (one getMany of it
    // alone), then the silent one afresh for its status write; no list
    await pass(now + 15 * S);
    expect(nodeReads(log)).toEqual(['cluster.getMany', 'cluster.get']);
    expect(log.find((c) => c.call === 'cluster.getMany')!.args[1]).toEqual([reporting]);
    expect(health.get(reporting)).toMatchObject({ probeTimestamp: now + 15 * S, ready: { status: 'True', lastHeartbeatTime: second(now) } });
    // (its Unknown status write may meet a conflict here: node IPAM gives new nodes their podCIDR meanwhile)
    expect(health.get(silent)!.ready!.status).toBe('Unknown');
    expect((memo['node-lifecycle'] as { heartbeatUnread: Map<string, string> }).heartbeatUnread.has(reporting)).toBe(false);

    // a report that changes a condition's status still queues the node's read (its NoSchedule taints)
    // (read afresh, and once more on a conflict: node IPAM or the monitor's taints may have written it meanwhile)
    const reportNotReady = async () => {
      const before = await read(reporting);
      const notReady = { ...before, status: { ...before.status, conditions: before.status.conditions.map((c) => ({ ...c, status: 'False', lastHeartbeatTime: second(now) })) } };
      return { before, put: await api('PUT', `/api/v1/nodes/${reporting}/status`, notReady) };
    };
    let { before: r1, put: put2 } = await reportNotReady();
    if (put2.status === 409) ({ before: r1, put: put2 } = await reportNotReady());
    expect(put2.status).toBe(200);
    expect(nodeLifecycleController.keysFor(noticeOf('nodes', 'MODIFIED', put2.body, r1))).toEqual([`node/${reporting}`]);

    for (const name of [reporting, silent]) await api('DELETE', `/api/v1/nodes/${name}`);
  });
});
