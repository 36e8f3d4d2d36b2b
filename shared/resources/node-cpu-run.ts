import { unitHash } from '../nodes/hash';
import { cfsPeriods, newCfsAccount, type CfsAccount, type CpuStat } from './cfs-bandwidth';
import type { CpuCgroup } from './cpu-cgroup';
import { cfsOperation, cfsQuotaBurstEnabled, cpuBurstUs, limiterAllows, nodeBurstState, operationByNode, targetCfsQuota, type BurstLimiter, type CfsOperation, type NodeBurstState } from './cpu-burst';
import { byFirstPeriod, CPU_TICK_MS, forEachCpuSegment, type CpuContainer, type NodeCpuInput } from './node-cpu';

/** One koordlet decision that changed a container's cgroup. */
export interface BurstDecision {
  /** Epoch ms of the reconcile. */
  at: number;
  op: CfsOperation;
  nodeState: NodeBurstState;
  /** nr_throttled / nr_periods over the last interval. */
  throttledRatio: number;
  fromQuotaUs: number;
  toQuotaUs: number;
  burstUs: number;
}

/** A container's CPU at the end of a run: its counters, its cgroup as last set, and why it changed. */
export interface ContainerCpuRun {
  stat: CpuStat;
  cgroup: CpuCgroup;
  /** The node's share-pool state at the last reconcile (koordlet nodes only). */
  nodeState?: NodeBurstState;
  /** The most recent quota/burst changes, oldest first (at most `DECISIONS_KEPT`). */
  decisions: BurstDecision[];
}

export const DECISIONS_KEPT = 20;
// koordlet averages node usage over min(5 × reconcile interval, 10 s)
const NODE_USAGE_TICKS = 5;

/** Whether koordlet may change a container's quota over time (otherwise its cgroup is fixed and ticks can be skipped). */
const scalesQuota = (c: CpuContainer) => c.burst !== undefined && c.burst.eligible && cfsQuotaBurstEnabled(c.burst.cfg.policy);

/**
 * Run a node's CPU from its first container start to `now`: the CFS model per tick and, where
 * koordlet's CPU burst scales quotas (`auto`, `cfsQuotaBurstOnly`), its reconcile at every tick
 * (1 s, koordlet's default interval): the node's share-pool state from the last 5 s of usage, each
 * eligible container's limiter, operation (throttled in the last second → up) and new quota and
 * burst, applied to the next tick's periods. A container's cgroup starts as the kubelet made it,
 * with koordlet's static cfs_burst_us when its policy sets one. Deterministic: the limiter's random
 * fill comes from a hash of the container's key.
 */
