import type { LimitRange, Pod, ResourceQuota } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { alreadyExists, ApiError, conflict, notFound } from '../api/errors';
import type { KubeObject, StoredObject } from '../api/object';
import { resourceKey, type ResourceDef } from '../api/registry';
import { resolvePriority } from '../scheduler/priority';
import { admitCreate, type Admitted } from './admission';
import { admitDefaultStorageClass, STANDARD_STORAGE_CLASS } from './default-storage-class';
import { storageProtectionAdmission } from '../controllers/persistent-volume/protection';
import { limitRangeAdmission } from './limit-range-admission';
import { admitQuota } from './quota-admission';
import { decideEviction } from './eviction';
import { checkClockDeletable } from '../clock/clock-object';
import { compileFilter } from './list-filter';
import {
  checkNamespaceDeletable,
  checkNamespaceWritable,
  defaultServiceAccount,
  finalizeNamespaces,
  initialNamespace,
  markTerminating,
  NAMESPACES,
  phaseKnown,
  phaseOfNamespace,
  type NamespacePhase,
  type NamespaceStoreHandle,
  type WriteVerb,
} from './namespace-lifecycle';
import { decideDelete, readyToRemove, unchanged, type WriteContext } from './object-meta';
import { toScale } from './scale';
import { clusterIPOf, pickServiceIP, SERVICE_CIDR, wantsClusterIP, withClusterIP } from './service-ip';
import { allocateNodePorts, NODE_PORT_POOL, nodePortsFreed, wantsNodePorts, type NodePortAllocation } from './node-port';
import { KUBERNETES_SERVICE, KUBERNETES_SERVICE_IP, kubernetesServiceObjects } from './kubernetes-service';
import { admitApplyCreate, admitBinding, admitPatch, admitReplace, admitScale, dryRunResult } from './store-writes';
import { listStore, planWatch, type WatchPlan } from './store-list';
import { storageKeyOf, storageOf } from './storage-resource';
import type * as P from './store-protocol';
import type { LoggedEvent, StoreTable } from './store-table';
import { EVENT_DEF, PRIORITY_CLASS_DEF, STORAGE_CLASS_DEF } from '../api/resource-defs';

const PDB = resourceKey('policy', 'poddisruptionbudgets');
const PODS = resourceKey('', 'pods');
// events.k8s.io Events once had a key of their own: rows still under it expire like the rest
const EVENT_RESOURCES = [resourceKey('', 'events'), resourceKey('events.k8s.io', 'events')];
/** kube-apiserver's default --event-ttl. */
export const EVENT_TTL_MS = 60 * 60 * 1000;
const PRIORITY_CLASSES = resourceKey('scheduling.k8s.io', 'priorityclasses');

/** The two classes every cluster has (upstream's bootstrap priority classes). */
const SYSTEM_PRIORITY_CLASSES = [
  { name: 'system-node-critical', value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
].map(({ name, value, description }) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, description, preemptionPolicy: 'PreemptLowerPriority' }));
const STORAGE_CLASSES = resourceKey('storage.k8s.io', 'storageclasses');
const CLAIMS = resourceKey('', 'persistentvolumeclaims');
const QUOTAS = resourceKey('', 'resourcequotas');
const LIMIT_RANGES = resourceKey('', 'limitranges');
const SERVICES = resourceKey('', 'services');
const SERVICE_ACCOUNTS = resourceKey('', 'serviceaccounts');
const SERVICE_IP_POOL = 'service-ips';

/** What a store engine needs from its host (a Durable Object, or the in-memory cluster). */
export interface StoreHooks {
  /** Time and randomness for one write (RFC 3339 now, uids, generateName). */
  context(): WriteContext;
  /** Milliseconds since the epoch, for the event log's retention. */
  now(): number;
  /** Told of every commit, in order: watchers, change notices, compaction. */
  publish(e: LoggedEvent): void;
  /** The namespace a namespace store holds; undefined for the cluster store. */
  namespace?: string;
  /** The cluster store owns Namespaces, service IPs and namespace finalization. */
  isClusterStore: boolean;
  /** Namespace stores: asks the cluster store about their namespace (when not yet told). */
  lookupNamespacePhase(namespace: string): Promise<NamespacePhase>;
  /** Namespace stores: a cluster-unique service IP from the cluster store; throws ApiError. */
  allocateServiceIP(owner: string, requested?: string): Promise<string>;
  /** Gives a service IP back to the cluster store (fire and forget). */
  releaseServiceIP(ip: string): void;
  /** Namespace stores: a Service's node ports from the cluster store (checked, recorded unless dryRun); throws ApiError. */
  allocateNodePorts?(owner: string, old: KubeObject | null, next: KubeObject, dryRun: boolean): Promise<NodePortAllocation>;
  /** Gives node ports back to the cluster store (fire and forget). */
  releaseNodePorts?(ports: number[]): void;
  /** Cluster store: tells a namespace store its namespace's phase changed (fire and forget). */
  setNamespacePhaseOf(namespace: string, phase: NamespacePhase): void;
  /**
   * Cluster store: a namespace is terminating; run finalizeNamespaces now and/or soon (the alarm).
   * Awaited after the commit, so the DELETE answers once a first pass has run.
   */
  namespaceDeletionPending?(): void | Promise<void>;
  /** The cluster's PriorityClasses, for the Priority admission of new pods (may be cached briefly). */
  priorityClasses?(): Promise<PriorityClass[]>;
  /** The cluster's StorageClasses, for the DefaultStorageClass admission of new claims (may be cached briefly). */
  storageClasses?(): Promise<StorageClass[]>;
}

