// How client-go's JSONPath PrintResults renders one value: maps and slices as compact
// encoding/json (sorted keys, HTML-escaped), scalars through fmt.Fprint.

/** Render a JSON value as `kubectl`'s JSONPath printer (and so a CRD string column) would. */
export function goPrint(value: unknown): string {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) return goJson(value);
  if (typeof value === 'number') return goFloat(value);
  return String(value);
}

/** fmt's %v for a float64 (integers decoded as int64 print plainly). */
export function goFloat(f: number): string {
  if (Number.isInteger(f) && Math.abs(f) < 1e21) return String(f);
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN';
  const [mantissa, expText] = f.toExponential().split('e');
  const exp = Number(expText);
  // %v switches to exponent form below 1e-4 or at 1e21, with at least two exponent digits.
  if (exp < -4 || exp >= 21) {
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${exp < 0 ? '-' : '+'}${digits}`;
  }
  return String(f);
}

/** encoding/json.Marshal: object keys sorted, <, > and & escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}
