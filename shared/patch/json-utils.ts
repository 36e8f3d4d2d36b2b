import { isPlainObject, type Json, type JsonObject } from '../api/object';

/** A deep copy of a JSON value, so patch functions never mutate their inputs. */
export function cloneJson<T extends Json>(v: T): T {
  return structuredClone(v);
}

/** Whether `v` is a JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return isPlainObject(v);
}

/** Deep equality of two JSON values; object key order is ignored, array order is not. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Own-property lookup that ignores the prototype chain (`__proto__`, `constructor`). */
export function hasKey(o: JsonObject, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}
