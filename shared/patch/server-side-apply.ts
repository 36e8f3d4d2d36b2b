import { badRequest } from '../api/errors';
import type { Json, JsonObject } from '../api/object';
import type { SchemaSource } from '../api/schema-types';
import { emptySet, isEmptySet, recursiveDifference, type FieldSet } from './field-set';
import {
  defaultResetFields,
  resetFieldSet,
  updateManagers,
  withoutManagedFields,
} from './field-manager';
import { cloneJson, isJsonObject, jsonEqual } from './json-utils';
import {
  decodeManagedFields,
  encodeManagedFields,
  managerId,
  type ManagedFieldsEntry,
  type ManagerState,
} from './managed-fields';
import { rootNode, type SchemaNode } from './schema-node';
import { structuredMerge } from './structured-merge';
import { difference, intersection, union } from './field-set';
import { compareValues, ensureNamedFieldsAreMembers, removeItems, toFieldSet } from './typed-value';
import { restoreResetFields } from './reset-fields';
import { capUpdateManagers } from './cap-managers';

/** Options of a server-side apply (`PATCH` with `application/apply-patch+yaml`). */
export interface ServerSideApplyOptions {
  /** `fieldManager` query parameter (required for apply). */
  manager: string;
  /** `force=true`: take conflicting fields from their managers instead of failing. */
  force: boolean;
  schema: SchemaSource;
  /** Root type of the kind; undefined when there is no schema (everything deduced). */
  typeName?: string;
  /** `group/version` of the request; the applied object must carry the same. */
  apiVersion: string;
  /** RFC 3339 time recorded on the applier's managedFields entry. */
  now: string;
  subresource?: string;
  /** Fields the registry resets for this (sub)resource; default: status, or spec for /status. */
  resetFields?: string[][];
}

/** The result of an apply: the new object (managedFields included) and its managedFields. */
export interface ServerSideApplyResult {
  object: Json;
  managedFields: ManagedFieldsEntry[];
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Server-side apply (k8s.io/apimachinery/pkg/util/managedfields over structured-merge-diff):
 * merges `applied` into `live` (undefined = create), removes fields this manager applied before
 * and no longer applies unless someone else owns them, and records the manager's ownership.
 * Changing a field another manager owns to a different value is a 409 Conflict unless `force`;
 * applying the value it already has makes the field shared.
 * @example serverSideApply(undefined, deployment, { manager: 'kubectl', force: false, schema, typeName, apiVersion: 'apps/v1', now })
 */
export function serverSideApply(live: Json | undefined, applied: Json, opts: ServerSideApplyOptions): ServerSideApplyResult {
  if (!isJsonObject(applied)) throw badRequest('error decoding YAML: json: cannot unmarshal into Go value of type map[string]interface {}');
  if (applied.apiVersion !== opts.apiVersion) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${String(applied.apiVersion ?? '')}, expected: ${opts.apiVersion}`,
    );
  }
  if (isJsonObject(applied.metadata) && applied.metadata.managedFields != null) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const node = rootNode(opts.schema, opts.typeName);
  const ignored = resetFieldSet(opts.resetFields ?? defaultResetFields(opts.subresource));
  const liveObj = withoutManagedFields(live);
  const managers = decodeManagedFields(isJsonObject(live) && isJsonObject(live.metadata) ? live.metadata.managedFields : undefined);
  if (live !== undefined && managers.size === 0) {
    // An object nobody tracked yet: its current fields become owned by `before-first-apply`
    // (skipNonAppliedManager), so an apply that changes them conflicts.
    const first = { manager: 'before-first-apply', operation: 'Update' as const, apiVersion: opts.apiVersion };
    const created = compareValues({}, liveObj, node);
    const set = recursiveDifference(union(created.added, created.modified), ignored);
    if (!isEmptySet(set)) managers.set(managerId(first), { ...first, time: opts.now, set });
  }

  const id = managerId({ manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion, subresource: opts.subresource });
  const previous = managers.get(id);
  const merged = structuredMerge(liveObj, applied, node) as JsonObject;
  const configSet = recursiveDifference(toFieldSet(applied, node), ignored);
  const self: ManagerState = {
    manager: opts.manager,
    operation: 'Apply',
    apiVersion: opts.apiVersion,
    set: configSet,
    ...(opts.subresource ? { subresource: opts.subresource } : {}),
    ...(previous?.time ? { time: previous.time } : {}),
  };
  managers.set(id, self);

  let next = previous ? prune(merged, managers, previous.set, node) : merged;
  next = restoreResetFields(liveObj, next, ignored) as JsonObject;
  updateManagers(liveObj, next, node, managers, id, opts.force, ignored);

  // A no-op apply keeps the live object (and the applier's old timestamp), as upstream does.
  const changed = !jsonEqual(liveObj, next);
  const result = changed ? next : cloneJson(liveObj);
  const mine = managers.get(id);
  if (mine && (changed || !mine.time)) mine.time = opts.now;
  syncLastApplied(live, result, applied, opts.manager);
  capUpdateManagers(managers);
  const managedFields = encodeManagedFields(managers);
  setManagedFields(result, managedFields);
  return { object: result, managedFields };
}

/**
 * Upstream Updater.prune: drops what the applier owned last time and no longer applies, unless
 * another manager (or the new configuration) owns it.
 */
function prune(merged: JsonObject, managers: Map<string, ManagerState>, lastSet: FieldSet, node: SchemaNode): JsonObject {
  if (isEmptySet(lastSet)) return merged;
  const named = (s: FieldSet) => ensureNamedFieldsAreMembers(s, node);
  const last = named(lastSet);
  let owned = emptySet();
  for (const m of managers.values()) owned = union(owned, m.set);
  owned = named(owned);
  const mergedSet = named(toFieldSet(merged, node));
  // RemoveItems(last), then add back what anyone owns, then only take away what was in `last`.
  const pruned0 = removeItems(merged, last, node);
  const prunedSet0 = named(toFieldSet(pruned0, node));
  const pruned1 = removeItems(merged, difference(mergedSet, union(prunedSet0, owned)), node);
  const prunedSet1 = named(toFieldSet(pruned1, node));
  return removeItems(merged, intersection(difference(mergedSet, prunedSet1), last), node) as JsonObject;
}

/** kubectl's server-side apply keeps a client-side last-applied annotation in sync (lastAppliedUpdater). */
function syncLastApplied(live: Json | undefined, result: JsonObject, applied: JsonObject, manager: string): void {
  if (manager !== 'kubectl') return;
  const liveAnnotations = isJsonObject(live) && isJsonObject(live.metadata) ? live.metadata.annotations : undefined;
  if (!isJsonObject(liveAnnotations) || typeof liveAnnotations[LAST_APPLIED] !== 'string') return;
  const config = cloneJson(applied);
  if (isJsonObject(config.metadata) && isJsonObject(config.metadata.annotations)) {
    delete config.metadata.annotations[LAST_APPLIED];
    if (Object.keys(config.metadata.annotations).length === 0) delete config.metadata.annotations;
  }
  const meta = isJsonObject(result.metadata) ? result.metadata : (result.metadata = {});
  const annotations = isJsonObject(meta.annotations) ? meta.annotations : (meta.annotations = {});
  annotations[LAST_APPLIED] = JSON.stringify(config);
}

/** Writes `metadata.managedFields` (or removes it when empty). */
export function setManagedFields(obj: JsonObject, entries: ManagedFieldsEntry[]): void {
  const meta = isJsonObject(obj.metadata) ? obj.metadata : (obj.metadata = {});
  if (entries.length) meta.managedFields = entries as unknown as Json;
  else delete meta.managedFields;
}
