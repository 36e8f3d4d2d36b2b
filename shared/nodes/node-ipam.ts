import type { SimEvent } from './node-conditions';
import { cidrContains, formatCidr, parseCidr, type Cidr } from './ipv4';

/** What the allocator reads of a table (a Map, or a controller's rows). */
export interface Lookup<K, V> {
  get(key: K): V | undefined;
}

/** A table the allocator's changes are applied to (a Map, or a controller's rows behind `set`). */
export interface Table<K, V> extends Lookup<K, V> {
  set(key: K, value: V): unknown;
  delete(key: K): unknown;
}

/**
 * The node IPAM range allocator (pkg/controller/nodeipam/ipam/range_allocator.go over
 * cidrset/cidr_set.go): which index of the cluster CIDR each node holds, and who holds each index
 * (upstream's bitmap, with the holder so a clash can be named). Both are looked up by key, never
 * scanned, so deciding for a batch of nodes costs O(batch) whatever the cluster's size.
 */
export interface NodeIpamState<A extends Lookup<string, number> = Lookup<string, number>, H extends Lookup<number, string> = Lookup<number, string>> {
  clusterCIDR: string;
  nodeMaskSize: number;
  /** podCIDR index held by each node. */
  allocated: A;
  /** The node holding each index. */
  holders: H;
  /** Where the next scan starts; never rewinds on release, as upstream. */
  nextCandidate: number;
}

/** An allocator whose tables the caller owns and `applyNodeIpamPlan` changes. */
export type MutableNodeIpam = NodeIpamState<Table<string, number>, Table<number, string>>;

/** Upstream's error when the cluster CIDR is spent (cidrset.ErrCIDRRangeNoCIDRsRemaining). */
export const CIDR_EXHAUSTED_ERROR = 'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

/**
 * A fresh allocator over Maps. Throws with upstream's cidrset errors for a node mask smaller than the
 * cluster's or more than 16 bits apart.
 */
export function newNodeIpam(clusterCIDR = '10.244.0.0/16', nodeMaskSize = 24): NodeIpamState<Map<string, number>, Map<number, string>> {
  const c = parseCidr(clusterCIDR);
  if (!c) throw new Error(`invalid CIDR address: ${clusterCIDR}`);
  if (nodeMaskSize < c.prefix) throw new Error('New CIDR set failed; the node CIDR size is too small');
  if (nodeMaskSize - c.prefix > 16) throw new Error('New CIDR set failed; the node CIDR size is too big');
  if (nodeMaskSize > 32) throw new Error('New CIDR set failed; the node CIDR size is too small');
  return { clusterCIDR: formatCidr(c), nodeMaskSize, allocated: new Map(), holders: new Map(), nextCandidate: 0 };
}

/** How many node CIDRs the cluster CIDR holds: 2^(nodeMask − clusterMask). */
export function maxNodeCidrs(s: Pick<NodeIpamState, 'clusterCIDR' | 'nodeMaskSize'>): number {
  return 2 ** (s.nodeMaskSize - parseCidr(s.clusterCIDR)!.prefix);
}

/** What the controller knows of one node of the batch: gone, or there with the podCIDR it holds (if any). */
export type NodeIpamInput = { node: string; gone: true } | { node: string; gone?: false; podCIDR?: string };

/** One node's outcome in a plan. */
export type NodeIpamOutcome =
  /** Give the node this podCIDR (it has none). */
  | { node: string; podCIDR: string }
  /** Nothing left in the range: the node's `CIDRNotAvailable` event. */
  | { node: string; error: string; event: SimEvent };

/** The allocator's decisions for a batch of nodes, applied with `applyNodeIpamPlan`. */
export interface NodeIpamPlan {
  /** Index changes in order: the index a node holds now, or null when it let go of it. */
  changes: [node: string, index: number | null][];
  nextCandidate: number;
  /** Nodes to patch with a podCIDR, and nodes for which the range is spent. */
  outcomes: NodeIpamOutcome[];
  /** A podCIDR a node already has that the allocator cannot take (outside the range, or another node's): reported, left as it is. */
  errors: string[];
}

/**
 * AllocateOrOccupyCIDR and ReleaseCIDR for a batch of nodes: a node gone lets go of its CIDR; a node
 * with a podCIDR has it marked used (upstream never reassigns one); a node without gets the index it
 * already holds, else the first free one scanning from nextCandidate (wrapping), else the
 * `CIDRNotAvailable` event ("Node X status is now: CIDRNotAvailable"). Later nodes of the batch see
 * earlier ones' changes. Reads `state` by key only; the cost is the batch's, not the cluster's.
 */
