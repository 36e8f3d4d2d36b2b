import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../shared/api/object';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { UpdateRequest } from '../../shared/apiserver/store-protocol';
import type { Client } from '../../shared/client';
import { getOrUndefined, statusToError } from '../../shared/client/store-result';
import { makeEvent } from '../../shared/controllers/events';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { recordEvents } from './event-recorders';
import { applyNodeIpamPlan, newNodeIpam, planNodeCidrs, reconfigureNodeIpam, type MutableNodeIpam, type NodeIpamInput } from '../../shared/nodes';
import { CLUSTER_STORE } from '../../platform/stores';
import { readClusterNetwork } from './cluster-network';
import type { ControllerDef, KeyResult, ReconcileContext } from './controller-def';
import { NODES } from '../../shared/api/resource-refs';
import { NODE_DEF } from '../../shared/api/resource-defs';

/** kube-controller-manager's defaults: --cluster-cidr 10.244.0.0/16, --node-cidr-mask-size 24. */
export const CLUSTER_CIDR = '10.244.0.0/16';
export const NODE_CIDR_MASK = 24;

const NAME = 'node-ipam';
/** Writes of a podCIDR per node before giving up for this batch (range_allocator.go cidrUpdateRetries). */
const CIDR_UPDATE_RETRIES = 3;

/** Where the next scan starts (the allocator's one cluster-wide value) and the range it scans, in its own row. */
interface RangeRow {
  nextCandidate: number;
  clusterCIDR?: string;
  nodeMaskSize?: number;
}

/** What this host keeps in memory between alarms (rebuilt from rows after a restart). */
interface Memo {
  /** The allocator: `allocated` is the rows table itself, `holders` its inverse, built once per host start. */
  ipam?: MutableNodeIpam;
  /** The last notice type of each node not reconciled since: which nodes need a read at all. */
  noticed?: Map<string, ChangeNotice['type']>;
  unusableRange?: string;
  /** Nodes whose podCIDR the allocator cannot take (outside its range, or another node's): theirs for life too. */
  foreign?: Set<string>;
  /** The start-up pass (followRange) is done: the rows hold every podCIDR the nodes hold. */
  started?: boolean;
}

/**
 * The allocator over its rows: the index held by each node (one row per node, so the state grows by
 * a row per node, never as one value) and the range row. Every row a node holds means that node has
 * that podCIDR: a failed write gives the index back.
 */
function allocator(ctx: Pick<ReconcileContext, 'rows' | 'memo'>): MutableNodeIpam {
  const memo = ctx.memo as Memo;
  if (memo.ipam) return memo.ipam;
  const rows = ctx.rows<number>('allocated');
  const range = ctx.rows<RangeRow>('range');
  const row = range.get('range');
  const holders = new Map<number, string>();
  for (const [node, idx] of rows.scan()) holders.set(idx, node);
  const fresh = newNodeIpam(row?.clusterCIDR ?? CLUSTER_CIDR, row?.nodeMaskSize ?? NODE_CIDR_MASK);
  let nextCandidate = row?.nextCandidate ?? 0;
  return (memo.ipam = {
    clusterCIDR: fresh.clusterCIDR,
    nodeMaskSize: fresh.nodeMaskSize,
    allocated: { get: (node) => rows.get(node), set: (node, idx) => rows.put(node, idx), delete: (node) => rows.delete(node) },
    holders,
    get nextCandidate() {
      return nextCandidate;
    },
    set nextCandidate(n: number) {
      if (n === nextCandidate) return;
      nextCandidate = n;
      range.put('range', { ...range.get('range'), clusterCIDR: fresh.clusterCIDR, nodeMaskSize: fresh.nodeMaskSize, nextCandidate: n });
    },
  });
}

/**
 * The allocator's start-up pass, as upstream's range allocator makes at its start, and its pass over a new
 * range from kube-flannel-cfg (the cluster CIDR and node mask are flannel's Network and SubnetLen,
 * shared/network/flannel-config-map.ts): the allocator starts over from the podCIDRs nodes hold (a list
 * of every node). At a host start that is what makes a crash safe: the rows are flushed at the end of an
 * alarm, after the updateMany that published a batch's podCIDRs, so a host that stopped in between
 * comes back with rows that miss them; the nodes' own podCIDRs are never missed, so no index a node
 * holds is handed out again.
 */
