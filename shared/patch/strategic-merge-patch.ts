import { badRequest } from '../api/errors';
import { setOwn, type Json, type JsonObject } from '../api/object';
import type { SchemaSource } from '../api/schema-types';
import { cloneJson, hasKey, isJsonObject } from './json-utils';
import { childNode, itemsNode, patchMeta, rootNode, type SchemaNode } from './schema-node';
import {
  errBadArgType,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  SmpError,
  toApiError,
} from './smp-errors';
import { mergeSlice, validatePatchWithSetOrderList } from './strategic-merge-list';
import { normalizeElementOrder, partitionByPresence, PATCH_DIRECTIVE, sliceElementKind } from './smp-order';

const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

/**
 * Applies a strategic merge patch (`application/strategic-merge-patch+json`) to a copy of
 * `original`, with k8s.io/apimachinery/pkg/util/strategicpatch semantics: maps merge and `null`
 * deletes; lists whose schema says `patchStrategy: merge` merge by `patchMergeKey` (or as a set of
 * scalars); other lists, and everything the schema does not know, are replaced. Directives
 * (`$patch`, `$setElementOrder/…`, `$retainKeys`, `$deleteFromPrimitiveList/…`) are honoured and
 * never appear in the result.
 * @example applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'c', image: 'v2' }] } }, schemas, 'io.k8s.api.core.v1.Pod')
 */
export function applyStrategicMergePatch(
  original: Json,
  patch: Json,
  schema: SchemaSource,
  typeName: string | undefined,
): Json {
  if (patch === null) return cloneJson(original);
  if (!isJsonObject(patch)) {
    const kind = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw badRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  const base = isJsonObject(original) ? cloneJson(original) : {};
  try {
    return mergeMap(base, cloneJson(patch), rootNode(schema, typeName));
  } catch (e) {
    if (e instanceof SmpError) throw toApiError(e);
    throw e;
  }
}

/** Merges `patch` into `original` (both owned by the caller and mutated). */
export function mergeMap(original: JsonObject, patch: JsonObject, node: SchemaNode): JsonObject {
  if (hasKey(patch, PATCH_DIRECTIVE)) return handleDirectiveInMap(patch[PATCH_DIRECTIVE], patch);
  applyRetainKeys(original, patch);
  mergeSetElementOrder(original, patch, node);

  for (const [rawKey, patchV] of Object.entries(patch)) {
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    // Nulls delete; unmatched nulls are dropped rather than stored (IgnoreUnmatchedNulls).
    if (patchV === null) {
      delete original[key];
      continue;
    }
    const child = childNode(node, key);
    const ov = original[key];
    if (!hasKey(original, key) || shape(ov!) !== shape(patchV)) {
      if (!isDeleteList) setOrDrop(original, key, fresh(patchV, child));
      continue;
    }
    const { strategy, mergeKey } = patchMeta(child.field);
    if (isJsonObject(ov) && isJsonObject(patchV)) {
      setOwn(original, key, strategy === 'replace' ? stripDirectives(patchV)! : mergeMap(ov, patchV, child));
    } else if (Array.isArray(ov) && Array.isArray(patchV)) {
      setOwn(original, key, strategy === 'merge' ? mergeSlice(ov, patchV, itemsNode(child), mergeKey, isDeleteList) : stripDirectives(patchV)!);
    } else {
      setOwn(original, key, patchV);
    }
  }
  return original;
}

function shape(v: Json): 'map' | 'list' | 'scalar' {
  return isJsonObject(v) ? 'map' : Array.isArray(v) ? 'list' : 'scalar';
}

function setOrDrop(o: JsonObject, key: string, v: Json | undefined): void {
  if (v === undefined) delete o[key];
  else setOwn(o, key, v);
}

/**
 * The value a patch sets where the original has nothing (or something of another shape): the
 * patch merged into an empty value, so its directives are resolved rather than stored.
 */
export function fresh(patchV: Json, node: SchemaNode): Json | undefined {
  if (isJsonObject(patchV)) {
    if (patchV[PATCH_DIRECTIVE] === 'delete') return undefined;
    return mergeMap({}, patchV, node);
  }
  if (Array.isArray(patchV)) {
    const { strategy, mergeKey } = patchMeta(node.field);
    if (strategy === 'merge') return mergeSlice([], patchV, itemsNode(node), mergeKey, false);
    return stripDirectives(patchV);
  }
  return patchV;
}

/** Removes every directive from a value taken verbatim (`$patch` maps are dropped whole). */
export function stripDirectives(v: Json): Json | undefined {
  if (Array.isArray(v)) return v.map(stripDirectives).filter((x): x is Json => x !== undefined);
  if (!isJsonObject(v)) return v;
  if (hasKey(v, PATCH_DIRECTIVE)) return undefined;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (isDirectiveKey(k)) continue;
    const s = stripDirectives(x);
    if (s !== undefined) setOwn(out, k, s);
  }
  return out;
}

function isDirectiveKey(k: string): boolean {
  return (
    k === RETAIN_KEYS ||
    k.startsWith(`${SET_ELEMENT_ORDER}/`) ||
    k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)
  );
}

function handleDirectiveInMap(directive: Json | undefined, patch: JsonObject): JsonObject {
  if (directive === 'replace') {
    const rest = { ...patch };
    delete rest[PATCH_DIRECTIVE];
    return stripDirectives(rest) as JsonObject;
  }
  if (directive === 'delete') return {};
  throw errBadPatchType(directive, patch);
}

/** `$setElementOrder/x` → `x`; a malformed directive key is a 400. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST
      ? errBadPatchFormatForPrimitiveList()
      : errBadPatchFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

/** `$retainKeys`: clears keys of the original that the list does not name. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!hasKey(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!retained.has(k)) delete original[k];
}

/**
 * `$setElementOrder/x`: merges the patch list `x` (if any) into the original, then orders the
 * result — directive order first, then patch order, then live order. Consumes `x` from the patch.
 */
function mergeSetElementOrder(original: JsonObject, patch: JsonObject, node: SchemaNode): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key]!;
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('slice', order);
    const field = extractKey(key, SET_ELEMENT_ORDER);
    const hasOriginal = hasKey(original, field);
    const hasPatch = hasKey(patch, field);
    const originalList = hasOriginal ? original[field]! : [];
    const patchList = hasPatch ? patch[field]! : [];
    if (!Array.isArray(originalList)) throw errBadArgType('slice', originalList);
    if (!Array.isArray(patchList)) throw errBadArgType('slice', patchList);
    const child = childNode(node, field);
    const { strategy, mergeKey } = patchMeta(child.field);
    validatePatchWithSetOrderList(patchList, order, mergeKey);
    if (!hasOriginal && !hasPatch) continue;

    let merged: Json[];
    // Upstream orders server-only items by the live list as the merge left it in memory: Go's
    // in-place deletes and appends alias the live slice, so deleted items are gone from it and
    // appended items follow. Reproduce that order, not the pristine live list.
    const working: { list?: Json[] } = {};
    if (!hasPatch) merged = originalList;
    else {
      merged =
        strategy === 'merge'
          ? mergeSlice(originalList, patchList, itemsNode(child), mergeKey, false, working)
          : (stripDirectives(patchList) as Json[]);
    }
    const kind = sliceElementKind(originalList, patchList) ?? (mergeKey ? 'map' : 'scalar');
    const itemKey = kind === 'map' ? mergeKey : '';
    const { present, absent } = partitionByPresence(merged, order, itemKey);
    original[field] = normalizeElementOrder(present, absent, order, working.list ?? originalList, itemKey, kind);
    delete patch[field];
  }
}
