import type { Scale } from 'kubernetes-types/autoscaling/v1';
import { ApiError } from '../api/errors';
import type { Json, KubeObject, WatchEvent } from '../api/object';
import { apiVersionOf, BUILTIN_RESOURCES, type ResourceDef } from '../api/registry';
import { fromStorageVersion } from '../apiserver/conversion';
import { decodeComposite, isComposite } from '../apiserver/resource-version';
import type { ListResult, StoreApi, WatchRequest } from '../apiserver/store-protocol';
import type * as C from './client';
import { mergeNamespaceLists } from './list-merge';
import { mergedWatch } from './merged-watch';
import { realTimeSchedule, type Schedule } from '../clock/clock';
import { resolveResource } from './resolve-resource';
import { ScopedResourceClient } from './scoped-resource-client';
import { unwrap } from './store-result';
import type { Scope, Transport } from './transport';
import { watchLines } from './watch-lines';

export interface RpcClientOptions {
  /** The store stub by name: 'cluster' or 'ns:<namespace>' (workers/env.ts storeStub). */
  storeOf: (storeName: string) => StoreApi;
  /** Names of existing namespaces, for lists across all namespaces. */
  namespaces: () => Promise<string[]>;
  /** Kinds `resource({group, version, plural})` can resolve (default: the built-in registry). */
  resources?: readonly ResourceDef[];
  /** Timers for all-namespace watch timeouts (default setTimeout). */
  schedule?: Schedule;
  /** Field manager for writes that name none. */
  fieldManager?: string;
}

/**
 * The in-cluster Client: typed RPC straight to the stores, no HTTP hop. Objects come back in the
 * version the caller speaks; store Status results are thrown as ApiError.
 * @example const pods = new RpcClient({ storeOf: (n) => storeStub(env, n), namespaces }).resource(POD_DEF).namespace('default');
 */
export class RpcClient implements C.Client {
  private readonly transport: RpcTransport;

  constructor(private readonly opts: RpcClientOptions) {
    this.transport = new RpcTransport(opts);
  }

  resource<T extends C.ObjectLike = KubeObject>(ref: C.ResourceRef): C.ResourceClient<T> {
    const { def, version } = resolveResource(ref, this.opts.resources ?? BUILTIN_RESOURCES);
    return new ScopedResourceClient<T>(this.transport, def, version);
  }
}

/** Store calls per scope: picks the store, converts versions, unwraps results. */
class RpcTransport implements Transport {
  constructor(private readonly opts: RpcClientOptions) {}

  async get(s: Scope, name: string): Promise<KubeObject> {
    return present(s, unwrap(await this.store(s).get(s.def, name)));
  }

  async list(s: Scope, o: C.ListOptions): Promise<C.ObjectList<KubeObject>> {
    const req = { def: s.def, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector };
    if (!s.def.namespaced || s.namespace !== undefined) {
      return listBody(s, unwrap(await this.store(s).list({ ...req, limit: o.limit, continue: o.continue, resourceVersion: o.resourceVersion, resourceVersionMatch: o.resourceVersionMatch })));
    }
    const names = await this.opts.namespaces();
    const results = await Promise.all(names.map(async (namespace) => ({ namespace, result: unwrap(await this.opts.storeOf(`ns:${namespace}`).list(req)) })));
    return listBody(s, mergeNamespaceLists(results, { limit: o.limit, continue: o.continue, filtered: Boolean(o.labelSelector || o.fieldSelector) }));
  }

  watch(s: Scope, o: C.WatchOptions): AsyncIterable<WatchEvent> {
    const req: WatchRequest = {
      def: s.def,
      labelSelector: o.labelSelector,
      fieldSelector: o.fieldSelector,
      resourceVersion: o.resourceVersion,
      allowWatchBookmarks: o.allowWatchBookmarks,
      timeoutSeconds: o.timeoutSeconds,
    };
    const presentEvent = (e: WatchEvent): WatchEvent => (e.type === 'BOOKMARK' ? e : { type: e.type, object: present(s, e.object) });
    if (!s.def.namespaced || s.namespace !== undefined) return mapEvents(this.store(s).watch(req), o.signal, presentEvent);
    let from: Record<string, number> | undefined;
    const rv = o.resourceVersion;
    if (rv && rv !== '0') {
      // a single store's counter cannot place a watch across stores: the caller must relist
      if (!isComposite(rv)) return failing(new ApiError(410, 'Expired', `too old resource version: ${rv}`));
      try {
        from = decodeComposite(rv) as Record<string, number>;
      } catch (e) {
        return failing(e);
      }
    }
    return mergedWatch({ storeOf: this.opts.storeOf, req, from, signal: o.signal, schedule: this.opts.schedule ?? realTimeSchedule, present: presentEvent });
  }