/** One write of a batch: its result, or what it was refused with (thrown by the single-write path). */
export type BatchOutcome<T> = { value: T } | { error: unknown };

/**
 * One item of a batch, run to its outcome: a refused item wrote nothing (a commit is whole or absent),
 * so the batch goes on.
 */
function outcomeOf<T>(write: () => T): BatchOutcome<T> {
  try {
    return { value: write() };
  } catch (error) {
    return { error };
  }
}

/** The items of a batch that must await (an allocation), one by one after its transaction, each to its own outcome. */
async function oneByOne<T>(out: BatchOutcome<T>[], indexes: number[], write: (i: number) => Promise<T>): Promise<BatchOutcome<T>[]> {
  for (const i of indexes) {
    try {
      out[i] = { value: await write(i) };
    } catch (error) {
      out[i] = { error };
    }
  }
  return out;
}

/**
 * One store's API semantics over a StoreTable: reads, writes, watches and the namespace and
 * service-IP duties. Every write reads → runs pure admission → commits with no await between its
 * last check and its commit (awaits happen first, followed by a re-check), so writes are
 * linearizable and a failed request leaves the table untouched. Errors are thrown as ApiError;
 * adapters turn them into StoreResults.
 */
export class StoreEngine {
  /** The 'phase' row, kept in memory too: it is read on every write, and only this engine writes it. */
  private knownPhase?: NamespacePhase;
  /** Inside `atomically`: events committed but not yet published (their transaction may still roll back). */
  private unpublished?: LoggedEvent[];

  constructor(
    readonly table: StoreTable,
    private readonly hooks: StoreHooks,
  ) {}

  // ---- reads ----

  get(def: ResourceDef, name: string): StoredObject {
    const obj = this.table.get(keyOf(def), name);
    if (!obj) throw notFound(def.plural, def.group, name);
    return obj;
  }

  /** `get`, answered with the object's text as stored: no parse here, no re-serialization in the Worker. */
  getJson(def: ResourceDef, name: string): string {
    const text = this.table.getJson ? this.table.getJson(keyOf(def), name) : jsonOrNull(this.table.get(keyOf(def), name));
    if (text === null) throw notFound(def.plural, def.group, name);
    return text;
  }

  /** Several objects by name, in one read when the table can: each the object, or the 404 its get would be. */
  getMany(def: ResourceDef, names: string[]): BatchOutcome<StoredObject>[] {
    const found = this.table.getMany?.(keyOf(def), names);
    return names.map((name) => {
      const obj = found ? found.get(name) : this.table.get(keyOf(def), name);
      return obj ? { value: obj } : { error: notFound(def.plural, def.group, name) };
    });
  }

  list(req: P.ListRequest): P.ListResult {
    return listStore(this.table, req);
  }

  /** How to serve a watch; throws 400/410 for a request that cannot be served. */
  watch(req: P.WatchRequest): WatchPlan {
    return planWatch(this.table, req);
  }

  getScale(def: ResourceDef, name: string): KubeObject {
    return toScale(def, this.get(def, name));
  }

  // ---- writes ----

  async create(req: P.CreateRequest): Promise<P.WriteResult> {
    await this.ready();
    req = await this.admitCreateAsync(req);
    return this.insert(req.def, this.admitNew(req), req.dryRun);
  }

  /** The admission steps of a create that await (Priority for pods, DefaultStorageClass for claims): run before its synchronous stretch. */
  private async admitCreateAsync(req: P.CreateRequest): Promise<P.CreateRequest> {
    if (keyOf(req.def) === PODS && this.hooks.priorityClasses) {
      // Priority admission runs on the pod as sent, before defaulting
      const resolved = resolvePriority(req.object as Pod, await this.hooks.priorityClasses());
      if (resolved instanceof ApiError) throw resolved;
      req = { ...req, object: { ...req.object, spec: { ...(req.object.spec as object), ...resolved } } };
    }
    if (keyOf(req.def) === CLAIMS && this.hooks.storageClasses) req = { ...req, object: admitDefaultStorageClass(req.object, await this.hooks.storageClasses()) };
    return req;
  }

  /** A create's synchronous admission, up to the commit: what insert writes. */
  private admitNew(req: P.CreateRequest): Admitted {
    req = { ...req, object: storageProtectionAdmission(keyOf(req.def), req.object) };
    this.checkWritable(req.def, 'create', req.object.metadata?.name);
    if (keyOf(req.def) === PODS) this.ensureDefaultServiceAccount(req.object);
    const admitted = admitCreate(req.def, req.object, this.hooks.namespace, this.hooks.context(), { ...req, serviceAccount: this.serviceAccountOf });
    const ranges = this.hooks.namespace === undefined ? [] : ([...this.table.scan(LIMIT_RANGES)] as unknown as LimitRange[]);
    return limitRangeAdmission(req.def, keyOf(req.def), admitted, ranges, req.object.metadata?.name ?? '');
  }

