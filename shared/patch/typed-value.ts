import type { Json, JsonObject } from '../api/object';
import type { TypeSchema } from '../api/schema-types';
import { childSet, emptySet, type FieldSet } from './field-set';
import { hasKey, isJsonObject, jsonEqual } from './json-utils';
import {
  childNode,
  isGranularMap,
  isNamedField,
  itemsNode,
  listSemantics,
  structOf,
  type ListSemantics,
  type SchemaNode,
} from './schema-node';

// Upstream's schemas default these list-map keys (ports' protocol is "TCP"), so an item that
// omits them still has a stable key; our schemas carry no defaults.
const KEY_DEFAULTS: Record<string, Json> = { protocol: 'TCP' };

/** The path element of a list item: `k:{...}` for map lists, `v:...` for sets. */
export function itemPathElement(item: Json, sem: ListSemantics): string {
  if (sem.type === 'map' && isJsonObject(item)) {
    const key: JsonObject = {};
    for (const k of sem.keys.length === 1 ? sem.keys : [...sem.keys].sort()) {
      if (hasKey(item, k)) key[k] = item[k]!;
      else if (hasKey(KEY_DEFAULTS, k)) key[k] = KEY_DEFAULTS[k]!;
    }
    return `k:${JSON.stringify(key)}`;
  }
  return `v:${JSON.stringify(item)}`;
}

type Shape = 'map' | 'list' | 'leaf';

/** Absent, null, or an empty list or map: compared as a leaf (upstream sees no fields under it). */
export function isEmptyValue(v: Json | undefined): boolean {
  return v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : isJsonObject(v) && Object.keys(v).length === 0);
}

/** How a value is walked: by the schema when it knows, else by the value (lists then atomic). */
export function shapeOf(node: SchemaNode, ...values: (Json | undefined)[]): Shape {
  const f = node.field;
  const present = values.filter((v): v is Json => v !== undefined && v !== null);
  if (f && f.kind === 'array') return present.every(Array.isArray) && listSemantics(f).type !== 'atomic' ? 'list' : 'leaf';
  if (f && f.kind !== 'object' && f.kind !== 'map' && f.kind !== 'any') return 'leaf';
  if (present.length && present.every(isJsonObject) && isGranularMap(f)) return 'map';
  return 'leaf';
}

/** The fields a value sets (upstream TypedValue.ToFieldSet): leaves, list items, map entries. */
export function toFieldSet(value: Json, node: SchemaNode): FieldSet {
  const s = emptySet();
  walkSet(value, node, s);
  return s;
}

function walkSet(value: Json, node: SchemaNode, s: FieldSet): void {
  const shape = shapeOf(node, value);
  // an explicit null (apply's "remove this list") is one leaf, whatever the schema's shape
  if (shape === 'leaf' || value === null) {
    s.member = true;
  } else if (shape === 'map') {
    for (const [k, v] of Object.entries(value as JsonObject)) {
      const c = childSet(s, `f:${k}`);
      walkSet(v, childNode(node, k), c);
      if (v === null || (isJsonObject(v) && Object.keys(v).length === 0) || !isNamedField(node, k)) c.member = true;
    }
  } else {
    const sem = listSemantics(node.field);
    for (const item of value as Json[]) {
      const c = childSet(s, itemPathElement(item, sem));
      walkSet(item, itemsNode(node), c);
      c.member = true;
    }
  }
}

/** What changed between two versions of an object (upstream TypedValue.Compare). */
export interface Comparison {
  added: FieldSet;
  removed: FieldSet;
  modified: FieldSet;
}

/** Compares `lhs` (old) to `rhs` (new); `undefined` means absent. */
export function compareValues(lhs: Json | undefined, rhs: Json | undefined, node: SchemaNode): Comparison {
  const c: Comparison = { added: emptySet(), removed: emptySet(), modified: emptySet() };
  walkCompare(lhs, rhs, node, [], c, true);
  return c;
}

