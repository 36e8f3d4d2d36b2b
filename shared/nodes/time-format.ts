/** Wire formats for time: metav1.Time, metav1.MicroTime and Go's time.Duration.String(). */

/** The last second formatted: every write stamps one, and most fall in the same second as the one before. */
let lastSecond = NaN;
let lastText = '';

/** metav1.Time: RFC 3339 with whole seconds (`2024-05-01T12:00:00Z`). */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastText;
}

/** The last millisecond formatted as MicroTime: a kubelet batch stamps every Lease it renews with the same one. */
let lastMicroMs = NaN;
let lastMicroText = '';

/** metav1.MicroTime: RFC 3339 with six fractional digits (`2024-05-01T12:00:00.123000Z`). */
export function microTime(ms: number): string {
  const whole = Math.floor(ms);
  if (whole !== lastMicroMs) {
    lastMicroText = new Date(whole).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    lastMicroMs = whole;
  }
  return lastMicroText;
}

/** RFC 3339 with nanoseconds, the prefix `kubectl logs --timestamps` prints. */
export function rfc3339Nano(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** The last text parseTime parsed, and its instant. */
let lastParsedText: string | undefined;
let lastParsedMs: number | undefined;

/**
 * Parse metav1.Time / MicroTime to epoch ms; undefined when absent or malformed. Go's zero time
 * parses to its instant (the HPA's readiness rules compare against it); printers, which show it as
 * unset, use the stricter parser of shared/tables/timestamps.ts.
 */
export function parseTime(t: unknown): number | undefined {
  if (typeof t !== 'string') return undefined;
  // the same text as the last call (a batch's Leases share their renewTime): its instant again
  if (t === lastParsedText) return lastParsedMs;
  const ms = Date.parse(t);
  lastParsedText = t;
  lastParsedMs = Number.isNaN(ms) ? undefined : ms;
  return lastParsedMs;
}

/**
 * Go's time.Duration.String() for a duration already truncated to milliseconds, as kubelet
 * events print it.
 * @example goDuration(2100) === '2.1s'; goDuration(543) === '543ms'; goDuration(62500) === '1m2.5s'
 */
export function goDuration(ms: number): string {
  const d = Math.trunc(ms);
  if (d === 0) return '0s';
  if (d < 0) return `-${goDuration(-d)}`;
  if (d < 1000) return `${d}ms`;
  const h = Math.floor(d / 3_600_000);
  const m = Math.floor((d % 3_600_000) / 60_000);
  const s = (d % 60_000) / 1000;
  const sec = `${trimZeros(s.toFixed(3))}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

function trimZeros(n: string): string {
  return n.includes('.') ? n.replace(/0+$/, '').replace(/\.$/, '') : n;
}
