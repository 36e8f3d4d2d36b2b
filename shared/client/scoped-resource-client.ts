import type { Scale } from 'kubernetes-types/autoscaling/v1';
import { ApiError, badRequest } from '../api/errors';
import type { Json, KubeObject, WatchEvent } from '../api/object';
import type { ResourceDef } from '../api/registry';
import type {
  DeleteCollectionOptions,
  DeleteOptions,
  ListOptions,
  ObjectLike,
  ObjectList,
  PatchOptions,
  PatchType,
  ResourceClient,
  WatchOptions,
  WriteOptions,
} from './client';
import type { Scope, Transport } from './transport';

/**
 * The public ResourceClient over any transport. It owns the namespace rules so every transport
 * agrees: a namespaced kind needs a namespace for anything but list/watch; a cluster-scoped kind
 * takes none.
 */
export class ScopedResourceClient<T extends ObjectLike> implements ResourceClient<T> {
  constructor(
    private readonly transport: Transport,
    private readonly def: ResourceDef,
    private readonly version: string,
    private readonly ns?: string,
    /** False for kinds only the server knows (HTTP to custom resources): no namespace checks. */
    private readonly known = true,
  ) {}

  namespace(ns: string): ResourceClient<T> {
    if (this.known && !this.def.namespaced) {
      throw new ApiError(404, 'NotFound', `the server could not find the requested resource: ${this.def.plural} is not namespaced`, {});
    }
    return new ScopedResourceClient<T>(this.transport, this.def, this.version, ns, this.known);
  }

  async get(name: string): Promise<T> {
    return this.transport.get(this.scope(), name) as Promise<unknown> as Promise<T>;
  }

  async list(opts: ListOptions = {}): Promise<ObjectList<T>> {
    return this.transport.list(this.scope(true), opts) as Promise<unknown> as Promise<ObjectList<T>>;
  }

  watch(opts: WatchOptions = {}): AsyncIterable<WatchEvent<T>> {
    return this.transport.watch(this.scope(true), opts) as AsyncIterable<unknown> as AsyncIterable<WatchEvent<T>>;
  }

  async create(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.transport.create(this.scope(false, obj), obj as unknown as KubeObject, opts) as Promise<unknown> as Promise<T>;
  }

  async update(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.transport.update(this.scope(false, obj), nameOf(obj), obj as unknown as KubeObject, 'main', opts) as Promise<unknown> as Promise<T>;
  }

  async updateStatus(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.transport.update(this.scope(false, obj), nameOf(obj), obj as unknown as KubeObject, 'status', opts) as Promise<unknown> as Promise<T>;
  }

  async patch(name: string, type: PatchType, body: Json, opts: PatchOptions = {}): Promise<T> {
    return this.transport.patch(this.scope(), name, type, body, opts) as Promise<unknown> as Promise<T>;
  }

  async delete(name: string, opts: DeleteOptions = {}): Promise<T> {
    return this.transport.delete(this.scope(), name, opts) as Promise<unknown> as Promise<T>;
  }

  async deleteCollection(opts: DeleteCollectionOptions = {}): Promise<ObjectList<T>> {
    return this.transport.deleteCollection(this.scope(), opts) as Promise<unknown> as Promise<ObjectList<T>>;
  }

  async getScale(name: string): Promise<Scale> {
    return this.transport.getScale(this.scope(), name);
  }

  async updateScale(name: string, scale: Scale, opts: WriteOptions = {}): Promise<Scale> {
    return this.transport.updateScale(this.scope(), name, scale, opts);
  }

  async bind(name: string, binding: KubeObject, opts: { dryRun?: boolean } = {}): Promise<void> {
    return this.transport.bind(this.scope(), name, binding, Boolean(opts.dryRun));
  }

  async evict(name: string, eviction: KubeObject, opts: { dryRun?: boolean } = {}): Promise<void> {
    return this.transport.evict(this.scope(), name, eviction, Boolean(opts.dryRun));
  }

  private scope(allNamespaces = false, obj?: ObjectLike): Scope {
    const base = { def: this.def, version: this.version };
    if (this.known && !this.def.namespaced) return base;
    const ns = this.ns ?? obj?.metadata?.namespace;
    if (ns === undefined && !allNamespaces && this.known) {
      throw badRequest(`a namespace is required for ${this.def.plural}: use .namespace(ns) or set metadata.namespace`);
    }
    return { ...base, namespace: ns };
  }
}

function nameOf(obj: ObjectLike): string {
  const name = obj.metadata?.name;
  if (!name) throw badRequest('metadata.name is required to update an object');
  return name;
}