export function planNodeCidrs(state: NodeIpamState, inputs: readonly NodeIpamInput[], now = 0): NodeIpamPlan {
  const cluster = parseCidr(state.clusterCIDR)!;
  const max = maxNodeCidrs(state);
  const step = 2 ** (32 - state.nodeMaskSize);
  // this batch's changes over the state: undefined = unchanged, null = released
  const byNode = new Map<string, number | null>();
  const byIndex = new Map<number, string | null>();
  const indexOf = (node: string) => (byNode.has(node) ? (byNode.get(node) ?? undefined) : state.allocated.get(node));
  const holderOf = (idx: number) => (byIndex.has(idx) ? (byIndex.get(idx) ?? undefined) : state.holders.get(idx));
  const plan: NodeIpamPlan = { changes: [], nextCandidate: state.nextCandidate, outcomes: [], errors: [] };
  const release = (node: string) => {
    const idx = indexOf(node);
    if (idx === undefined) return;
    byNode.set(node, null);
    if (holderOf(idx) === node) byIndex.set(idx, null);
    plan.changes.push([node, null]);
  };
  const hold = (node: string, idx: number) => {
    if (indexOf(node) === idx) return;
    release(node);
    byNode.set(node, idx);
    byIndex.set(idx, node);
    plan.changes.push([node, idx]);
  };
  for (const input of inputs) {
    const { node } = input;
    if (input.gone) {
      release(node);
    } else if (input.podCIDR) {
      const idx = indexIn(cluster, state.nodeMaskSize, input.podCIDR);
      const holder = idx === undefined ? undefined : holderOf(idx);
      if (idx === undefined) plan.errors.push(`cidr ${input.podCIDR} is out the range of cluster cidr ${state.clusterCIDR}`);
      else if (holder !== undefined && holder !== node) plan.errors.push(`podCIDR ${input.podCIDR} of node ${node} is already allocated to node ${holder}`);
      else hold(node, idx);
    } else {
      let idx = indexOf(node);
      for (let i = 0; idx === undefined && i < max; i++) {
        const candidate = (plan.nextCandidate + i) % max;
        if (holderOf(candidate) !== undefined) continue;
        idx = candidate;
        hold(node, idx);
        plan.nextCandidate = (idx + 1) % max;
      }
      if (idx === undefined) {
        const event: SimEvent = { type: 'Normal', reason: 'CIDRNotAvailable', message: `Node ${node} status is now: CIDRNotAvailable`, atMs: now };
        plan.outcomes.push({ node, error: CIDR_EXHAUSTED_ERROR, event });
      } else {
        plan.outcomes.push({ node, podCIDR: formatCidr({ base: cluster.base + idx * step, prefix: state.nodeMaskSize }) });
      }
    }
  }
  return plan;
}

/** The index of `podCIDR` in the cluster CIDR at the node mask; undefined when it is not one of its node CIDRs. */
function indexIn(cluster: Cidr, nodeMaskSize: number, podCIDR: string): number | undefined {
  const c = parseCidr(podCIDR);
  if (!c || c.prefix !== nodeMaskSize || !cidrContains(cluster, c.base)) return undefined;
  return (c.base - cluster.base) / 2 ** (32 - nodeMaskSize);
}

/** Writes a plan's changes into the allocator's tables (the caller's: Maps, or rows persisted later). */
export function applyNodeIpamPlan(state: MutableNodeIpam, plan: Pick<NodeIpamPlan, 'changes' | 'nextCandidate'>): void {
  for (const [node, idx] of plan.changes) {
    const held = state.allocated.get(node);
    if (held !== undefined && state.holders.get(held) === node) state.holders.delete(held);
    if (idx === null) {
      state.allocated.delete(node);
    } else {
      state.allocated.set(node, idx);
      state.holders.set(idx, node);
    }
  }
  state.nextCandidate = plan.nextCandidate;
}

/**
 * The allocator for a new cluster CIDR or node mask (kube-controller-manager restarted with other
 * --cluster-cidr / --node-cidr-mask-size): a fresh range, then its startup pass over the podCIDRs nodes
 * already hold — those inside the new range are marked used, the others are left as they are (upstream
 * never reassigns a podCIDR) and reported. Throws as newNodeIpam for an unusable range.
 */
export function reconfigureNodeIpam(clusterCIDR: string, nodeMaskSize: number, podCIDRs: Record<string, string>) {
  const state = newNodeIpam(clusterCIDR, nodeMaskSize);
  const plan = planNodeCidrs(state, Object.entries(podCIDRs).map(([node, podCIDR]) => ({ node, podCIDR })));
  applyNodeIpamPlan(state, plan);
  return { state, errors: plan.errors };
}
