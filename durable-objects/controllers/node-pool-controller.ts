import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { defaultNodePool, NODE_POOL_LABEL, planPoolScale, validateNodeCount, type NodePool } from '../../shared/nodes';
import { makeEvent } from '../../shared/controllers/events';
import { readClusterNetwork } from './cluster-network';
import type { ReconcileContext } from './controller-def';
import type { ControllerDef } from './controller-def';
import type { Rows } from './state-rows';
import type { KubeObject } from '../../shared/api/object';
import { statusToError } from '../../shared/client/store-result';
import { CLUSTER_STORE } from '../../platform/stores';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { recordEvents } from './event-recorders';
import { NODE_POOLS, NODES } from '../../shared/api/resource-refs';
import { NODE_DEF } from '../../shared/api/resource-defs';
import { nodePoolHearsNode } from '../../shared/controllers/node-update-filters';

/** Nodes created per store call when a pool grows. */
const CREATE_BATCH = 50;

/** How often a settled pool's nodes are counted again (its status follows Ready changes this late at most). */
const COUNT_INTERVAL_MS = 15_000;

/** The simulated machines' network: every node of every pool gets its own InternalIP from it. */
const NODE_NETWORK_BASE = (10 << 24) >>> 0; // 10.0.0.0/16
const FIRST_NODE_HOST = 10;

/**
 * Cluster-wide node addresses, kept in the controller's rows (node → host number) so two pools never
 * hand out the same InternalIP (a pool's own nodeNetwork formula would start every pool at .10).
 */
function nodeAddresses(taken: Rows<number>) {
  let used: Set<number> | undefined;
  const usedHosts = () => (used ??= new Set([...taken.scan()].map(([, host]) => host)));
  // no free host below this one: a pool of n new nodes scans the used hosts once, not n times
  let lowestFree = FIRST_NODE_HOST;
  const take = (node: string, host: number) => {
    taken.put(node, host);
    usedHosts().add(host);
  };
  const release = (node: string) => {
    const host = taken.get(node);
    if (host === undefined) return;
    taken.delete(node);
    usedHosts().delete(host);
    lowestFree = Math.min(lowestFree, host);
  };
  return {
    assign(node: string): string {
      if (taken.get(node) === undefined) {
        let host = lowestFree;
        while (usedHosts().has(host)) host++;
        take(node, host);
        lowestFree = host + 1;
      }
      const n = NODE_NETWORK_BASE + taken.get(node)!;
      return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
    },
    release,
    /**
     * How many addresses nodes outside `names` hold: the other pools' nodes, those there and those
     * being created (a pool's new nodes take theirs before they are written), from the table alone.
     */
    heldBesides(names: Iterable<string>): number {
      let mine = 0;
      for (const n of new Set(names)) if (taken.get(n) !== undefined) mine++;
      return taken.size - mine;
    },
    /**
     * Brings the table in line with the nodes that exist: addresses of nodes gone (a deleted pool's)
     * go back to the network, and nodes registered before the table existed keep theirs.
     */
    sync(nodes: readonly Node[]): void {
      const names = new Set(nodes.map((n) => n.metadata!.name!));
      for (const [node] of [...taken.scan()]) if (!names.has(node)) release(node);
      for (const n of nodes) {
        const ip = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
        const name = n.metadata!.name!;
        if (taken.get(name) !== undefined || !ip?.startsWith('10.0.')) continue;
        const [, , c, d] = ip.split('.').map(Number);
        take(name, c! * 256 + d!);
      }
    },
  };
}

/**
 * A removed node's pods cannot run anywhere: delete them at once, as upstream's pod garbage
 * collector does for pods bound to a node that no longer exists; their controllers replace them.
 */
async function deletePodsOn(client: Client, nodeName: string): Promise<void> {
  const pods = client.resource<Pod>({ group: '', version: 'v1', plural: 'pods' });
  for (const p of (await pods.list({ fieldSelector: `spec.nodeName=${nodeName}` })).items) {
    await pods
      .namespace(p.metadata!.namespace!)
      .delete(p.metadata!.name!, { gracePeriodSeconds: 0, preconditions: { uid: p.metadata!.uid } })
      .catch((e) => {
        if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e;
      });
  }
}

/** How soon a pool too large for the pod network looks again (the network or other pools may change). */
const NO_ROOM_RETRY_MS = 30_000;

/**
 * Why a pool that grows does not fit the pod network, as validation words it (undefined: it fits).
 * Every pool's nodes take their podCIDRs from flannel's Network (kube-flannel-cfg, which node IPAM
 * follows); admission in the cluster store cannot read that ConfigMap, so the count is checked here,
 * against the configured network and the other pools' nodes (counted from the address table: a list of
 * every pool node here was ~20 MB of JSON per growing pool at 5,000 nodes). An invalid ConfigMap (node
 * IPAM keeps the range it has) blocks nothing.
 */
async function noRoom(ctx: Pick<ReconcileContext, 'client' | 'memo' | 'now'>, nodes: number, otherPoolNodes: number): Promise<string | undefined> {
  const net = await readClusterNetwork(ctx);
  if (!net) return undefined;
  const cause = validateNodeCount(nodes, { clusterCIDR: net.network, nodeCIDRMaskSize: net.subnetLen, otherPoolNodes })[0];
  return cause && `${cause.field}: ${cause.message}`;
}