  /**
   * Several independent creates (a ReplicaSet's slow-start batch, a kubelet's or the scheduler's
   * Events) in ONE transaction, as updateMany: each is still its own write with its own
   * resourceVersion, watch event and answer, and one refused (409, 422, 403) leaves the others
   * written, as separate POSTs would. The admission steps that await run first, for all; a create
   * that allocates (a Service's IP or node ports) runs on its own afterwards.
   */
  async createMany(reqs: P.CreateRequest[]): Promise<BatchOutcome<P.WriteResult>[]> {
    await this.ready();
    const out: BatchOutcome<P.WriteResult>[] = new Array(reqs.length);
    const prepared = await Promise.all(reqs.map((r) => this.admitCreateAsync(r).then((req) => ({ req }), (error: unknown) => ({ error }))));
    const awaiting: number[] = [];
    const admittedAsync: P.CreateRequest[] = new Array(reqs.length);
    this.atomically(() => {
      for (const [i, p] of prepared.entries()) {
        if ('error' in p) {
          out[i] = p;
          continue;
        }
        if (this.allocatesOnCreate(p.req.def, p.req.object, p.req.dryRun)) {
          admittedAsync[i] = p.req;
          awaiting.push(i);
          continue;
        }
        out[i] = outcomeOf(() => this.insertNow(p.req.def, this.admitNew(p.req), p.req.dryRun));
      }
    });
    // as `create` would, from its synchronous admission on: the awaited steps ran once, above
    return oneByOne(out, awaiting, (i) => {
      const req = admittedAsync[i]!;
      return this.insert(req.def, this.admitNew(req), req.dryRun);
    });
  }

  /** `create`, answered with the object's text as stored (written once, not serialized again). */
  async createJson(req: P.CreateRequest): Promise<P.JsonWriteResult> {
    const { object, warnings } = await this.create(req);
    return { json: this.table.textOf?.(object) ?? JSON.stringify(object), warnings };
  }

  async update(req: P.UpdateRequest): Promise<P.WriteResult> {
    await this.ready();
    this.checkWritable(req.def, 'update');
    const old = this.get(req.def, req.name);
    const admitted = admitReplace(req, old, this.hooks.context());
    return { object: await this.finishServiceUpdate(req.def, old, admitted.object, req.dryRun), warnings: admitted.warnings };
  }

  /**
   * Several independent updates (kubelet Lease renewals, node statuses) in ONE transaction instead of
   * one commit each: every update is still its own write, with its own resourceVersion and watch
   * event, and one that fails (409, 404, 422) leaves the others written, as separate PUTs would.
   * Each runs synchronously from its read to its commit; the few that must await (a Service's node
   * ports) run one by one afterwards. Returns each update's result or the error it was refused with.
   */
  async updateMany(reqs: P.UpdateRequest[]): Promise<BatchOutcome<P.WriteResult>[]> {
    await this.ready();
    const out: BatchOutcome<P.WriteResult>[] = new Array(reqs.length);
    const awaiting: number[] = [];
    this.atomically(() => {
      // the old objects of the batch in one read; each is used once (a name twice in the batch reads the first's commit)
      const olds = this.readMany(reqs);
      for (const [i, req] of reqs.entries()) {
        try {
          const old = olds?.get(keyOf(req.def))?.get(req.name);
          olds?.get(keyOf(req.def))?.delete(req.name);
          const r = this.updateNow(req, old);
          if (r) out[i] = { value: r };
          else awaiting.push(i);
        } catch (error) {
          // nothing of this update was written (a commit is whole or absent): the batch goes on
          out[i] = { error };
        }
      }
    });
    return oneByOne(out, awaiting, (i) => this.update(reqs[i]!));
  }

  /** Stored objects of a batch's requests by resource and name, when the table reads several at once. */
  private readMany(reqs: { def: ResourceDef; name: string }[]): Map<string, Map<string, StoredObject>> | undefined {
    if (!this.table.getMany || reqs.length < 2) return undefined;
    const names = new Map<string, string[]>();
    for (const r of reqs) {
      const resource = keyOf(r.def);
      // a quota is written by other updates' charges in the same batch: read when its turn comes
      if (resource === QUOTAS) continue;
      const list = names.get(resource);
      if (list) list.push(r.name);
      else names.set(resource, [r.name]);
    }
    return new Map([...names].map(([resource, list]) => [resource, this.table.getMany!(resource, list)]));
  }

  /** update's read → admit → commit with no await, or undefined when it needs one (node ports); `known` is the object as just read. */
  private updateNow(req: P.UpdateRequest, known?: StoredObject): P.WriteResult | undefined {
    this.checkWritable(req.def, 'update');
    const old = known ?? this.get(req.def, req.name);
    const admitted = admitReplace(req, old, this.hooks.context());
    if (this.needsNodePorts(req.def, old, admitted.object)) return undefined;
    return { object: this.finishUpdate(req.def, old, admitted.object, req.dryRun), warnings: admitted.warnings };
  }

