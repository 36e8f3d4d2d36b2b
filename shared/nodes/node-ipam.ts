import type { SimEvent } from './node-conditions';
import { cidrContains, formatCidr, parseCidr, type Cidr } from './ipv4';

/**
 * Serializable state of the node IPAM range allocator
 * (pkg/controller/nodeipam/ipam/range_allocator.go over cidrset/cidr_set.go).
 */
export interface NodeIpamState {
  clusterCIDR: string;
  nodeMaskSize: number;
  /** podCIDR index held by each node. */
  allocated: Record<string, number>;
  /** Where the next scan starts; never rewinds on release, as upstream. */
  nextCandidate: number;
}

/** Upstream's error when the cluster CIDR is spent (cidrset.ErrCIDRRangeNoCIDRsRemaining). */
export const CIDR_EXHAUSTED_ERROR = 'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

/**
 * A fresh allocator. Throws with upstream's cidrset errors for a node mask smaller than the
 * cluster's or more than 16 bits apart.
 */
export function newNodeIpam(clusterCIDR = '10.244.0.0/16', nodeMaskSize = 24): NodeIpamState {
  const c = parseCidr(clusterCIDR);
  if (!c) throw new Error(`invalid CIDR address: ${clusterCIDR}`);
  if (nodeMaskSize < c.prefix) throw new Error('New CIDR set failed; the node CIDR size is too small');
  if (nodeMaskSize - c.prefix > 16) throw new Error('New CIDR set failed; the node CIDR size is too big');
  if (nodeMaskSize > 32) throw new Error('New CIDR set failed; the node CIDR size is too small');
  return { clusterCIDR: formatCidr(c), nodeMaskSize, allocated: {}, nextCandidate: 0 };
}

/** How many node CIDRs the cluster CIDR holds: 2^(nodeMask − clusterMask). */
export function maxNodeCidrs(s: NodeIpamState): number {
  return 2 ** (s.nodeMaskSize - cluster(s).prefix);
}

function cluster(s: NodeIpamState): Cidr {
  return parseCidr(s.clusterCIDR)!;
}

function cidrAt(s: NodeIpamState, idx: number): string {
  return formatCidr({ base: cluster(s).base + idx * 2 ** (32 - s.nodeMaskSize), prefix: s.nodeMaskSize });
}

export type NodeCidrResult =
  | { ok: true; state: NodeIpamState; podCIDR: string }
  | { ok: false; state: NodeIpamState; error: string; event: SimEvent };

/**
 * AllocateOrOccupyCIDR for one node: a node that already holds a CIDR keeps it; otherwise
 * scan from nextCandidate (wrapping) for the first free index. Exhausted → no podCIDR and
 * the `CIDRNotAvailable` node event ("Node X status is now: CIDRNotAvailable").
 */
export function allocateNodeCidr(state: NodeIpamState, nodeName: string, now = 0): NodeCidrResult {
  const held = state.allocated[nodeName];
  if (held !== undefined) return { ok: true, state, podCIDR: cidrAt(state, held) };
  const max = maxNodeCidrs(state);
  const used = new Set(Object.values(state.allocated));
  for (let i = 0; i < max; i++) {
    const idx = (state.nextCandidate + i) % max;
    if (used.has(idx)) continue;
    const next: NodeIpamState = { ...state, allocated: { ...state.allocated, [nodeName]: idx }, nextCandidate: (idx + 1) % max };
    return { ok: true, state: next, podCIDR: cidrAt(state, idx) };
  }
  return {
    ok: false,
    state,
    error: CIDR_EXHAUSTED_ERROR,
    event: { type: 'Normal', reason: 'CIDRNotAvailable', message: `Node ${nodeName} status is now: CIDRNotAvailable`, atMs: now },
  };
}

/**
 * Mark a podCIDR a node already has as used (the allocator's startup pass over existing
 * nodes). Returns an error string when the CIDR is outside the cluster CIDR, misaligned, or
 * held by another node.
 */
export function occupyNodeCidr(state: NodeIpamState, nodeName: string, podCIDR: string): { state: NodeIpamState; error?: string } {
  const c = parseCidr(podCIDR);
  const cl = cluster(state);
  if (!c || c.prefix !== state.nodeMaskSize || !cidrContains(cl, c.base)) {
    return { state, error: `cidr ${podCIDR} is out the range of cluster cidr ${state.clusterCIDR}` };
  }
  const idx = (c.base - cl.base) / 2 ** (32 - state.nodeMaskSize);
  const holder = Object.entries(state.allocated).find(([n, i]) => i === idx && n !== nodeName);
  if (holder) return { state, error: `podCIDR ${podCIDR} of node ${nodeName} is already allocated to node ${holder[0]}` };
  return { state: { ...state, allocated: { ...state.allocated, [nodeName]: idx } } };
}

/** ReleaseCIDR on node deletion; releasing an unknown node is a no-op. */
export function releaseNodeCidr(state: NodeIpamState, nodeName: string): NodeIpamState {
  if (!(nodeName in state.allocated)) return state;
  const allocated = { ...state.allocated };
  delete allocated[nodeName];
  return { ...state, allocated };
}

/**
 * The allocator for a new cluster CIDR or node mask (kube-controller-manager restarted with other
 * --cluster-cidr / --node-cidr-mask-size): a fresh range, then its startup pass over the podCIDRs nodes
 * already hold — those inside the new range are marked used, the others are left as they are (upstream
 * never reassigns a podCIDR) and reported. Throws as newNodeIpam for an unusable range.
 */
export function reconfigureNodeIpam(clusterCIDR: string, nodeMaskSize: number, podCIDRs: Record<string, string>): { state: NodeIpamState; errors: string[] } {
  let state = newNodeIpam(clusterCIDR, nodeMaskSize);
  const errors: string[] = [];
  for (const [node, cidr] of Object.entries(podCIDRs)) {
    const r = occupyNodeCidr(state, node, cidr);
    if (r.error) errors.push(r.error);
    else state = r.state;
  }
  return { state, errors };
}
