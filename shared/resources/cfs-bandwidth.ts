import type { CpuCgroup } from './cpu-cgroup';

/** A cgroup's cpu.stat (cgroup v2 names, times in µs) plus its usage. */
export interface CpuStat {
  /** Periods in which the cgroup had runnable work. */
  nrPeriods: number;
  /** Periods in which it ran out of runtime (at most one count per period). */
  nrThrottled: number;
  /** Time its run queues spent throttled, summed over the CPUs it wanted (throttled_usec). */
  throttledUs: number;
  /** Periods in which it ran beyond its quota on carried-over burst runtime. */
  nrBursts: number;
  /** CPU time run beyond the quota (burst_usec). */
  burstUs: number;
  /** CPU time consumed (cpu.stat usage_usec). */
  usageUs: number;
}

/** The bandwidth controller of one cgroup between periods: its counters and the runtime left for the next period. */
export interface CfsAccount {
  stat: CpuStat;
  /** Runtime available at the start of the next period, in µs (quota ≤ runtime ≤ quota + burst). */
  runtimeUs: number;
}

export const ZERO_CPU_STAT: CpuStat = { nrPeriods: 0, nrThrottled: 0, throttledUs: 0, nrBursts: 0, burstUs: 0, usageUs: 0 };

/** A fresh cgroup: no history, one period's quota of runtime. */
export function newCfsAccount(cg: CpuCgroup): CfsAccount {
  return { stat: { ...ZERO_CPU_STAT }, runtimeUs: Math.max(0, cg.quotaUs) };
}

// A demand of d µs per period wants ceil(d / period) CPUs; each of their run queues stays
// throttled from the moment runtime runs out to the end of the period (as throttled_time sums
// per-CPU throttled time), i.e. threads × period − runtime used.
const throttledTime = (demandUs: number, usedUs: number, periodUs: number) => Math.max(1, Math.ceil(demandUs / periodUs)) * periodUs - usedUs;

/**
 * One CFS period with a demand of `demandUs` µs of CPU (sched-bwc.rst, with the simplification
 * that unmet demand is dropped rather than queued): the cgroup runs min(demand, runtime); it is
 * throttled when the demand exceeds the runtime; running past the quota consumes burst; the
 * next period's runtime is what is left plus one quota, capped at quota + burst. A period with
 * no demand is not counted in nr_periods (the kernel's period timer idles) but still refills.
 * This is the reference `cfsPeriods` is tested against.
 */
export function cfsPeriod(acc: CfsAccount, demandUs: number, cg: CpuCgroup): CfsAccount {
  const s = { ...acc.stat };
  if (cg.quotaUs < 0) {
    if (demandUs > 0) s.nrPeriods++;
    s.usageUs += demandUs;
    return { stat: s, runtimeUs: acc.runtimeUs };
  }
  const R = acc.runtimeUs;
  const used = Math.min(demandUs, R);
  if (demandUs > 0) s.nrPeriods++;
  if (demandUs > R) {
    s.nrThrottled++;
    s.throttledUs += throttledTime(demandUs, used, cg.periodUs);
  }
  if (used > cg.quotaUs) {
    s.nrBursts++;
    s.burstUs += used - cg.quotaUs;
  }
  s.usageUs += used;
  return { stat: s, runtimeUs: Math.min(R - used + cg.quotaUs, cg.quotaUs + cg.burstUs) };
}

/**
 * `n` consecutive periods of the same demand in O(1), equal to applying `cfsPeriod` n times.
 * With demand ≤ quota the runtime only grows (toward quota + burst) and nothing throttles.
 * Above the quota each period eats demand − quota of the carried runtime: the first
 * floor((R − d)/(d − quota)) + 1 periods run in full on burst, the next runs what is left and
 * throttles, and every later one runs exactly the quota and throttles.
 */
export function cfsPeriods(acc: CfsAccount, demandUs: number, n: number, cg: CpuCgroup): CfsAccount {
  if (n <= 0) return acc;
  const s = { ...acc.stat };
  const Q = cg.quotaUs;
  if (demandUs > 0) s.nrPeriods += n;
  if (Q < 0) {
    s.usageUs += demandUs * n;
    return { stat: s, runtimeUs: acc.runtimeUs };
  }
  let R = acc.runtimeUs;
  if (demandUs <= Q) {
    s.usageUs += demandUs * n;
    return { stat: s, runtimeUs: Math.min(R + (Q - demandUs) * n, Q + cg.burstUs) };
  }
  const excess = demandUs - Q;
  const full = R >= demandUs ? Math.min(n, Math.floor((R - demandUs) / excess) + 1) : 0;
  s.usageUs += demandUs * full;
  s.nrBursts += full;
  s.burstUs += excess * full;
  R -= excess * full;
  let left = n - full;
  if (left === 0) return { stat: s, runtimeUs: R };
  // the period that runs out: whatever runtime remains, burst beyond the quota included
  s.usageUs += R;
  s.nrThrottled++;
  s.throttledUs += throttledTime(demandUs, R, cg.periodUs);
  if (R > Q) {
    s.nrBursts++;
    s.burstUs += R - Q;
  }
  left--;
  // from then on: refilled to exactly one quota each period, all of it used, throttled
  s.usageUs += Q * left;
  s.nrThrottled += left;
  s.throttledUs += throttledTime(demandUs, Q, cg.periodUs) * left;
  return { stat: s, runtimeUs: Math.min(Q, Q + cg.burstUs) };
}
