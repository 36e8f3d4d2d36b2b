// Node IPAM across a host restart between its two steps: the updateMany that publishes a batch's podCIDRs, and
// the flush of its rows at the end of the alarm. The host here runs over an in-memory cluster (no live controller
// hands out podCIDRs beside it) with its rows in memory and a "disk" they reach only when flushed.
import type { Node } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { ReconcileContext } from '../../durable-objects/controllers/controller-def';
import { nodeIpamController } from '../../durable-objects/controllers/node-ipam-controller';
import { MemoryCluster, RpcClient } from '../../shared/client';
import { memoryRows } from './memory-rows';

const NODES = { group: '', version: 'v1', plural: 'nodes' };
type Disk = Map<string, Map<string, unknown>>;

/** A host start: its rows read from `disk`, a fresh memo; `flush` writes its rows back (the end of an alarm). */
function hostStart(cluster: MemoryCluster, disk: Disk): { ctx: ReconcileContext; flush: () => void } {
  const tables = new Map([...disk].map(([name, t]) => [name, new Map(t)]));
  const rows = memoryRows(tables);
  const client = new RpcClient({ storeOf: cluster.storeOf, namespaces: cluster.namespaces, fieldManager: 'node-ipam' });
  const ctx: ReconcileContext = { client, clientWith: () => client, now: 0, rows, memo: {}, store: cluster.storeOf };
  return { ctx, flush: () => tables.forEach((t, name) => disk.set(name, new Map(t))) };
}

const added = (name: string) => ({ resource: 'nodes', type: 'ADDED' as const, name, uid: name, resourceVersion: '1' });

describe('node IPAM across a restart', () => {
  it('a host that stopped after publishing podCIDRs but before flushing its rows hands none of them out again', async () => {
    const cluster = new MemoryCluster();
    const nodes = new RpcClient({ storeOf: cluster.storeOf, namespaces: cluster.namespaces }).resource<Node>(NODES);
    const podCIDR = async (name: string) => (await nodes.get(name)).spec?.podCIDR;
    const disk: Disk = new Map();

    // a first start settles (its rows flushed); then a batch gives two nodes podCIDRs and the host stops before the flush
    const first = hostStart(cluster, disk);
    await nodeIpamController.reconcileBatch!([], first.ctx);
    first.flush();
    for (const n of ['a', 'b']) await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: n } });
    nodeIpamController.observe!([added('a'), added('b')], first.ctx.memo);
    expect(await nodeIpamController.reconcileBatch!(['a', 'b'], first.ctx)).toEqual({});
    expect([await podCIDR('a'), await podCIDR('b')]).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
    expect(disk.get('allocated')?.size ?? 0).toBe(0);

    // the restarted host, from rows that never heard of them, serves a new node
    const second = hostStart(cluster, disk);
    await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'c' } });
    nodeIpamController.observe!([added('c')], second.ctx.memo);
    expect(await nodeIpamController.reconcileBatch!(['c'], second.ctx)).toEqual({});
    expect(await podCIDR('c')).toBe('10.244.2.0/24');
    expect([...second.ctx.rows<number>('allocated').scan()].sort()).toEqual([['a', 0], ['b', 1], ['c', 2]]);

    // a node gone while the host was down gives its index back at the next start (no row outlives its node)
    second.flush();
    await nodes.delete('b');
    const third = hostStart(cluster, disk);
    await nodeIpamController.reconcileBatch!([], third.ctx);
    expect([...third.ctx.rows<number>('allocated').scan()].sort()).toEqual([['a', 0], ['c', 2]]);
  });
});
