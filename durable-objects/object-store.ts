import { DurableObject } from 'cloudflare:workers';
import { ApiError, notFound, alreadyExists, conflict, type Status } from '../shared/api/errors';
import type { KubeObject, StoredObject, WatchEvent } from '../shared/api/object';
import { BUILTIN_RESOURCES, resourceKey, type ResourceDef } from '../shared/api/registry';
import { admitCreate, admitUpdate } from '../shared/apiserver/admission';
import { applyBinding } from '../shared/apiserver/binding';
import { decideEviction } from '../shared/apiserver/eviction';
import { compileFilter } from '../shared/apiserver/list-filter';
import { decideDelete, readyToRemove, type WriteContext } from '../shared/apiserver/object-meta';
import { patchObject } from '../shared/apiserver/patching';
import { decodeContinue, encodeContinue, parseStoreVersion } from '../shared/apiserver/resource-version';
import { applyScale, toScale } from '../shared/apiserver/scale';
import { clusterIPOf, pickServiceIP, SERVICE_CIDR, wantsClusterIP, withClusterIP } from '../shared/apiserver/service-ip';
import type {
  CreateRequest,
  DeleteCollectionRequest,
  DeleteRequest,
  DeleteResult,
  ListRequest,
  ListResult,
  PatchRequest,
  ScaleUpdateRequest,
  StoreApi,
  StoreResult,
  UpdateRequest,
  WatchRequest,
  WriteResult,
} from '../shared/apiserver/store-protocol';
import { CLUSTER_STORE, namespaceStore, storeStub, type Env } from '../workers/env';
import { NamespaceLifecycle, type NamespacePhase } from './store/namespace-lifecycle';
import { ObjectTable, type LoggedEvent } from './store/object-table';
import { eventFor, WatchHub } from './store/watch-hub';
import { log } from '../workers/log';
import { ControllerNotifier } from './controllers/notifier';

const DEFAULT_BOOKMARK_MS = 60_000;
const PDB_RESOURCE = resourceKey('policy', 'poddisruptionbudgets');
const SERVICES = resourceKey('', 'services');

/**
 * One store: the objects of one namespace, or the cluster-scoped objects. It is the single
 * writer of its objects; every write runs read → pure admission → commit without awaiting,
 * so writes are linearizable and a failed request leaves storage untouched.
 */