  async patch(req: P.PatchRequest): Promise<P.WriteResult> {
    const verb = req.patchType === 'apply' ? 'create' : 'patch';
    await this.ready();
    this.checkWritable(req.def, verb, req.name);
    const ctx = this.hooks.context();
    const old = this.table.get(keyOf(req.def), req.name);
    if (!old && keyOf(req.def) === PODS) this.ensureDefaultServiceAccount(req.patch as KubeObject);
    if (!old) return this.insert(req.def, admitApplyCreate({ ...req, serviceAccount: this.serviceAccountOf }, this.hooks.namespace, ctx), req.dryRun);
    const admitted = admitPatch(req, old, ctx);
    return { object: await this.finishServiceUpdate(req.def, old, admitted.object, req.dryRun), warnings: req.target === 'scale' ? undefined : admitted.warnings };
  }

  async updateScale(req: P.ScaleUpdateRequest): Promise<KubeObject> {
    await this.ready();
    this.checkWritable(req.def, 'update');
    const old = this.get(req.def, req.name);
    const admitted = admitScale(req, old, this.hooks.context());
    return toScale(req.def, this.finishUpdate(req.def, old, admitted.object, req.dryRun));
  }

  /** pods/binding: the scheduler's write. */
  async bind(def: ResourceDef, name: string, binding: KubeObject, dryRun?: boolean): Promise<StoredObject> {
    await this.ready();
    this.checkWritable(def, 'create');
    const old = this.get(def, name);
    return this.finishUpdate(def, old, admitBinding(old, binding, this.hooks.context()), dryRun);
  }

  /**
   * A scheduler cycle's pods/binding writes in ONE transaction, as updateMany: each binding is still
   * its own write (its own resourceVersion, watch event and answer), and one refused (404: the pod is
   * gone; 409: already bound, or being deleted) leaves the others written, as separate POSTs would.
   * A binding never awaits, so the whole batch runs from its one read to its commits synchronously.
   * A binding's `event` is created right after it (nothing in an Event's admission awaits), so the
   * scheduler's Scheduled events cost no batch of their own.
   */
  async bindMany(def: ResourceDef, bindings: P.BindRequest[]): Promise<BatchOutcome<StoredObject>[]> {
    await this.ready();
    return this.atomically(() => {
      // the pods of the batch in one read; each is used once (a name twice is judged against the first's commit)
      const olds = this.readMany(bindings.map((b) => ({ def, name: b.name })))?.get(keyOf(def));
      return bindings.map((b) => {
        const bound = outcomeOf(() => {
          this.checkWritable(def, 'create');
          const known = olds?.get(b.name);
          olds?.delete(b.name);
          const old = known ?? this.get(def, b.name);
          return this.finishUpdate(def, old, admitBinding(old, b.binding, this.hooks.context()));
        });
        // best effort, as a recorder's: a refused event (a taken name, an invalid one) is dropped, the binding stands
        if (b.event && 'value' in bound) outcomeOf(() => this.insertNow(EVENT_DEF, this.admitNew({ def: EVENT_DEF, object: b.event!.object, version: 'v1', fieldManager: b.event!.fieldManager })));
        return bound;
      });
    });
  }

  /** pods/eviction: deletes the pod if its disruption budget allows, charging the budget. */
  async evict(def: ResourceDef, name: string, eviction: KubeObject, dryRun?: boolean): Promise<boolean> {
    await this.ready();
    this.checkWritable(def, 'delete');
    const pod = this.get(def, name);
    const decision = decideEviction(pod, [...this.table.scan(PDB)], this.hooks.context().now);
    const options = (eviction.deleteOptions ?? {}) as Pick<P.DeleteRequest, 'gracePeriodSeconds' | 'preconditions'>;
    if (dryRun) return true;
    // the budget is charged only if the pod goes, and the pod goes only if the budget is charged
    this.atomically(() => {
      if (decision.action === 'delete-and-update-budget') {
        const old = this.table.get(PDB, decision.budget.metadata!.name!)!;
        this.commit(PDB, 'MODIFIED', { ...decision.budget, metadata: { ...decision.budget.metadata } } as StoredObject, old);
      }
      this.deleteOne({ def, name, gracePeriodSeconds: options.gracePeriodSeconds, preconditions: options.preconditions }, pod);
    });
    return true;
  }

  async delete(req: P.DeleteRequest): Promise<P.DeleteResult> {
    await this.ready();
    this.checkWritable(req.def, 'delete');
    checkClockDeletable(req.def.group, req.def.kind);
    const result = this.deleteOne(req, this.get(req.def, req.name));
    // after the commit: awaiting here cannot interleave with this write
    if (keyOf(req.def) === NAMESPACES && this.hooks.isClusterStore && !req.dryRun) await this.hooks.namespaceDeletionPending?.();
    return result;
  }

  async deleteCollection(req: P.DeleteCollectionRequest): Promise<P.ListResult> {
    await this.ready();
    this.checkWritable(req.def, 'delete');
    checkClockDeletable(req.def.group, req.def.kind);
    const filter = compileFilter(req.def.group, req.def.kind, req, storageOf(req.def).group);
    const matching = [...this.table.scan(keyOf(req.def))].filter((obj) => filter.matches(obj));
    // all matching objects go, or (when one cannot be written) none: the client retries the whole call
    const items = this.atomically(() => matching.map((obj) => this.deleteOne({ ...req, name: obj.metadata.name }, obj).object));
    return { items, resourceVersion: String(this.table.resourceVersion) };
  }

