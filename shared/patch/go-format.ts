import { isJsonObject } from './json-utils';
import type { Json } from '../api/object';

/**
 * Renders a decoded JSON value the way Go's `%v` prints `interface{}` values, so error messages
 * that embed maps or lists read exactly like upstream's (`map[name:a value:b]`, `[1 2]`).
 */
export function goFormat(v: Json | undefined): string {
  if (v === undefined || v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number') return goFloat(v);
  return String(v);
}

// Go prints float64 with %v as strconv 'g' with the shortest representation: exponents from 1e21.
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}
