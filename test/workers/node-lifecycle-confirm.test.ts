// The node monitor keeps Lease renewals from their notices; a notice still on its way (a busy host's notices wait
// for its previous batch) must not make a node whose kubelet renews look lost: before it judges a node lost, the
// monitor reads that node's Lease again. A node whose stored Lease is old as well is judged lost as before.
import { describe, expect, it } from 'vitest';
import { MONITOR_KEY, NODE_LIFECYCLE_TABLES, nodeLifecycleController } from '../../durable-objects/controllers/node-lifecycle-controller';
import type { NodeHealthData } from '../../shared/controllers/node-lifecycle/node-health';
import { countingContext } from './counting-context';
import { api } from './helpers';

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
    const calls: string[] = [];
    const memo: Record<string, unknown> = {};
    const ctx = countingContext(calls, 'node-lifecycle', undefined, memo);
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
    memo['node-lifecycle'] = { reported: new Map(), stale: new Set(), leases: snapshot, leasesListed: { at: now, wallAt: Date.now() } };

    await nodeLifecycleController.reconcile(MONITOR_KEY, ctx);
    // the two Leases read (the client may join the gets into one call); Leases not listed (that list would be of pods)
    expect(calls).toContain('ns:kube-node-lease.get');
    expect(health.get(renewing)).toMatchObject({ probeTimestamp: now, ready: { status: 'True' } });
    expect(health.get(stopped)!.ready!.status).toBe('Unknown');
    expect(health.get(stopped)!.probeTimestamp).toBe(now - 60 * S);

    for (const name of [renewing, stopped]) {
      await api('DELETE', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`);
      await api('DELETE', `/api/v1/nodes/${name}`);
    }
  });
});
