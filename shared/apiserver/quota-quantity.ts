/**
 * resource.Quantity as quota arithmetic needs it: exact (milli-units as BigInt, so terabytes of storage
 * stay exact), with the format that decides how a sum prints (the first operand's, as Quantity.Add).
 */
export interface Qty {
  milli: bigint;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
}

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|[numkMGTPE]?)$/;

/** The decimal digits `int.frac` times 10^exp, in milli-units, rounded up as Quantity rounds to its smallest unit. */
function scaled(sign: bigint, int: string, frac: string, exp10: number, factor = 1n): bigint {
  const digits = BigInt((int || '0') + frac) * factor;
  const shift = exp10 + 3 - frac.length;
  if (shift >= 0) return sign * digits * 10n ** BigInt(shift);
  const div = 10n ** BigInt(-shift);
  return sign * ((digits + div - 1n) / div);
}

/** Parses a quantity string; undefined when it is not one. */
export function parseQty(q: unknown): Qty | undefined {
  if (typeof q === 'number' && Number.isFinite(q)) q = String(q);
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  const [int, frac, suffix] = [m[2]!, m[3] ?? '', m[4] ?? ''];
  if (suffix in BINARY) return { milli: scaled(sign, int, frac, 0, BINARY[suffix]), format: 'BinarySI' };
  if (suffix in DECIMAL) return { milli: scaled(sign, int, frac, DECIMAL[suffix]!), format: 'DecimalSI' };
  return { milli: scaled(sign, int, frac, Number(suffix.slice(1))), format: 'DecimalExponent' };
}

export const zeroQty = (format: Qty['format'] = 'DecimalSI'): Qty => ({ milli: 0n, format });
export const qtyOf = (n: number): Qty => ({ milli: BigInt(n) * 1000n, format: 'DecimalSI' });
/** Quantity.Add: the receiver's format, unless it is zero (then the addend's). */
export const addQty = (a: Qty, b: Qty): Qty => ({ milli: a.milli + b.milli, format: a.milli === 0n ? b.format : a.format });
export const subQty = (a: Qty, b: Qty): Qty => ({ milli: a.milli - b.milli, format: a.format });
export const cmpQty = (a: Qty, b: Qty): number => (a.milli < b.milli ? -1 : a.milli > b.milli ? 1 : 0);

const DECIMAL_SUFFIX: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * Quantity.String(): the canonical form of its format. BinarySI whole numbers take the largest
 * binary suffix that divides them (1.5Gi prints "1536Mi"); fractions and DecimalSI take the
 * largest power of 1000 (1500m, 2, 1500, 1M); DecimalExponent writes `e3`.
 */
export function formatQty(q: Qty): string {
  const sign = q.milli < 0n ? '-' : '';
  let v = q.milli < 0n ? -q.milli : q.milli;
  if (v === 0n) return '0';
  if (q.format === 'BinarySI' && v % 1000n === 0n) {
    v /= 1000n;
    let i = 0;
    while (i < BINARY_SUFFIX.length - 1 && v % 1024n === 0n) {
      v /= 1024n;
      i++;
    }
    return `${sign}${v}${BINARY_SUFFIX[i]}`;
  }
  let exp = -3;
  while (exp < 18 && v % 1000n === 0n) {
    v /= 1000n;
    exp += 3;
  }
  if (q.format === 'DecimalExponent') return exp === 0 ? `${sign}${v}` : `${sign}${v}e${exp}`;
  return `${sign}${v}${DECIMAL_SUFFIX[exp]}`;
}
