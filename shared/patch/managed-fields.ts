import type { Json, JsonObject } from '../api/object';
import { fromFieldsV1, insertPath, emptySet, isEmptyDifference, toFieldsV1Without, union, type FieldSet } from './field-set';
import { isJsonObject } from './json-utils';

/** One `metadata.managedFields` entry, as the API returns it. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

/** A manager's decoded entry: who, how, and the set of fields it owns. */
export interface ManagerState {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/**
 * Upstream's manager identifier (BuildManagerIdentifier): appliers are one manager whatever the
 * version they apply at; updaters are distinct per API version.
 */
export function managerId(m: { manager: string; operation: string; apiVersion: string; subresource?: string }): string {
  return JSON.stringify({
    manager: m.manager,
    operation: m.operation,
    ...(m.operation === 'Apply' ? {} : { apiVersion: m.apiVersion }),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  });
}

/** Decodes `metadata.managedFields` into managers keyed by identifier (duplicates are unioned). */
export function decodeManagedFields(entries: Json | undefined): Map<string, ManagerState> {
  const out = new Map<string, ManagerState>();
  if (!Array.isArray(entries)) return out;
  for (const e of entries) {
    if (!isJsonObject(e)) continue;
    const state: ManagerState = {
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
      set: fromFieldsV1(e.fieldsV1),
    };
    if (typeof e.subresource === 'string' && e.subresource) state.subresource = e.subresource;
    if (typeof e.time === 'string') state.time = e.time;
    const id = managerId(state);
    const prev = out.get(id);
    out.set(id, prev ? { ...prev, set: union(prev.set, state.set) } : state);
  }
  return out;
}

// Fields upstream never records as managed (stripMetaManager): exact paths, not subtrees.
export const STRIPPED_FIELDS: FieldSet = (() => {
  const s = emptySet();
  for (const p of [
    ['f:apiVersion'],
    ['f:kind'],
    ['f:metadata'],
    ['f:metadata', 'f:name'],
    ['f:metadata', 'f:namespace'],
    ['f:metadata', 'f:creationTimestamp'],
    ['f:metadata', 'f:selfLink'],
    ['f:metadata', 'f:uid'],
    ['f:metadata', 'f:clusterName'],
    ['f:metadata', 'f:generation'],
    ['f:metadata', 'f:managedFields'],
    ['f:metadata', 'f:resourceVersion'],
  ])
    insertPath(s, p);
  return s;
})();

/** One manager's entry, its keys in the order the API returns them. */
export function managedFieldsEntry(m: Omit<ManagerState, 'set'>, fieldsV1: JsonObject): ManagedFieldsEntry {
  const e: ManagedFieldsEntry = {
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time !== undefined ? { time: m.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1,
  };
  if (m.subresource) e.subresource = m.subresource;
  return e;
}

/**
 * Encodes managers as `metadata.managedFields`: identity/system metadata stripped, empty managers
 * dropped, sorted as upstream sorts them (operation, time, manager, apiVersion, subresource).
 */
export function encodeManagedFields(managers: Map<string, ManagerState>): ManagedFieldsEntry[] {
  const entries: ManagedFieldsEntry[] = [];
  for (const m of managers.values()) {
    if (!isEmptyDifference(m.set, STRIPPED_FIELDS)) entries.push(managedFieldsEntry(m, toFieldsV1Without(m.set, STRIPPED_FIELDS)));
  }
  return sortManagedFields(entries);
}

/** Entries in upstream's order (operation, time, manager, apiVersion, subresource); sorts in place. */
export function sortManagedFields(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  // each entry's time parsed once, not at every comparison
  const parsed = new Map<string | undefined, number>();
  const seconds = (t?: string) => {
    let s = parsed.get(t);
    if (s === undefined) parsed.set(t, (s = t ? Math.floor(Date.parse(t) / 1000) : 0));
    return s;
  };
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return entries.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
}
