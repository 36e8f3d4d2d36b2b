import type { CpuBurstConfig } from './cpu-burst-config';

/** koordlet's constants (qosmanager/plugins/cpuburst). */
export const CFS_INCREASE_STEP = 1.2;
export const CFS_DECREASE_STEP = 0.8;
export const SHARE_POOL_COOLING_RATIO = 0.9;
const LIMITER_CONSUME_PERCENT = 100;
const LIMITER_SAVE_PERCENT = 60;

export type NodeBurstState = 'overload' | 'cooling' | 'idle' | 'unknown';
export type CfsOperation = 'scaleUp' | 'scaleDown' | 'remain' | 'reset';

const cpuBurstEnabled = (p: CpuBurstConfig['policy']) => p === 'auto' || p === 'cpuBurstOnly';
export const cfsQuotaBurstEnabled = (p: CpuBurstConfig['policy']) => p === 'auto' || p === 'cfsQuotaBurstOnly';

/**
 * cpu.cfs_burst_us koordlet sets (calcSafeCPUBurstVal): limit × cpuBurstPercent% of a period with
 * `auto` or `cpuBurstOnly`, never above the current quota (the kernel refuses burst > quota); 0 otherwise.
 * @example cpuBurstUs({ policy: 'auto', cpuBurstPercent: 1000 }, 5000, 500_000) === 500_000
 */
export function cpuBurstUs(cfg: CpuBurstConfig, limitMilli: number, quotaUs: number, periodUs = 100_000): number {
  if (!cpuBurstEnabled(cfg.policy) || limitMilli <= 0) return 0;
  const desired = Math.trunc((limitMilli / 1000) * ((cfg.cpuBurstPercent ?? 0) / 100) * periodUs);
  return quotaUs > 0 && desired > quotaUs ? quotaUs : desired;
}

/** What the node state is computed from: the node's CPUs and usage, and the pods outside the share pool. */
export interface SharePoolSample {
  /** Node CPU usage in cores; undefined when there is no metric yet. */
  nodeUsedCores?: number;
  nodeCores: number;
  /** CPU requests (cores) of LSE and LSR pods, which own their CPUs. */
  exclusiveRequestCores: number;
  /** Usage (cores) of LSE, LSR and BE pods. */
  excludedUsageCores: number;
}

/**
 * The node state from the share pool's usage (getNodeStateForBurst): (node usage − LSE/LSR/BE usage)
 * ÷ (CPUs − LSE/LSR requests) against the threshold: overload at or above it, cooling from 90% of
 * it, idle below; unknown without metrics.
 */
export function nodeBurstState(thresholdPercent: number, s: SharePoolSample): NodeBurstState {
  if (s.nodeUsedCores === undefined || !(s.nodeCores > 0)) return 'unknown';
  const total = s.nodeCores - s.exclusiveRequestCores;
  const ratio = total > 0 ? (s.nodeUsedCores - s.excludedUsageCores) / total : 1;
  const threshold = thresholdPercent / 100;
  if (ratio >= threshold) return 'overload';
  if (ratio >= threshold * SHARE_POOL_COOLING_RATIO) return 'cooling';
  return 'idle';
}

/**
 * The container's own operation (genOperationByContainer): reset when the policy does not scale
 * quotas, down when the limiter refuses, up when it was throttled in the last interval, else remain
 * (also when there is no throttling metric yet).
 */
export function cfsOperation(cfg: CpuBurstConfig, limiterAllows: boolean, throttled: boolean | undefined): CfsOperation {
  if (!cfsQuotaBurstEnabled(cfg.policy)) return 'reset';
  if (!limiterAllows) return 'scaleDown';
  return throttled ? 'scaleUp' : 'remain';
}

/** changeOperationByNode: an overloaded node scales down instead of up or remain; a cooling or unknown one does not scale up. */
export function operationByNode(state: NodeBurstState, op: CfsOperation): CfsOperation {
  if (state === 'overload' && (op === 'scaleUp' || op === 'remain')) return 'scaleDown';
  if ((state === 'cooling' || state === 'unknown') && op === 'scaleUp') return 'remain';
  return op;
}

/**
 * The new cfs quota (applyCFSQuotaBurst): ×1.2 up, ×0.8 down, the base on reset, kept between the
 * base and the ceiling (base × cfsQuotaBurstPercent% when that is above 100).
 * @example targetCfsQuota(200_000, 580_000, { cfsQuotaBurstPercent: 300 }, 'scaleUp') === 600_000
 */
export function targetCfsQuota(baseUs: number, currentUs: number, cfg: CpuBurstConfig, op: CfsOperation): number {
  const percent = cfg.cfsQuotaBurstPercent;
  const ceil = percent !== undefined && percent > 100 ? Math.trunc((baseUs * percent) / 100) : baseUs;
  const target = op === 'scaleUp' ? Math.trunc(currentUs * CFS_INCREASE_STEP) : op === 'scaleDown' ? Math.trunc(currentUs * CFS_DECREASE_STEP) : op === 'reset' ? baseUs : currentUs;
  return Math.max(baseUs, Math.min(target, ceil));
}

/** koordlet's burstLimiter: a token bucket that stops a container from running above its limit for too long. */
export interface BurstLimiter {
  capacity: number;
  tokens: number;
  /** Epoch ms of the last Allow. */
  lastUpdate: number;
}

/**
 * A new limiter: capacity = periodSeconds × (cfsQuotaBurstPercent − 100), filled to a random share
 * in [0, 0.5) of it (`rand` in [0, 1), injected so the simulation is deterministic).
 */
export function newBurstLimiter(periodSeconds: number, maxScalePercent: number, now: number, rand: number): BurstLimiter {
  const capacity = periodSeconds * (maxScalePercent - 100);
  return { capacity, tokens: Math.trunc(capacity * (rand / 2)), lastUpdate: now };
}

/**
 * burstLimiter.Allow: a container using at least its limit spends (usage% − 100) tokens a second,
 * one under 60% saves (100 − usage%); tokens stay within ±capacity; allowed while tokens > 0.
 */
export function limiterAllow(l: BurstLimiter, now: number, usagePercent: number): { limiter: BurstLimiter; allowed: boolean } {
  const seconds = Math.trunc((now - l.lastUpdate) / 1000);
  let tokens = l.tokens;
  if (usagePercent >= LIMITER_CONSUME_PERCENT) tokens -= (usagePercent - 100) * seconds;
  else if (usagePercent < LIMITER_SAVE_PERCENT) tokens += (100 - usagePercent) * seconds;
  tokens = Math.max(Math.min(tokens, l.capacity), -l.capacity);
  return { limiter: { ...l, tokens, lastUpdate: now }, allowed: tokens > 0 };
}

/**
 * Whether the limiter lets a container scale up (cfsBurstAllowedByLimiter): always without a
 * period (< 0); never with a ceiling under 100%; else the bucket decides.
 */
export function limiterAllows(cfg: CpuBurstConfig, limiter: BurstLimiter | undefined, now: number, usagePercent: number, rand: number): { allowed: boolean; limiter?: BurstLimiter } {
  const period = cfg.cfsQuotaBurstPeriodSeconds;
  if (period === undefined || period < 0) return { allowed: true, limiter };
  const percent = cfg.cfsQuotaBurstPercent;
  if (percent === undefined || percent < 100) return { allowed: false, limiter };
  // UpdateIfChanged: a new capacity starts a new bucket
  const l = limiter && limiter.capacity === period * (percent - 100) ? limiter : newBurstLimiter(period, percent, now, rand);
  const r = limiterAllow(l, now, usagePercent);
  return { allowed: r.allowed, limiter: r.limiter };
}
