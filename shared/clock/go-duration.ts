/**
 * Go's time.ParseDuration: a sequence of decimal numbers with units ns, us (µs), ms, s, m, h,
 * optionally signed (`1h30m`, `2.5s`, `-10m`). Returns milliseconds, or undefined when malformed or longer
 * than Go's int64 nanoseconds hold.
 * @example parseGoDuration('1h30m') === 5_400_000
 */
export function parseGoDuration(text: string): number | undefined {
  const m = /^([-+]?)(.*)$/.exec(text)!;
  let rest = m[2]!;
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  while (rest !== '') {
    const part = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!part) return undefined;
    total += Number(part[1]) * UNIT_MS[part[2]!]!;
    rest = rest.slice(part[0].length);
  }
  // Go counts in int64 nanoseconds: a longer duration is `time: invalid duration` (e.g. "3000000h")
  if (total > MAX_MS) return undefined;
  return m[1] === '-' ? -total : total;
}

/** The longest Go duration, (1<<63 - 1) ns, in milliseconds (about 2,562,047 hours). */
const MAX_MS = 9_223_372_036_854.775807;

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