  async create(s: Scope, obj: KubeObject, o: C.WriteOptions): Promise<KubeObject> {
    return present(s, unwrap(await this.store(s).create({ def: s.def, object: obj, ...this.write(s, o) })).object);
  }

  async update(s: Scope, name: string, obj: KubeObject, target: 'main' | 'status', o: C.WriteOptions): Promise<KubeObject> {
    return present(s, unwrap(await this.store(s).update({ def: s.def, name, object: obj, target, ...this.write(s, o) })).object);
  }

  async patch(s: Scope, name: string, type: C.PatchType, body: Json, o: C.PatchOptions): Promise<KubeObject> {
    const target = o.subresource ?? 'main';
    const result = unwrap(await this.store(s).patch({ def: s.def, name, patchType: type, patch: body, target, force: o.force, ...this.write(s, o) }));
    return target === 'scale' ? unwrap(await this.store(s).getScale(s.def, name)) : present(s, result.object);
  }

  async delete(s: Scope, name: string, o: C.DeleteOptions): Promise<KubeObject> {
    return present(s, unwrap(await this.store(s).delete({ def: s.def, name, ...o })).object);
  }

  async deleteCollection(s: Scope, o: C.DeleteCollectionOptions): Promise<C.ObjectList<KubeObject>> {
    return listBody(s, unwrap(await this.store(s).deleteCollection({ def: s.def, ...o })));
  }

  async getScale(s: Scope, name: string): Promise<Scale> {
    return unwrap(await this.store(s).getScale(s.def, name)) as Scale;
  }

  async updateScale(s: Scope, name: string, scale: Scale, o: C.WriteOptions): Promise<Scale> {
    return unwrap(await this.store(s).updateScale({ def: s.def, name, scale: scale as KubeObject, ...this.write(s, o) })) as Scale;
  }

  async bind(s: Scope, name: string, binding: KubeObject, dryRun: boolean): Promise<void> {
    unwrap(await this.store(s).bind(s.def, name, binding, dryRun));
  }

  async evict(s: Scope, name: string, eviction: KubeObject, dryRun: boolean): Promise<void> {
    unwrap(await this.store(s).evict(s.def, name, eviction, dryRun));
  }

  private store(s: Scope): StoreApi {
    return this.opts.storeOf(s.def.namespaced ? `ns:${s.namespace}` : 'cluster');
  }

  private write(s: Scope, o: C.WriteOptions) {
    return { dryRun: o.dryRun, fieldManager: o.fieldManager ?? this.opts.fieldManager, fieldValidation: o.fieldValidation, version: s.version };
  }
}

/** A stored object in the caller's version. */
function present(s: Scope, obj: KubeObject): KubeObject {
  return fromStorageVersion(s.def, obj, s.version);
}

function listBody(s: Scope, r: ListResult): C.ObjectList<KubeObject> {
  const metadata: C.ObjectList<KubeObject>['metadata'] = { resourceVersion: r.resourceVersion };
  if (r.continue) metadata.continue = r.continue;
  if (r.remainingItemCount !== undefined) metadata.remainingItemCount = r.remainingItemCount;
  return { apiVersion: apiVersionOf(s.def.group, s.version), kind: `${s.def.kind}List`, metadata, items: r.items.map((o) => present(s, o)) };
}

async function* mapEvents(stream: Promise<ReadableStream<Uint8Array>>, signal: AbortSignal | undefined, f: (e: WatchEvent) => WatchEvent): AsyncGenerator<WatchEvent> {
  for await (const e of watchLines(await stream, signal)) yield f(e);
}

async function* failing(e: unknown): AsyncGenerator<WatchEvent> {
  throw e;
}
