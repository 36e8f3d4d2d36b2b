/**
 * robfig/cron v3's ParseStandard, as kube-apiserver validates CronJob schedules with it: five
 * fields (minute hour day-of-month month day-of-week), `*` and `?`, ranges, steps, names
 * (jan–dec, sun–sat, any case), comma lists, and the descriptors @yearly @annually @monthly
 * @weekly @daily @midnight @hourly and `@every <duration>`. No seconds, no L/W/#, no 7 for Sunday.
 * Returns robfig's error text, which upstream puts in the 422, or undefined when the schedule parses.
 * Written here rather than taken from an npm cron library because those accept more than robfig
 * (seconds, L, W, #, 7) and word their errors differently.
 * @example cronScheduleError('*\/5 * * * *') // undefined
 * @example cronScheduleError('60 * * * *') // 'end of range (60) above maximum (59): 60'
 */
export function cronScheduleError(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    const name = rest.slice(rest.indexOf('=') + 1, space < 0 ? undefined : space);
    if (space < 0 || !isTimeZone(name)) return `provided bad location ${name}: unknown time zone ${name}`;
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@')) return descriptorError(rest);
  const fields = rest.split(/[ \t\n\r\v\f]+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    for (const expr of fields[i]!.split(',').filter(Boolean)) {
      const err = rangeError(expr, BOUNDS[i]!);
      if (err) return err;
    }
  }
  return undefined;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const BOUNDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function descriptorError(d: string): string | undefined {
  if (DESCRIPTORS.has(d)) return undefined;
  const every = '@every ';
  if (d.startsWith(every)) {
    const err = goDurationError(d.slice(every.length));
    return err ? `failed to parse duration ${d}: ${err}` : undefined;
  }
  return `unrecognized descriptor: ${d}`;
}

/** getRange: `*`, `?`, `n`, `a-b`, each with an optional `/step`. */
function rangeError(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = intOrName(lowAndHigh[0]!, r.names);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1]!, r.names);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = goInt(rangeAndStep[1]!);
    if (typeof s === 'string') return s;
    step = s;
    // "N/step" means "N-max/step"
    if (lowAndHigh.length === 1) end = r.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

function intOrName(expr: string, names: Record<string, number> | undefined): number | string {
  const lower = expr.toLowerCase();
  if (names && Object.prototype.hasOwnProperty.call(names, lower)) return names[lower]!;
  return goInt(expr);
}

/** mustParseInt: strconv.Atoi, then no negatives; errors in Go's words. */
function goInt(expr: string): number | string {
  if (!/^[+-]?\d+$/.test(expr)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  const n = Number(expr);
  if (!Number.isSafeInteger(n)) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

/** time.ParseDuration's error for `s`, or undefined when it parses ("1h30m", "90s", "1.5h"). */
function goDurationError(s: string): string | undefined {
  const quoted = JSON.stringify(s);
  let rest = s.replace(/^[-+]/, '');
  if (rest === '0') return undefined;
  if (rest === '') return `time: invalid duration ${quoted}`;
  while (rest !== '') {
    const num = /^(\d+\.?\d*|\.\d+)/.exec(rest);
    if (!num) return `time: invalid duration ${quoted}`;
    rest = rest.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (unit === '') return `time: missing unit in duration ${quoted}`;
    if (!['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'].includes(unit)) return `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`;
    rest = rest.slice(unit.length);
  }
  return undefined;
}

/** Whether `name` is an IANA time zone the runtime knows (time.LoadLocation). */
export function isTimeZone(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
