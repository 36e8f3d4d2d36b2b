/**
 * Keeping pace: a fast cluster clock that the loops cannot follow makes the simulation wrong — a
 * kubelet shard that renews its Leases late makes healthy nodes look dead to the node lifecycle
 * controller, which taints and evicts. With `spec.keepUp` (the default) the cluster clock slows
 * down when a loop reports that it ran late, and speeds up again once the loops have been on time
 * for a while: additive-increase/multiplicative-decrease, like TCP's congestion window, between
 * real time and the requested speed. Lateness is in cluster time; the pauses between changes are in
 * wall time (they are about the machine, not the simulation).
 */

export const PACE = {
  /**
   * A loop this late (cluster ms) slows the clock: a Lease renewal 10 s late still leaves 30 s of
   * its 40 s duration and 40 s of the node monitor's 50 s grace period.
   */
  lagLimitMs: 10_000,
  /** The clock never slows below real time (or the requested speed, when that is lower). */
  minSpeed: 1,
  slowFactor: 0.5,
  recoverFactor: 1.5,
  /** Wall ms between two changes of pace, so that one backlog halves the speed once, not per report. */
  holdMs: 2000,
  /** Wall ms without a report of lateness before the clock speeds up again. */
  quietMs: 5000,
} as const;

/** What the cluster store remembers between reports (wall ms). */
export interface PaceMemory {
  lastChangeWall: number;
  lastLagWall: number;
}

/**
 * The speed after a loop reported running `lateMs` of cluster time late; undefined to keep the
 * current one (late within the limit, already at the floor, or changed too recently).
 * @example slowedSpeed(60, 60, 12_000, { lastChangeWall: 0, lastLagWall: 0 }, 10_000) === 30
 */
export function slowedSpeed(current: number, requested: number, lateMs: number, memory: PaceMemory, wall: number): number | undefined {
  if (lateMs < PACE.lagLimitMs) return undefined;
  const floor = Math.min(PACE.minSpeed, requested);
  if (current <= floor || wall - memory.lastChangeWall < PACE.holdMs) return undefined;
  return Math.max(floor, round(current * PACE.slowFactor));
}

/**
 * The speed once the loops have been on time for `quietMs`: one step back towards the requested
 * speed; undefined when already there or too soon.
 * @example recoveredSpeed(30, 60, { lastChangeWall: 0, lastLagWall: 0 }, 10_000) === 45
 */
export function recoveredSpeed(current: number, requested: number, memory: PaceMemory, wall: number): number | undefined {
  if (current >= requested) return undefined;
  if (wall - memory.lastLagWall < PACE.quietMs || wall - memory.lastChangeWall < PACE.holdMs) return undefined;
  return Math.min(requested, round(current * PACE.recoverFactor));
}

/** Speeds in status read as people write them: 2 decimals at most. */
function round(speed: number): number {
  return Math.round(speed * 100) / 100;
}
