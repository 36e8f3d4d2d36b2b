import type { Json, JsonObject } from '../api/object';
import type { SchemaSource } from '../api/schema-types';
import { isEmptySet, recursiveDifference, union, type FieldSet } from './field-set';
import { defaultResetFields, resetFieldSet, updateManagers, withoutManagedFields } from './field-manager';
import { isJsonObject, jsonEqual } from './json-utils';
import { createdFieldsV1 } from './created-fields-v1';
import { decodeManagedFields, encodeManagedFields, managedFieldsEntry, managerId, STRIPPED_FIELDS, type ManagedFieldsEntry, type ManagerState } from './managed-fields';
import { childNode, itemsNode, listSemantics, rootNode, type SchemaNode } from './schema-node';
import { isEmptyValue, itemPathElement, shapeOf } from './typed-value';
import { capUpdateManagers } from './cap-managers';

/** Options of a create, update or non-apply patch whose field ownership is tracked. */
export interface TrackUpdateOptions {
  /** `fieldManager`, or upstream's default from the User-Agent (`kubectl-edit`, `kubectl-client-side-apply`, …). */
  manager: string;
  operation: 'Update';
  /** `group/version` of the request. */
  apiVersion: string;
  /** RFC 3339 time recorded when this manager changed something. */
  now: string;
  subresource?: string;
  schema: SchemaSource;
  typeName?: string;
  /** Fields the registry resets for this (sub)resource; default: status, or spec for /status. */
  resetFields?: string[][];
  /** Always the full comparison, never the shortcut for values changed in place (tests compare the two). */
  exhaustive?: boolean;
}

// Upstream computes the change under a throwaway name and folds it into the real manager after.
const CURRENT_OPERATION = 'current-operation';

/**
 * The `metadata.managedFields` after a create (`old` undefined), update or non-apply patch: the
 * fields the request added or changed become the manager's (operation Update), leave every other
 * manager, and removed fields leave everyone. A request that changes nothing leaves the entries
 * as they were. Managed fields sent in the request replace the live ones (main resource only).
 * @example trackUpdate(oldPod, newPod, { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'v1', now, schema, typeName })
 */
export function trackUpdate(old: Json | undefined, updated: Json, opts: TrackUpdateOptions): ManagedFieldsEntry[] {
  const node = rootNode(opts.schema, opts.typeName);
  const ignored = resetFieldSet(opts.resetFields ?? defaultResetFields(opts.subresource));
  const sent = managedFieldsOf(updated);
  const useSent = Array.isArray(sent) && sent.length > 0 && !opts.subresource;
  const managers = decodeManagedFields(useSent ? sent : managedFieldsOf(old));
  // Upstream (skipNonAppliedManager) stops tracking an existing object that has no managed fields.
  if (managers.size === 0 && hasUid(old)) return [];

  const newObj = withoutManagedFields(updated);
  if (old === undefined && managers.size === 0) return createdManagedFields(newObj, node, ignored, opts);
  const id = managerId({ manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, subresource: opts.subresource });
  const inPlace = opts.exhaustive ? undefined : changedInPlaceByOwner(old, newObj, node, ignored, managers, id);
  if (inPlace !== undefined) {
    // what the full comparison gives then: the same sets, and this manager's time now if it changed anything
    if (inPlace) managers.set(id, { ...entryState(opts), set: managers.get(id)!.set });
    capUpdateManagers(managers);
    return encodeManagedFields(managers);
  }
  const changed = updatedFields(old, newObj, node, managers, ignored);
  if (!isEmptySet(changed)) {
    const previous = managers.get(id);
    managers.set(id, { ...entryState(opts), set: previous ? union(changed, previous.set) : changed });
  }
  capUpdateManagers(managers);
  return encodeManagedFields(managers);
}

/** The fields a request added or changed; fields it removed leave every manager. */
function updatedFields(old: Json | undefined, newObj: Json, node: SchemaNode, managers: Map<string, ManagerState>, ignored: FieldSet): FieldSet {
  const cmp = updateManagers(withoutManagedFields(old), newObj, node, managers, CURRENT_OPERATION, true, ignored);
  return recursiveDifference(union(cmp.modified, cmp.added), ignored);
}

/**
 * Whether the request only changed, in place, values that manager `id` alone owns: no field added or
 * removed, no list item added, removed or moved, each changed value a leaf (as compareValues walks it)
 * that is a member of `id`'s set and of no other manager's. Then the full comparison's answer is known:
 * every manager keeps its set (the changed fields are taken from `id` and given back to it) and `id`
 * gets the time: true. A kubelet's Lease renewal (renewTime) or node status report (each condition's
 * lastHeartbeatTime) is such a request; so is a controller rewriting a status field it set. A request
 * that changes nothing leaves every entry as it was: false. Anything else takes the full path: undefined.
 * Either answer needs every manager to own something and none to own a field never recorded as managed
 * (resourceVersion, which an update drops: the full path would take it from them, and drop a manager
 * left with nothing); entries a client sent may.
 */
