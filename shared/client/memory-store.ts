import { ApiError, alreadyExists, conflict, notFound } from '../api/errors';
import type { KubeObject, StoredObject, WatchEvent } from '../api/object';
import { apiVersionOf, resourceKey, type ResourceDef } from '../api/registry';
import { admitCreate, admitUpdate } from '../apiserver/admission';
import { applyBinding } from '../apiserver/binding';
import { decideEviction } from '../apiserver/eviction';
import { compileFilter } from '../apiserver/list-filter';
import { decideDelete, readyToRemove, type WriteContext } from '../apiserver/object-meta';
import { patchObject } from '../apiserver/patching';
import { parseStoreVersion } from '../apiserver/resource-version';
import { applyScale, toScale } from '../apiserver/scale';
import { clusterIPOf, wantsClusterIP, withClusterIP } from '../apiserver/service-ip';
import type * as P from '../apiserver/store-protocol';
import { listTable } from './memory-list';
import { DEFAULT_RETENTION_MS, MemoryTable, type LoggedEvent } from './memory-table';
import { errorStream, MemoryWatchers, watchEventFor, type Schedule } from './memory-watchers';
import type { ServiceIPPool } from './service-ip-pool';
import { toResult, toStatus } from './store-result';

export type NamespacePhase = 'Unknown' | 'Active' | 'Terminating' | 'Gone';

const PDB = resourceKey('policy', 'poddisruptionbudgets');
const SERVICES = resourceKey('', 'services');
const DEFAULT_BOOKMARK_MS = 60_000;

/** What a store needs from its cluster: time, ids, timers, and its namespace's phase. */
export interface MemoryStoreEnv {
  nowMs: () => number;
  context: () => WriteContext;
  schedule: Schedule;
  retentionMs?: number;
  /** Namespace stores only: the phase of their namespace, read from the cluster store. */
  namespacePhase?: () => NamespacePhase;
  /** The cluster's service IPs (owned by the cluster store in the real stores). */
  serviceIPs: ServiceIPPool;
  /** Told of every commit (the cluster reacts to new namespaces). */
  onCommit?: (e: LoggedEvent) => void;
}

/**
 * One store held in memory, implementing the same StoreApi as the ObjectStore Durable Object by
 * running the same pure pipeline (admitCreate/admitUpdate/patchObject/decideDelete/readyToRemove)
 * over a MemoryTable. For controller, scheduler and client tests.
 */
export class MemoryStore implements P.StoreApi {
  readonly table = new MemoryTable();
  private readonly watchers: MemoryWatchers;

  constructor(
    readonly name: string,
    private readonly env: MemoryStoreEnv,
  ) {
    this.watchers = new MemoryWatchers(env.schedule);
  }

  private get namespace(): string | undefined {
    return this.name.startsWith('ns:') ? this.name.slice(3) : undefined;
  }

  async get(def: ResourceDef, name: string): Promise<P.StoreResult<StoredObject>> {
    return toResult(() => this.mustGet(def, name));
  }

  async list(req: P.ListRequest): Promise<P.StoreResult<P.ListResult>> {
    return toResult(() => listTable(this.table, req));
  }

  async watch(req: P.WatchRequest): Promise<ReadableStream<Uint8Array>> {
    const resource = resourceKey(req.def.group, req.def.plural);
    let filter;
    let from: number | undefined;
    try {
      filter = compileFilter(req.def.group, req.def.kind, req);
      from = req.resourceVersion && req.resourceVersion !== '0' ? parseStoreVersion(req.resourceVersion) : undefined;
    } catch (e) {
      return errorStream(toStatus(e));
    }
    const table = this.table;
    if (from !== undefined && from < table.compactedVersion) {
      return errorStream(new ApiError(410, 'Expired', `too old resource version: ${from} (${table.compactedVersion})`).toStatus());
    }
    const f = filter;
    const replay = (send: (e: WatchEvent) => void): void => {
      if (from === undefined) {
        for (const obj of table.scan(resource)) if (f.matches(obj)) send({ type: 'ADDED', object: obj });
        return;
      }
      for (const e of table.eventsSince(resource, from)) {
        const ev = watchEventFor(e, f);
        if (ev) send(ev);
      }
    };
    return this.watchers.open(resource, f, replay, {
      timeoutMs: req.timeoutSeconds ? req.timeoutSeconds * 1000 : undefined,
      bookmarkMs: req.allowWatchBookmarks ? (req.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_MS) : undefined,
      bookmark: () => ({
        type: 'BOOKMARK',
        object: { kind: req.def.kind, apiVersion: apiVersionOf(req.def.group, req.def.storageVersion), metadata: { resourceVersion: String(table.resourceVersion) } },
      }),
    });
  }

