import type { CronJob } from 'kubernetes-types/batch/v1';
import { parseTime } from '../time';
import type { Schedule } from './cron-schedule';

/** How many start times were missed since the last schedule (upstream's missedSchedulesType). */
export type MissedSchedules = 'none' | 'few' | 'many';

/** Requeue a little after the next activation, so it is surely due (nextScheduleDelta). */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export interface MostRecent {
  earliest: number;
  /** The most recent activation at or before now, if any since `earliest`. */
  mostRecent?: number;
  missed: MissedSchedules;
  error?: string;
}

/**
 * mostRecentScheduleTime: from the last schedule time (or creation, or with the starting deadline
 * now − startingDeadlineSeconds when later), the latest activation at or before now and how many
 * were missed, approximated from the interval between the next two activations as upstream does.
 */
export function mostRecentScheduleTime(cj: CronJob, now: number, schedule: Schedule, includeStartingDeadline: boolean): MostRecent {
  let earliest = parseTime(cj.status?.lastScheduleTime) ?? parseTime(cj.metadata?.creationTimestamp) ?? 0;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && deadline != null) earliest = Math.max(earliest, now - deadline * 1000);
  const t1 = schedule.next(earliest);
  const t2 = schedule.next(t1);
  if (now < t1) return { earliest, missed: 'none' };
  if (now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return { earliest, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  const missedCount = Math.trunc(Math.trunc((now - t1) / 1000) / between) + 1;
  let mostRecent: number | undefined;
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  for (let t = schedule.next(potentialEarliest); t <= now; t = schedule.next(t)) mostRecent = t;
  const missed: MissedSchedules = missedCount > 100 ? 'many' : missedCount > 1 ? 'few' : 'none';
  return mostRecent === undefined ? { earliest, missed } : { earliest, mostRecent, missed };
}

/** nextScheduleTime: the unmet activation to start now (with the starting deadline applied), if any. */
export function nextScheduleTime(cj: CronJob, now: number, schedule: Schedule): MostRecent {
  const r = mostRecentScheduleTime(cj, now, schedule, true);
  if (r.mostRecent === undefined || r.mostRecent > now) return { earliest: r.earliest, missed: r.missed, ...(r.error ? { error: r.error } : {}) };
  return r;
}

/** nextScheduleTimeDuration: how long until the activation after the most recent one (plus the delta). */
export function nextScheduleDelayMs(cj: CronJob, now: number, schedule: Schedule): number {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let from: number;
  if (r.error) from = now;
  else if (r.mostRecent === undefined) from = r.missed === 'none' ? r.earliest : now;
  else from = r.mostRecent;
  return schedule.next(from) + NEXT_SCHEDULE_DELTA_MS - now;
}
