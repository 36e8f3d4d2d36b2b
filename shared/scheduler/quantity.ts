/**
 * Kubernetes resource quantities as plain numbers for the scheduler's hot loops: CPU in millicores,
 * everything else in base units, parsed by the project's one parser and cached.
 */
import { parseQuantity as parseBaseUnits } from '../nodes/quantity';

// Requests repeat the same few strings across thousands of pods; parsing once keeps scheduling cycles cheap.
const cache = new Map<string, number>();

/** Parses a quantity ("100m", "1Gi", "2", "1e3") to its value in base units; unparseable → NaN. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const hit = cache.get(q);
  if (hit !== undefined) return hit;
  const v = parseBaseUnits(q) ?? Number.NaN;
  if (cache.size < 10_000) cache.set(q, v);
  return v;
}

/** Millicores, rounded up as resource.Quantity.MilliValue does. */
export function milliValue(q: string | number | undefined): number {
  return Math.ceil(Math.round(parseQuantity(q) * 1e9) / 1e6);
}

/** Whole base units, rounded up as resource.Quantity.Value does. */
export function intValue(q: string | number | undefined): number {
  return Math.ceil(parseQuantity(q) - 1e-9);
}