export function nodeCpuRun(input: NodeCpuInput, now: number, tickMs = CPU_TICK_MS): Map<string, ContainerCpuRun> {
  const order = byFirstPeriod(input.containers).map((c) => ({ ...c, cgroup: { ...c.cgroup } }));
  const accounts: CfsAccount[] = order.map((c) => newCfsAccount(c.cgroup));
  const decisions: BurstDecision[][] = order.map(() => []);
  const controlled = order.some(scalesQuota);
  let nodeState: NodeBurstState | undefined;
  const visit = (periods: number, active: number, demands: readonly number[]) => {
    for (let i = 0; i < active; i++) accounts[i] = cfsPeriods(accounts[i]!, demands[i]!, periods, order[i]!.cgroup);
  };
  if (!controlled) {
    forEachCpuSegment(order, input.capacityMilli, now, visit, tickMs);
  } else {
    const last: (CpuStat | undefined)[] = order.map(() => undefined);
    const limiters: (BurstLimiter | undefined)[] = order.map(() => undefined);
    const nodeUsage: number[] = [];
    const delta: ({ usageUs: number; periods: number; throttled: number } | undefined)[] = order.map(() => undefined);
    const reconcile = (t: number, active: number) => {
      // the last interval's metrics: per-container deltas, the node's usage, and what lies outside the share pool
      const tickUs = tickMs * 1000;
      let used = 0;
      let seen = false;
      let exclusiveRequest = 0;
      let excludedUsage = 0;
      for (let i = 0; i < active; i++) {
        const prev = last[i];
        const cur = accounts[i]!.stat;
        last[i] = cur;
        const d = prev ? { usageUs: cur.usageUs - prev.usageUs, periods: cur.nrPeriods - prev.nrPeriods, throttled: cur.nrThrottled - prev.nrThrottled } : undefined;
        delta[i] = d;
        if (d) { seen = true; used += d.usageUs; }
        const q = order[i]!.burst?.koordQos ?? '';
        if (q === 'LSE' || q === 'LSR') exclusiveRequest += (order[i]!.burst?.requestMilli ?? 0) / 1000;
        if ((q === 'LSE' || q === 'LSR' || q === 'BE') && d) excludedUsage += d.usageUs / tickUs;
      }
      if (seen) {
        nodeUsage.push(used);
        if (nodeUsage.length > NODE_USAGE_TICKS) nodeUsage.shift();
      }
      const cores = (input.capacityMilli ?? 0) / 1000;
      const avgUsed = nodeUsage.length ? nodeUsage.reduce((a, b) => a + b, 0) / nodeUsage.length / (tickMs * 1000) : undefined;
      nodeState = nodeBurstState(input.sharePoolThresholdPercent ?? 50, { nodeUsedCores: avgUsed, nodeCores: cores, exclusiveRequestCores: exclusiveRequest, excludedUsageCores: excludedUsage });
      for (let i = 0; i < active; i++) {
        const c = order[i]!;
        const b = c.burst;
        if (!b?.eligible || b.limitMilli <= 0) continue;
        const base = b.limitMilli * 100;
        const d = delta[i];
        // no usage metric yet: koordlet takes the limit as the usage
        const usagePercent = d ? Math.trunc(((d.usageUs / (tickMs * 1000)) / (b.limitMilli / 1000)) * 100) : 100;
        const lim = limiterAllows(b.cfg, limiters[i], t, usagePercent, unitHash(c.key));
        limiters[i] = lim.limiter;
        const throttledRatio = d && d.periods > 0 ? d.throttled / d.periods : 0;
        const op = operationByNode(nodeState, cfsOperation(b.cfg, lim.allowed, d ? throttledRatio > 0 : undefined));
        const quota = targetCfsQuota(base, c.cgroup.quotaUs, b.cfg, op);
        const burst = cpuBurstUs(b.cfg, b.limitMilli, quota, c.cgroup.periodUs);
        if (quota === c.cgroup.quotaUs && burst === c.cgroup.burstUs) continue;
        decisions[i]!.push({ at: t, op, nodeState, throttledRatio, fromQuotaUs: c.cgroup.quotaUs, toQuotaUs: quota, burstUs: burst });
        if (decisions[i]!.length > DECISIONS_KEPT) decisions[i]!.shift();
        c.cgroup = { ...c.cgroup, quotaUs: quota, burstUs: burst };
        // a new quota refills the bandwidth pool to at most quota + burst
        accounts[i] = { ...accounts[i]!, runtimeUs: Math.min(Math.max(accounts[i]!.runtimeUs, quota), quota + burst) };
      }
    };
    forEachCpuSegment(order, input.capacityMilli, now, visit, tickMs, reconcile);
  }
  return new Map(order.map((c, i) => [c.key, { stat: accounts[i]!.stat, cgroup: c.cgroup, decisions: decisions[i]!, ...(controlled && nodeState ? { nodeState } : {}) }]));
}

/**
 * The cpu.stat of every container on a node at `now`, computed over each container's lifetime
 * from its demand curve: deterministic in the demand and the clock, so nothing is stored.
 * @returns counters by container key.
 */
export function nodeCpuStats(input: NodeCpuInput, now: number, tickMs = CPU_TICK_MS): Map<string, CpuStat> {
  return new Map([...nodeCpuRun(input, now, tickMs)].map(([k, r]) => [k, r.stat]));
}
