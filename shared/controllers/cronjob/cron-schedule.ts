import { Cron } from 'croner';

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

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], base: 1 },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], base: 0 },
] as const;

/**
 * cron.ParseStandard (robfig/cron v3, which kube-controller-manager uses): five fields, names for
 * months and weekdays, ranges, steps, `*` and `?`, the `@yearly … @hourly` descriptors, `@every
 * <duration>`, and a `TZ=` / `CRON_TZ=` prefix. The fields are checked with robfig's grammar and
 * bounds (so croner's extensions such as `L`, `W`, `#` or weekday 7 are refused as upstream
 * refuses them); croner computes the activations, with the Vixie day-of-month/day-of-week rule.
 * `timeZone` is the location when the schedule names none (kube-controller-manager runs in UTC).
 */
export function parseSchedule(spec: string, timeZone = 'UTC'): { schedule: Schedule } | { error: string } {
  let s = spec.trim();
  let tz = timeZone;
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(s);
  if (prefix) {
    tz = prefix[1]!;
    if (!validTimeZone(tz)) return { error: `provided bad location ${tz}: unknown time zone ${tz}` };
    s = s.slice(prefix[0].length).trim();
  }
  if (s.startsWith('@every ')) {
    const d = goDurationMs(s.slice('@every '.length).trim());
    if (d === undefined) return { error: `failed to parse duration ${s}: time: invalid duration "${s.slice('@every '.length).trim()}"` };
    // ConstantDelaySchedule: at least a second, whole seconds, from the start of the current second
    const delay = Math.max(1000, d - (d % 1000));
    return { schedule: { next: (t) => t - (((t % 1000) + 1000) % 1000) + delay } };
  }
  if (s.startsWith('@')) {
    const expanded = DESCRIPTORS[s];
    if (!expanded) return { error: `unrecognized descriptor: ${s}` };
    s = expanded;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return { error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]` };
  for (const [i, f] of fields.entries()) {
    const err = checkField(f, FIELDS[i]!);
    if (err) return { error: err };
  }
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

/** One robfig field: comma-separated `*`, `?`, `a`, `a-b`, each with an optional `/step`. */
function checkField(field: string, spec: (typeof FIELDS)[number]): string | undefined {
  for (const part of field.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return `too many slashes: ${part}`;
    if (step !== undefined && !/^\d+$/.test(step)) return `failed to parse int from ${step}: strconv.Atoi: parsing "${step}": invalid syntax`;
    if (step !== undefined && Number(step) === 0) return `step of range should be a positive number: ${part}`;
    if (range === '*' || range === '?') continue;
    const bounds = range!.split('-');
    if (bounds.length > 2) return `too many hyphens: ${part}`;
    const values: number[] = [];
    for (const b of bounds) {
      const v = valueOf(b, spec);
      if (v === undefined) return `failed to parse int from ${b}: strconv.Atoi: parsing "${b}": invalid syntax`;
      values.push(v);
    }
    const [start, end = step !== undefined ? spec.max : values[0]!] = values;
    if (start! < spec.min) return `beginning of range (${start}) below minimum (${spec.min}): ${part}`;
    if (end > spec.max) return `end of range (${end}) above maximum (${spec.max}): ${part}`;
    if (start! > end) return `beginning of range (${start}) beyond end of range (${end}): ${part}`;
  }
  return undefined;
}

function valueOf(s: string, spec: (typeof FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if ('names' in spec) {
    const i = (spec.names as readonly string[]).indexOf(s.toLowerCase());
    if (i >= 0) return i + spec.base;
  }
  return undefined;
}

/** Whether Intl knows the IANA zone (time.LoadLocation). */
export function validTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'UTC' || tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration: `1h30m`, `90s`, `1.5h`; undefined when malformed. */
function goDurationMs(s: string): number | undefined {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    pos = re.lastIndex;
  }
  return pos === s.length && s.length > 0 ? total : undefined;
}
