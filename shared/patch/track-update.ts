import type { Json, JsonObject } from '../api/object';
import type { SchemaSource } from '../api/schema-types';
import { isEmptySet, recursiveDifference, union, type FieldSet } from './field-set';
import { defaultResetFields, resetFieldSet, updateManagers, withoutManagedFields } from './field-manager';
import { isJsonObject } from './json-utils';
import { createdFieldsV1 } from './created-fields-v1';
import { decodeManagedFields, encodeManagedFields, managedFieldsEntry, managerId, STRIPPED_FIELDS, type ManagedFieldsEntry, type ManagerState } from './managed-fields';
import { rootNode, type SchemaNode } from './schema-node';
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
  const changed = updatedFields(old, newObj, node, managers, ignored);
  if (!isEmptySet(changed)) {
    const id = managerId({ manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, subresource: opts.subresource });
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
