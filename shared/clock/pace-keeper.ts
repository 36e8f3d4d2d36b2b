import type { ClusterClockObject } from './clock-object';
import { recoveredSpeed, slowedSpeed, type PaceMemory } from './pace';

/**
 * The cluster store's side of keeping pace (shared/clock/pace.ts): it hears the controller hosts'
 * reports of lateness, and returns the ClusterClock to write when the speed in effect should change
 * (the write re-anchors the clock and reaches every isolate as any clock change does). What it
 * remembers is about this run of the machine, so it lives in memory.
 */
export class ClockPace {
  private readonly memory: PaceMemory = { lastChangeWall: -Infinity, lastLagWall: -Infinity };

  /** A loop (`host`) ran `lateMs` of cluster time late: the slower clock to write, if any. */
  slowed(obj: ClusterClockObject | null, host: string, lateMs: number, wall: number): ClusterClockObject | undefined {
    const pace = paceOf(obj);
    if (!pace) return undefined;
    const speed = slowedSpeed(pace.current, pace.requested, lateMs, this.memory, wall);
    if (lateMs > 0) this.memory.lastLagWall = wall;
    if (speed === undefined) return undefined;
    this.memory.lastChangeWall = wall;
    const message = `slowed to ${speed}× of the ${pace.requested}× asked: ${host} ran ${(lateMs / 1000).toFixed(1)} s of cluster time late`;
    return { ...obj!, status: { ...obj!.status!, speed, message } };
  }

  /** The loops have been on time: the faster clock to write, if any. */
  recovered(obj: ClusterClockObject | null, wall: number): ClusterClockObject | undefined {
    const pace = paceOf(obj);
    if (!pace) return undefined;
    const speed = recoveredSpeed(pace.current, pace.requested, this.memory, wall);
    if (speed === undefined) return undefined;
    this.memory.lastChangeWall = wall;
    const { message: _old, ...status } = obj!.status!;
    const message = speed < pace.requested ? `speeding up again: ${speed}× of the ${pace.requested}× asked, the loops are on time` : undefined;
    return { ...obj!, status: { ...status, speed, ...(message ? { message } : {}) } };
  }
}

/** Whether the clock runs slower than asked, so the store should look again for a recovery. */
export function runsSlow(obj: ClusterClockObject | null): boolean {
  const pace = paceOf(obj);
  return pace !== undefined && pace.current < pace.requested;
}

/** Requested and current speed of a running clock that keeps pace; undefined otherwise. */
function paceOf(obj: ClusterClockObject | null): { requested: number; current: number } | undefined {
  const requested = obj?.spec?.speed;
  const status = obj?.status;
  if (!status || status.paused || obj?.spec?.keepUp === false || typeof requested !== 'number') return undefined;
  return { requested, current: status.speed };
}
