import type { Container } from 'kubernetes-types/core/v1';
import { parseCpuMilli } from '../nodes/quantity';

/** The CFS period the kubelet writes (cpu.cfs_period_us / the second field of cpu.max), in µs. */
export const CFS_PERIOD_US = 100_000;
/** The smallest quota the kubelet writes (pkg/kubelet/cm MinQuotaPeriod), in µs. */
export const MIN_QUOTA_US = 1000;
/** cpu.shares bounds (kernel/sched/sched.h MIN_SHARES / MAX_SHARES). */
export const MIN_SHARES = 2;
export const MAX_SHARES = 262_144;

/**
 * cpu.shares for a CPU request, as the kubelet's MilliCPUToShares: 1024 per core, at least 2
 * (so "no request" still gets the floor, not the kernel's default 1024), at most 262144.
 * @example milliCpuToShares(250) === 256; milliCpuToShares(0) === 2
 */
export function milliCpuToShares(milli: number): number {
  if (milli <= 0) return MIN_SHARES;
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.floor((milli * 1024) / 1000)));
}

/**
 * cpu.cfs_quota_us for a CPU limit, as the kubelet's milliCPUToQuota: limit × period / 1000,
 * at least 1000 µs; 0 (no limit) means no quota.
 * @example milliCpuToQuota(500) === 50_000; milliCpuToQuota(5) === 1000
 */
export function milliCpuToQuota(milli: number, periodUs = CFS_PERIOD_US): number {
  if (milli <= 0) return 0;
  return Math.max(MIN_QUOTA_US, Math.floor((milli * periodUs) / 1000));
}

/**
 * cgroup v2 cpu.weight for cgroup v1 cpu.shares, the kubelet's conversion (KEP-2254):
 * 1 + (shares − 2) × 9999 / 262142, integer division.
 * @example cpuSharesToWeight(1024) === 39; cpuSharesToWeight(2) === 1
 */
export function cpuSharesToWeight(shares: number): number {
  return 1 + Math.floor(((shares - MIN_SHARES) * 9999) / 262_142);
}

/** The CPU controller settings of one container's cgroup. */
export interface CpuCgroup {
  shares: number;
  /** cgroup v2 cpu.weight. */
  weight: number;
  /** µs of CPU per period; −1 = unlimited ("max"). */
  quotaUs: number;
  periodUs: number;
  /** cpu.cfs_burst_us / cpu.max.burst: unused quota a period may carry over, in µs. */
  burstUs: number;
}

/**
 * The cgroup the kubelet gives a container (kuberuntime's generateLinuxContainerResources):
 * shares from the CPU request (from the limit when only a limit is set), quota from the
 * limit, no burst unless one is configured.
 */
export function containerCpuCgroup(c: Container, burstUs = 0): CpuCgroup {
  const request = parseCpuMilli(c.resources?.requests?.['cpu']) ?? 0;
  const limit = parseCpuMilli(c.resources?.limits?.['cpu']) ?? 0;
  const shares = milliCpuToShares(request === 0 && limit > 0 ? limit : request);
  const quota = milliCpuToQuota(limit);
  // the kernel refuses a burst larger than the quota (sched-bwc.rst), and any burst without one
  return { shares, weight: cpuSharesToWeight(shares), quotaUs: quota > 0 ? quota : -1, periodUs: CFS_PERIOD_US, burstUs: quota > 0 ? Math.min(Math.max(0, burstUs), quota) : 0 };
}