  /**
   * Writes a change to the table and tells the host; the one place commits happen. The commit is
   * all or nothing; the host hears of it only once it (and any enclosing `atomically`) is durable.
   */
  commit(resource: string, type: LoggedEvent['type'], obj: StoredObject, prev: StoredObject | null): StoredObject {
    return this.logged(this.table.commit(resource, type, obj, prev, this.hooks.now()));
  }

  /** A commit's event, published now or when the enclosing transaction is done; its object as stored. */
  private logged(event: LoggedEvent): StoredObject {
    if (this.unpublished) this.unpublished.push(event);
    else this.published(event);
    return event.object;
  }

  /** A create's commit through the table's `commitNew`: 409 when the name is taken, nothing written. */
  private commitNew(def: ResourceDef, obj: StoredObject): StoredObject {
    const event = this.table.commitNew!(keyOf(def), obj, this.hooks.now());
    if (!event) throw alreadyExists(def.plural, def.group, obj.metadata.name);
    return this.logged(event);
  }

  /**
   * Runs several commits as one transaction: all are written or none, and none is published
   * (watchers, controllers, service IPs, namespace phases) until all are. Nests. Public for batches
   * decided outside the engine (durable-objects/store/lease-renewals.ts), which commit through `commit`.
   */
  atomically<T>(fn: () => T): T {
    const outer = this.unpublished;
    const events: LoggedEvent[] = (this.unpublished = []);
    let result: T;
    try {
      result = this.table.transaction(fn);
    } finally {
      this.unpublished = outer;
    }
    if (outer) for (const e of events) outer.push(e);
    else for (const e of events) this.published(e);
    return result;
  }

  /** What follows a durable commit: the host's watchers and notices, and cluster-wide bookkeeping. */
  private published(event: LoggedEvent): void {
    const { resource, type, object } = event;
    const ip = type === 'DELETED' && resource === SERVICES ? clusterIPOf(object) : undefined;
    if (ip) this.hooks.releaseServiceIP(ip);
    const ports = resource === SERVICES ? nodePortsFreed(type, event.prev, object) : [];
    if (ports.length) this.hooks.releaseNodePorts?.(ports);
    this.hooks.publish(event);
    if (this.hooks.isClusterStore && resource === NAMESPACES) {
      this.hooks.setNamespacePhaseOf(object.metadata.name, type === 'DELETED' ? 'Gone' : phaseOfNamespace(object));
    }
  }

  // ---- namespace store duties ----

  /** What this namespace store believes about its namespace. */
  get phase(): NamespacePhase {
    this.knownPhase ??= (this.table.kv('phase') as NamespacePhase | undefined) ?? 'Unknown';
    return this.knownPhase;
  }

  private rememberPhase(phase: NamespacePhase): void {
    this.table.setKv('phase', phase);
    this.knownPhase = phase;
  }

  /** The cluster store says the namespace's phase changed; a new namespace gets its ServiceAccount. */
  setNamespacePhase(phase: NamespacePhase): void {
    this.rememberPhase(phase);
    const ns = this.hooks.namespace;
    if (phase === 'Active' && ns === KUBERNETES_SERVICE.namespace) this.bootstrapKubernetesService();
    if (phase !== 'Active' || ns === undefined || this.table.get(SERVICE_ACCOUNTS, 'default')) return;
    this.commit(SERVICE_ACCOUNTS, 'ADDED', defaultServiceAccount(ns, this.hooks.context()) as StoredObject, null);
  }

  /**
   * Events live an hour after their last update (kube-apiserver's --event-ttl): expired ones are
   * deleted, and the time the next one expires is returned (for the alarm).
   */
  expireEvents(nowMs: number, ttlMs = EVENT_TTL_MS): number | undefined {
    let next: number | undefined;
    for (const resource of EVENT_RESOURCES) {
      for (const ev of [...this.table.scan(resource)]) {
        const e = ev as StoredObject & { lastTimestamp?: string; eventTime?: string };
        const last = Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
        if (!Number.isFinite(last)) continue;
        if (last + ttlMs <= nowMs) this.commit(resource, 'DELETED', ev, ev);
        else next = Math.min(next ?? Infinity, last + ttlMs);
      }
    }
    return next;
  }

  /** Deletes everything in this store; returns how many objects finalizers still hold. */
  purge(): number {
    const now = this.hooks.context().now;
    for (const resource of this.table.resources()) {
      for (const obj of [...this.table.scan(resource)]) {
        if (obj.metadata.deletionTimestamp) continue;
        if ((obj.metadata.finalizers ?? []).length === 0) this.commit(resource, 'DELETED', obj, obj);
        else this.commit(resource, 'MODIFIED', { ...obj, metadata: { ...obj.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0 } }, obj);
      }
    }
    return this.table.countAll();
  }

  /** Once per cluster, the default namespace's store creates the kubernetes Service and its endpoints (kube-apiserver's start). */
  private bootstrapKubernetesService(): void {
    if (this.table.kv('bootstrapped-kubernetes-service')) return;
    this.atomically(() => {
      for (const { resource, object } of kubernetesServiceObjects(this.hooks.context())) {
        if (!this.table.get(resource, object.metadata!.name!)) this.commit(resource, 'ADDED', object as StoredObject, null);
      }
      this.table.setKv('bootstrapped-kubernetes-service', '1');
    });
  }

