import { DurableObject } from 'cloudflare:workers';
import { ApiError, type Status } from '../shared/api/errors';
import type { KubeObject, StoredObject } from '../shared/api/object';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { ResourceDef } from '../shared/api/registry';
import { INITIAL_NAMESPACES, type NamespacePhase } from '../shared/apiserver/namespace-lifecycle';
import { writeContext } from '../shared/apiserver/write-context';
import { decodeTextCreate } from '../shared/apiserver/text-create';
import { COMPACTION_DELAY_MS, nextCompactionDelayMs } from '../shared/apiserver/compaction-delay';
import { StoreEngine, type StoreHooks } from '../shared/apiserver/store-engine';
import type * as P from '../shared/apiserver/store-protocol';
import type { NodePortAllocation } from '../shared/apiserver/node-port';
import type { LoggedEvent } from '../shared/apiserver/store-table';
import { errorStream } from '../shared/apiserver/watch-event';
import { batchResults, settle, toStatus, unwrap } from '../shared/client/store-result';
import { CLUSTER_STORE, namespaceStore, storeStub } from '../platform/stores';
import { type Env } from '../platform/env';
import { log } from '../platform/log';
import { adoptClockObject, clock, syncedClock } from '../platform/clock';
import type { ClusterClockObject } from '../shared/clock/clock-object';
import { controllerHostNames } from './controllers/host-names';
import { controllerStub } from '../platform/stores';
import { ControllerNotifier } from './controllers/notifier';
import { ObjectTable } from './store/object-table';
import { WatchHub } from './store/watch-hub';
import { WebhookDeliveries } from './store/webhook-deliveries';
import { renewLeaseBatch } from './store/lease-renewals';
import type { LeaseRenewal, RenewedLease } from '../shared/apiserver/lease-renewal';
import { needsPacing } from '../shared/clock/pace-keeper';
import { realClock } from '../shared/clock/clock';
import { ClockPacer } from './clock-pacer';
import { PACE } from '../shared/clock/pace';
import type { DeliveryClaim, DeliveryClaimRequest, OutcomeNote, OutcomeRecord } from '../shared/webhooks/delivery-claim';
import { CLUSTER_CLOCK_DEF, PRIORITY_CLASS_DEF, STORAGE_CLASS_DEF } from '../shared/api/resource-defs';

/** How long a namespace store trusts its copy of the PriorityClasses and StorageClasses. */
const PRIORITY_CLASS_TTL_MS = 5000;
const CLOCK_RESOURCE = 'clusterclocks.kubeflare.dev';
/** kv key: the highest resourceVersion whose change notices reached every controller. */
const NOTIFIED_KEY = 'notified';
/** How often at most the notices mark is written. */
const NOTIFIED_WRITE_MS = 1000;
/**
 * Cluster store: how often every controller host is nudged (ControllerHost.start), so that one whose
 * alarm was lost — a reload or deploy that cut its alarm handler short — is back within this long
 * instead of waiting for the next change it hears of.
 */
const NUDGE_MS = 60_000;
/** How soon the namespace finalizer runs again while a namespace waits on its contents. */
const FINALIZE_RETRY_MS = 1000;

/**
 * One store: the objects of one namespace, or the cluster-scoped objects. A thin adapter: the
 * StoreEngine (shared/apiserver) decides everything over this object's SQLite tables; this class
 * supplies time, ids, RPC to the other stores, watch streams and the alarm.
 */