  async currentVersion(): Promise<number> {
    return this.table.resourceVersion;
  }

  async create(req: P.CreateRequest): Promise<P.StoreResult<P.WriteResult>> {
    return toResult(() => {
      this.ensureWritable(req.def, 'create', req.object.metadata?.name);
      const admitted = admitCreate(req.def, req.object, this.namespace, this.env.context(), req);
      const name = admitted.object.metadata?.name ?? '';
      if (this.table.get(key(req.def), name)) throw alreadyExists(req.def.plural, req.def.group, name);
      if (key(req.def) === SERVICES && !req.dryRun && wantsClusterIP(admitted.object)) {
        admitted.object = withClusterIP(admitted.object, this.env.serviceIPs.allocate(clusterIPOf(admitted.object)));
      }
      const object = req.dryRun ? (admitted.object as StoredObject) : this.commit(key(req.def), 'ADDED', admitted.object as StoredObject, null);
      return { object, created: true, warnings: admitted.warnings };
    });
  }

  async update(req: P.UpdateRequest): Promise<P.StoreResult<P.WriteResult>> {
    return toResult(() => {
      this.ensureWritable(req.def, 'update');
      const old = this.mustGet(req.def, req.name);
      const rv = req.object.metadata?.resourceVersion;
      if (rv && rv !== old.metadata.resourceVersion) throw conflict(req.def.plural, req.def.group, req.name);
      const admitted = admitUpdate(req.def, old, req.object, req.target, this.env.context(), req);
      return { object: this.finishUpdate(req.def, old, admitted.object, req.dryRun), warnings: admitted.warnings };
    });
  }

  async patch(req: P.PatchRequest): Promise<P.StoreResult<P.WriteResult>> {
    return toResult(() => {
      this.ensureWritable(req.def, req.patchType === 'apply' ? 'create' : 'patch', req.name);
      const ctx = this.env.context();
      const old = this.table.get(key(req.def), req.name);
      if (!old) {
        if (req.patchType !== 'apply' || req.target !== 'main') throw notFound(req.def.plural, req.def.group, req.name);
        // server-side apply creates what is missing
        const applied = patchObject(req.def, undefined, { ...req, now: ctx.now });
        const body = { ...applied.object, metadata: { ...applied.object.metadata, name: req.name } };
        const admitted = admitCreate(req.def, body, this.namespace, ctx, req);
        admitted.object.metadata!.managedFields = applied.managedFields as never;
        const object = req.dryRun ? (admitted.object as StoredObject) : this.commit(key(req.def), 'ADDED', admitted.object as StoredObject, null);
        return { object, created: true, warnings: admitted.warnings };
      }
      if (req.target === 'scale') {
        const scaleDef = { ...req.def, group: 'autoscaling', storageVersion: 'v1', typeNames: { v1: 'io.k8s.api.autoscaling.v1.Scale' } };
        const patched = patchObject(scaleDef, toScale(req.def, old) as StoredObject, { ...req, version: 'v1', now: ctx.now });
        const next = applyScale(req.def, old, patched.object);
        const admitted = admitUpdate(req.def, old, next, 'main', ctx, { ...req, version: req.def.storageVersion, skipBodyCheck: true });
        return { object: this.finishUpdate(req.def, old, admitted.object, req.dryRun) };
      }
      const subresource = req.target === 'status' ? 'status' : undefined;
      const patched = patchObject(req.def, old, { ...req, now: ctx.now, subresource });
      const admitted = admitUpdate(req.def, old, patched.object, req.target, ctx, { ...req, skipManagedFields: req.patchType === 'apply' });
      if (req.patchType === 'apply') admitted.object.metadata!.managedFields = patched.managedFields as never;
      return { object: this.finishUpdate(req.def, old, admitted.object, req.dryRun), warnings: admitted.warnings };
    });
  }