  // ---- cluster store duties ----

  /** Creates the initial namespaces (and the system PriorityClasses) once per store; returns the namespaces created. */
  bootstrap(names: string[]): string[] {
    return this.atomically(() => this.bootstrapOnce(names));
  }

  private bootstrapOnce(names: string[]): string[] {
    if (!this.table.kv('bootstrapped-priority-classes')) {
      for (const pc of SYSTEM_PRIORITY_CLASSES) {
        if (this.table.get(PRIORITY_CLASSES, pc.metadata.name)) continue;
        const { object } = admitCreate(PRIORITY_CLASS_DEF, pc, undefined, this.hooks.context(), { version: 'v1', fieldManager: 'kube-apiserver' });
        this.commit(PRIORITY_CLASSES, 'ADDED', object as StoredObject, null);
      }
      this.table.setKv('bootstrapped-priority-classes', '1');
    }
    if (!this.table.kv('bootstrapped-storage-class')) {
      // kind's and minikube's `standard`: the default class, provisioning simulated volumes
      if (!this.table.get(STORAGE_CLASSES, STANDARD_STORAGE_CLASS.metadata.name)) {
        const { object } = admitCreate(STORAGE_CLASS_DEF, structuredClone(STANDARD_STORAGE_CLASS), undefined, this.hooks.context(), { version: 'v1', fieldManager: 'kube-apiserver' });
        this.commit(STORAGE_CLASSES, 'ADDED', object as StoredObject, null);
      }
      this.table.setKv('bootstrapped-storage-class', '1');
    }
    if (!this.table.kv('bootstrapped-kubernetes-service-ip')) {
      // the kubernetes Service's address, which its namespace's store commits without asking
      if (!this.table.allocated(SERVICE_IP_POOL).has(KUBERNETES_SERVICE_IP)) this.table.allocate(SERVICE_IP_POOL, KUBERNETES_SERVICE_IP, `${KUBERNETES_SERVICE.namespace}/${KUBERNETES_SERVICE.name}`);
      this.table.setKv('bootstrapped-kubernetes-service-ip', '1');
    }
    if (this.table.kv('bootstrapped')) return [];
    const created = names.filter((name) => !this.table.get(NAMESPACES, name));
    for (const name of created) this.commit(NAMESPACES, 'ADDED', initialNamespace(name, this.hooks.context()) as StoredObject, null);
    this.table.setKv('bootstrapped', '1');
    return created;
  }

  /** The phase a namespace store should believe about its namespace. */
  namespacePhase(namespace: string): NamespacePhase {
    return phaseOfNamespace(this.table.get(NAMESPACES, namespace));
  }

  /** Whether some namespace is terminating (the cluster store's alarm has work). */
  hasTerminatingNamespaces(): boolean {
    for (const ns of this.table.scan(NAMESPACES)) if (ns.metadata.deletionTimestamp) return true;
    return false;
  }

  /** Empties and removes terminating namespaces; true while some still wait (re-arm the alarm). */
  finalizeNamespaces(storeOf: (namespace: string) => NamespaceStoreHandle): Promise<boolean> {
    return finalizeNamespaces(this.table, (r, t, o, p) => this.commit(r, t, o, p), storeOf);
  }

  /** A cluster-unique service IP (the requested one if free), recorded against its owner. */
  allocateServiceIP(owner: string, requested?: string): string {
    const ip = pickServiceIP(SERVICE_CIDR, this.table.allocated(SERVICE_IP_POOL), this.hooks.context().rand, requested, owner.split('/')[1]);
    this.table.allocate(SERVICE_IP_POOL, ip, owner);
    return ip;
  }

  releaseServiceIP(ip: string): void {
    this.table.release(SERVICE_IP_POOL, ip);
  }

  /** A Service's node ports, checked against every other service's and recorded against its owner (unless dryRun). */
  allocateNodePorts(owner: string, old: KubeObject | null, next: KubeObject, dryRun: boolean): NodePortAllocation {
    const taken = [...this.table.allocated(NODE_PORT_POOL)].map(Number);
    const result = allocateNodePorts(old, next, taken, this.hooks.context().rand);
    if (!dryRun) this.table.transaction(() => result.allocated.forEach((p) => this.table.allocate(NODE_PORT_POOL, String(p), owner)));
    return result;
  }

  releaseNodePorts(ports: number[]): void {
    for (const p of ports) this.table.release(NODE_PORT_POOL, String(p));
  }

  // ---- internals ----

  /**
   * The awaits a write may need before its synchronous part: learning the namespace's phase.
   * Kept apart from checkWritable on purpose: the check must run in the caller's synchronous
   * stretch that ends in the commit, not before an await's continuation.
   */
  private async ready(): Promise<void> {
    const ns = this.hooks.namespace;
    if (ns === undefined || phaseKnown(this.phase)) return;
    const phase = await this.hooks.lookupNamespacePhase(ns);
    // the cluster store may have told us meanwhile; what it told is at least as new
    if (!phaseKnown(this.phase)) this.rememberPhase(phase);
  }

