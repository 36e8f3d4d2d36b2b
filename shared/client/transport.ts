import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { Json, KubeObject, WatchEvent } from '../api/object';
import type { ResourceDef } from '../api/registry';
import type { DeleteCollectionOptions, DeleteOptions, ListOptions, ObjectList, PatchOptions, PatchType, WatchOptions, WriteOptions } from './client';

/** Where one call goes: the resource, the version the caller speaks, and the namespace if any. */
export interface Scope {
  def: ResourceDef;
  version: string;
  /** Undefined for cluster-scoped kinds, and for all-namespace list/watch of namespaced kinds. */
  namespace?: string;
}

/**
 * What a transport (HTTP, store RPC) implements; `ScopedResourceClient` turns it into the
 * public `ResourceClient`, so namespace handling lives in one place for every transport.
 */
export interface Transport {
  get(s: Scope, name: string): Promise<KubeObject>;
  list(s: Scope, opts: ListOptions): Promise<ObjectList<KubeObject>>;
  watch(s: Scope, opts: WatchOptions): AsyncIterable<WatchEvent>;
  create(s: Scope, obj: KubeObject, opts: WriteOptions): Promise<KubeObject>;
  update(s: Scope, name: string, obj: KubeObject, target: 'main' | 'status', opts: WriteOptions): Promise<KubeObject>;
  patch(s: Scope, name: string, type: PatchType, body: Json, opts: PatchOptions): Promise<KubeObject>;
  delete(s: Scope, name: string, opts: DeleteOptions): Promise<KubeObject>;
  deleteCollection(s: Scope, opts: DeleteCollectionOptions): Promise<ObjectList<KubeObject>>;
  getScale(s: Scope, name: string): Promise<Scale>;
  updateScale(s: Scope, name: string, scale: Scale, opts: WriteOptions): Promise<Scale>;
  bind(s: Scope, name: string, binding: KubeObject, dryRun: boolean): Promise<void>;
  evict(s: Scope, name: string, eviction: KubeObject, dryRun: boolean): Promise<void>;
}
