/**
 * resource.Quantity parsing and formatting for the two units the simulator counts in:
 * CPU in millicores and memory/storage in bytes. Parsing follows apimachinery's grammar
 * (`<sign><digits>[.<digits>][<suffix>]`, suffixes n u m k M G T P E Ki Mi Gi Ti Pi Ei and
 * e-notation); MilliValue/Value round up, as upstream's do.
 */

const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** The message upstream gives for a malformed quantity (resource.ErrFormatWrong). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/**
 * Parse a Quantity (string or number) to its value in base units; undefined when malformed.
 * @example parseQuantity('1.5Gi') === 1610612736; parseQuantity('250m') === 0.25
 */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return base * (BINARY[suffix] ?? DECIMAL[suffix] ?? 1);
}

/** CPU quantity → millicores, rounded up like Quantity.MilliValue(); undefined when malformed. */
export function parseCpuMilli(q: unknown): number | undefined {
  const v = parseQuantity(q);
  return v === undefined ? undefined : Math.ceil(roundFloat(v * 1000));
}

/** Memory/storage quantity → bytes, rounded up like Quantity.Value(); undefined when malformed. */
export function parseBytes(q: unknown): number | undefined {
  const v = parseQuantity(q);
  return v === undefined ? undefined : Math.ceil(roundFloat(v));
}

/** A plain count (pods) → integer, rounded up. */
export function parseCount(q: unknown): number | undefined {
  return parseBytes(q);
}

// 0.1*3*1000 = 300.00000000000006: trim binary noise before rounding up.
function roundFloat(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * Millicores → canonical CPU quantity: whole cores without a suffix, otherwise `m`.
 * @example formatCpuMilli(250) === '250m'; formatCpuMilli(2000) === '2'
 */
export function formatCpuMilli(milli: number): string {
  const m = Math.round(milli);
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** Nanocores, the unit metrics-server reports CPU in (`12345678n`). */
export function formatCpuNano(cores: number): string {
  return `${Math.round(cores * 1e9)}n`;
}

/**
 * Bytes → canonical binary quantity: the largest of Ei..Ki that divides exactly, else plain bytes.
 * @example formatBytes(1073741824) === '1Gi'; formatBytes(3072) === '3Ki'; formatBytes(1500) === '1500'
 */
export function formatBytes(bytes: number): string {
  const b = Math.round(bytes);
  if (b === 0) return '0';
  for (const s of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const unit = BINARY[s]!;
    if (b % unit === 0) return `${b / unit}${s}`;
  }
  return String(b);
}

/** Bytes rounded to whole Ki, the unit metrics-server reports memory in (`123456Ki`). */
export function formatBytesKi(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`;
}
