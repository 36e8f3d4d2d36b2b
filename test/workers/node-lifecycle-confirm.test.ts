// The node monitor keeps Lease renewals from their notices; a notice still on its way (a busy host's notices wait
// for its previous batch) must not make a node whose kubelet renews look lost: before it judges a node lost, the
// monitor reads that node's Lease again. A node whose stored Lease is old as well is judged lost as before. The
// same read covers a notice lost for good, which no relist repairs for NODE_RELIST_WALL_MS on a fast clock.
import { describe, expect, it } from 'vitest';
import { MONITOR_KEY, NODE_LIFECYCLE_TABLES, nodeLifecycleController } from '../../durable-objects/controllers/node-lifecycle-controller';
import type { NodeHealthData } from '../../shared/controllers/node-lifecycle/node-health';
import { countingContext, type StoreCall } from './counting-context';
import { api } from './helpers';

/** The store calls that read Leases (a pod list of the lost nodes' pods also reaches kube-node-lease's store). */
const leaseReads = (log: StoreCall[]) => log.filter((c) => (c.args[0] as { plural?: string } | undefined)?.plural === 'leases').map((c) => c.call);

const micro = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');
const S = 1000;

async function nodeWithLease(name: string, heartbeat: number, renewed: number): Promise<void> {
  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    // no node-pool label: no simulated kubelet takes the node and renews its Lease behind the test's back
    metadata: { name },
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: micro(heartbeat).replace(/\.\d+Z$/, 'Z'), lastTransitionTime: micro(heartbeat).replace(/\.\d+Z$/, 'Z') }] },
  };
  expect((await api('POST', '/api/v1/nodes', node)).status).toBe(201);
  const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro(renewed) } };
  expect((await api('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', lease)).status).toBe(201);
}

