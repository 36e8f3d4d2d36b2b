import type { Json, JsonObject } from '../api/object';
import type { SchemaNode } from './schema-node';
import {
  difference,
  emptySet,
  insertPath,
  intersection,
  isEmptySet,
  recursiveDifference,
  union,
  type FieldSet,
} from './field-set';
import { isJsonObject } from './json-utils';
import type { ManagerState } from './managed-fields';
import { applyConflictError } from './apply-conflict';
import { compareValues, type Comparison } from './typed-value';

/**
 * Fields a request may not own because the registry resets them (GetResetFields): status through
 * the main resource, spec through /status. Paths are field names from the root.
 */
export function defaultResetFields(subresource: string | undefined): string[][] {
  return subresource === 'status' ? [['spec']] : subresource ? [] : [['status']];
}

/** The reset field paths as a set. */
export function resetFieldSet(paths: string[][]): FieldSet {
  const s = emptySet();
  for (const p of paths) insertPath(s, p.map((f) => `f:${f}`));
  return s;
}

/** A copy of an object without `metadata.managedFields` (field tracking never sees it). */
export function withoutManagedFields(obj: Json | undefined): JsonObject {
  if (!isJsonObject(obj)) return {};
  const out = { ...obj };
  if (isJsonObject(obj.metadata) && 'managedFields' in obj.metadata) {
    const meta = { ...obj.metadata };
    delete meta.managedFields;
    out.metadata = meta;
  }
  return out;
}

/**
 * Upstream Updater.update: compares old to new, and takes the changed fields away from every
 * manager but `workflow` — those it changed (conflicts, an error unless `force`) and those it
 * removed. Managers left with nothing are dropped. Mutates `managers`; returns the comparison.
 */
export function updateManagers(
  oldObj: Json,
  newObj: Json,
  node: SchemaNode,
  managers: Map<string, ManagerState>,
  workflow: string,
  force: boolean,
  ignored: FieldSet,
): Comparison {
  const raw = compareValues(oldObj, newObj, node);
  const cmp: Comparison = {
    added: recursiveDifference(raw.added, ignored),
    removed: recursiveDifference(raw.removed, ignored),
    modified: recursiveDifference(raw.modified, ignored),
  };
  const changed = union(cmp.modified, cmp.added);
  const conflicts: { id: string; manager: ManagerState; set: FieldSet }[] = [];
  for (const [id, m] of managers) {
    if (id === workflow) continue;
    const set = intersection(m.set, changed);
    if (!isEmptySet(set)) conflicts.push({ id, manager: m, set });
  }
  if (!force && conflicts.length) throw applyConflictError(conflicts);
  for (const c of conflicts) c.manager.set = difference(c.manager.set, c.set);
  if (!isEmptySet(cmp.removed)) {
    for (const [id, m] of managers) if (id !== workflow) m.set = difference(m.set, cmp.removed);
  }
  for (const [id, m] of managers) if (isEmptySet(m.set)) managers.delete(id);
  return cmp;
}
