import { cfsPeriods, newCfsAccount, type CfsAccount, type CpuStat } from './cfs-bandwidth';
import type { CpuCgroup } from './cpu-cgroup';
import { cpuFairShare } from './cpu-fair-share';
import type { CpuBurstConfig } from './cpu-burst-config';

/** How long one simulation tick is: demand is sampled once per tick and held for its periods. */
export const CPU_TICK_MS = 1000;

/** One running container as the node's CPU model sees it. */
export interface CpuContainer {
  /** `namespace/pod/container`. */
  key: string;
  cgroup: CpuCgroup;
  /** When this instance started (epoch ms); its cgroup, and its counters, begin then. */
  startedAt: number;
  /** What it wants to run at `t`, in millicores. */
  demandMilliAt: (t: number) => number;
  /**
   * The first instant after `t` at which the demand may differ (Infinity: never again; `t` or
   * earlier: it changes continuously). Lets constant and stepped demand skip ticks. Absent: every tick.
   */
  changesAfter?: (t: number) => number;
  /** Koordinator CPU burst for this container, when its node runs koordlet (`node-cpu-burst.ts`). */
  burst?: ContainerBurst;
}

/** What koordlet's CPU burst plugin knows about a container. */
export interface ContainerBurst {
  /** The pod's config: the node strategy with the pod's annotation over it. */
  cfg: CpuBurstConfig;
  limitMilli: number;
  requestMilli: number;
  /** The pod's `koordinator.sh/qosClass` label ('' when none). */
  koordQos: string;
  /** Whether koordlet touches it: a burstable QoS (`isPodCpuBurstable`) and a CPU limit. */
  eligible: boolean;
}

/** One node: its CPUs (undefined: never contended) and its running containers. */
export interface NodeCpuInput {
  capacityMilli?: number;
  containers: readonly CpuContainer[];
  /** The node strategy's share-pool threshold, when koordlet's CPU burst runs there. */
  sharePoolThresholdPercent?: number;
}

/** What each container gets in one period, in µs. */
export interface CpuGrant {
  /** Steady-state CPU granted: demand capped by the quota and by the node's fair share. */
  grantUs: number;
  /** The demand the bandwidth controller sees: the full demand, or the fair share when the node is the bottleneck. */
  cfsDemandUs: number;
}

/**
 * Split one period's CPU on a node. A container can use at most its quota (steady state), so
 * that is what it competes for; when the node has fewer CPUs than the containers want, CFS
 * divides them by cpu.shares (`cpuFairShare`). A container held back by the node rather than
 * by its quota waits instead of being throttled, so its bandwidth controller sees the fair
 * share as its demand.
 */
export function cpuGrants(capacityUs: number | undefined, demandsUs: readonly number[], cgroups: readonly CpuCgroup[]): CpuGrant[] {
  const wants = demandsUs.map((d, i) => quotaBound(d, cgroups[i]!));
  const got = nodeBound(capacityUs, wants, cgroups.map((c) => c.shares), wants.length) ?? wants;
  return got.map((g, i) => ({ grantUs: g, cfsDemandUs: g < wants[i]! ? g : demandsUs[i]! }));
}

// A container competes for at most its quota per period.
const quotaBound = (demandUs: number, cg: CpuCgroup) => (cg.quotaUs >= 0 ? Math.min(demandUs, cg.quotaUs) : demandUs);

// The first n wants divided by CFS shares when they exceed the node; undefined when they fit.
function nodeBound(capacityUs: number | undefined, wants: readonly number[], shares: readonly number[], n: number): number[] | undefined {
  if (capacityUs === undefined) return undefined;
  let total = 0;
  for (let i = 0; i < n; i++) total += wants[i]!;
  return total > capacityUs ? cpuFairShare(capacityUs, wants.slice(0, n), shares.slice(0, n)) : undefined;
}

const periodMsOf = (cg: CpuCgroup) => cg.periodUs / 1000;
const firstPeriod = (c: CpuContainer) => Math.ceil(c.startedAt / periodMsOf(c.cgroup)) * periodMsOf(c.cgroup);

/** Containers in the order their first CFS period starts (the order `forEachCpuSegment` visits them in). */
export function byFirstPeriod(containers: readonly CpuContainer[]): CpuContainer[] {
  return [...containers].sort((a, b) => firstPeriod(a) - firstPeriod(b));
}

