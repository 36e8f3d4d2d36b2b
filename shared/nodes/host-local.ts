import { cidrSize, formatIPv4, parseCidr } from './ipv4';

/**
 * Serializable state of the CNI host-local IPAM plugin for one node's podCIDR
 * (containernetworking/plugins plugins/ipam/host-local): one range, the gateway at
 * network+1, allocations keyed by IP, and the last reserved IP for round robin.
 */
export interface HostLocalState {
  subnet: string;
  /** Allocated IP → `<containerID>/<ifname>`. */
  allocations: Record<string, string>;
  /** Round robin resumes after this IP. */
  lastReserved?: string;
}

export type HostLocalResult =
  | { ok: true; state: HostLocalState; ip: string; gateway: string; cidr: string }
  | { ok: false; state: HostLocalState; error: string };

/** A fresh allocator over `subnet`; /31 and /32 are too small, as upstream says. */
export function newHostLocal(subnet: string): HostLocalState {
  const c = parseCidr(subnet);
  if (!c) throw new Error(`invalid CIDR ${subnet}`);
  if (c.prefix > 30) throw new Error(`Network ${subnet} too small to allocate from`);
  return { subnet: `${formatIPv4(c.base)}/${c.prefix}`, allocations: {} };
}

/** First and last allocatable address and the gateway: network+1 … broadcast−1, gateway network+1. */
export function hostLocalRange(state: HostLocalState): { first: number; last: number; gateway: number } {
  const c = parseCidr(state.subnet)!;
  return { first: c.base + 1, last: c.base + cidrSize(c) - 2, gateway: c.base + 1 };
}

/**
 * CNI ADD: the next free IP after the last reserved one (one full loop, skipping the
 * gateway), recorded for `containerID`/`ifname`. A second ADD for the same pair fails
 * with host-local's duplicate error; a full range fails with its exhaustion error.
 */
export function allocatePodIP(state: HostLocalState, containerID: string, ifname = 'eth0'): HostLocalResult {
  const { first, last, gateway } = hostLocalRange(state);
  const c = parseCidr(state.subnet)!;
  const owner = `${containerID}/${ifname}`;
  const existing = Object.entries(state.allocations).find(([, o]) => o === owner);
  if (existing) return { ok: false, state, error: `${existing[0]} has been allocated to ${containerID}, duplicate allocation is not allowed` };
  const size = last - first + 1;
  const last0 = state.lastReserved ? ipNum(state.lastReserved) : undefined;
  const start = last0 !== undefined && last0 >= first && last0 <= last ? ((last0 - first + 1) % size) + first : first;
  for (let i = 0; i < size; i++) {
    const ip = ((start - first + i) % size) + first;
    if (ip === gateway) continue;
    const s = formatIPv4(ip);
    if (state.allocations[s]) continue;
    return {
      ok: true,
      state: { ...state, allocations: { ...state.allocations, [s]: owner }, lastReserved: s },
      ip: s,
      gateway: formatIPv4(gateway),
      cidr: `${s}/${c.prefix}`,
    };
  }
  return {
    ok: false,
    state,
    error: `failed to allocate for range 0: no IP addresses available in range set: ${formatIPv4(first)}-${formatIPv4(last)}`,
  };
}

/** CNI DEL: release what `containerID`/`ifname` holds; idempotent (unknown → unchanged). */
export function releasePodIP(state: HostLocalState, containerID: string, ifname = 'eth0'): HostLocalState {
  const owner = `${containerID}/${ifname}`;
  const ips = Object.keys(state.allocations).filter((ip) => state.allocations[ip] === owner);
  if (!ips.length) return state;
  const allocations = { ...state.allocations };
  for (const ip of ips) delete allocations[ip];
  return { ...state, allocations };
}

function ipNum(s: string): number {
  const [a, b, c, d] = s.split('.').map(Number);
  return ((a! * 256 + b!) * 256 + c!) * 256 + d!;
}
