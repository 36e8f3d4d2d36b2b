import type { Json } from '../api/object';
import { isJsonObject } from './json-utils';
import { errBadArgType, errNoListOfLists, errNoMergeKey, goKind, internal } from './smp-errors';
import { goFormat } from './go-format';

/** Element kind of a list as strategic merge sees it: maps are merged by key, the rest are scalars. */
export type ElementKind = 'map' | 'scalar';

export const PATCH_DIRECTIVE = '$patch';

/** The common element kind of some lists; lists of lists and mixed lists are errors, as upstream. */
export function sliceElementKind(...lists: Json[][]): ElementKind | undefined {
  let prev: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = goKind(v);
      if (prev === undefined) {
        if (k === 'slice') throw errNoListOfLists();
        prev = k;
      } else if (prev !== k) {
        throw internal(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (prev === undefined) return undefined;
  return prev === 'map' ? 'map' : 'scalar';
}

/** The value an item is identified by: its merge key for maps, itself for scalars. */
function identity(item: Json, mergeKey: string, kind: ElementKind): Json | undefined {
  if (kind === 'map') return isJsonObject(item) ? item[mergeKey] : undefined;
  return item;
}

/** Position of `item` in `list` by identity, or -1. */
export function indexOfItem(list: Json[], item: Json, mergeKey: string, kind: ElementKind): number {
  const id = identity(item, mergeKey, kind);
  return list.findIndex((v) => identity(v, mergeKey, kind) === id);
}

/** Finds the map whose `key` equals `value`; every element must be a map. */
export function findByKey(list: Json[], key: string, value: Json | undefined): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isJsonObject(v)) throw internal(`value for key ${i} is not a map.`);
    if (Object.prototype.hasOwnProperty.call(v, key) && v[key] === value) return i;
  }
  return -1;
}

/** Splits `list` into items present in `by` (in list order) and the rest. */
export function partitionByPresence(
  list: Json[],
  by: Json[],
  mergeKey: string,
): { present: Json[]; absent: Json[] } {
  const present: Json[] = [];
  const absent: Json[] = [];
  for (const v of list) {
    let found: boolean;
    if (mergeKey) {
      if (!isJsonObject(v)) throw errBadArgType('map', v);
      if (!Object.prototype.hasOwnProperty.call(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      found = findByKey(by, mergeKey, v[mergeKey]) >= 0;
    } else {
      found = by.some((b) => b === v);
    }
    (found ? present : absent).push(v);
  }
  return { present, absent };
}

/**
 * Sorts `toSort` by the positions of its items in `order` (stable insertion sort with upstream's
 * comparator, so items missing from `order` land where upstream puts them); maps carrying
 * `$patch: delete` go last.
 */
function normalizeSliceOrder(toSort: Json[], order: Json[], mergeKey: string, kind: ElementKind): Json[] {
  let items = [...toSort];
  const toDelete: Json[] = [];
  if (kind === 'map') {
    for (const v of [...items, ...order]) {
      if (!isJsonObject(v)) throw errBadArgType('map', v);
      if (!Object.prototype.hasOwnProperty.call(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    }
    const keep: Json[] = [];
    for (const v of items) ((v as Record<string, Json>)[PATCH_DIRECTIVE] === 'delete' ? toDelete : keep).push(v);
    items = keep;
  }
  const less = (a: Json, b: Json): boolean => {
    const ia = indexOfItem(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexOfItem(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  };
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j]!, items[j - 1]!); j--) {
      [items[j], items[j - 1]] = [items[j - 1]!, items[j]!];
    }
  }
  return [...items, ...toDelete];
}

/**
 * Interleaves server-only items into patch items: patch order wins, then the live order
 * (upstream's normalizeElementOrder + mergeSortedSlice).
 */
export function normalizeElementOrder(
  patchItems: Json[],
  serverOnly: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: ElementKind,
): Json[] {
  const right = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]!);
    else if (j >= right.length) out.push(left[i++]!);
    else {
      const li = indexOfItem(serverOrder, left[i]!, mergeKey, kind);
      const ri = indexOfItem(serverOrder, right[j]!, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}
