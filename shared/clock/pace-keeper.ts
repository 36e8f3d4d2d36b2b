import type { ClusterClockObject } from './clock-object';
import { PACE, pacedSpeed, remember, type PaceMemory, type PaceSample } from './pace';

/**
 * The cluster store's side of keeping pace (shared/clock/pace.ts): it takes the samples it gathers
 * from the loops (and the reports of a loop that found itself late), and returns the ClusterClock to
 * write when the speed in effect should change (the write re-anchors the clock and reaches every
 * isolate as any clock change does). What it remembers is about this run of the machine, so it
 * lives in memory; a store that restarts starts from the speed stored.
 */
export class ClockPace {
  private memory: PaceMemory = { lastChangeWall: -Infinity, lastLagWall: -Infinity };

  /** A sample (or one loop's report) of how late the loops run: the clock to write, if its speed should change. */
  sampled(obj: ClusterClockObject | null, sample: PaceSample, wall: number): ClusterClockObject | undefined {
    const pace = paceOf(obj);
    if (!pace) return undefined;
    this.memory = remember(this.memory, pace.current, sample, wall);
    const change = pacedSpeed(pace.current, pace.requested, sample, this.memory, wall);
    if (!change) return undefined;
    this.memory.lastChangeWall = wall;
    // what a later slow-down of the same spell must match: a lateness not falling (pacedSpeed)
    if (change.speed < pace.current) this.memory.lateAtSlow = sample.lateMs;
    const { message: _old, ...status } = obj!.status!;
    return { ...obj!, status: { ...status, speed: change.speed, ...(change.reason ? { message: change.reason } : {}) } };
  }

  /**
   * A loop (`host`) found itself `lateMs` of cluster time late: the slower clock to write, if any. One
   * loop's report acts alone only at PACE.hardLateMs; softer lateness waits for the sampler to see it
   * sustained across every loop (a report between samples would count twice towards the run).
   */
  slowed(obj: ClusterClockObject | null, host: string, lateMs: number, wall: number): ClusterClockObject | undefined {
    return lateMs >= PACE.hardLateMs ? this.sampled(obj, { host, lateMs, unanswered: 0 }, wall) : undefined;
  }
}

/** Whether the clock keeps pace and runs faster than real time (or slower than asked): the loops need watching. */
export function needsPacing(obj: ClusterClockObject | null): boolean {
  const pace = paceOf(obj);
  return pace !== undefined && (pace.current > 1 || pace.current < pace.requested);
}

/** Requested and current speed of a running clock that keeps pace; undefined otherwise. */
function paceOf(obj: ClusterClockObject | null): { requested: number; current: number } | undefined {
  const requested = obj?.spec?.speed;
  const status = obj?.status;
  if (!status || status.paused || obj?.spec?.keepUp === false || typeof requested !== 'number') return undefined;
  return { requested, current: status.speed };
}
