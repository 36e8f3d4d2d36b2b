/**
 * Just enough of resource.Quantity to compare requests with limits: parses `100m`, `1Gi`,
 * `1e3`, `0.5` to a number of base units. Returns null when the string is not a quantity.
 */

const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The regex upstream's decoder names when a quantity does not parse. */
export const QUANTITY_REGEX_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Parses a quantity (string or number) to base units, or null if malformed. */
export function parseQuantity(q: unknown): number | null {
  if (typeof q === 'number') return Number.isFinite(q) ? q : null;
  if (typeof q !== 'string') return null;
  const m = QUANTITY_RE.exec(q.trim());
  if (!m) return null;
  const num = Number(m[1]);
  if (!Number.isFinite(num) || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[1]!)) return null;
  const suffix = m[2]!;
  if (suffix in SUFFIX) return num * SUFFIX[suffix]!;
  const exp = /^[eE]([-+]?\d+)$/.exec(suffix);
  return exp ? num * 10 ** Number(exp[1]) : null;
}
