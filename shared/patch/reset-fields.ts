import { setOwn, type Json, type JsonObject } from '../api/object';
import { cloneJson, hasKey, isJsonObject } from './json-utils';
import type { FieldSet } from './field-set';

/**
 * Puts the reset fields (e.g. `status` written through the main resource) back to their live
 * values, as the registry's PrepareForUpdate does after the field manager ran.
 */
export function restoreResetFields(live: Json, next: Json, reset: FieldSet): Json {
  if (!isJsonObject(next)) return next;
  const out: JsonObject = { ...next };
  const liveObj = isJsonObject(live) ? live : {};
  for (const [pe, c] of reset.children) {
    const k = pe.slice(2);
    if (c.member) {
      if (hasKey(liveObj, k)) setOwn(out, k, cloneJson(liveObj[k]!));
      else delete out[k];
    } else if (hasKey(out, k)) {
      setOwn(out, k, restoreResetFields(hasKey(liveObj, k) ? liveObj[k]! : {}, out[k]!, c));
    }
  }
  return out;
}
