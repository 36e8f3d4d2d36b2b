/** Kubernetes resource quantities as plain numbers: CPU in millicores, everything else in base units. */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|[numkMGTPE]?)$/;

// Requests repeat the same few strings across thousands of pods; parsing once keeps scheduling cycles cheap.
const cache = new Map<string, number>();

/** Parses a quantity ("100m", "1Gi", "2", "1e3") to its value in base units; unparseable → NaN. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const hit = cache.get(q);
  if (hit !== undefined) return hit;
  const m = QUANTITY.exec(q.trim());
  let v = Number.NaN;
  if (m) {
    const n = Number(m[1]);
    const suffix = m[2] ?? '';
    if (suffix in BINARY) v = n * BINARY[suffix]!;
    else if (suffix in DECIMAL) v = n * DECIMAL[suffix]!;
    else v = n * 10 ** Number(suffix.slice(1));
  }
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
