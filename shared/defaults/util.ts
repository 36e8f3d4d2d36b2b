/** Small helpers for defaulting loosely-typed JSON objects in place (callers clone first). */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `o[k]`, created (as `{}`) when absent. */
export function ensure(o: Obj, k: string): Obj {
  if (!isObj(o[k])) o[k] = {};
  return o[k] as Obj;
}

/** Sets `o[k] = v` when the field is absent, null or "" (Go's zero value for strings/pointers). */
export function def(o: Obj, k: string, v: unknown): void {
  if (o[k] === undefined || o[k] === null || o[k] === '') o[k] = v;
}

/** The object elements of `o[k]` when it is a list. */
export function items(o: Obj, k: string): Obj[] {
  const v = o[k];
  return Array.isArray(v) ? v.filter(isObj) : [];
}