/** Whether struct field `k` always exists in Go's typed object: a struct, or a required field. */
export function isImplicitField(struct: TypeSchema | undefined, k: string, child: SchemaNode): boolean {
  return structOf(child) !== undefined || (struct?.required?.includes(k) ?? false);
}

function at(s: FieldSet, path: string[]): FieldSet {
  let cur = s;
  for (const pe of path) cur = childSet(cur, pe);
  return cur;
}

/**
 * `implicit`: the value always exists in Go's typed object (a struct, or a field serialized
 * without omitempty — required fields), so upstream never sees the path itself added or removed.
 */
function walkCompare(
  lhs: Json | undefined,
  rhs: Json | undefined,
  node: SchemaNode,
  path: string[],
  c: Comparison,
  implicit: boolean,
): void {
  if (lhs === undefined && rhs === undefined) return;
  const shape = shapeOf(node, lhs, rhs);
  if (shape === 'leaf' || (isEmptyValue(lhs) && isEmptyValue(rhs))) {
    if (lhs === undefined) at(c.added, path).member = true;
    else if (rhs === undefined) at(c.removed, path).member = true;
    else if (!jsonEqual(lhs, rhs)) at(c.modified, path).member = true;
    return;
  }
  if (shape === 'map') {
    const l = isJsonObject(lhs) ? lhs : {};
    const r = isJsonObject(rhs) ? rhs : {};
    const struct = structOf(node);
    const visit = (k: string, lv: Json | undefined, rv: Json | undefined) => {
      const child = childNode(node, k);
      walkCompare(lv, rv, child, [...path, `f:${k}`], c, isImplicitField(struct, k, child));
    };
    for (const k of Object.keys(l)) visit(k, l[k], hasKey(r, k) ? r[k] : undefined);
    for (const k of Object.keys(r)) if (!hasKey(l, k)) visit(k, undefined, r[k]);
  } else {
    const sem = listSemantics(node.field);
    const index = (list: Json | undefined) => {
      const m = new Map<string, Json>();
      for (const item of Array.isArray(list) ? list : []) {
        const pe = itemPathElement(item, sem);
        if (!m.has(pe)) m.set(pe, item);
      }
      return m;
    };
    const l = index(lhs);
    const r = index(rhs);
    for (const [pe, item] of r) walkCompare(l.get(pe), item, itemsNode(node), [...path, pe], c, false);
    for (const [pe, item] of l) if (!r.has(pe)) walkCompare(item, undefined, itemsNode(node), [...path, pe], c, false);
  }
  if (implicit) return;
  if (lhs === undefined) at(c.added, path).member = true;
  else if (rhs === undefined) at(c.removed, path).member = true;
}

/** A copy of `value` without the paths that are members of `set` (upstream RemoveItems). */
export function removeItems(value: Json, set: FieldSet, node: SchemaNode): Json {
  const shape = shapeOf(node, value);
  if (shape === 'map') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value as JsonObject)) {
      const c = set.children.get(`f:${k}`);
      if (!c) out[k] = v;
      else if (!c.member) out[k] = removeItems(v, c, childNode(node, k));
    }
    return out;
  }
  if (shape === 'list') {
    const sem = listSemantics(node.field);
    const out: Json[] = [];
    for (const item of value as Json[]) {
      const c = set.children.get(itemPathElement(item, sem));
      if (!c) out.push(item);
      else if (!c.member) out.push(removeItems(item, c, itemsNode(node)));
    }
    return out;
  }
  return value;
}

/** Makes every declared struct field that has paths under it a member itself (upstream EnsureNamedFieldsAreMembers). */
export function ensureNamedFieldsAreMembers(s: FieldSet, node: SchemaNode): FieldSet {
  const out = emptySet();
  out.member = s.member;
  for (const [pe, c] of s.children) {
    const isField = pe.startsWith('f:');
    const name = pe.slice(2);
    const next = isField ? childNode(node, name) : itemsNode(node);
    const child = ensureNamedFieldsAreMembers(c, next);
    if (isField && c.children.size > 0 && isNamedField(node, name)) child.member = true;
    out.children.set(pe, child);
  }
  return out;
}