  async getScale(def: ResourceDef, name: string): Promise<P.StoreResult<KubeObject>> {
    return toResult(() => toScale(def, this.mustGet(def, name)));
  }

  async updateScale(req: P.ScaleUpdateRequest): Promise<P.StoreResult<KubeObject>> {
    return toResult(() => {
      this.ensureWritable(req.def, 'update');
      const old = this.mustGet(req.def, req.name);
      const next = applyScale(req.def, old, req.scale);
      const admitted = admitUpdate(req.def, old, next, 'main', this.env.context(), { ...req, version: req.def.storageVersion, skipBodyCheck: true });
      return toScale(req.def, this.finishUpdate(req.def, old, admitted.object, req.dryRun));
    });
  }

  async bind(def: ResourceDef, name: string, binding: KubeObject, dryRun?: boolean): Promise<P.StoreResult<StoredObject>> {
    return toResult(() => {
      this.ensureWritable(def, 'create');
      const old = this.mustGet(def, name);
      const next = applyBinding(old, binding, this.env.context().now);
      return this.finishUpdate(def, old, { ...next, metadata: { ...next.metadata, resourceVersion: undefined } }, dryRun);
    });
  }

  async evict(def: ResourceDef, name: string, eviction: KubeObject, dryRun?: boolean): Promise<P.StoreResult<boolean>> {
    return toResult(() => {
      this.ensureWritable(def, 'delete');
      const pod = this.mustGet(def, name);
      const decision = decideEviction(pod, this.table.scan(PDB), this.env.context().now);
      const options = (eviction.deleteOptions ?? {}) as Pick<P.DeleteRequest, 'gracePeriodSeconds' | 'preconditions'>;
      if (dryRun) return true;
      if (decision.action === 'delete-and-update-budget') {
        const old = this.table.get(PDB, decision.budget.metadata!.name!)!;
        this.commit(PDB, 'MODIFIED', decision.budget as StoredObject, old);
      }
      this.deleteOne({ def, name, ...options }, pod);
      return true;
    });
  }

  async delete(req: P.DeleteRequest): Promise<P.StoreResult<P.DeleteResult>> {
    return toResult(() => {
      this.ensureWritable(req.def, 'delete');
      return this.deleteOne(req, this.mustGet(req.def, req.name));
    });
  }

  async deleteCollection(req: P.DeleteCollectionRequest): Promise<P.StoreResult<P.ListResult>> {
    return toResult(() => {
      this.ensureWritable(req.def, 'delete');
      const filter = compileFilter(req.def.group, req.def.kind, req);
      const items = this.table
        .scan(key(req.def))
        .filter((obj) => filter.matches(obj))
        .map((obj) => this.deleteOne({ ...req, name: obj.metadata.name }, obj).object);
      return { items, resourceVersion: String(this.table.resourceVersion) };
    });
  }

  async setNamespacePhase(phase: NamespacePhase): Promise<void> {
    if (phase === 'Gone') this.watchers.closeAll();
  }

  /** Deletes everything in this store; returns how many objects finalizers still hold. */
  async purge(): Promise<number> {
    const now = this.env.context().now;
    for (const resource of this.table.resources()) {
      for (const obj of this.table.scan(resource)) {
        if (obj.metadata.deletionTimestamp) continue;
        if ((obj.metadata.finalizers ?? []).length === 0) this.commit(resource, 'DELETED', obj, obj);
        else this.commit(resource, 'MODIFIED', { ...obj, metadata: { ...obj.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0 } }, obj);
      }
    }
    return this.table.countAll();
  }

  async allocateServiceIP(_owner: string, requested?: string): Promise<P.StoreResult<string>> {
    return toResult(() => this.env.serviceIPs.allocate(requested));
  }

  async releaseServiceIP(ip: string): Promise<void> {
    this.env.serviceIPs.release(ip);
  }

