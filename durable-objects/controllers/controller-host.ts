import { DurableObject } from 'cloudflare:workers';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import { RpcClient } from '../../shared/client';
import { emptyWorkQueueState, WorkQueue, type WorkQueueState } from '../../shared/controllers/work-queue';
import { namespaceNames } from '../../workers/api/list-all';
import { storeStub, type Env } from '../../workers/env';
import { log } from '../../workers/log';
import type { ControllerDef, KeyResult, ReconcileContext } from './controller-def';
import { CONTROLLERS } from './registry';

/** Keys reconciled per alarm; the rest wait for the next one (armed at once), so one alarm stays short. */
const MAX_KEYS_PER_ALARM = 100;

interface Persisted {
  queue: WorkQueueState;
  nextResync: number;
  state: Record<string, unknown>;
}

/**
 * One Durable Object per controller (named after it). Stores notify it of changes; it queues the
 * affected keys and its alarm reconciles them. The alarm is the work queue's clock: it re-arms
 * while keys are due or a resync is pending, so nothing sleeps forever and nothing spins.
 */
export class ControllerHost extends DurableObject<Env> {
  private def!: ControllerDef;
  private data!: Persisted;
  private client!: RpcClient;
  private shard?: number;

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
      this.data = (await ctx.storage.get<Persisted>('data')) ?? { queue: emptyWorkQueueState(), nextResync: 0, state: {} };
      this.client = new RpcClient({
        storeOf: (store) => storeStub(env, store),
        namespaces: () => namespaceNames(env),
        fieldManager: def.name,
      });
    });
  }

  /** Stores call this after commits (fire-and-forget). */
  async notify(notices: ChangeNotice[]): Promise<void> {
    const queue = new WorkQueue(this.data.queue);
    const now = Date.now();
    for (const n of notices) for (const key of this.def.keysFor(n)) queue.add(key, now);
    await this.save();
  }

  /** Starts the controller (and its periodic resync) without waiting for a change. */
  async start(): Promise<void> {
    await this.save();
  }

  override async alarm(): Promise<void> {
    // a sharded controller's unsharded host (left from an earlier version) retires instead of competing
    if (this.def.shards && this.shard === undefined) return;
    const now = Date.now();
    const queue = new WorkQueue(this.data.queue);
    if (now >= this.data.nextResync) {
      try {
        for (const key of await this.def.allKeys(this.client, this.shard)) queue.add(key, now);
      } catch (e) {
        log.warn('resync failed', { controller: this.def.name, error: String(e) });
      }
      this.data.nextResync = now + this.def.resyncMs;
    }
    const due = queue.popDue(now);
    const batch = due.slice(0, MAX_KEYS_PER_ALARM);
    for (const key of due.slice(MAX_KEYS_PER_ALARM)) queue.add(key, now);
    const ctx = (): ReconcileContext => ({
      client: this.client,
      clientWith: (resources) => this.clientWith(resources),
      now: Date.now(),
      state: this.data.state,
      store: (name) => storeStub(this.env, name),
    });
    const settle = (key: string, result: KeyResult) => {
      if (result.error !== undefined) {
        log.warn('reconcile failed', { controller: this.def.name, key, error: result.error instanceof Error ? result.error.message : String(result.error) });
        queue.addRateLimited(key, Date.now());
        return;
      }
      queue.forget(key);
      if (result.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs, Date.now());
    };
    if (this.def.reconcileBatch && batch.length) {
      let results: Record<string, KeyResult>;
      try {
        results = await this.def.reconcileBatch(batch, ctx());
      } catch (error) {
        results = Object.fromEntries(batch.map((k) => [k, { error }]));
      }
      for (const key of batch) settle(key, results[key] ?? {});
    } else {
      for (const key of batch) {
        try {
          settle(key, await this.def.reconcile(key, ctx()));
        } catch (error) {
          settle(key, { error });
        }
      }
    }
    await this.save();
  }

  private clientWith(resources: ResourceDef[]): RpcClient {
    return new RpcClient({
      storeOf: (store) => storeStub(this.env, store),
      namespaces: () => namespaceNames(this.env),
      fieldManager: this.def.name,
      resources: [...BUILTIN_RESOURCES, ...resources],
    });
  }

  private async save(): Promise<void> {
    await this.ctx.storage.put('data', this.data);
    const next = Math.min(new WorkQueue(this.data.queue).nextDue() ?? Infinity, this.data.nextResync || Date.now());
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > next) await this.ctx.storage.setAlarm(Math.max(next, Date.now()));
  }
}