export class ObjectStore extends DurableObject<Env> implements StoreApi {
  private table!: ObjectTable;
  private readonly hub = new WatchHub();
  private readonly notifier = new ControllerNotifier(this.env, (p) => this.ctx.waitUntil(p));
  private lifecycle!: NamespaceLifecycle;
  private name = '';

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.table = new ObjectTable(ctx.storage.sql);
      this.name = ctx.id.name ?? this.table.kv('name') ?? '';
      if (this.name) this.table.setKv('name', this.name);
      this.lifecycle = new NamespaceLifecycle(this.table, () => this.now());
      if (this.name === CLUSTER_STORE) {
        const created = this.lifecycle.bootstrapClusterStore((e) => this.hub.publish(e));
        for (const ns of created) ctx.waitUntil(storeStub(env, namespaceStore(ns)).setNamespacePhase('Active'));
      }
    });
  }

  private now(): number {
    return Date.now();
  }

  private writeContext(): WriteContext {
    return {
      now: new Date(Math.floor(this.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      newUid: () => crypto.randomUUID(),
      rand: Math.random,
    };
  }

  private get namespace(): string | undefined {
    return this.name.startsWith('ns:') ? this.name.slice(3) : undefined;
  }

  // ---- reads ----

  async get(def: ResourceDef, name: string): Promise<StoreResult<StoredObject>> {
    return run(() => this.mustGet(def, name));
  }

  async list(req: ListRequest): Promise<StoreResult<ListResult>> {
    return run(() => this.doList(req));
  }

  /** A watch stream of newline-delimited events; a too-old resourceVersion yields one ERROR event. */
  async watch(req: WatchRequest): Promise<ReadableStream<Uint8Array>> {
    const resource = resourceKey(req.def.group, req.def.plural);
    let filter;
    let from: number | undefined;
    try {
      filter = compileFilter(req.def.group, req.def.kind, req);
      from = req.resourceVersion && req.resourceVersion !== '0' ? parseStoreVersion(req.resourceVersion) : undefined;
    } catch (e) {
      return errorStream(toStatus(e));
    }
    if (from !== undefined && from < this.table.compactedVersion) {
      return errorStream(new ApiError(410, 'Expired', `too old resource version: ${from} (${this.table.compactedVersion})`).toStatus());
    }
    const table = this.table;
    const f = filter;
    return this.hub.open(
      resource,
      f,
      (send) => {
        if (from === undefined) {
          for (const obj of table.scan(resource)) if (f.matches(obj)) send({ type: 'ADDED', object: obj });
        } else {
          for (const e of table.eventsSince(resource, from)) {
            const ev = eventFor(e, f);
            if (ev) send(ev);
          }
        }
      },
      {
        timeoutMs: req.timeoutSeconds ? req.timeoutSeconds * 1000 : undefined,
        bookmarkMs: req.allowWatchBookmarks ? (req.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_MS) : undefined,
        bookmark: () => bookmarkEvent(req.def, String(this.table.resourceVersion)),
      },
    );
  }

  /** The store's counter, for composite resourceVersions of cross-store lists. */
  async currentVersion(): Promise<number> {
    return this.table.resourceVersion;
  }

  // ---- writes ----

  async create(req: CreateRequest): Promise<StoreResult<WriteResult>> {
    return runAsync(async () => {
      await this.ensureWritable(req.def, 'create', req.object.metadata?.name);
      const resource = resourceKey(req.def.group, req.def.plural);
      const admitted = admitCreate(req.def, req.object, this.namespace, this.writeContext(), req);
      const name = admitted.object.metadata?.name ?? '';
      if (this.table.get(resource, name)) throw alreadyExists(req.def.plural, req.def.group, name);
      if (resource === SERVICES && !req.dryRun && wantsClusterIP(admitted.object)) {
        const requested = clusterIPOf(admitted.object);
        const ip = unwrapResult(await storeStub(this.env, CLUSTER_STORE).allocateServiceIP(`${this.namespace}/${name}`, requested));
        admitted.object = withClusterIP(admitted.object, ip);
        // the allocation awaited: another request may have created the name meanwhile
        if (this.table.get(resource, name)) {
          this.ctx.waitUntil(storeStub(this.env, CLUSTER_STORE).releaseServiceIP(ip));
          throw alreadyExists(req.def.plural, req.def.group, name);
        }
      }
      const object = req.dryRun ? dryRunStamp(admitted.object) : this.commit(resource, 'ADDED', admitted.object as StoredObject, null);
      if (!req.dryRun) this.afterCommit(req.def, object);
      return { object, created: true, warnings: admitted.warnings };
    });
  }

  async update(req: UpdateRequest): Promise<StoreResult<WriteResult>> {
    return runAsync(async () => {
      await this.ensureWritable(req.def, 'update');
      const resource = resourceKey(req.def.group, req.def.plural);
      const old = this.mustGet(req.def, req.name);
      const rv = req.object.metadata?.resourceVersion;
      if (rv && rv !== old.metadata.resourceVersion) throw conflict(req.def.plural, req.def.group, req.name);
      const admitted = admitUpdate(req.def, old, req.object, req.target, this.writeContext(), req);
      return { object: this.finishUpdate(req.def, resource, old, admitted.object, req.dryRun), warnings: admitted.warnings };
    });
  }

  async patch(req: PatchRequest): Promise<StoreResult<WriteResult>> {
    return runAsync(async () => {
      await this.ensureWritable(req.def, req.patchType === 'apply' ? 'create' : 'patch', req.name);
      const resource = resourceKey(req.def.group, req.def.plural);
      const ctx = this.writeContext();
      const old = this.table.get(resource, req.name);
      if (!old) {
        if (req.patchType !== 'apply' || req.target !== 'main') throw notFound(req.def.plural, req.def.group, req.name);
        // server-side apply creates what is missing
        const applied = patchObject(req.def, undefined, { ...req, now: ctx.now });
        const admitted = admitCreate(req.def, { ...applied.object, metadata: { ...applied.object.metadata, name: req.name } }, this.namespace, ctx, req);
        admitted.object.metadata!.managedFields = applied.managedFields as never;
        const object = req.dryRun ? dryRunStamp(admitted.object) : this.commit(resource, 'ADDED', admitted.object as StoredObject, null);
        if (!req.dryRun) this.afterCommit(req.def, object);
        return { object, created: true, warnings: admitted.warnings };
      }
      if (req.target === 'scale') {
        const current = toScale(req.def, old);
        const patched = patchObject({ ...req.def, group: 'autoscaling', storageVersion: 'v1', typeNames: { v1: 'io.k8s.api.autoscaling.v1.Scale' } }, current as StoredObject, { ...req, version: 'v1', now: ctx.now });
        const next = applyScale(req.def, old, patched.object);
        const admitted = admitUpdate(req.def, old, next, 'main', ctx, { ...req, version: req.def.storageVersion, skipBodyCheck: true });
        return { object: this.finishUpdate(req.def, resource, old, admitted.object, req.dryRun) };
      }
      const patched = patchObject(req.def, old, { ...req, now: ctx.now, subresource: req.target === 'status' ? 'status' : undefined });
      const admitted = admitUpdate(req.def, old, patched.object, req.target, ctx, { ...req, skipManagedFields: req.patchType === 'apply' });
      if (req.patchType === 'apply') admitted.object.metadata!.managedFields = patched.managedFields as never;
      return { object: this.finishUpdate(req.def, resource, old, admitted.object, req.dryRun), warnings: admitted.warnings };
    });
  }

  async getScale(def: ResourceDef, name: string): Promise<StoreResult<KubeObject>> {
    return run(() => toScale(def, this.mustGet(def, name)));
  }

  async updateScale(req: ScaleUpdateRequest): Promise<StoreResult<KubeObject>> {
    return runAsync(async () => {
      await this.ensureWritable(req.def, 'update');
      const resource = resourceKey(req.def.group, req.def.plural);
      const old = this.mustGet(req.def, req.name);
      const next = applyScale(req.def, old, req.scale);
      const admitted = admitUpdate(req.def, old, next, 'main', this.writeContext(), { ...req, version: req.def.storageVersion, skipBodyCheck: true });
      return toScale(req.def, this.finishUpdate(req.def, resource, old, admitted.object, req.dryRun));
    });
  }

  /** pods/binding: the scheduler's write. */
  async bind(def: ResourceDef, name: string, binding: KubeObject, dryRun?: boolean): Promise<StoreResult<StoredObject>> {
    return runAsync(async () => {
      await this.ensureWritable(def, 'create');
      const resource = resourceKey(def.group, def.plural);
      const old = this.mustGet(def, name);
      const ctx = this.writeContext();
      const next = applyBinding(old, binding, ctx.now);
      return this.finishUpdate(def, resource, old, { ...next, metadata: { ...next.metadata, resourceVersion: undefined } }, dryRun);
    });
  }

  /** pods/eviction: delete the pod if its disruption budget allows, charging the budget. */
  async evict(def: ResourceDef, name: string, eviction: KubeObject, dryRun?: boolean): Promise<StoreResult<boolean>> {
    return runAsync(async () => {
      await this.ensureWritable(def, 'delete');
      const pod = this.mustGet(def, name);
      const budgets = [...this.table.scan(PDB_RESOURCE)];
      const decision = decideEviction(pod, budgets, this.writeContext().now);
      const options = (eviction.deleteOptions ?? {}) as { gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string } };
      if (dryRun) return true;
      if (decision.action === 'delete-and-update-budget') {
        const old = this.table.get(PDB_RESOURCE, decision.budget.metadata!.name!)!;
        this.commit(PDB_RESOURCE, 'MODIFIED', { ...decision.budget, metadata: { ...decision.budget.metadata } } as StoredObject, old);
      }
      this.deleteOne({ def, name, gracePeriodSeconds: options.gracePeriodSeconds, preconditions: options.preconditions }, pod);
      return true;
    });
  }

  async delete(req: DeleteRequest): Promise<StoreResult<DeleteResult>> {
    return runAsync(async () => {
      await this.ensureWritable(req.def, 'delete');
      return this.deleteOne(req, this.mustGet(req.def, req.name));
    });
  }

  async deleteCollection(req: DeleteCollectionRequest): Promise<StoreResult<ListResult>> {
    return runAsync(async () => {
      await this.ensureWritable(req.def, 'delete');
      const resource = resourceKey(req.def.group, req.def.plural);
      const filter = compileFilter(req.def.group, req.def.kind, req);
      const items: StoredObject[] = [];
      for (const obj of [...this.table.scan(resource)]) {
        if (!filter.matches(obj)) continue;
        items.push(this.deleteOne({ ...req, name: obj.metadata.name }, obj).object);
      }
      return { items, resourceVersion: String(this.table.resourceVersion) };
    });
  }

  // ---- namespace lifecycle (called by the cluster store) ----

  /** Cluster store → namespace store: the namespace's phase changed. */
  async setNamespacePhase(phase: NamespacePhase): Promise<void> {
    this.lifecycle.setPhase(phase);
    if (phase === 'Gone') this.hub.closeAll();
    if (phase === 'Active') this.ensureDefaultServiceAccount();
  }

  /** Every namespace has a `default` ServiceAccount (upstream's serviceaccounts controller). */
  private ensureDefaultServiceAccount(): void {
    const def = BUILTIN_RESOURCES.find((d) => d.group === '' && d.plural === 'serviceaccounts')!;
    const resource = resourceKey('', 'serviceaccounts');
    if (this.table.get(resource, 'default')) return;
    const { object } = admitCreate(def, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } }, this.namespace, this.writeContext(), {
      version: 'v1',
      fieldManager: 'kube-controller-manager',
    });
    this.commit(resource, 'ADDED', object as StoredObject, null);
  }

  /** Deletes everything in this namespace; returns how many objects remain (held by finalizers). */
  async purge(): Promise<number> {
    const ctx = this.writeContext();
    for (const resource of this.table.resources()) {
      for (const obj of [...this.table.scan(resource)]) {
        if (obj.metadata.deletionTimestamp) continue;
        if ((obj.metadata.finalizers ?? []).length === 0) this.commit(resource, 'DELETED', obj, obj);
        else this.commit(resource, 'MODIFIED', { ...obj, metadata: { ...obj.metadata, deletionTimestamp: ctx.now, deletionGracePeriodSeconds: 0 } }, obj);
      }
    }
    return this.table.countAll();
  }

  /** Cluster store: hands out a cluster-unique service IP (a requested one if free). */
  async allocateServiceIP(owner: string, requested?: string): Promise<StoreResult<string>> {
    return run(() => {
      const ip = pickServiceIP(SERVICE_CIDR, this.table.allocated('service-ips'), Math.random, requested, owner.split('/')[1]);
      this.table.allocate('service-ips', ip, owner);
      return ip;
    });
  }

  async releaseServiceIP(ip: string): Promise<void> {
    this.table.release('service-ips', ip);
  }

  /** Cluster store: the phase of a namespace, for namespace stores that have not heard yet. */
  async namespacePhase(namespace: string): Promise<NamespacePhase> {
    return this.lifecycle.phaseOfNamespace(namespace);
  }

  override async alarm(): Promise<void> {
    this.table.compact(this.now());
    if (this.name === CLUSTER_STORE) {
      const pending = await this.lifecycle.finalizeNamespaces(
        (ns) => storeStub(this.env, namespaceStore(ns)),
        (resource, type, obj, prev) => this.commit(resource, type, obj, prev),
      );
      if (pending) await this.ctx.storage.setAlarm(this.now() + 1000);
    }
    await this.scheduleCompaction();
  }

  // ---- internals ----

  private mustGet(def: ResourceDef, name: string): StoredObject {
    const obj = this.table.get(resourceKey(def.group, def.plural), name);
    if (!obj) throw notFound(def.plural, def.group, name);
    return obj;
  }

  private doList(req: ListRequest): ListResult {
    const resource = resourceKey(req.def.group, req.def.plural);
    const filter = compileFilter(req.def.group, req.def.kind, req);
    const current = this.table.resourceVersion;
    if (req.resourceVersion && req.resourceVersion !== '0') {
      const want = parseStoreVersion(req.resourceVersion);
      if (req.resourceVersionMatch === 'Exact' && want !== current) {
        throw new ApiError(410, 'Expired', `too old resource version: ${want} (${current})`);
      }
      if (want > current) {
        throw new ApiError(504, 'Timeout', `Too large resource version: ${want}, current: ${current}`, { retryAfterSeconds: 1 });
      }
    }
    let start = '';
    let rv = String(current);
    if (req.continue) {
      const token = decodeContinue(req.continue);
      start = token.start;
      rv = token.rv;
    }
    const limit = req.limit && req.limit > 0 ? req.limit : Infinity;
    const items: StoredObject[] = [];
    let last = '';
    let more = false;
    for (const obj of this.table.scan(resource, start)) {
      if (!filter.matches(obj)) continue;
      if (items.length >= limit) {
        more = true;
        break;
      }
      items.push(obj);
      last = obj.metadata.name;
    }
    const result: ListResult = { items, resourceVersion: rv };
    if (more) {
      result.continue = encodeContinue({ rv, start: last });
      if (filter.empty) result.remainingItemCount = this.table.count(resource, last);
    }
    return result;
  }

  private deleteOne(req: DeleteRequest, old: StoredObject): DeleteResult {
    const resource = resourceKey(req.def.group, req.def.plural);
    const decision = decideDelete(
      req.def,
      old,
      { propagationPolicy: req.propagationPolicy, gracePeriodSeconds: req.gracePeriodSeconds, preconditions: req.preconditions, garbageCollector: false },
      this.writeContext().now,
    );
    if (req.def.group === '' && req.def.kind === 'Namespace') {
      const result = this.lifecycle.beginNamespaceDeletion(old, req.dryRun ?? false, (type, obj, prev) => this.commit(resource, type, obj, prev), () =>
        this.ctx.storage.setAlarm(this.now() + 10),
      );
      if (!req.dryRun) this.afterCommit(req.def, result.object);
      return result;
    }
    if (decision.action === 'none') return { object: old, removed: false };
    if (req.dryRun) return { object: decision.action === 'mark' ? (decision.object as StoredObject) : old, removed: decision.action === 'remove' };
    if (decision.action === 'remove') {
      this.commit(resource, 'DELETED', old, old);
      return { object: old, removed: true };
    }
    return { object: this.commit(resource, 'MODIFIED', decision.object as StoredObject, old), removed: false };
  }

  /** Commits an update, removing the object instead when its last finalizer went away. */
  private finishUpdate(def: ResourceDef, resource: string, old: StoredObject, next: KubeObject, dryRun?: boolean): StoredObject {
    if (dryRun) return dryRunStamp({ ...next, metadata: { ...next.metadata, resourceVersion: old.metadata.resourceVersion } });
    if (readyToRemove(next)) {
      const removed = this.commit(resource, 'DELETED', next as StoredObject, old);
      if (def.group === '' && def.kind === 'Namespace') void this.ctx.storage.setAlarm(this.now() + 10);
      return removed;
    }
    const object = this.commit(resource, 'MODIFIED', next as StoredObject, old);
    this.afterCommit(def, object);
    return object;
  }

  private commit(resource: string, type: LoggedEvent['type'], obj: StoredObject, prev: StoredObject | null): StoredObject {
    const event = this.table.commit(resource, type, obj, prev, this.now());
    this.notifier.record(resource, type, event.object);
    const ip = type === 'DELETED' && resource === SERVICES ? clusterIPOf(obj) : undefined;
    if (ip) this.ctx.waitUntil(storeStub(this.env, CLUSTER_STORE).releaseServiceIP(ip));
    this.hub.publish(event);
    void this.scheduleCompaction();
    log.debug('commit', { store: this.name, resource, type, name: obj.metadata.name, rv: event.rv });
    return event.object;
  }

  private afterCommit(def: ResourceDef, obj: StoredObject): void {
    if (this.name === CLUSTER_STORE && def.group === '' && def.kind === 'Namespace') {
      const phase = (obj.status as { phase?: string } | undefined)?.phase === 'Terminating' ? 'Terminating' : 'Active';
      this.ctx.waitUntil(storeStub(this.env, namespaceStore(obj.metadata.name)).setNamespacePhase(phase));
    }
  }

  private compactionArmed = false;

  private async scheduleCompaction(): Promise<void> {
    if (this.compactionArmed) return;
    this.compactionArmed = true;
    const current = await this.ctx.storage.getAlarm();
    const due = this.now() + 60_000;
    if (current === null || current > due) await this.ctx.storage.setAlarm(due);
    this.compactionArmed = false;
  }

  /** Namespace stores accept writes only while their namespace exists and is not terminating. */
  private async ensureWritable(def: ResourceDef, verb: 'create' | 'update' | 'patch' | 'delete', name?: string): Promise<void> {
    const ns = this.namespace;
    if (!ns) return;
    let phase = this.lifecycle.phase;
    if (phase !== 'Active' && phase !== 'Terminating') {
      phase = await storeStub(this.env, CLUSTER_STORE).namespacePhase(ns);
      this.lifecycle.setPhase(phase);
    }
    if (phase === 'Gone' || phase === 'Unknown') {
      if (verb === 'create') throw notFound('namespaces', '', ns);
      return;
    }
    if (phase === 'Terminating' && verb === 'create') {
      throw new ApiError(
        403,
        'Forbidden',
        `${def.group ? `${def.plural}.${def.group}` : def.plural}${name ? ` "${name}"` : ''} is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        { name, kind: def.plural, group: def.group || undefined },
      );
    }
  }
}

function bookmarkEvent(def: ResourceDef, rv: string): WatchEvent {
  return {
    type: 'BOOKMARK',
    object: { kind: def.kind, apiVersion: def.group ? `${def.group}/${def.storageVersion}` : def.storageVersion, metadata: { resourceVersion: rv } },
  };
}

function dryRunStamp(obj: KubeObject): StoredObject {
  return obj as StoredObject;
}

function toStatus(e: unknown): Status {
  if (e instanceof ApiError) return e.toStatus();
  log.error('internal error', { error: String(e), stack: e instanceof Error ? e.stack : undefined });
  return new ApiError(500, 'InternalError', `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`).toStatus();
}

function unwrapResult<T>(r: StoreResult<T>): T {
  if (r.ok) return r.value;
  throw new ApiError(r.status.code, (r.status.reason ?? 'InternalError') as never, r.status.message ?? '', r.status.details);
}

function run<T>(fn: () => T): StoreResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, status: toStatus(e) };
  }
}

async function runAsync<T>(fn: () => Promise<T>): Promise<StoreResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, status: toStatus(e) };
  }
}

function errorStream(status: Status): ReadableStream<Uint8Array> {
  const line = new TextEncoder().encode(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
  return new ReadableStream({
    start(c) {
      c.enqueue(line);
      c.close();
    },
  });
}
