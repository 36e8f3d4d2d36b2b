import { DurableObject } from 'cloudflare:workers';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { ResourceDef } from '../../shared/api/registry';
import type { RpcClient } from '../../shared/client';
import type { ClockState } from '../../shared/clock/cluster-clock';
import { clusterClient, componentStores } from '../../platform/cluster-client';
import { clock, syncedClock } from '../../platform/clock';
import { CLUSTER_STORE, storeStub } from '../../platform/stores';
import { earliestDue, loopLateness, PACE } from '../../shared/clock/pace';
import { nextPeriodDue, repairResyncDelay, resyncByWall } from '../../shared/controllers/resync-policy';
import { type Env } from '../../platform/env';
import { log } from '../../platform/log';
import type { ControllerDef, KeyResult, ReconcileContext } from './controller-def';
import { CONTROLLERS } from './registry';
import { bindRecorder, storeRecorder } from './event-recorders';
import { StateRows, type SingleValueState } from './state-rows';

/** Keys reconciled per alarm; the rest wait for the next one (armed at once), so one alarm stays short. */
const MAX_KEYS_PER_ALARM = 100;
/** How long a host trusts its isolate's clock for a notice's due times (wall ms): syncedClock's own refresh period. */
const CLOCK_FRESH_MS = 1000;

/**
 * One Durable Object per controller (named after it). Stores notify it of changes; it queues the
 * affected keys and its alarm reconciles them. The alarm is the work queue's clock: it re-arms
 * while keys are due or a resync is pending, so nothing sleeps forever and nothing spins. Its state
 * (the queue, one row per key, and the controller's row tables) is written where it changed.
 */