export class ObjectStore extends DurableObject<Env> implements P.ApiStoreApi {
  private table!: ObjectTable;
  private engine!: StoreEngine;
  private readonly hub = new WatchHub();
  // `holds`: a controller's notice filter may ask what this store holds (shared/controllers/notice-scope.ts)
  private readonly notifier = new ControllerNotifier(this.env, (p) => this.ctx.waitUntil(p), (rv) => this.noticesDelivered(rv), (resource) => this.table.count(resource) > 0);
  /** The notices mark not yet written to kv, and the wait after which it is written. */
  private deliveredRv = 0;
  private markPending?: Promise<void>;
  private name = '';
  private alarmChain: Promise<void> = Promise.resolve();
  /** The alarm this object set (null: none), so that a commit does not read it again; undefined when unknown. */
  private alarmAt: number | null | undefined;
  private webhookDeliveries?: WebhookDeliveries;
  private readonly pacer = new ClockPacer(this.env, {
    clockObject: () => this.clockObject(),
    writeClock: (obj) => this.writeClock(obj),
    waitUntil: (p) => this.ctx.waitUntil(p),
  });
  private lastNudge = -Infinity;
  /** A commit since the last compaction (nextCompactionDelayMs). */
  private writtenSinceCompaction = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.table = new ObjectTable(ctx.storage);
      this.name = ctx.id.name ?? this.table.kv('name') ?? '';
      if (this.name) this.table.setKv('name', this.name);
      this.engine = new StoreEngine(this.table, this.hooks());
      this.replayNotices();
      if (this.name === CLUSTER_STORE) {
        this.engine.bootstrap(INITIAL_NAMESPACES);
        adoptClockObject(this.table.get(CLOCK_RESOURCE, 'cluster') as unknown as ClusterClockObject | null);
        void this.armAlarm(clock.wallNow() + NUDGE_MS);
        this.pacer.start();
      }
    });
  }

  /**
   * Notices of commits the controllers may not have heard of (the store stopped between a commit and
   * its fire-and-forget notices): replayed from the event log, as far as it reaches.
   */
  private replayNotices(): void {
    const notified = Number(this.table.kv(NOTIFIED_KEY));
    if (!Number.isFinite(notified) || this.table.kv(NOTIFIED_KEY) === undefined) {
      this.table.setKv(NOTIFIED_KEY, String(this.table.resourceVersion));
      return;
    }
    if (notified >= this.table.resourceVersion) return;
    let replayed = 0;
    for (const e of this.table.eventsAfter(notified)) {
      this.notifier.record(e.resource, e.type, e.object, e.prev);
      replayed++;
    }
    if (replayed) log.info('replaying notices after a restart', { store: this.name, from: notified, count: replayed });
  }

  /**
   * Notices up to `rv` reached their controllers: the mark is written at most once per
   * NOTIFIED_WRITE_MS instead of once per batch (a write of its own after nearly every commit).
   * A restart replays from the mark written, so it may replay a second more: notices are hints
   * that controllers already take at least once.
   */
  private noticesDelivered(rv: number): void {
    this.deliveredRv = rv;
    this.markPending ??= realClock.sleep(NOTIFIED_WRITE_MS).then(() => {
      this.markPending = undefined;
      this.table.setKv(NOTIFIED_KEY, String(this.deliveredRv));
    });
  }

  private hooks(): StoreHooks {
    const cluster = (): P.StoreApi => storeStub(this.env, CLUSTER_STORE);
    return {
      context: () => writeContext(clock.now(), () => crypto.randomUUID(), Math.random, clock.wallNow()),
      // the event log's timestamps pace compaction, which is about clients resuming watches: wall time
      now: () => clock.wallNow(),
      publish: (e) => this.published(e),
      namespace: this.name.startsWith('ns:') ? this.name.slice(3) : undefined,
      isClusterStore: this.name === CLUSTER_STORE,
      lookupNamespacePhase: (ns) => cluster().namespacePhase(ns),
      allocateServiceIP: async (owner, requested) => unwrap(await cluster().allocateServiceIP(owner, requested)),
      releaseServiceIP: (ip) => this.ctx.waitUntil(cluster().releaseServiceIP(ip)),
      allocateNodePorts: async (owner, old, next, dryRun) => unwrap(await cluster().allocateNodePorts(owner, old, next, dryRun)),
      releaseNodePorts: (ports) => this.ctx.waitUntil(cluster().releaseNodePorts(ports)),
      setNamespacePhaseOf: (ns, phase) => this.ctx.waitUntil(storeStub(this.env, namespaceStore(ns)).setNamespacePhase(phase)),
      namespaceDeletionPending: () => this.finalizeNamespaces(),
      priorityClasses: () => this.clusterObjects<PriorityClass>(PRIORITY_CLASS_DEF),
      storageClasses: () => this.clusterObjects<StorageClass>(STORAGE_CLASS_DEF),
    };
  }

  private readonly clusterCache = new Map<string, { at: number; items: Promise<unknown[]> }>();

  /** Cluster-scoped objects admission reads (PriorityClasses for pods, StorageClasses for claims), trusted for a few seconds. */
  private clusterObjects<T>(def: ResourceDef): Promise<T[]> {
    if (this.name === CLUSTER_STORE) return Promise.resolve([]);
    const now = clock.wallNow();
    const cached = this.clusterCache.get(def.plural);
    if (cached && now - cached.at <= PRIORITY_CLASS_TTL_MS) return cached.items as Promise<T[]>;
    const items = storeStub(this.env, CLUSTER_STORE)
      .list({ def })
      .then((r) => unwrap(r).items as unknown[]);
    this.clusterCache.set(def.plural, { at: now, items });
    items.catch(() => this.clusterCache.delete(def.plural));
    return items as Promise<T[]>;
  }

  private published(e: LoggedEvent): void {
    this.notifier.record(e.resource, e.type, e.object, e.prev);
    this.hub.publish(e);
    this.writtenSinceCompaction = true;
    if (e.resource === CLOCK_RESOURCE && this.name === CLUSTER_STORE) this.clockChanged(e.object as unknown as ClusterClockObject);
    void this.armAlarm(clock.wallNow() + COMPACTION_DELAY_MS);
    log.debug('commit', { store: this.name, resource: e.resource, type: e.type, name: e.object.metadata.name, rv: e.rv });
  }

  /** Runs an engine call, answering a Status instead of throwing (what crosses RPC). */
  private async run<T>(fn: () => T | Promise<T>): Promise<P.StoreResult<T>> {
    // a namespace store stamps objects with cluster time: keep its copy of the clock fresh (at most one RPC a second)
    if (this.name !== CLUSTER_STORE) await syncedClock(this.env);
    return settle(fn, (e) => log.error('internal error', { store: this.name, error: String(e), stack: e instanceof Error ? e.stack : undefined }));
  }

  // ---- reads ----

  get(def: ResourceDef, name: string): Promise<P.StoreResult<StoredObject>> {
    return this.run(() => this.engine.get(def, name));
  }

  async getMany(def: ResourceDef, names: string[]): Promise<P.StoreResult<StoredObject>[]> {
    return batchResults(await this.run(() => this.engine.getMany(def, names)), names.length);
  }

  getJson(def: ResourceDef, name: string): Promise<P.StoreResult<string>> {
    return this.run(() => this.engine.getJson(def, name));
  }

  list(req: P.ListRequest): Promise<P.StoreResult<P.ListResult>> {
    return this.run(() => this.engine.list(req));
  }

  /**
   * A watch stream of newline-delimited events; a request it cannot serve yields one ERROR event.
   * `id` names the watch for stopWatch, which is how a consumer ends it (never by cancelling the stream).
   */
  async watch(req: P.WatchRequest, id?: string): Promise<ReadableStream<Uint8Array>> {
    try {
      return this.hub.open(this.engine.watch(req), id);
    } catch (e) {
      return errorStream(toStatus(e));
    }
  }

  /** Ends the watch opened with `id`: its stream closes from this side. */
  async stopWatch(id: string): Promise<void> {
    this.hub.stop(id);
  }

  /** The store's counter, for composite resourceVersions of cross-store lists. */
  async currentVersion(): Promise<number> {
    return this.table.resourceVersion;
  }

  getScale(def: ResourceDef, name: string): Promise<P.StoreResult<KubeObject>> {
    return this.run(() => this.engine.getScale(def, name));
  }

  // ---- writes ----

  create(req: P.CreateRequest): Promise<P.StoreResult<P.WriteResult>> {
    return this.run(() => this.engine.create(req));
  }

  /** A create answered as stored; a body sent as JSON text is decoded here, first (text-create.ts). */
  createJson(req: P.CreateRequest | P.TextCreateRequest): Promise<P.StoreResult<P.JsonWriteResult>> {
    return this.run(() => this.engine.createJson('text' in req ? decodeTextCreate(req) : req));
  }

  update(req: P.UpdateRequest): Promise<P.StoreResult<P.WriteResult>> {
    return this.run(() => this.engine.update(req));
  }

  /**
   * Several independent updates (kubelet heartbeats, node statuses) in one RPC. Each is its own
   * all-or-nothing write with its own result: one that fails leaves the others written.
   */
  async updateMany(reqs: P.UpdateRequest[]): Promise<P.StoreResult<P.WriteResult>[]> {
    // one transaction for the batch (StoreEngine.updateMany): one clock sync and one SQLite commit, not one per item
    return batchResults(await this.run(() => this.engine.updateMany(reqs)), reqs.length, (e) => this.statusOf(e));
  }

  /** The kubelets' Lease renewals: a batch in one transaction without the generic update's admission (store/lease-renewals.ts). */
  async renewLeases(def: ResourceDef, renewals: LeaseRenewal[]): Promise<P.StoreResult<RenewedLease>[]> {
    const batch = await this.run(() => renewLeaseBatch(this.engine, def, renewals));
    return batch.ok ? batch.value : renewals.map(() => batch);
  }

  /** A refused write's Status; an error that is not an ApiError is a bug, logged as `run` logs it. */
  private statusOf(e: unknown): Status {
    if (!(e instanceof ApiError)) log.error('internal error', { store: this.name, error: String(e), stack: e instanceof Error ? e.stack : undefined });
    return toStatus(e);
  }

  /** Several independent creates in one RPC, each all-or-nothing as in updateMany (the kubelets' Events). */
  async createMany(reqs: P.CreateRequest[]): Promise<P.StoreResult<P.WriteResult>[]> {
    // one transaction for the batch (StoreEngine.createMany): one clock sync and one SQLite commit, not one per item
    return batchResults(await this.run(() => this.engine.createMany(reqs)), reqs.length, (e) => this.statusOf(e));
  }

  patch(req: P.PatchRequest): Promise<P.StoreResult<P.WriteResult>> {
    return this.run(() => this.engine.patch(req));
  }

  updateScale(req: P.ScaleUpdateRequest): Promise<P.StoreResult<KubeObject>> {
    return this.run(() => this.engine.updateScale(req));
  }

  /** pods/binding: the scheduler's write. */
  bind(def: ResourceDef, name: string, binding: KubeObject, dryRun?: boolean): Promise<P.StoreResult<StoredObject>> {
    return this.run(() => this.engine.bind(def, name, binding, dryRun));
  }

  /** Several pods/binding writes in one RPC (a scheduler cycle's), each all-or-nothing with its own result, as updateMany. */
  async bindMany(def: ResourceDef, bindings: P.BindRequest[]): Promise<P.StoreResult<StoredObject>[]> {
    // one transaction for the batch (StoreEngine.bindMany): one clock sync and one SQLite commit, not one per binding
    return batchResults(await this.run(() => this.engine.bindMany(def, bindings)), bindings.length, (e) => this.statusOf(e));
  }

  /** pods/eviction: delete the pod if its disruption budget allows, charging the budget. */
  evict(def: ResourceDef, name: string, eviction: KubeObject, dryRun?: boolean): Promise<P.StoreResult<boolean>> {
    return this.run(() => this.engine.evict(def, name, eviction, dryRun));
  }

  delete(req: P.DeleteRequest): Promise<P.StoreResult<P.DeleteResult>> {
    return this.run(() => this.engine.delete(req));
  }

  deleteCollection(req: P.DeleteCollectionRequest): Promise<P.StoreResult<P.ListResult>> {
    return this.run(() => this.engine.deleteCollection(req));
  }

  /** Webhook triggers: remembers a delivery id and takes a rate-limit token, in one transaction (store/webhook-deliveries.ts). */
  async claimWebhookDelivery(req: DeliveryClaimRequest): Promise<DeliveryClaim> {
    this.webhookDeliveries ??= new WebhookDeliveries(this.ctx.storage);
    return this.webhookDeliveries.claim(req, clock.wallNow());
  }

  /** Webhook triggers: whether to write a delivery's outcome now (refusals are throttled), with the refusals not yet written. */
  async noteWebhookOutcome(req: OutcomeNote): Promise<OutcomeRecord> {
    this.webhookDeliveries ??= new WebhookDeliveries(this.ctx.storage);
    return this.webhookDeliveries.note(req, clock.wallNow());
  }

  // ---- between stores ----

  /** Cluster store → namespace store: the namespace's phase changed. */
  async setNamespacePhase(phase: NamespacePhase): Promise<void> {
    this.engine.setNamespacePhase(phase);
    if (phase === 'Gone') this.hub.closeAll();
  }

  /** Deletes everything in this namespace; returns how many objects remain (held by finalizers). */
  async purge(): Promise<number> {
    return this.engine.purge();
  }

  /** Cluster store: hands out a cluster-unique service IP (a requested one if free). */
  allocateServiceIP(owner: string, requested?: string): Promise<P.StoreResult<string>> {
    return this.run(() => this.engine.allocateServiceIP(owner, requested));
  }

  async releaseServiceIP(ip: string): Promise<void> {
    this.engine.releaseServiceIP(ip);
  }

  /** Cluster store: a Service's node ports, checked against every other service's (recorded unless dryRun). */
  allocateNodePorts(owner: string, old: KubeObject | null, next: KubeObject, dryRun: boolean): Promise<P.StoreResult<NodePortAllocation>> {
    return this.run(() => this.engine.allocateNodePorts(owner, old, next, dryRun));
  }

  async releaseNodePorts(ports: number[]): Promise<void> {
    this.engine.releaseNodePorts(ports);
  }

  /** Cluster store: the phase of a namespace, for namespace stores that have not heard yet. */
  async namespacePhase(namespace: string): Promise<NamespacePhase> {
    return this.engine.namespacePhase(namespace);
  }

  /** Cluster store: a ClusterClock write took effect; every controller host re-arms its alarm for the new pace. */
  private clockChanged(obj: ClusterClockObject): void {
    adoptClockObject(obj);
    this.pacer.start();
    const state = clock.current;
    for (const host of controllerHostNames()) {
      this.ctx.waitUntil(
        controllerStub(this.env, host)
          .clockChanged(state)
          .catch((e: unknown) => log.warn('clock change not delivered', { host, error: String(e) })),
      );
    }
  }

  /**
   * Cluster store: a controller host ran `lateMs` of cluster time late (shared/clock/pace.ts); a
   * clock that keeps pace slows down at once, ahead of the pacer's next sample (durable-objects/clock-pacer.ts).
   */
  async clockLag(host: string, lateMs: number): Promise<void> {
    if (this.name !== CLUSTER_STORE) return;
    await this.pacer.reported(host, lateMs);
  }

  private clockObject(): ClusterClockObject | null {
    return this.table.get(CLOCK_RESOURCE, 'cluster') as unknown as ClusterClockObject | null;
  }

  private async writeClock(obj: ClusterClockObject): Promise<void> {
    const r = await this.run(() => this.engine.update({ def: CLUSTER_CLOCK_DEF, name: 'cluster', object: obj as unknown as KubeObject, target: 'main', version: 'v1alpha1', fieldManager: 'kubeflare-clock-pace' }));
    if (!r.ok) log.warn('cluster clock pace not written', { status: r.status.message });
  }

  /** Cluster store: every controller host re-arms its alarm if it has none (fire and forget). */
  private nudgeControllers(): void {
    if (clock.wallNow() - this.lastNudge < NUDGE_MS / 2) return;
    this.lastNudge = clock.wallNow();
    for (const host of controllerHostNames()) {
      this.ctx.waitUntil(
        controllerStub(this.env, host)
          .start()
          .catch((e: unknown) => log.warn('controller not nudged', { host, error: String(e) })),
      );
    }
  }

  /** From the cluster store's alarm: the pace sampler runs while the clock needs it (restarted after an eviction). */
  private async keepPace(): Promise<void> {
    this.pacer.start();
    if (needsPacing(this.clockObject())) await this.armAlarm(clock.wallNow() + PACE.quietMs, true);
  }

  // ---- alarm: log compaction, and in the cluster store namespace finalization ----

  override async alarm(): Promise<void> {
    this.alarmAt = undefined; // the one firing is spent: read what is set from here on
    if (this.name === CLUSTER_STORE) {
      this.nudgeControllers();
      await this.armAlarm(clock.wallNow() + NUDGE_MS, true);
      await this.keepPace();
    }
    this.table.compact(clock.wallNow());
    const compactIn = nextCompactionDelayMs({ writtenSince: this.writtenSinceCompaction, logEmpty: this.table.compactedVersion >= this.table.resourceVersion });
    this.writtenSinceCompaction = false;
    // Events expire an hour of cluster time after their last update
    const nextExpiry = this.engine.expireEvents(clock.now());
    if (nextExpiry !== undefined && this.name !== CLUSTER_STORE) await this.armAlarm(Math.min(clock.wallTimeAt(nextExpiry), clock.wallNow() + COMPACTION_DELAY_MS), true);
    if (this.name === CLUSTER_STORE && this.engine.hasTerminatingNamespaces()) await this.finalizeNamespaces(true);
    if (compactIn !== undefined) await this.armAlarm(clock.wallNow() + compactIn);
  }

  /**
   * One namespace-finalization pass (right after a namespace DELETE, then from the alarm). The retry
   * alarm is armed before the pass, so a pass that fails, or waits on finalizers, runs again.
   * Inside the alarm handler the alarm must be set outright: getAlarm still reports the one firing.
   */
  private async finalizeNamespaces(inAlarm = false): Promise<void> {
    await this.armAlarm(clock.wallNow() + FINALIZE_RETRY_MS, inAlarm);
    try {
      await this.engine.finalizeNamespaces((ns) => storeStub(this.env, namespaceStore(ns)));
    } catch (e) {
      if (inAlarm) throw e;
      log.warn('namespace finalization deferred to the alarm', { store: this.name, error: String(e) });
    }
  }

  /**
   * Moves the one alarm earlier, never later. Calls are chained so that a read of the current
   * alarm and the write after it are not interleaved with another caller's (a compaction
   * re-arm must not push a pending namespace finalization out). `force` sets it regardless.
   */
  private armAlarm(at: number, force = false): Promise<void> {
    // the common case, a commit while an earlier alarm is already set: no storage call at all
    if (!force && typeof this.alarmAt === 'number' && this.alarmAt <= at) return this.alarmChain;
    this.alarmChain = this.alarmChain
      .then(async () => {
        const current = force ? null : this.alarmAt !== undefined ? this.alarmAt : await this.ctx.storage.getAlarm();
        if (current === null || current > at) {
          await this.ctx.storage.setAlarm(at);
          this.alarmAt = at;
        } else this.alarmAt = current;
      })
      .catch((e: unknown) => log.warn('alarm not armed', { store: this.name, error: String(e) }));
    return this.alarmChain;
  }
}