async function followRange(ctx: ReconcileContext): Promise<void> {
  const memo = ctx.memo as Memo;
  const net = await readClusterNetwork(ctx);
  const wanted = net && `${net.network}@${net.subnetLen}`;
  const starting = !memo.started;
  const ipam = allocator(ctx);
  const moved = !!net && wanted !== memo.unusableRange && !(net.network === ipam.clusterCIDR && net.subnetLen === ipam.nodeMaskSize);
  if (!moved && !starting) return;
  const nodes = (await ctx.client.resource<Node>(NODES).list()).items;
  const podCIDRs = Object.fromEntries(nodes.filter((n) => n.spec?.podCIDR).map((n) => [n.metadata!.name!, n.spec!.podCIDR!]));
  let next: ReturnType<typeof reconfigureNodeIpam> | undefined;
  try {
    if (moved) next = reconfigureNodeIpam(net.network, net.subnetLen, podCIDRs);
  } catch {
    // a range the allocator cannot use (more than 16 bits of nodes) keeps the current one
    memo.unusableRange = wanted;
  }
  // the same range at a start: its scan goes on from where it was (upstream's never rewinds on release)
  const nextCandidate = next ? next.state.nextCandidate : ipam.nextCandidate;
  next ??= starting ? reconfigureNodeIpam(ipam.clusterCIDR, ipam.nodeMaskSize, podCIDRs) : undefined;
  memo.started = true;
  if (!next) return;
  const rows = ctx.rows<number>('allocated');
  for (const [node] of [...rows.scan()]) if (!next.state.allocated.has(node)) rows.delete(node);
  for (const [node, idx] of next.state.allocated) if (rows.get(node) !== idx) rows.put(node, idx);
  const range = ctx.rows<RangeRow>('range');
  const row = { nextCandidate, clusterCIDR: next.state.clusterCIDR, nodeMaskSize: next.state.nodeMaskSize };
  if (JSON.stringify(range.get('range')) !== JSON.stringify(row)) range.put('range', row);
  delete memo.ipam;
}

/**
 * The node IPAM controller (range allocator): one podCIDR per node from the cluster CIDR. A batch of
 * due nodes costs O(batch): nodes it already gave a podCIDR to are not read again on their status
 * changes, the others are read together, decided in one plan, and patched with one updateMany.
 */
