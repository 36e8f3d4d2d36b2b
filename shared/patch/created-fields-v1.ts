import type { Json, JsonObject } from '../api/object';
import { comparePathElements, type FieldSet } from './field-set';
import { childNode, itemsNode, listSemantics, structOf, type SchemaNode } from './schema-node';
import { isEmptyValue, isImplicitField, itemPathElement, shapeOf } from './typed-value';

/**
 * The FieldsV1 of what a create sets, in one walk of the new object: the same answer as comparing
 * it to an empty object (compareValues' `added`), taking away `ignored` (a member drops its whole
 * subtree, as recursiveDifference does) and `stripped` (exact paths only, as encodeManagedFields'
 * difference does), then encoding. `undefined` when nothing is left. The general path copies a
 * path per field, re-walks the set from its root per leaf and copies the set twice more; every
 * API create takes this one (a unit test pins both to the same entries).
 */
export function createdFieldsV1(obj: JsonObject, node: SchemaNode, ignored: FieldSet, stripped: FieldSet): JsonObject | undefined {
  // the general path compares with `{}`, not with nothing: an empty object equals it
  return isEmptyValue(obj) ? undefined : walk(obj, node, true, ignored, stripped);
}

function walk(value: Json | undefined, node: SchemaNode, implicit: boolean, ignored: FieldSet | undefined, stripped: FieldSet | undefined): JsonObject | undefined {
  // a key whose value is undefined (an object built in code, not decoded) is no field at all
  if (value === undefined || ignored?.member) return undefined;
  const children: [string, JsonObject][] = [];
  const shape = shapeOf(node, value);
  // compared with nothing, a leaf or an empty value is added as itself; anything else is added
  // through its fields or items, and as itself too unless Go's typed object always has it
  let member = true;
  if (shape === 'map' && !isEmptyValue(value)) {
    const struct = structOf(node);
    for (const [k, v] of Object.entries(value as JsonObject)) {
      const pe = `f:${k}`;
      const child = childNode(node, k);
      const sub = walk(v, child, isImplicitField(struct, k, child), ignored?.children.get(pe), stripped?.children.get(pe));
      if (sub) children.push([pe, sub]);
    }
    member = !implicit;
  } else if (shape === 'list' && !isEmptyValue(value)) {
    const sem = listSemantics(node.field);
    const items = itemsNode(node);
    const seen = new Set<string>();
    for (const item of value as Json[]) {
      const pe = itemPathElement(item, sem);
      // the first of items with the same key is the one compared
      if (seen.has(pe)) continue;
      seen.add(pe);
      const sub = walk(item, items, false, ignored?.children.get(pe), stripped?.children.get(pe));
      if (sub) children.push([pe, sub]);
    }
    member = !implicit;
  }
  if (stripped?.member) member = false;
  if (!member && children.length === 0) return undefined;
  children.sort(([a], [b]) => comparePathElements(a, b));
  const out: JsonObject = {};
  if (member && children.length) out['.'] = {};
  for (const [pe, sub] of children) out[pe] = sub;
  return out;
}
