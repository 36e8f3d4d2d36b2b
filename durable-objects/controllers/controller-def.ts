import type { ResourceDef } from '../../shared/api/registry';
import type { Client } from '../../shared/client';
import type { StoreApi } from '../../shared/apiserver/store-protocol';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { NoticeScope } from '../../shared/controllers/notice-scope';
import type { Rows } from './state-rows';

/** What one reconcile needs: the API, the time, and the controller's own persisted state. */
export interface ReconcileContext {
  client: Client;
  /** A client that also knows these kinds (custom resources). */
  clientWith(resources: ResourceDef[]): Client;
  now: number;
  /**
   * The controller's persisted state: tables of JSON rows, one per item (pod, node, queued key),
   * written at the end of the alarm where changed. State that grows with the cluster lives here.
   */
  rows<T>(table: string): Rows<T>;
  /** In-memory state for the life of this host instance (caches built from rows); empty after a restart. */
  memo: Record<string, unknown>;
  /** A store's RPC surface by name ('cluster', 'ns:<namespace>'), for batched writes. */
  store(name: string): StoreApi;
}

/** What a host's notice handling may look at (ControllerDef.keysFor): its memo and its row tables. */
export type NoticeState = Pick<ReconcileContext, 'memo' | 'rows'>;

/** What reconciling one key asked for: come back later, or the error it failed with. */
export interface KeyResult {
  requeueAfterMs?: number;
  error?: unknown;
  /**
   * For a controller with `periodMs`: true when nothing under the key needs the upstream period any
   * more (gone, or settled as a Bound claim is), which leaves it out of the period until a notice or a
   * resync queues it and its reconcile says otherwise. Omitted: the key stays in (or joins) the period.
   */
  settled?: boolean;
}

/**
 * A controller as the host runs it: which keys a change concerns, how to list every key for a
 * resync, and how to reconcile one key (read current state → pure reconciler → actions).
 */
export interface ControllerDef {
  name: string;
  /** The resources (storage keys, e.g. `pods`, `replicasets.apps`) whose changes it hears about. */
  watches: string[];
  /**
   * Period of the repair resync over `allKeys`, which covers lost notices (cluster time, unless
   * `resyncOnWallClock`); shared/controllers/resync-policy.ts says which clock each kind of period belongs to.
   */
  resyncMs: number;
  /**
   * The resync only covers lost notices and the loop's own timing comes from notices and requeueAfter
   * (upstream's informer resync, 12–24 h): resync every `resyncMs` of wall time, so a fast clock
   * does not multiply a full list of the cluster by its speed.
   */
  resyncOnWallClock?: boolean;
  /**
   * An upstream periodic that is part of the controller's semantics (resource quota's 5 min full
   * recalculation, the PV binder's 15 s sync), in cluster time: every `periodMs` the host queues again
   * the keys whose last reconcile did not say `settled`, without listing anything.
   */
  periodMs?: number;
  /**
   * Which notices are worth an RPC at all (default: every notice of a watched resource). `scope` is what
   * the sending store says about its own contents (shared/controllers/notice-scope.ts); absent when it
   * cannot tell, and then the filter must keep what it would need to ask about.
   */
  wants?(notice: ChangeNotice, scope?: NoticeScope): boolean;
  /**
   * The keys a notice queues. `host` is the host's memo and rows as `observe` left them, for a controller
   * whose own state says a notice concerns nothing of its (the kubelet: a pod bound to a node it knows has
   * no kubelet); absent where a store routes notices, so the answer must not drop keys for want of it.
   */
  keysFor(notice: ChangeNotice, host?: NoticeState): string[];
  /**
   * At most one notify RPC from each store per this many wall ms (default: none, only one in flight at a
   * time): what commits meanwhile goes in one next RPC. For a controller that works in batches anyway (the
   * scheduler's cycle), so a steady stream of commits costs it a few RPCs a second per store instead of
   * one per commit; a notice after a quiet spell still goes at once.
   */
  noticeSpacingMs?: number;
  /**
   * Hears the notices routed to this host before their keys are queued, to keep an in-memory view
   * in `memo` current (as an informer's event handlers do); optional, and it must not do I/O. `rows` (the
   * host's row tables, read into memory at their first use; a change is written with the notice's keys) is
   * for what a restarted host must still know and no notice would bring again.
   */
  observe?(notices: ChangeNotice[], memo: Record<string, unknown>, rows?: ReconcileContext['rows']): void;
  /**
   * Keeping pace (shared/clock/pace.ts): the earliest cluster time of the work this loop is judged by,
   * in place of its queue's earliest due key and batch in flight (a kubelet shard: the Lease renewals it
   * owes, which is what the node lifecycle controller sees); undefined when it knows of none (then the
   * queue counts). From `memo`, without I/O: the keeper asks every few hundred wall ms.
   */
  paceDue?(memo: Record<string, unknown>): number | undefined;
  /** Every key (of this shard, for sharded controllers), for the periodic resync. */
  allKeys(client: Client, shard?: number): Promise<string[]>;
  /**
   * Sharded controllers run as `shards` hosts named `<name>#<i>`; `shardOf` says which host a
   * notice belongs to (the kubelet shards by node, so a node and its pods share a host).
   */
  shards?: number;
  shardOf?(notice: ChangeNotice): number;
  reconcile(key: string, ctx: ReconcileContext): Promise<Omit<KeyResult, 'error'>>;
  /**
   * Imports the free-form `state` an older version persisted as one value into this controller's
   * rows (once, at the first start after an upgrade); without it that state is dropped.
   */
  importState?(state: Record<string, unknown>, rows: <T>(table: string) => Rows<T>): void;
  /** Reconciles all due keys at once (so their writes can be batched); overrides `reconcile` when set. */
  reconcileBatch?(keys: string[], ctx: ReconcileContext): Promise<Record<string, KeyResult>>;
}