  async namespacePhase(namespace: string): Promise<NamespacePhase> {
    const ns = this.table.get('namespaces', namespace);
    if (!ns) return 'Gone';
    return ns.metadata.deletionTimestamp ? 'Terminating' : 'Active';
  }

  /** Drops log events past the retention window (the store's alarm does this). */
  compact(): number {
    return this.table.compact(this.env.nowMs(), this.env.retentionMs ?? DEFAULT_RETENTION_MS);
  }

  /** Writes a change straight to the table and to watchers (bootstrap, namespace finalization). */
  commit(resource: string, type: LoggedEvent['type'], obj: StoredObject, prev: StoredObject | null): StoredObject {
    const event = this.table.commit(resource, type, obj, prev, this.env.nowMs());
    const ip = type === 'DELETED' && resource === SERVICES ? clusterIPOf(obj) : undefined;
    if (ip) this.env.serviceIPs.release(ip);
    this.watchers.publish(event);
    this.env.onCommit?.(event);
    return event.object;
  }

  private mustGet(def: ResourceDef, name: string): StoredObject {
    const obj = this.table.get(key(def), name);
    if (!obj) throw notFound(def.plural, def.group, name);
    return obj;
  }

  private deleteOne(req: P.DeleteRequest, old: StoredObject): P.DeleteResult {
    const now = this.env.context().now;
    if (req.def.group === '' && req.def.kind === 'Namespace') return this.markNamespace(old, now, req.dryRun ?? false);
    const opts = { propagationPolicy: req.propagationPolicy, gracePeriodSeconds: req.gracePeriodSeconds, preconditions: req.preconditions, garbageCollector: false };
    const decision = decideDelete(req.def, old, opts, now);
    if (decision.action === 'none') return { object: old, removed: false };
    if (req.dryRun) return { object: decision.action === 'mark' ? (decision.object as StoredObject) : old, removed: decision.action === 'remove' };
    if (decision.action === 'remove') {
      this.commit(key(req.def), 'DELETED', old, old);
      return { object: old, removed: true };
    }
    return { object: this.commit(key(req.def), 'MODIFIED', decision.object as StoredObject, old), removed: false };
  }

  /** DELETE of a namespace marks it Terminating; MemoryCluster.finalizeNamespaces empties and removes it. */
  private markNamespace(old: StoredObject, now: string, dryRun: boolean): P.DeleteResult {
    if (old.metadata.deletionTimestamp) return { object: old, removed: false };
    const marked = {
      ...old,
      metadata: { ...old.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0 },
      status: { ...(old.status as object), phase: 'Terminating' },
    } as StoredObject;
    if (dryRun) return { object: marked, removed: false };
    return { object: this.commit('namespaces', 'MODIFIED', marked, old), removed: false };
  }

  /** Commits an update, removing the object instead when its last finalizer went away. */
  private finishUpdate(def: ResourceDef, old: StoredObject, next: KubeObject, dryRun?: boolean): StoredObject {
    if (dryRun) return { ...next, metadata: { ...next.metadata, resourceVersion: old.metadata.resourceVersion } } as StoredObject;
    return this.commit(key(def), readyToRemove(next) ? 'DELETED' : 'MODIFIED', next as StoredObject, old);
  }

  /** Namespace stores accept writes only while their namespace exists and is not terminating. */
  private ensureWritable(def: ResourceDef, verb: 'create' | 'update' | 'patch' | 'delete', name?: string): void {
    const ns = this.namespace;
    if (!ns || !this.env.namespacePhase) return;
    const phase = this.env.namespacePhase();
    if ((phase === 'Gone' || phase === 'Unknown') && verb === 'create') throw notFound('namespaces', '', ns);
    if (phase === 'Terminating' && verb === 'create') {
      const what = def.group ? `${def.plural}.${def.group}` : def.plural;
      throw new ApiError(403, 'Forbidden', `${what}${name ? ` "${name}"` : ''} is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
        name,
        kind: def.plural,
        group: def.group || undefined,
      });
    }
  }
}

function key(def: ResourceDef): string {
  return resourceKey(def.group, def.plural);
}
