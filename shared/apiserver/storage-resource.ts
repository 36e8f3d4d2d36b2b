import { apiVersionOf, resourceKey, type ResourceDef } from '../api/registry';

/** The group, version and plural a resource's objects are stored under. */
export interface StorageResource {
  group: string;
  version: string;
  plural: string;
}

/**
 * Where a resource's objects live. Upstream keeps one Event store and serves it in two APIs
 * (cohabiting resources: events.k8s.io Events are core/v1 Events in etcd), so an Event written
 * through either API is read and watched through both; every other resource is its own store.
 * @example storageOf(eventsV1Def) // { group: '', version: 'v1', plural: 'events' }
 */
export function storageOf(def: ResourceDef): StorageResource {
  if (def.group === 'events.k8s.io' && def.kind === 'Event') return { group: '', version: 'v1', plural: 'events' };
  return { group: def.group, version: def.storageVersion, plural: def.plural };
}

/** The store key of a resource's objects: `pods`, `deployments.apps`; `events` for both Event APIs. */
export function storageKeyOf(def: ResourceDef): string {
  const s = storageOf(def);
  return resourceKey(s.group, s.plural);
}

/** The apiVersion stored objects carry. */
export function storageApiVersionOf(def: ResourceDef): string {
  const s = storageOf(def);
  return apiVersionOf(s.group, s.version);
}