  /**
   * Upstream's ServiceAccount admission tries a missing `default` account again for a second or two, as its
   * controller creates it just after the namespace. Here the namespace's store creates it when the cluster
   * store says the namespace is Active; a new Pod that wants it and comes first (that word not arrived yet,
   * or lost) has the store create it now, as the word would (a dry run too: the account is the namespace's,
   * not the pod's), so such a pod is never refused for that race.
   */
  private ensureDefaultServiceAccount(pod: KubeObject | undefined): void {
    const named = (pod?.spec as { serviceAccountName?: unknown } | undefined)?.serviceAccountName;
    if ((named || 'default') !== 'default' || this.table.get(SERVICE_ACCOUNTS, 'default') || this.phase !== 'Active') return;
    this.setNamespacePhase('Active');
  }

  /** A ServiceAccount of this namespace, read in a new Pod's synchronous stretch for the ServiceAccount admission. */
  private readonly serviceAccountOf = (name: string) => (this.table.get(SERVICE_ACCOUNTS, name) as { automountServiceAccountToken?: boolean } | null) ?? undefined;

  private checkWritable(def: ResourceDef, verb: WriteVerb, name?: string): void {
    const ns = this.hooks.namespace;
    if (ns !== undefined) checkNamespaceWritable(ns, this.phase, def, verb, name);
  }

  /** Whether a create awaits an allocation before its commit: a Service's cluster IP or node ports. */
  private allocatesOnCreate(def: ResourceDef, object: KubeObject, dryRun?: boolean): boolean {
    return (keyOf(def) === SERVICES && !dryRun && wantsClusterIP(object)) || this.needsNodePorts(def, null, object);
  }

  /** Commits an admitted new object; a Service first gets its cluster IP (an await, so re-check). */
  private async insert(def: ResourceDef, admitted: Admitted, dryRun?: boolean): Promise<P.WriteResult> {
    if (!this.allocatesOnCreate(def, admitted.object, dryRun)) return this.insertNow(def, admitted, dryRun);
    const resource = keyOf(def);
    const name = admitted.object.metadata?.name ?? '';
    if (this.table.get(resource, name)) throw alreadyExists(def.plural, def.group, name);
    let object = admitted.object;
    let allocated: string | undefined;
    if (resource === SERVICES && !dryRun && wantsClusterIP(object)) {
      allocated = await this.hooks.allocateServiceIP(`${this.hooks.namespace}/${name}`, clusterIPOf(object));
      object = withClusterIP(object, allocated);
    }
    let ports: NodePortAllocation | undefined;
    if (this.needsNodePorts(def, null, object)) {
      try {
        ports = await this.allocateNodePortsFor(null, object, dryRun);
      } catch (e) {
        if (allocated !== undefined) this.hooks.releaseServiceIP(allocated);
        throw e;
      }
      object = ports.service;
    }
    try {
      // the allocation awaited: check again what may have changed meanwhile (insertNow checks the name again)
      this.checkWritable(def, 'create', name);
      return this.insertNow(def, { ...admitted, object }, dryRun);
    } catch (e) {
      // nothing was stored, so the IP allocated for it goes back
      if (allocated !== undefined) this.hooks.releaseServiceIP(allocated);
      if (ports?.allocated.length) this.hooks.releaseNodePorts?.(ports.allocated);
      throw e;
    }
  }

  /** Commits an admitted new object that allocates nothing (or already has its allocations), with no await. */
  private insertNow(def: ResourceDef, admitted: Admitted, dryRun?: boolean): P.WriteResult {
    const resource = keyOf(def);
    const { object } = admitted;
    const name = object.metadata?.name ?? '';
    // a create that allocates nothing lets its commit find a taken name (one SQL statement, not two);
    // every refusal that the existence check comes before still checks it first (taken)
    const late = !dryRun && resource !== SERVICES && this.table.commitNew !== undefined;
    const taken = () => {
      if (this.table.get(resource, name)) throw alreadyExists(def.plural, def.group, name);
    };
    if (!late) taken();
    // ResourceQuota admission: counted and charged in the same synchronous stretch as the commit
    let quotas: ResourceQuota[];
    try {
      quotas = this.quotaCharges(def, null, object);
    } catch (e) {
      if (late) taken();
      throw e;
    }
    if (dryRun) return { object: object as StoredObject, created: true, warnings: admitted.warnings };
    if (late && quotas.length === 0) return { object: this.commitNew(def, object as StoredObject), created: true, warnings: admitted.warnings };
    if (late) taken();
    return { object: this.commitCharged(resource, 'ADDED', object as StoredObject, null, quotas), created: true, warnings: admitted.warnings };
  }

  /** Whether a write asks for node ports the Service does not hold yet (decided without awaiting). */
  private needsNodePorts(def: ResourceDef, old: StoredObject | null, next: KubeObject): boolean {
    return keyOf(def) === SERVICES && !!this.hooks.allocateNodePorts && wantsNodePorts(old, next);
  }

  private allocateNodePortsFor(old: StoredObject | null, next: KubeObject, dryRun?: boolean): Promise<NodePortAllocation> {
    return this.hooks.allocateNodePorts!(`${this.hooks.namespace}/${next.metadata?.name ?? ''}`, old, next, !!dryRun);
  }