export class ControllerHost extends DurableObject<Env> {
  private def!: ControllerDef;
  private rows!: StateRows;
  /** The controller's in-memory state (caches over its rows), rebuilt after a restart. */
  private readonly memo: Record<string, unknown> = {};
  private client!: RpcClient;
  /** This host's event recorder: its correlator folds repeated Events; its caches are rows, read at its first event. */
  private readonly events = storeRecorder((name) => this.stores(name), () => this.rows.eventCaches());
  private shard?: number;
  /** Wall time of this host's last report of lateness to the cluster clock. */
  private lastLagReport = -Infinity;
  /** The earliest due time of the batch the alarm is reconciling (undefined between alarms). */
  private dueInFlight?: number;
  /**
   * The alarm as this object last set it (wall ms; null: none), so a notice does not read it back from
   * storage; undefined when unknown (after a start, or an alarm that ended without re-arming), which
   * `save` then reads. Only this object sets its alarm, so the copy stays exact.
   */
  private armedAt?: number | null;
  /** Wall time of this host's last clock sync (an alarm, a notice, or a clock change pushed to it). */
  private clockSyncedAt = -Infinity;
  /** Store RPCs this host's loop made (its client's and batched writes'), for the per-alarm debug line. */
  private storeCalls = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const name = ctx.id.name ?? (await ctx.storage.get<string>('name')) ?? '';
      const [base, shard] = name.split('#');
      this.shard = shard === undefined ? undefined : Number(shard);
      const def = CONTROLLERS[base!];
      if (!def) throw new Error(`unknown controller ${JSON.stringify(name)}`);
      this.def = def;
      await ctx.storage.put('name', name);
      this.rows = new StateRows(ctx.storage);
      const old = await ctx.storage.get<SingleValueState>('data');
      if (old) this.rows.importSingleValue(old, def.importState?.bind(def));
      this.client = clusterClient(env, { fieldManager: def.name, component: def.name, onCall: this.countCall });
      bindRecorder(this.client, this.events);
      // pending work must have its alarm, even if the last run stopped between its write and setAlarm
      if (this.rows.queue.length > 0) await this.save();
    });
  }

  /** Stores call this after commits (fire-and-forget). */
  async notify(notices: ChangeNotice[]): Promise<void> {
    const queue = this.rows.queue;
    const host = { memo: this.memo, rows: this.tables };
    this.def.observe?.(notices, this.memo, this.tables);
    // a clock synced within the isolate's refresh period is as fresh as syncedClock would return
    const now = clock.wallNow() - this.clockSyncedAt < CLOCK_FRESH_MS ? clock.now() : await this.syncClock();
    for (const n of notices) for (const key of this.def.keysFor(n, host)) queue.add(key, now);
    // a notice for keys already queued at an earlier time changes nothing: no alarm read or set, no row
    // (a host that does not know of an alarm saves, so the resync is armed as before)
    if (queue.hasChanges || this.rows.tablesDirty || this.armedAt == null) await this.save();
  }

  /**
   * Starts the controller (and its periodic resync) without waiting for a change. Also the cluster
   * store's periodic nudge for an alarm that was lost: it reads the alarm from storage, not the copy.
   */
  async start(): Promise<void> {
    this.armedAt = undefined;
    await this.save();
  }

  override async alarm(): Promise<void> {
    // a sharded controller's unsharded host (left from an earlier version) retires instead of competing
    if (this.def.shards && this.shard === undefined) {
      this.armedAt = null; // an alarm that ends without setting the next one is gone
      return;
    }
    try {
      await this.reconcileDue();
    } catch (e) {
      this.armedAt = undefined; // the runtime retries a failed alarm: what is armed is its business now
      throw e;
    }
  }

  private readonly countCall = () => void this.storeCalls++;

  /** The controller's row tables (ReconcileContext.rows). */
  private readonly tables = <T>(table: string) => this.rows.table<T>(table);

  private async reconcileDue(): Promise<void> {
    const now = await this.syncClock();
    const queue = this.rows.queue;
    const calls0 = this.storeCalls;
    const resync = this.byWall() ? clock.wallNow() >= this.resyncWallAt() : now >= this.rows.meta.nextResync;
    if (resync) {
      try {
        for (const key of await this.def.allKeys(this.client, this.shard)) queue.add(key, now);
      } catch (e) {
        log.warn('resync failed', { controller: this.def.name, error: String(e) });
      }
      // both clocks' due times: which one counts depends on whether the clock is paused when it comes
      const delay = repairResyncDelay(this.hostName(), this.def.resyncMs);
      this.rows.meta.nextResync = now + delay;
      if (this.def.resyncOnWallClock) this.rows.meta.resyncWallAt = clock.wallNow() + delay;
    }
    const periodic = this.periodicDue(now);
    for (const key of periodic) queue.add(key, now);
    this.reportLateness(now);
    // the batch's work stays due (for lateness) until it is done: its writes may wait on a saturated store
    this.dueInFlight = queue.nextDue();
    const batch = queue.popDue(now, MAX_KEYS_PER_ALARM);
    const ctx = (): ReconcileContext => ({
      client: this.client,
      clientWith: (resources) => this.clientWith(resources),
      now: clock.now(),
      rows: this.tables,
      memo: this.memo,
      store: this.stores,
    });
    const settle = (key: string, result: KeyResult) => {
      if (result.error !== undefined) {
        log.warn('reconcile failed', { controller: this.def.name, key, error: result.error instanceof Error ? result.error.message : String(result.error) });
        queue.addRateLimited(key, clock.now());
        return;
      }
      queue.forget(key);
      if (result.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs, clock.now());
      this.trackPeriodic(key, result.settled === true);
    };
    if (this.def.reconcileBatch && batch.length) {
      let results: Record<string, KeyResult>;
      try {
        results = await this.def.reconcileBatch(batch, ctx());
      } catch (error) {
        results = Object.fromEntries(batch.map((k) => [k, { error }]));
      }
      // a batch may reconcile more keys than it was given (the kubelet's OOM victims and evicted pods): honour their requeues too
      for (const key of new Set([...batch, ...Object.keys(results)])) settle(key, results[key] ?? {});
    } else {
      for (const key of batch) {
        try {
          settle(key, await this.def.reconcile(key, ctx()));
        } catch (error) {
          settle(key, { error });
        }
      }
    }
    this.dueInFlight = undefined;
    log.debug('controller alarm', { controller: this.hostName(), resync, periodic: periodic.length, keys: batch.length, storeCalls: this.storeCalls - calls0 });
    // inside the alarm handler getAlarm still reports the alarm that is firing: set the next one outright
    await this.save(true);
  }

  /** The stores for batched writes, their calls counted with the client's. */
  private readonly stores = (name: string) => (this.countCall(), componentStores(this.env, this.def.name)(name));

  /** The keys of the controller's upstream period when it is due (none when it has none or knows no key). */
  private periodicDue(now: number): string[] {
    const { periodMs } = this.def;
    const meta = this.rows.meta;
    if (periodMs === undefined || meta.nextPeriod === undefined || now < meta.nextPeriod) return [];
    const keys = [...this.rows.periodicKeys().scan()].map(([key]) => key);
    // an empty set leaves the period unarmed until a reconcile adds a key
    meta.nextPeriod = keys.length ? now + periodMs : undefined;
    return keys;
  }

  /** A reconciled key joins the upstream period, or leaves it once settled; the period is armed while it has keys. */
  private trackPeriodic(key: string, settled: boolean): void {
    const { periodMs } = this.def;
    if (periodMs === undefined) return;
    const keys = this.rows.periodicKeys();
    if (settled) {
      keys.delete(key);
      return;
    }
    if (keys.get(key) === undefined) keys.put(key, true);
    this.rows.meta.nextPeriod = nextPeriodDue(this.rows.meta.nextPeriod, clock.now(), periodMs);
  }

  private hostName(): string {
    return this.shard === undefined ? this.def.name : `${this.def.name}#${this.shard}`;
  }

  /** The cluster clock changed pace or was advanced: due times stay in cluster time, the alarm moves. */
  async clockChanged(state: ClockState): Promise<void> {
    clock.update(state);
    this.clockSyncedAt = clock.wallNow();
    await this.save(true);
  }

  /**
   * Keeping pace (shared/clock/pace.ts): the cluster store samples every loop's lateness while the
   * clock runs fast. Answered from memory, without waiting for this host's alarm (which is what runs
   * late), counting the batch in progress as still due (a Lease renewal is late until written) unless the
   * controller judges itself by its own work (paceDue); a sharded controller's retired unsharded host
   * has nothing to run.
   */
  async lateness(): Promise<number> {
    if (this.def.shards && this.shard === undefined) return 0;
    return loopLateness(clock.now(), this.paceDue(true), clock.lastJump);
  }

  /**
   * The earliest due time this loop is judged by: the controller's own (ControllerDef.paceDue) when it
   * has one, else its queue's earliest key — and the batch in flight, when `inFlight`.
   */
  private paceDue(inFlight: boolean): number | undefined {
    const own = this.def.paceDue?.(this.memo);
    if (own !== undefined) return own;
    return earliestDue([this.rows.queue.nextDue(), inFlight ? this.dueInFlight : undefined].filter((d): d is number => d !== undefined));
  }

  /**
   * Keeping pace: when the earliest due key waited as long as the keeper acts on one loop's word for
   * (PACE.hardLateMs, a Lease's duration), the cluster store also hears of it from here (at most once a
   * wall second), ahead of its next sample; softer lateness it sees in its samples.
   */
  private reportLateness(now: number): void {
    const { speed, paused } = clock.current;
    if (paused || speed <= PACE.minSpeed) return;
    const lateMs = loopLateness(now, this.paceDue(false), clock.lastJump);
    const wall = clock.wallNow();
    if (lateMs < PACE.hardLateMs || wall - this.lastLagReport < 1000) return;
    this.lastLagReport = wall;
    const host = this.hostName();
    this.ctx.waitUntil(
      storeStub(this.env, CLUSTER_STORE)
        .clockLag(host, lateMs)
        .catch((e: unknown) => log.warn('lateness not reported', { controller: host, error: String(e) })),
    );
  }

  /** The cluster time now, from the isolate's clock refreshed as `syncedClock` does. */
  private async syncClock(): Promise<number> {
    const now = (await syncedClock(this.env)).now();
    this.clockSyncedAt = clock.wallNow();
    return now;
  }

  /** Whether the repair resync goes by the wall clock now (resync-policy.ts). */
  private byWall(): boolean {
    return resyncByWall(this.def.resyncOnWallClock === true, clock.current);
  }

  /**
   * When a repair resync on the wall clock is due (wall ms; 0: at once). A host that kept only the
   * cluster-time due of an earlier version goes by that one's wall time once.
   */
  private resyncWallAt(): number {
    const { resyncWallAt, nextResync } = this.rows.meta;
    return resyncWallAt ?? (nextResync ? clock.wallTimeAt(nextResync) : 0);
  }

  private clientWith(resources: ResourceDef[]): RpcClient {
    const client = clusterClient(this.env, { fieldManager: this.def.name, resources, component: this.def.name, onCall: this.countCall });
    bindRecorder(client, this.events);
    return client;
  }

  /**
   * Arms the alarm for the earliest due key, period or resync, then writes what changed (so a failed
   * write still leaves the alarm). Due times are cluster times, but a wall-clock resync's; the alarm is
   * set at the wall time the cluster clock reaches them (never, while a stepped clock stands still).
   * `rearm` moves it later too.
   */
  private async save(rearm = false): Promise<void> {
    const { nextResync, nextPeriod } = this.rows.meta;
    const wallResync = this.byWall();
    const next = Math.min(this.rows.queue.nextDue() ?? Infinity, nextPeriod ?? Infinity, wallResync ? Infinity : nextResync || clock.now());
    const at = Math.min(Number.isFinite(next) ? clock.wallTimeAt(next) : Infinity, wallResync ? this.resyncWallAt() : Infinity);
    // inside the alarm handler the copy (like getAlarm) still holds the alarm that is firing
    let current = this.armedAt;
    if (current === undefined) {
      const stored = await this.ctx.storage.getAlarm();
      // a save that ran meanwhile set the copy after this read was issued: the copy is newer
      current = this.armedAt !== undefined ? this.armedAt : (this.armedAt = stored);
    }
    try {
      if (!Number.isFinite(at)) {
        if (rearm && current !== null) {
          this.armedAt = null;
          await this.ctx.storage.deleteAlarm();
        }
      } else if (rearm || current === null || current > at) {
        // whole milliseconds, strictly ahead: an alarm set at or before the one firing is dropped with it
        const armAt = Math.max(Math.ceil(at), clock.wallNow() + 1);
        this.armedAt = armAt; // before the await: a later save's decision must see this one
        await this.ctx.storage.setAlarm(armAt);
      }
    } catch (e) {
      this.armedAt = undefined;
      throw e;
    }
    this.rows.flush();
  }
}
