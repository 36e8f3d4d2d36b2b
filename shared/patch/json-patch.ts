import { ApiError, badRequest } from '../api/errors';
import { setOwn, type Json, type JsonObject } from '../api/object';
import { parseJsonPointer } from './json-pointer';
import { cloneJson, hasKey, isJsonObject, jsonEqual } from './json-utils';

/** Upstream's cap on operations in one JSON patch (apiserver maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
  hasValue: boolean;
  missingPath: boolean;
}

/**
 * Applies an RFC 6902 JSON patch (`application/json-patch+json`) to a copy of `doc`.
 * A patch that is not a list of operation objects is a 400; an operation that cannot be applied
 * (failed `test`, missing path, bad index) is upstream's generic 422 Invalid.
 * @example applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/-', value: 2 }]) // { a: [1, 2] }
 */
export function applyJsonPatch(doc: Json, ops: unknown): Json {
  const operations = decodeOperations(ops);
  let out = cloneJson(doc);
  for (const op of operations) {
    const failure = applyOne(
      op,
      (v) => (out = v),
      () => out,
    );
    if (failure !== undefined) throw patchApplyError(failure);
  }
  return out;
}

/** The error upstream returns when evanphx/json-patch fails to apply an operation. */
function patchApplyError(_reason: string): ApiError {
  // NewGenericServerResponse(422, ...) keeps only its canned message; the library's reason is
  // logged upstream, not returned.
  return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

function decodeOperations(ops: unknown): Operation[] {
  if (!Array.isArray(ops)) {
    throw badRequest(`json: cannot unmarshal ${goJsonKind(ops)} into Go value of type jsonpatch.Patch`);
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    );
  }
  return ops.map((raw) => {
    if (!isJsonObject(raw)) {
      throw badRequest(`json: cannot unmarshal ${goJsonKind(raw)} into Go value of type jsonpatch.Operation`);
    }
    return {
      op: typeof raw.op === 'string' ? raw.op : 'unknown',
      path: typeof raw.path === 'string' ? raw.path : '',
      from: typeof raw.from === 'string' ? raw.from : undefined,
      value: raw.value,
      hasValue: hasKey(raw, 'value'),
      missingPath: typeof raw.path !== 'string',
    };
  });
}

function goJsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

type Container = { parent: JsonObject | Json[]; key: string } | { root: true };

/** Resolves the container of the value a pointer names; undefined when a parent is missing. */
function locate(doc: Json, pointer: string): Container | undefined {
  const tokens = parseJsonPointer(pointer);
  if (tokens === undefined) return undefined;
  if (tokens.length === 0) return { root: true };
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    const next = getChild(cur, t);
    if (next === undefined) return undefined;
    cur = next;
  }
  if (!isJsonObject(cur) && !Array.isArray(cur)) return undefined;
  return { parent: cur, key: tokens[tokens.length - 1]! };
}

function getChild(v: Json, token: string): Json | undefined {
  if (Array.isArray(v)) {
    const i = arrayIndex(token, v.length, false);
    return i === undefined ? undefined : v[i];
  }
  if (isJsonObject(v)) return hasKey(v, token) ? v[token] : undefined;
  return undefined;
}

/** An array index; `forInsert` allows one past the end. Negative indices count from the end, as v4 does. */
function arrayIndex(token: string, length: number, forInsert: boolean): number | undefined {
  if (!/^-?\d+$/.test(token)) return undefined;
  let i = Number(token);
  const size = forInsert ? length + 1 : length;
  if (i < 0) i += size;
  if (i < 0 || i >= size) return undefined;
  return i;
}

function read(doc: Json, pointer: string): Json | undefined {
  const c = locate(doc, pointer);
  if (!c) return undefined;
  if ('root' in c) return doc;
  return getChild(c.parent as Json, c.key);
}

function add(doc: Json, pointer: string, value: Json, set: (v: Json) => void): string | undefined {
  const c = locate(doc, pointer);
  if (!c) return `add operation does not apply: doc is missing path: "${pointer}"`;
  if ('root' in c) {
    set(value);
    return undefined;
  }
  if (Array.isArray(c.parent)) {
    if (c.key === '-') {
      c.parent.push(value);
      return undefined;
    }
    const i = arrayIndex(c.key, c.parent.length, true);
    if (i === undefined) return `Unable to access invalid index: ${c.key}`;
    c.parent.splice(i, 0, value);
    return undefined;
  }
  setOwn(c.parent, c.key, value);
  return undefined;
}

function remove(doc: Json, pointer: string, set: (v: Json) => void): string | undefined {
  const c = locate(doc, pointer);
  if (!c) return `remove operation does not apply: doc is missing path: "${pointer}"`;
  if ('root' in c) {
    set(null);
    return undefined;
  }
  if (Array.isArray(c.parent)) {
    const i = arrayIndex(c.key, c.parent.length, false);
    if (i === undefined) return `Unable to remove invalid index: ${c.key}`;
    c.parent.splice(i, 1);
    return undefined;
  }
  if (!hasKey(c.parent, c.key)) return `remove operation does not apply: doc is missing key: ${pointer}`;
  delete c.parent[c.key];
  return undefined;
}

function replace(doc: Json, pointer: string, value: Json, set: (v: Json) => void): string | undefined {
  const c = locate(doc, pointer);
  if (!c) return `replace operation does not apply: doc is missing path: ${pointer}`;
  if ('root' in c) {
    set(value);
    return undefined;
  }
  if (Array.isArray(c.parent)) {
    const i = arrayIndex(c.key, c.parent.length, false);
    if (i === undefined) return `Unable to access invalid index: ${c.key}`;
    c.parent[i] = value;
    return undefined;
  }
  if (!hasKey(c.parent, c.key)) return `replace operation does not apply: doc is missing key: ${pointer}`;
  setOwn(c.parent, c.key, value);
  return undefined;
}

/** Applies one operation; returns the library's failure reason, or undefined on success. */
function applyOne(op: Operation, set: (v: Json) => void, get: () => Json): string | undefined {
  if (op.missingPath) return 'operation missing path field';
  const doc = get();
  switch (op.op) {
    case 'add':
      if (!op.hasValue) return 'add operation has no value';
      return add(doc, op.path, cloneJson(op.value ?? null), set);
    case 'remove':
      return remove(doc, op.path, set);
    case 'replace':
      if (!op.hasValue) return 'replace operation has no value';
      return replace(doc, op.path, cloneJson(op.value ?? null), set);
    case 'move': {
      if (op.from === undefined) return 'move operation missing from field';
      if (op.path.startsWith(`${op.from}/`)) return 'move operation: cannot move a value into one of its children';
      const v = read(doc, op.from);
      if (v === undefined) return `move operation does not apply: doc is missing from path: ${op.from}`;
      const err = remove(doc, op.from, set);
      return err ?? add(get(), op.path, v, set);
    }
    case 'copy': {
      if (op.from === undefined) return 'copy operation missing from field';
      const v = read(doc, op.from);
      if (v === undefined) return `copy operation does not apply: doc is missing from path: ${op.from}`;
      return add(doc, op.path, cloneJson(v), set);
    }
    case 'test': {
      const v = read(doc, op.path);
      // evanphx/json-patch v4 treats a missing value as equal to null.
      if (v === undefined) return op.value === null || !op.hasValue ? undefined : `testing value ${op.path} failed`;
      return jsonEqual(v, op.value ?? null) ? undefined : `testing value ${op.path} failed`;
    }
    default:
      return `Unexpected kind: ${op.op}`;
  }
}