function changedInPlaceByOwner(old: Json | undefined, newObj: JsonObject, node: SchemaNode, ignored: FieldSet, managers: Map<string, ManagerState>, id: string): boolean | undefined {
  if (old === undefined) return undefined;
  for (const m of managers.values()) if (isEmptySet(m.set) || ownsStripped(m.set, STRIPPED_FIELDS)) return undefined;
  const paths: string[][] = [];
  if (!leafChanges(withoutManagedFields(old), newObj, node, ignored, [], paths)) return undefined;
  if (paths.length === 0) return false;
  if (!managers.has(id)) return undefined;
  for (const [other, m] of managers) {
    for (const p of paths) if (isMemberAt(m.set, p) !== (other === id)) return undefined;
  }
  return true;
}

/** Whether `set` has a member at any path that is a member of `stripped` (sets decoded from stored entries never do). */
function ownsStripped(set: FieldSet, stripped: FieldSet): boolean {
  for (const [pe, s] of stripped.children) {
    const c = set.children.get(pe);
    if (c && ((s.member && c.member) || ownsStripped(c, s))) return true;
  }
  return false;
}

/**
 * The leaf paths compareValues would find modified between two values of a map node, into `out`; false
 * when it would find anything else (a field added or removed, a list item added, removed or moved). `ignored`
 * (the reset fields) is left out, as updatedFields leaves it out.
 */
function leafChanges(lhs: Json, rhs: Json, node: SchemaNode, ignored: FieldSet | undefined, path: string[], out: string[][]): boolean {
  if (!isJsonObject(lhs) || !isJsonObject(rhs)) return false;
  const visit = (k: string): boolean => {
    const [lv, rv] = [lhs[k], rhs[k]];
    // most fields are the same string or number on both sides: no schema lookup for them
    if (lv === rv) return true;
    const skip = ignored?.children.get(`f:${k}`);
    if (skip?.member) return true;
    const child = childNode(node, k);
    // a field never recorded as managed (resourceVersion, which an update's body may leave out) going
    // away takes nothing from anyone
    if (rv === undefined && isMemberAt(STRIPPED_FIELDS, [...path, `f:${k}`]) && shapeOf(child, lv) === 'leaf') return true;
    if (lv === undefined || rv === undefined) return false;
    return valueChanges(lv, rv, child, skip, [...path, `f:${k}`], out);
  };
  for (const k of Object.keys(lhs)) if (!visit(k)) return false;
  for (const k of Object.keys(rhs)) if (!(k in lhs) && !visit(k)) return false;
  return true;
}

/** leafChanges for one value present on both sides, at `path`. */
function valueChanges(lv: Json, rv: Json, node: SchemaNode, ignored: FieldSet | undefined, path: string[], out: string[][]): boolean {
  const shape = typeof lv !== 'object' && typeof rv !== 'object' ? 'leaf' : shapeOf(node, lv, rv);
  if (shape === 'leaf' || (isEmptyValue(lv) && isEmptyValue(rv))) {
    if (!jsonEqual(lv, rv)) out.push(path);
    return true;
  }
  if (shape === 'map') return leafChanges(lv, rv, node, ignored, path, out);
  return listItemChanges(lv as Json[], rv as Json[], node, ignored, path, out);
}

/**
 * leafChanges for a granular list: the same items by key, in the same order, each key once (then
 * compareValues pairs them as they stand), compared item by item; false for anything else.
 */
function listItemChanges(lhs: Json[], rhs: Json[], node: SchemaNode, ignored: FieldSet | undefined, path: string[], out: string[][]): boolean {
  if (lhs.length !== rhs.length) return false;
  const sem = listSemantics(node.field);
  const items = itemsNode(node);
  const keys = new Set<string>();
  for (let i = 0; i < lhs.length; i++) {
    const pe = itemPathElement(lhs[i]!, sem);
    if (keys.has(pe) || itemPathElement(rhs[i]!, sem) !== pe) return false;
    keys.add(pe);
    if (lhs[i] === rhs[i]) continue;
    const skip = ignored?.children.get(pe);
    if (skip?.member) continue;
    if (!valueChanges(lhs[i]!, rhs[i]!, items, skip, [...path, pe], out)) return false;
  }
  return true;
}

function isMemberAt(set: FieldSet, path: string[]): boolean {
  let cur: FieldSet | undefined = set;
  for (const pe of path) cur = cur?.children.get(pe);
  return cur?.member === true;
}

/**
 * A create with no managed fields sent (every API create): no manager to take fields from, nothing
 * modified or removed, so the one entry is what the object sets, encoded in one walk. The same
 * entries as updatedFields gives compared against an empty object (a unit test pins it).
 */
function createdManagedFields(newObj: JsonObject, node: SchemaNode, ignored: FieldSet, opts: TrackUpdateOptions): ManagedFieldsEntry[] {
  const fieldsV1 = createdFieldsV1(newObj, node, ignored, STRIPPED_FIELDS);
  return fieldsV1 ? [managedFieldsEntry(entryState(opts), fieldsV1)] : [];
}

function entryState(opts: TrackUpdateOptions): Omit<ManagerState, 'set'> {
  return { manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, ...(opts.subresource ? { subresource: opts.subresource } : {}), time: opts.now };
}

function hasUid(obj: Json | undefined): boolean {
  return isJsonObject(obj) && isJsonObject(obj.metadata) && typeof obj.metadata.uid === 'string' && obj.metadata.uid !== '';
}

function managedFieldsOf(obj: Json | undefined): Json | undefined {
  return isJsonObject(obj) && isJsonObject(obj.metadata) ? obj.metadata.managedFields : undefined;
}