/**
 * Walk a node's CPU history from the first container start to `now` in segments of whole CFS
 * periods (periods sit on a grid since the epoch; a container counts the periods starting at or
 * after its start; only periods ended by `now` count). Within a tick the demand is the one
 * sampled at the segment's start; consecutive segments whose per-period bandwidth demands are
 * equal are merged. `visit` gets the first `active` containers of `order` (sorted by
 * `byFirstPeriod`) with their per-period bandwidth demands. `onTick`, when given, runs at every
 * tick boundary after the periods before it were visited, and may change the containers' cgroups
 * (a controller such as koordlet reconciling once a tick); ticks are then never skipped.
 */
export function forEachCpuSegment(
  order: readonly CpuContainer[],
  capacityMilli: number | undefined,
  now: number,
  visit: (periods: number, active: number, cfsDemandsUs: readonly number[]) => void,
  tickMs = CPU_TICK_MS,
  onTick?: (t: number, active: number) => void,
): void {
  if (!order.length) return;
  const periodMs = periodMsOf(order[0]!.cgroup);
  const end = Math.floor(now / periodMs) * periodMs;
  const capacityUs = capacityMilli === undefined ? undefined : capacityMilli * periodMs;
  let pending: { periods: number; active: number; demands: number[] } | undefined;
  const flush = () => { if (pending) visit(pending.periods, pending.active, pending.demands); pending = undefined; };
  // the hot loop of the model: one pass per tick without allocating unless the demands changed
  const demands = new Array<number>(order.length).fill(0);
  const wants = new Array<number>(order.length).fill(0);
  const shares = order.map((c) => c.cgroup.shares);
  let t = firstPeriod(order[0]!);
  let active = 0;
  while (t < end) {
    while (active < order.length && firstPeriod(order[active]!) <= t) active++;
    const nextStart = active < order.length ? firstPeriod(order[active]!) : Infinity;
    if (onTick && t % tickMs === 0) {
      flush();
      onTick(t, active);
    }
    // a change inside a tick is seen at the next tick's sample: hold until the tick at or after the first change
    let change = Infinity;
    for (let i = 0; i < active; i++) {
      const c = order[i]!;
      change = Math.min(change, c.changesAfter && !onTick ? c.changesAfter(t) : t);
      demands[i] = Math.max(0, Math.round((c.demandMilliAt(t) * c.cgroup.periodUs) / 1000));
      wants[i] = quotaBound(demands[i]!, c.cgroup);
    }
    // as cpuGrants, without allocating on the common path: held back by the node, a container waits instead of throttling
    const got = nodeBound(capacityUs, wants, shares, active);
    if (got) for (let i = 0; i < active; i++) if (got[i]! < wants[i]!) demands[i] = got[i]!;
    const nextTick = (Math.floor(t / tickMs) + 1) * tickMs;
    const next = Math.min(end, nextStart, Math.max(nextTick, Math.ceil(change / tickMs) * tickMs));
    const periods = Math.round((next - t) / periodMs);
    let same = pending !== undefined && pending.active === active;
    for (let i = 0; same && i < active; i++) same = pending!.demands[i] === demands[i];
    if (same) pending!.periods += periods;
    else { flush(); pending = { periods, active, demands: demands.slice(0, active) }; }
    t = next;
  }
  flush();
}

/**
 * The CPU each container is granted at `now` in millicores (what `kubectl top` and the HPA
 * read): its demand, capped by its quota and by its fair share of the node.
 */
export function nodeCpuGrantsAt(input: NodeCpuInput, now: number): Map<string, number> {
  const cs = input.containers;
  const demands = cs.map((c) => Math.max(0, c.demandMilliAt(now)));
  const cgroups = cs.map((c) => c.cgroup);
  // in millicores: the same split as per period, with a period of 1000 units
  const asUnits = cgroups.map((cg) => ({ ...cg, quotaUs: cg.quotaUs < 0 ? -1 : (cg.quotaUs * 1000) / cg.periodUs }));
  const grants = cpuGrants(input.capacityMilli, demands, asUnits);
  return new Map(cs.map((c, i) => [c.key, grants[i]!.grantUs]));
}