  /**
   * finishUpdate, but a write that needs node ports first awaits the cluster store and then checks
   * that nothing changed meanwhile (else 409, ports given back). Every other write stays synchronous
   * from its read to its commit.
   */
  private finishServiceUpdate(def: ResourceDef, old: StoredObject, next: KubeObject, dryRun?: boolean): StoredObject | Promise<StoredObject> {
    if (!this.needsNodePorts(def, old, next)) return this.finishUpdate(def, old, next, dryRun);
    return this.finishWithNodePorts(def, old, next, dryRun);
  }

  private async finishWithNodePorts(def: ResourceDef, old: StoredObject, next: KubeObject, dryRun?: boolean): Promise<StoredObject> {
    const ports = await this.allocateNodePortsFor(old, next, dryRun);
    const release = () => !dryRun && ports.allocated.length && this.hooks.releaseNodePorts?.(ports.allocated);
    try {
      this.checkWritable(def, 'update');
      if (this.table.get(keyOf(def), old.metadata.name)?.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(def.plural, def.group, old.metadata.name);
      return this.finishUpdate(def, old, ports.service, dryRun);
    } catch (e) {
      release();
      throw e;
    }
  }

  /** The namespace's quotas with their new usage once this write is charged (admitQuota); throws 403 when it does not fit. */
  private quotaCharges(def: ResourceDef, old: StoredObject | null, next: KubeObject): ResourceQuota[] {
    const resource = keyOf(def);
    if (this.hooks.namespace === undefined || resource === QUOTAS) return [];
    const quotas = [...this.table.scan(QUOTAS)] as unknown as ResourceQuota[];
    if (quotas.length === 0) return [];
    const name = next.metadata?.name ?? '';
    return admitQuota({ storageKey: resource, plural: def.plural, group: def.group, name, old, next, quotas, stored: () => this.table.scan(resource), nowMs: Date.parse(this.hooks.context().now) });
  }

  /** Commits a write and the quota usage it was charged, all or nothing. */
  private commitCharged(resource: string, type: LoggedEvent['type'], obj: StoredObject, prev: StoredObject | null, quotas: ResourceQuota[]): StoredObject {
    if (quotas.length === 0) return this.commit(resource, type, obj, prev);
    return this.atomically(() => {
      const written = this.commit(resource, type, obj, prev);
      for (const q of quotas) {
        const stored = this.table.get(QUOTAS, q.metadata!.name!)!;
        this.commit(QUOTAS, 'MODIFIED', { ...stored, status: q.status } as StoredObject, stored);
      }
      return written;
    });
  }

  /** Commits an update, removing the object instead when its last finalizer went away. */
  private finishUpdate(def: ResourceDef, old: StoredObject, next: KubeObject, dryRun?: boolean): StoredObject {
    // claims and services are charged again when they grow (expansion, node ports)
    const quotas = readyToRemove(next) || (keyOf(def) !== CLAIMS && keyOf(def) !== SERVICES) ? [] : this.quotaCharges(def, old, next);
    if (dryRun) return dryRunResult(old, next);
    // a write that changes nothing is not written (no new resourceVersion, no watch event), as upstream
    if (!readyToRemove(next) && unchanged(old, next)) return old;
    return this.commitCharged(keyOf(def), readyToRemove(next) ? 'DELETED' : 'MODIFIED', next as StoredObject, old, quotas);
  }

  private deleteOne(req: P.DeleteRequest, old: StoredObject): P.DeleteResult {
    const resource = keyOf(req.def);
    const now = this.hooks.context().now;
    const opts = { propagationPolicy: req.propagationPolicy, gracePeriodSeconds: req.gracePeriodSeconds, preconditions: req.preconditions, garbageCollector: true };
    const decision = decideDelete(req.def, old, opts, now);
    if (resource === NAMESPACES && this.hooks.isClusterStore) return this.deleteNamespace(old, now, req.dryRun ?? false);
    if (decision.action === 'none') return { object: old, removed: false };
    // a delete that ends a pod's grace period with no finalizer left removes it at once
    if (decision.action === 'remove' || readyToRemove(decision.object)) {
      if (!req.dryRun) this.commit(resource, 'DELETED', old, old);
      return { object: old, removed: true };
    }
    if (req.dryRun) return { object: decision.object as StoredObject, removed: false };
    return { object: this.commit(resource, 'MODIFIED', decision.object as StoredObject, old), removed: false };
  }

  /** DELETE of a Namespace marks it Terminating; finalizeNamespaces empties and removes it. */
  private deleteNamespace(old: StoredObject, now: string, dryRun: boolean): P.DeleteResult {
    checkNamespaceDeletable(old.metadata.name);
    if (old.metadata.deletionTimestamp) return { object: old, removed: false };
    const marked = markTerminating(old, now);
    if (dryRun) return { object: marked, removed: false };
    return { object: this.commit(NAMESPACES, 'MODIFIED', marked, old), removed: false };
  }
}

/** Both Event APIs share the core key (storageOf). */
function keyOf(def: ResourceDef): string {
  return storageKeyOf(def);
}

/** A table without stored text (the in-memory one): the object serialized as the SQLite table would have stored it. */
function jsonOrNull(obj: StoredObject | null): string | null {
  return obj === null ? null : JSON.stringify(obj);
}
