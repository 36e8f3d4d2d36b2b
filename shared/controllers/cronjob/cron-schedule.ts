import { Cron } from 'croner';
import { parseGoDuration } from '../../clock/go-duration';
import { cronScheduleError } from '../../validation/cron-schedule';

/** A parsed schedule: the first activation strictly after a time (ms since the epoch). */
export interface Schedule {
  next(afterMs: number): number;
}

/** robfig/cron's descriptors, as the five fields they stand for. */
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * cron.ParseStandard (robfig/cron v3, which kube-controller-manager uses): five fields, names for
 * months and weekdays, ranges, steps, `*` and `?`, the `@yearly … @hourly` descriptors, `@every
 * <duration>`, and a `TZ=` / `CRON_TZ=` prefix. The schedule is checked with the same robfig grammar
 * the API's validation uses (so croner's extensions such as `L`, `W`, `#` or weekday 7 are refused as
 * upstream refuses them); croner computes the activations, with the Vixie day-of-month/day-of-week rule.
 * `timeZone` is the location when the schedule names none (kube-controller-manager runs in UTC).
 */
export function parseSchedule(spec: string, timeZone = 'UTC'): { schedule: Schedule } | { error: string } {
  const error = cronScheduleError(spec.trim());
  if (error) return { error };
  let s = spec.trim();
  let tz = timeZone;
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(s);
  if (prefix) {
    tz = prefix[1]!;
    s = s.slice(prefix[0].length).trim();
  }
  if (s.startsWith('@every ')) {
    const d = parseGoDuration(s.slice('@every '.length).trim())!;
    // ConstantDelaySchedule: at least a second, whole seconds, from the start of the current second
    const delay = Math.max(1000, d - (d % 1000));
    return { schedule: { next: (t) => t - (((t % 1000) + 1000) % 1000) + delay } };
  }
  const fields = (DESCRIPTORS[s] ?? s).split(/\s+/).filter(Boolean);
  let cron: Cron;
  try {
    cron = new Cron(fields.join(' '), { timezone: tz, paused: true, mode: '5-part' });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  return {
    schedule: {
      next: (t) => {
        const n = cron.nextRun(new Date(t));
        // robfig gives up after five years without a match (e.g. Feb 30): the zero time
        return n ? n.getTime() : -62135596800000;
      },
    },
  };
}

