import type { StoredObject, WatchEvent } from '../api/object';
import { apiVersionOf, parseApiVersion, type ResourceDef } from '../api/registry';
import { fieldsForObject } from '../selectors/field-labels';
import type { ObjectFilter } from './list-filter';
import type { LoggedEvent } from './store-table';

/**
 * What a filtered watcher sees of a logged change: an object that starts matching arrives as
 * ADDED, one that stops matching leaves as DELETED (upstream's watch cache does this).
 */
export function eventFor(e: LoggedEvent, filter: ObjectFilter): WatchEvent | null {
  if (filter.empty) return { type: e.type, object: e.object };
  if (e.type === 'DELETED') return filter.matches(e.object) ? { type: 'DELETED', object: e.object } : null;
  const now = filter.matches(e.object);
  const before = e.prev !== null && filter.matches(e.prev);
  if (now && before) return { type: 'MODIFIED', object: e.object };
  if (now) return { type: 'ADDED', object: e.object };
  if (before) return { type: 'DELETED', object: e.object };
  return null;
}

/**
 * Whether a change's previous state can decide a filter differently from its new state: only when
 * its labels or a field-selectable value (fieldsForObject: metadata.name and .namespace, a pod's
 * spec.nodeName, …) changed. When neither did, every label and field selector matches both alike,
 * so eventFor needs no previous state beyond the new one: an event log may keep the previous state
 * only for the changes where this is true (a Lease renewal, a status write: not).
 */
export function selectorsTellApart(prev: StoredObject, obj: StoredObject): boolean {
  if (!sameStrings(prev.metadata?.labels, obj.metadata?.labels)) return true;
  if (prev.kind !== obj.kind || prev.apiVersion !== obj.apiVersion) return true;
  const { group } = parseApiVersion(obj.apiVersion ?? '');
  return !sameStrings(fieldsForObject(group, obj.kind ?? '', prev), fieldsForObject(group, obj.kind ?? '', obj));
}

function sameStrings(a: Record<string, string> | undefined | null, b: Record<string, string> | undefined | null): boolean {
  const ka = a ? Object.keys(a) : [];
  const kb = b ? Object.keys(b) : [];
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || a![k] !== b![k]) return false;
  return true;
}

/** A BOOKMARK carrying only the store's counter, in the kind's storage version. */
export function bookmarkEvent(def: ResourceDef, resourceVersion: string): WatchEvent {
  return {
    type: 'BOOKMARK',
    object: { kind: def.kind, apiVersion: apiVersionOf(def.group, def.storageVersion), metadata: { resourceVersion } },
  };
}

const encoder = new TextEncoder();

/** One watch event as a line of the newline-delimited stream stores answer with. */
export function encodeEvent(event: WatchEvent | { type: 'ERROR'; object: unknown }): Uint8Array {
  return encoder.encode(JSON.stringify(event) + '\n');
}

/** A stream holding one ERROR event, as a store answers a watch it cannot serve. */
export function errorStream(status: unknown): ReadableStream<Uint8Array> {
  const line = encodeEvent({ type: 'ERROR', object: status });
  return new ReadableStream({
    start(c) {
      c.enqueue(line);
      c.close();
    },
  });
}