/**
 * The NodePool controller: creates and removes the pool's Node objects (owned by the pool, so the
 * garbage collector removes them with it) and reports how many are there and ready.
 */
export const nodePoolController: ControllerDef = {
  name: 'node-pool',
  watches: ['nodepools.kubeflare.dev', 'nodes'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  // a settled pool relisted its nodes on every wave of heartbeat-only reports (~30 node rows read per simulated s at 1000 nodes)
  wants: (n) => n.resource === 'nodepools.kubeflare.dev' || nodePoolHearsNode(n),
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'nodepools.kubeflare.dev') return [n.name];
    const pool = n.labels?.[NODE_POOL_LABEL];
    return pool ? [pool] : [];
  },
  async allKeys(client: Client): Promise<string[]> {
    return (await client.resource<NodePool>(NODE_POOLS).list()).items.map((p) => p.metadata!.name!);
  },
  importState(state, rows) {
    for (const [node, host] of Object.entries((state.nodeIPs ?? {}) as Record<string, number>)) rows<number>('nodeIPs').put(node, host);
  },
  async reconcile(name, ctx) {
    const { client, now, rows, memo, store } = ctx;
    const nodes = client.resource<Node>(NODES);
    const ips = nodeAddresses(rows<number>('nodeIPs'));
    const counted = ((memo.counted ??= {}) as Record<string, number>);
    let pool: NodePool;
    try {
      pool = await client.resource<NodePool>(NODE_POOLS).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) {
        // its nodes go with it (ownerReferences); their addresses go back to the network as they do
        delete counted[name];
        ips.sync((await nodes.list({ labelSelector: NODE_POOL_LABEL })).items);
        return {};
      }
      throw e;
    }
    if (pool.metadata?.deletionTimestamp) return {};
    const spec = defaultNodePool(pool).spec;
    const prev = (pool.status ?? {}) as Record<string, unknown>;
    // a pool at its size, all Ready, hears of every status post of its nodes: recount it at most every
    // COUNT_INTERVAL_MS instead of listing its nodes on each notice (a spec change counts at once)
    const settled = prev.observedGeneration === pool.metadata?.generation && prev.nodes === spec.nodes && prev.readyNodes === spec.nodes;
    const last = counted[name];
    if (settled && last !== undefined && now - last < COUNT_INTERVAL_MS) return { requeueAfterMs: last + COUNT_INTERVAL_MS - now };
    if (!memo.addressesSynced) {
      // once per host start: addresses of nodes registered before the table existed, or removed meanwhile
      ips.sync((await nodes.list({ labelSelector: NODE_POOL_LABEL })).items);
      memo.addressesSynced = true;
    }
    const selector = { labelSelector: `${NODE_POOL_LABEL}=${name}` };
    let existing = (await nodes.list(selector)).items;
    let plan = planPoolScale(pool, existing.map((n) => n.metadata!.name!), { now, internalIP: (node) => ips.assign(node) });
    const mine = [...existing.map((n) => n.metadata!.name!), ...plan.add.map((n) => n.metadata!.name!)];
    const refused = plan.add.length ? await noRoom(ctx, spec.nodes, ips.heldBesides(mine)) : undefined;
    if (refused) {
      // no node is added (those there stay); told once per generation and reason, as a FailedCreate event
      for (const n of plan.add) ips.release(n.metadata!.name!);
      plan = { ...plan, add: [] };
      const told = ((memo.noRoomTold ??= {}) as Record<string, string>);
      const key = `${pool.metadata?.generation}:${refused}`;
      if (told[name] !== key) {
        told[name] = key;
        const involved = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name, uid: pool.metadata?.uid } };
        const event = makeEvent(involved, 'Warning', 'FailedCreate', `Error creating: NodePool.kubeflare.dev "${name}" is invalid: ${refused}`, 'node-pool', now);
        await recordEvents(client, [event], 'node-pool');
      }
    }
    const owner = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', name, uid: pool.metadata!.uid!, controller: true };
    // new nodes go to the cluster store in batches, one RPC each instead of one per node
    for (let i = 0; i < plan.add.length; i += CREATE_BATCH) {
      const reqs = plan.add.slice(i, i + CREATE_BATCH).map((node) => ({ def: NODE_DEF, object: { ...node, metadata: { ...node.metadata, ownerReferences: [owner] } } as KubeObject, version: 'v1', fieldManager: 'node-pool' }));
      const failed = (await store(CLUSTER_STORE).createMany(reqs)).find((r) => !r.ok && r.status.code !== 409);
      if (failed && !failed.ok) throw statusToError(failed.status);
    }
    for (const nodeName of plan.remove) {
      await nodes.delete(nodeName).catch((e) => {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
      });
      await deletePodsOn(client, nodeName);
      ips.release(nodeName);
    }
    if (plan.add.length || plan.remove.length) existing = (await nodes.list(selector)).items;
    const ready = existing.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    counted[name] = now;
    const status = { nodes: existing.length, readyNodes: ready, observedGeneration: pool.metadata?.generation };
    if (prev.nodes !== status.nodes || prev.readyNodes !== status.readyNodes || prev.observedGeneration !== status.observedGeneration) {
      await client.resource<NodePool>(NODE_POOLS).updateStatus({ ...pool, status: { ...prev, ...status } });
    }
    if (refused) return { requeueAfterMs: NO_ROOM_RETRY_MS };
    return existing.length === spec.nodes && ready === spec.nodes ? {} : { requeueAfterMs: 2000 };
  },
};