export const nodeIpamController: ControllerDef = {
  name: NAME,
  watches: ['nodes'],
  // a repair resync (a list of every node) on the wall clock, as the other controllers' (resync-policy.ts):
  // in cluster time a 60x clock listed 5,000 nodes every 5 wall seconds
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  /**
   * A node's podCIDR is set once and never changes: only a node added (it may need one) or gone (its CIDR
   * goes back) is worth a notice. A node's status posts, flannel's annotations and this controller's own
   * writes are not sent here at all (they were most of this queue: a node is modified several times as it
   * registers). A failed write retries from the queue; a lost notice is covered by the resync.
   */
  wants: (n: ChangeNotice) => n.type !== 'MODIFIED',
  keysFor: (n: ChangeNotice) => [n.name],
  observe(notices, memo) {
    const noticed = ((memo as Memo).noticed ??= new Map());
    for (const n of notices) if (n.resource === 'nodes') noticed.set(n.name, n.type);
  },
  async allKeys(client: Client): Promise<string[]> {
    return (await client.resource<Node>(NODES).list()).items.map((n) => n.metadata!.name!);
  },
  importState(state, rows) {
    const ipam = state.ipam as { allocated?: Record<string, number>; nextCandidate?: number } | undefined;
    for (const [node, idx] of Object.entries(ipam?.allocated ?? {})) rows<number>('allocated').put(node, idx);
    if (ipam) rows<RangeRow>('range').put('range', { nextCandidate: ipam.nextCandidate ?? 0 });
    for (const node of Object.keys((state.exhaustedNotified ?? {}) as Record<string, boolean>)) rows<boolean>('exhaustedNotified').put(node, true);
  },
  async reconcile(name, ctx) {
    const r = (await nodeIpamController.reconcileBatch!([name], ctx))[name] ?? {};
    if (r.error !== undefined) throw r.error;
    return r;
  },
  async reconcileBatch(keys, ctx) {
    const { client, now } = ctx;
    const memo = ctx.memo as Memo;
    await followRange(ctx);
    const ipam = allocator(ctx);
    const exhaustedNotified = ctx.rows<boolean>('exhaustedNotified');
    const results: Record<string, KeyResult> = {};
    // a node holding a podCIDR from this allocator keeps it for life: its status changes need no read
    // (a resync's keys carry no notice; an ADDED or DELETED one may be a node gone or another one by that name)
    const foreign = (memo.foreign ??= new Set());
    const toRead = keys.filter((k) => {
      const type = memo.noticed?.get(k);
      memo.noticed?.delete(k);
      return (ipam.allocated.get(k) === undefined && !foreign.has(k)) || type === 'ADDED' || type === 'DELETED';
    });
    const nodes = new Map<string, Node | undefined>();
    await Promise.all(
      toRead.map(async (k) => {
        try {
          nodes.set(k, await getOrUndefined(client.resource<Node>(NODES).get(k)));
        } catch (error) {
          results[k] = { error };
        }
      }),
    );
    // in the queue's order, so the CIDRs handed out do not depend on which read came back first
    const inputs: NodeIpamInput[] = toRead.filter((k) => nodes.has(k)).map((node) => {
      const n = nodes.get(node);
      return n ? { node, podCIDR: n.spec?.podCIDR } : { node, gone: true };
    });
    const plan = planNodeCidrs(ipam, inputs, now);
    applyNodeIpamPlan(ipam, plan);
    for (const [node, n] of nodes) {
      if (!n || n.spec?.podCIDR) exhaustedNotified.delete(node);
      if (n?.spec?.podCIDR && ipam.allocated.get(node) === undefined) foreign.add(node);
      else foreign.delete(node);
    }
    let writes: { node: string; idx: number; req: UpdateRequest }[] = [];
    const told: Promise<unknown>[] = [];
    for (const o of plan.outcomes) {
      const node = nodes.get(o.node)!;
      if ('podCIDR' in o) {
        exhaustedNotified.delete(o.node);
        const object = { ...node, spec: { ...node.spec, podCIDR: o.podCIDR, podCIDRs: [o.podCIDR] } } as KubeObject;
        writes.push({ node: o.node, idx: ipam.allocated.get(o.node)!, req: { def: NODE_DEF, name: o.node, object, target: 'main', version: 'v1', fieldManager: NAME } });
        continue;
      }
      // tell once per node; try again rarely (a CIDR only frees up when a node goes, which re-queues anyway)
      results[o.node] = { requeueAfterMs: 5 * 60_000 };
      if (exhaustedNotified.get(o.node)) continue;
      exhaustedNotified.put(o.node, true);
      const event = makeEvent(node, 'Normal', o.event.reason, o.event.message, 'cidrAllocator', now);
      told.push(recordEvents(client, [event], NAME));
    }
    const failed: [string, null][] = [];
    // conditional on the resourceVersion read; a node that changed meanwhile (its kubelet posts status) is
    // read again and written again in this batch, up to upstream's cidrUpdateRetries (3) writes in all
    for (let attempt = 1; writes.length; attempt++) {
      const written = await ctx.store(CLUSTER_STORE).updateMany(writes.map((w) => w.req)).catch((error: unknown) => writes.map(() => ({ ok: false as const, error })));
      const again: typeof writes = [];
      await Promise.all(
        writes.map(async (w, i) => {
          const r = written[i]!;
          if (r.ok) return;
          if ('status' in r && r.status.code === 409 && attempt < CIDR_UPDATE_RETRIES) {
            const fresh = await getOrUndefined(client.resource<Node>(NODES).get(w.node)).catch(() => undefined);
            const podCIDR = (w.req.object.spec as { podCIDR: string }).podCIDR;
            if (fresh && !fresh.spec?.podCIDR) {
              again.push({ ...w, req: { ...w.req, object: { ...fresh, spec: { ...fresh.spec, podCIDR, podCIDRs: [podCIDR] } } as KubeObject } });
              return;
            }
          }
          // the index goes back, as upstream releases a CIDR whose patch failed: a row held means a podCIDR set
          if (ipam.allocated.get(w.node) === w.idx) failed.push([w.node, null]);
          // changed or gone since it was read: the next batch reads it again
          results[w.node] = 'status' in r && (r.status.code === 409 || r.status.code === 404) ? { requeueAfterMs: 0 } : { error: 'status' in r ? statusToError(r.status) : r.error };
        }),
      );
      writes = again;
    }
    applyNodeIpamPlan(ipam, { changes: failed, nextCandidate: ipam.nextCandidate });
    // a node gone gave its CIDR back: the nodes waiting for one (told CIDRNotAvailable) try again now
    if (plan.changes.some(([, idx]) => idx === null)) for (const [node] of exhaustedNotified.scan()) results[node] = { requeueAfterMs: 0 };
    await Promise.all(told);
    return results;
  },
};
