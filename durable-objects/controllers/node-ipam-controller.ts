import type { Node } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { makeEvent } from '../../shared/controllers/events';
import { allocateNodeCidr, newNodeIpam, occupyNodeCidr, reconfigureNodeIpam, releaseNodeCidr, type NodeIpamState } from '../../shared/nodes';
import { readClusterNetwork } from './cluster-network';
import type { ControllerDef, ReconcileContext } from './controller-def';
import { NODES } from './node-pool-controller';

/** kube-controller-manager's defaults: --cluster-cidr 10.244.0.0/16, --node-cidr-mask-size 24. */
export const CLUSTER_CIDR = '10.244.0.0/16';
export const NODE_CIDR_MASK = 24;

/** Where the next scan starts (the allocator's one cluster-wide value) and the range it scans, in its own row. */
interface RangeRow {
  nextCandidate: number;
  clusterCIDR?: string;
  nodeMaskSize?: number;
}

/**
 * The allocator's rows: the podCIDR index held by each node (one row per node) and the range's
 * scan position; the allocator state built from them is kept in memory between alarms.
 */
function ipamRows(ctx: Pick<ReconcileContext, 'rows' | 'memo'>) {
  const allocated = ctx.rows<number>('allocated');
  const range = ctx.rows<RangeRow>('range');
  const exhaustedNotified = ctx.rows<boolean>('exhaustedNotified');
  return {
    exhaustedNotified,
    get state(): NodeIpamState {
      const row = range.get('range');
      return (ctx.memo.ipam ??= {
        ...newNodeIpam(row?.clusterCIDR ?? CLUSTER_CIDR, row?.nodeMaskSize ?? NODE_CIDR_MASK),
        allocated: Object.fromEntries(allocated.scan()),
        nextCandidate: row?.nextCandidate ?? 0,
      }) as NodeIpamState;
    },
    /** Replaces the whole allocator (a new range): every node's row and the range row. */
    reset(next: NodeIpamState): void {
      ctx.memo.ipam = next;
      for (const [node] of allocated.scan()) if (!(node in next.allocated)) allocated.delete(node);
      for (const [node, idx] of Object.entries(next.allocated)) allocated.put(node, idx);
      range.put('range', { nextCandidate: next.nextCandidate, clusterCIDR: next.clusterCIDR, nodeMaskSize: next.nodeMaskSize });
    },
    /** Keeps `next` (which the allocator's functions changed for `node` at most) and writes that node's row. */
    set(node: string, next: NodeIpamState): void {
      ctx.memo.ipam = next;
      const idx = next.allocated[node];
      if (idx === undefined) allocated.delete(node);
      else if (allocated.get(node) !== idx) allocated.put(node, idx);
      if (range.get('range')?.nextCandidate !== next.nextCandidate) range.put('range', { ...range.get('range'), nextCandidate: next.nextCandidate });
    },
  };
}

/** The node IPAM controller (range allocator): one podCIDR per node from the cluster CIDR. */
export const nodeIpamController: ControllerDef = {
  name: 'node-ipam',
  watches: ['nodes'],
  resyncMs: 5 * 60_000,
  keysFor: (n: ChangeNotice) => [n.name],
  async allKeys(client: Client): Promise<string[]> {
    return (await client.resource<Node>(NODES).list()).items.map((n) => n.metadata!.name!);
  },
  importState(state, rows) {
    const ipam = state.ipam as NodeIpamState | undefined;
    for (const [node, idx] of Object.entries(ipam?.allocated ?? {})) rows<number>('allocated').put(node, idx);
    if (ipam) rows<RangeRow>('range').put('range', { nextCandidate: ipam.nextCandidate });
    for (const node of Object.keys((state.exhaustedNotified ?? {}) as Record<string, boolean>)) rows<boolean>('exhaustedNotified').put(node, true);
  },
  async reconcile(name, ctx) {
    const { client, now } = ctx;
    const ipam = ipamRows(ctx);
    // the cluster CIDR and node mask are flannel's Network and SubnetLen (shared/network/flannel-config-map.ts)
    const net = await readClusterNetwork(ctx);
    const wanted = net && `${net.network}@${net.subnetLen}`;
    if (net && wanted !== ctx.memo.unusableRange && (net.network !== ipam.state.clusterCIDR || net.subnetLen !== ipam.state.nodeMaskSize)) {
      const nodes = (await client.resource<Node>(NODES).list()).items;
      const held = Object.fromEntries(nodes.filter((n) => n.spec?.podCIDR).map((n) => [n.metadata!.name!, n.spec!.podCIDR!]));
      try {
        ipam.reset(reconfigureNodeIpam(net.network, net.subnetLen, held).state);
      } catch {
        // a range the allocator cannot use (more than 16 bits of nodes) keeps the current one
        ctx.memo.unusableRange = wanted;
      }
    }
    let node: Node;
    try {
      node = await client.resource<Node>(NODES).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) {
        ipam.set(name, releaseNodeCidr(ipam.state, name));
        ipam.exhaustedNotified.delete(name);
        return {};
      }
      throw e;
    }
    if (node.spec?.podCIDR) {
      // a CIDR set by someone else (or before a restart) is marked as used
      ipam.set(name, occupyNodeCidr(ipam.state, name, node.spec.podCIDR).state);
      return {};
    }
    const result = allocateNodeCidr(ipam.state, name, now);
    ipam.set(name, result.state);
    if (!result.ok) {
      // tell once per node; try again rarely (a CIDR only frees up when a node goes, which re-queues anyway)
      if (!ipam.exhaustedNotified.get(name)) {
        ipam.exhaustedNotified.put(name, true);
        const event = makeEvent(node, 'Normal', result.event.reason, result.event.message, 'cidrAllocator', now);
        await client.resource({ group: '', version: 'v1', plural: 'events' }).namespace('default').create(event as never).catch(() => undefined);
      }
      return { requeueAfterMs: 5 * 60_000 };
    }
    ipam.exhaustedNotified.delete(name);
    await client.resource<Node>(NODES).patch(name, 'merge', { spec: { podCIDR: result.podCIDR, podCIDRs: [result.podCIDR] } });
    return {};
  },
};