describe('node monitor and Lease notices', () => {
  it('reads the Lease of a node it would judge lost again first: renewed, it stays Ready; not renewed, it is lost', async () => {
    const log: StoreCall[] = [];
    const memo: Record<string, unknown> = {};
    const ctx = countingContext([], 'node-lifecycle', log, memo);
    const now = ctx.now;
    const tag = now.toString(36);
    const [renewing, stopped] = [`renewing-${tag}`, `stopped-${tag}`];
    const heartbeat = now - 120 * S;
    const oldRenewal = now - 70 * S;
    await nodeWithLease(renewing, heartbeat, now - 2 * S);
    await nodeWithLease(stopped, heartbeat, oldRenewal);

    // the monitor last saw both 60 s ago with the old renewal; its Lease snapshot (notices) still has that one
    const health = ctx.rows<NodeHealthData>(NODE_LIFECYCLE_TABLES.health);
    for (const name of [renewing, stopped]) {
      const node = (await api('GET', `/api/v1/nodes/${name}`)).body;
      const ready = node.status.conditions[0];
      health.put(name, { probeTimestamp: now - 60 * S, readyTransitionTimestamp: now - 120 * S, ready: { status: 'True', lastHeartbeatTime: ready.lastHeartbeatTime, lastTransitionTime: ready.lastTransitionTime }, lease: { renewTime: Date.parse(micro(oldRenewal)) } });
    }
    const snapshot = Object.fromEntries([renewing, stopped].map((name) => [name, { metadata: { name }, spec: { renewTime: micro(oldRenewal) } }]));
    memo['node-lifecycle'] = { reported: new Map(), stale: new Set(), heartbeatUnread: new Map(), leases: snapshot, leasesListed: { at: now, wallAt: Date.now() } };

    await nodeLifecycleController.reconcile(MONITOR_KEY, ctx);
    // the two Leases read in one call; Leases not listed
    expect(leaseReads(log)).toEqual(['ns:kube-node-lease.getMany']);
    expect(health.get(renewing)).toMatchObject({ probeTimestamp: now, ready: { status: 'True' } });
    expect(health.get(stopped)!.ready!.status).toBe('Unknown');
    expect(health.get(stopped)!.probeTimestamp).toBe(now - 60 * S);

    for (const name of [renewing, stopped]) {
      await api('DELETE', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`);
      await api('DELETE', `/api/v1/nodes/${name}`);
    }
  });

  it('without a relist, a lost renewal notice keeps its node Ready; a stopped or deleted Lease loses its node at the first pass after the grace', async () => {
    const log: StoreCall[] = [];
    const memo: Record<string, unknown> = {};
    const base = countingContext([], 'node-lifecycle', log, memo);
    const t0 = base.now;
    const tag = `${t0.toString(36)}b`;
    const [renewing, stopped, leaseless] = [`renewing-${tag}`, `stopped-${tag}`, `leaseless-${tag}`];
    const names = [renewing, stopped, leaseless];
    const renewed = t0 - 45 * S;
    for (const name of names) await nodeWithLease(name, t0 - 120 * S, renewed);

    // the monitor last saw every Lease renewed 45 s ago, from a list just made, so none is listed again
    // below; the grace (50 s) runs out after t0 + 5 s
    const health = base.rows<NodeHealthData>(NODE_LIFECYCLE_TABLES.health);
    for (const name of names) {
      const ready = (await api('GET', `/api/v1/nodes/${name}`)).body.status.conditions[0];
      health.put(name, { probeTimestamp: renewed, readyTransitionTimestamp: t0 - 120 * S, ready: { status: 'True', lastHeartbeatTime: ready.lastHeartbeatTime, lastTransitionTime: ready.lastTransitionTime }, lease: { renewTime: Date.parse(micro(renewed)) } });
    }
    const snapshot = Object.fromEntries(names.map((name) => [name, { metadata: { name }, spec: { renewTime: micro(renewed) } }]));
    memo['node-lifecycle'] = { reported: new Map(), stale: new Set(), heartbeatUnread: new Map(), leases: snapshot, leasesListed: { at: t0, wallAt: Date.now() } };
    const pass = (at: number) => nodeLifecycleController.reconcile(MONITOR_KEY, { ...base, now: at });
    const leaseCalls = () => leaseReads(log);

    await pass(t0);
    // the kubelet of `renewing` renews and `leaseless`'s Lease goes, and the monitor hears of neither (no observe)
    const leasePath = (name: string) => `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`;
    const lease = (await api('GET', leasePath(renewing))).body;
    expect((await api('PUT', leasePath(renewing), { ...lease, spec: { ...lease.spec, renewTime: micro(t0 + 3 * S) } })).status).toBe(200);
    expect((await api('DELETE', leasePath(leaseless))).status).toBe(200);
    await pass(t0 + 5 * S);
    // within the grace nothing is read: the snapshot is trusted
    expect(leaseCalls()).toEqual([]);
    for (const name of names) expect(health.get(name)!.ready!.status).toBe('True');

    await pass(t0 + 10 * S);
    expect(leaseCalls()).toEqual(['ns:kube-node-lease.getMany']);
    expect(health.get(renewing)).toMatchObject({ probeTimestamp: t0 + 10 * S, ready: { status: 'True' } });
    for (const name of [stopped, leaseless]) {
      expect(health.get(name)!.ready!.status).toBe('Unknown');
      const ready = (await api('GET', `/api/v1/nodes/${name}`)).body.status.conditions.find((c: { type: string }) => c.type === 'Ready');
      expect(ready).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    }
    const leases = (memo['node-lifecycle'] as { leases: Record<string, unknown> }).leases;
    expect(Object.keys(leases).filter((n) => n.endsWith(tag)).sort()).toEqual([renewing, stopped].sort());

    // already Unknown, they are not read again at the next pass
    await pass(t0 + 15 * S);
    expect(leaseCalls()).toEqual(['ns:kube-node-lease.getMany']);

    for (const name of names) {
      await api('DELETE', leasePath(name));
      await api('DELETE', `/api/v1/nodes/${name}`);
    }
  });
});
