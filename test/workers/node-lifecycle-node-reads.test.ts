// The node lifecycle controller keeps a snapshot of the nodes; a node's change notice queues `node/<name>`, and
// the nodes of one batch are read into the snapshot with ONE getMany to the cluster store (not a GET each),
// then judged: a cordoned node gets upstream's node.kubernetes.io/unschedulable NoSchedule taint.
import { describe, expect, it } from 'vitest';
import { nodeLifecycleController } from '../../durable-objects/controllers/node-lifecycle-controller';
import { countingContext, type StoreCall } from './counting-context';
import { api } from './helpers';

const nodeReads = (log: StoreCall[]) => log.filter((c) => (c.args[0] as { plural?: string } | undefined)?.plural === 'nodes').map((c) => c.call);

describe('node lifecycle: changed nodes', () => {
  it('reads the nodes of a batch with one getMany; a node gone leaves the snapshot', async () => {
    const log: StoreCall[] = [];
    const memo: Record<string, unknown> = {};
    const ctx = countingContext([], 'node-lifecycle', log, memo);
    const tag = ctx.now.toString(36);
    const [cordoned, plain, gone] = [`cordoned-${tag}`, `plain-${tag}`, `gone-${tag}`];
    for (const name of [cordoned, plain]) {
      const node = { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: name === cordoned ? { unschedulable: true } : {} };
      expect((await api('POST', '/api/v1/nodes', node)).status).toBe(201);
    }
    // the snapshot as a earlier pass left it: the three nodes as they were (not cordoned; `gone` since deleted)
    const old = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {} });
    memo['node-lifecycle'] = { reported: new Map(), stale: new Set(), heartbeatUnread: new Map(), nodes: new Map([cordoned, plain, gone].map((n) => [n, old(n)])) };

    const out = await nodeLifecycleController.reconcileBatch!([`node/${cordoned}`, `node/${plain}`, `node/${gone}`], ctx);
    expect(Object.values(out).filter((r) => r.error !== undefined)).toEqual([]);
    expect(nodeReads(log).filter((c) => c.startsWith('cluster.get'))).toEqual(['cluster.getMany']);
    const taints = (await api('GET', `/api/v1/nodes/${cordoned}`)).body.spec.taints ?? [];
    expect(taints.map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unschedulable:NoSchedule']);
    expect((await api('GET', `/api/v1/nodes/${plain}`)).body.spec.taints).toBeUndefined();
    const snapshot = (memo['node-lifecycle'] as { nodes: Map<string, unknown> }).nodes;
    expect([...snapshot.keys()].sort()).toEqual([cordoned, plain].sort());

    for (const name of [cordoned, plain]) await api('DELETE', `/api/v1/nodes/${name}`);
  });
});
