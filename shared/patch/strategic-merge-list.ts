import type { Json, JsonObject } from '../api/object';
import { hasKey, isJsonObject } from './json-utils';
import type { SchemaNode } from './schema-node';
import { errBadArgType, errBadPatchType, errNoMergeKey, internal } from './smp-errors';
import { findByKey, normalizeElementOrder, partitionByPresence, PATCH_DIRECTIVE, sliceElementKind } from './smp-order';
import { fresh, mergeMap, stripDirectives } from './strategic-merge-patch';
import { goFormat } from './go-format';

/**
 * The live list as Go's slice aliasing leaves it: upstream deletes and appends in place on a
 * slice whose capacity is its length, and later orders server-only items by that array. We
 * replay the same writes on a copy so `$setElementOrder` results match upstream's.
 */
interface AliasedList {
  view: Json[];
  len: number;
  detached: boolean;
}

/**
 * Merges a patch list into a list with strategy `merge`: maps by `mergeKey` (honouring
 * `$patch: delete|replace` elements), scalars as a set; `isDeleteList` removes scalars instead
 * (`$deleteFromPrimitiveList`). The result keeps patch order, then live order. `working.list`
 * receives the aliased live list (see AliasedList).
 */
export function mergeSlice(
  original: Json[],
  patch: Json[],
  items: SchemaNode,
  mergeKey: string,
  isDeleteList: boolean,
  working?: { list?: Json[] },
): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch)!;
  let base = original;
  let patchItems = patch;
  let merged: Json[];
  if (kind !== 'map') {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => d === v));
    merged = [...original];
    for (const v of patch) if (!merged.some((m) => m === v)) merged.push(v);
  } else {
    if (!mergeKey) throw internal('cannot merge lists without merge key for type map');
    const alias: AliasedList = { view: [...original], len: original.length, detached: false };
    const special = applySpecialElements(original, patch, mergeKey, alias);
    base = special.original;
    patchItems = special.patch;
    merged = mergeByKey(base, patchItems, mergeKey, items, alias);
    if (working && !special.replaced) working.list = alias.view;
  }
  const key = kind === 'map' ? mergeKey : '';
  const { present, absent } = partitionByPresence(merged, patchItems, key);
  return normalizeElementOrder(present, absent, patchItems, base, key, kind);
}

/** Handles `$patch` elements: deletes every match by key, or `replace` (the list becomes the other elements). */
function applySpecialElements(
  original: Json[],
  patch: Json[],
  mergeKey: string,
  alias: AliasedList,
): { original: Json[]; patch: Json[]; replaced: boolean } {
  const out = [...original];
  const rest: Json[] = [];
  let replace = false;
  for (const v of patch) {
    if (!isJsonObject(v)) throw errBadArgType('map', v);
    if (!hasKey(v, PATCH_DIRECTIVE)) {
      rest.push(v);
      continue;
    }
    const directive = v[PATCH_DIRECTIVE];
    if (directive === 'delete') {
      if (!hasKey(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      for (let i = findByKey(out, mergeKey, v[mergeKey]); i >= 0; i = findByKey(out, mergeKey, v[mergeKey])) {
        out.splice(i, 1);
        alias.view.copyWithin(i, i + 1, alias.len);
        alias.len--;
      }
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw internal('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, v);
    }
  }
  if (replace) return { original: rest.map((r) => stripDirectives(r)!), patch: [], replaced: true };
  return { original: out, patch: rest, replaced: false };
}

function mergeByKey(original: Json[], patch: Json[], mergeKey: string, items: SchemaNode, alias: AliasedList): Json[] {
  const out = [...original];
  for (const v of patch) {
    const item = v as JsonObject;
    if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const i = findByKey(out, mergeKey, item[mergeKey]);
    if (i >= 0) {
      out[i] = mergeMap(out[i] as JsonObject, item, items);
      if (!alias.detached && i < alias.len) alias.view[i] = out[i]!;
    } else {
      const added = fresh(item, items) ?? {};
      out.push(added);
      // An append beyond capacity reallocates: the live array sees no more writes.
      if (!alias.detached && alias.len < alias.view.length) alias.view[alias.len++] = added;
      else alias.detached = true;
    }
  }
  return out;
}

/**
 * Checks that the patch list's order agrees with the `$setElementOrder` list (deletions aside),
 * as upstream's validatePatchWithSetOrderList does.
 */
export function validatePatchWithSetOrderList(patchList: Json[], order: Json[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey
    ? patchList.filter((v) => {
        if (!isJsonObject(v)) throw errBadArgType('map', v);
        return v[PATCH_DIRECTIVE] !== 'delete';
      })
    : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < order.length) {
    const item = nonDelete[p]!;
    if (isJsonObject(item) && hasKey(item, PATCH_DIRECTIVE)) {
      p++;
      continue;
    }
    if (sameKey(item, order[s]!, mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= order.length) {
    throw internal(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match $setElementOrder list:\n${goFormat(order)}\n`,
    );
  }
}

function sameKey(a: Json, b: Json, mergeKey: string): boolean {
  if (!mergeKey) return a === b;
  if (!isJsonObject(a)) throw errBadArgType('map', a);
  if (!isJsonObject(b)) throw errBadArgType('map', b);
  if (!hasKey(a, mergeKey)) throw errNoMergeKey(a, mergeKey);
  if (!hasKey(b, mergeKey)) throw errNoMergeKey(b, mergeKey);
  return a[mergeKey] === b[mergeKey];
}
