import { rfc3339 } from '../nodes/time-format';
import { humanDuration } from './human-duration';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parse an RFC 3339 timestamp (metav1.Time or MicroTime) to epoch ms, or undefined when absent,
 * malformed or Go's zero time — the cases upstream's `IsZero()` / unmarshal failures cover.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = RFC3339.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  // Go's zero time (year 1) is what an unset timestamp decodes to; treat it as unset.
  if (Number(y) === 1 && mo === '01' && d === '01' && h === '00' && mi === '00' && s === '00') return undefined;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number(y) < 100) ms = shiftEarlyYear(Number(y), ms);
  if (frac) ms += Math.trunc(Number(`0${frac}`) * 1000);
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    const [zh, zm] = zone!.slice(1).split(':').map(Number);
    ms -= sign * (zh! * 60 + zm!) * 60_000;
  }
  return ms;
}

// Date.UTC maps years 0-99 to 1900-1999; undo that.
function shiftEarlyYear(year: number, ms: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(year);
  return d.getTime();
}

/** Upstream translateTimestampSince: "<unknown>" for an unset time, else HumanDuration(now - t). */
export function since(value: unknown, now: number): string {
  const t = parseTime(value);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

/** The AGE cell every printer ends with. */
export function age(obj: { metadata?: { creationTimestamp?: unknown } }, now: number): string {
  return since(obj.metadata?.creationTimestamp, now);
}

/** Go's `t.UTC().Format(time.RFC3339)`, used by the default "Created At" column. */
export function formatRFC3339(value: unknown): string {
  const t = parseTime(value);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return rfc3339(t);
}
