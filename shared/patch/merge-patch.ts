import { setOwn, type Json } from '../api/object';
import { cloneJson, hasKey, isJsonObject } from './json-utils';

/**
 * Applies an RFC 7386 JSON merge patch (`application/merge-patch+json`) to a copy of `doc`:
 * objects merge recursively, `null` deletes a key, anything else (lists included) replaces.
 * @example applyMergePatch({ a: 1, b: 2 }, { a: null, c: 3 }) // { b: 2, c: 3 }
 */
export function applyMergePatch(doc: Json, patch: Json): Json {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const out = isJsonObject(doc) ? cloneJson(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else setOwn(out, k, applyMergePatch(hasKey(out, k) ? out[k]! : null, v));
  }
  return out;
}
