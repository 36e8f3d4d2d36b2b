import { clock } from '../../platform/clock';
import { CLUSTER_STORE, namespaceStore } from '../../platform/stores';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { queuedKeys, queueMeta, queueRows, restoreQueue, takeDirty, type QueueMeta, type QueueRow } from '../../shared/scheduler';
import { observe } from '../../shared/scheduler/cluster-cache';
import { runSchedulerCycle, storeWriter, type SchedulerState } from '../../shared/scheduler/run-cycle';
import type { ControllerDef, ReconcileContext } from './controller-def';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { nodeUpdateMatters } from '../../shared/controllers/node-update-filters';

const CYCLE = 'cycle';

/**
 * The scheduler hears each store at most once per this many wall ms: its cycle takes whatever pods are
 * pending when it runs, so pods created a few ms apart lose nothing by arriving in one notice RPC, and a
 * stream of creates stops costing one RPC per commit. A pod created after a quiet spell is heard at once.
 */
export const SCHEDULER_NOTICE_SPACING_MS = 50;

/** One pending pod's row: where it waits in the queue, and the last FailedScheduling message recorded for it. */
export interface PendingPodRow extends QueueRow {
  lastFailure?: string;
}

/** The queue's counters and where the next cycle starts its node search. */
interface SchedulerMeta extends QueueMeta {
  startIndex?: number;
}

type SchedulerRows = Pick<ReconcileContext, 'rows'>;

const pendingPods = (ctx: SchedulerRows) => ctx.rows<PendingPodRow>('pending-pods');
const schedulerMeta = (ctx: SchedulerRows) => ctx.rows<SchedulerMeta>('scheduler');

/** The scheduler's state rebuilt from its rows (one per pending pod); empty when it never ran. */
export function loadSchedulerState(ctx: SchedulerRows): SchedulerState {
  const meta = schedulerMeta(ctx).get('meta');
  if (!meta) return {};
  const rows = [...pendingPods(ctx).scan()];
  const lastFailure: Record<string, string> = {};
  for (const [key, row] of rows) if (row.lastFailure !== undefined) lastFailure[key] = row.lastFailure;
  const queue = restoreQueue(meta, rows.map(([, row]) => row));
  queue.dirty = {};
  return { queue, startIndex: meta.startIndex, lastFailure };
}

/** Writes the rows of the pods whose queue entry changed since the last save, and the queue's counters. */
export function saveSchedulerState(ctx: SchedulerRows, state: SchedulerState): void {
  const q = state.queue;
  if (!q) return;
  // a queue the cycle just created was not tracking yet: all of it is new
  const keys = q.dirty ? takeDirty(q) : queuedKeys(q);
  q.dirty = {};
  const rows = pendingPods(ctx);
  for (const [key, row] of queueRows(q, keys)) {
    const lastFailure = state.lastFailure?.[key];
    if (!row) rows.delete(key);
    else rows.put(key, lastFailure === undefined ? row : { ...row, lastFailure });
  }
  schedulerMeta(ctx).put('meta', { ...queueMeta(q), startIndex: state.startIndex });
}

/**
 * The scheduler as a controller host: every relevant change queues the one `cycle` key; the cycle
 * (shared/scheduler/run-cycle.ts) keeps its scheduling queue in memory, and in one row per pending
 * pod so that a restart finds it again at any size. Its cache of nodes and pods (shared/scheduler/
 * cluster-cache.ts) lives in memory only: the notices keep it current, a restart lists once.
 */
export const schedulerController: ControllerDef = {
  name: 'scheduler',
  watches: ['pods', 'nodes', 'poddisruptionbudgets.policy', 'configmaps', 'persistentvolumeclaims', 'persistentvolumes', 'storageclasses.storage.k8s.io'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  noticeSpacingMs: SCHEDULER_NOTICE_SPACING_MS,
  wants(n: ChangeNotice): boolean {
    // every pod change: a bound pod turning terminal frees its node's resources, and labels matter to affinity
    if (n.resource === 'configmaps') return n.namespace === 'kube-system';
    if (n.resource === 'nodes') return nodeUpdateMatters(n);
    return true;
  },
  observe(notices, memo) {
    const cache = (memo.scheduler as SchedulerState | undefined)?.cache;
    if (cache) for (const n of notices) observe(cache, n);
  },
  keysFor: () => [CYCLE],
  allKeys: async () => [CYCLE],
  async reconcile(_key, ctx) {
    const state = (ctx.memo.scheduler ??= loadSchedulerState(ctx)) as SchedulerState;
    try {
      // the cache's full list only repairs lost notices: it counts in wall time (RELIST_MS), whatever the clock's speed
      const writer = storeWriter((ns) => ctx.store(namespaceStore(ns)), () => ctx.store(CLUSTER_STORE), 'scheduler');
      return await runSchedulerCycle(ctx.client, state, () => clock.now(), Math.random, writer, () => clock.wallNow());
    } finally {
      saveSchedulerState(ctx, state);
    }
  },
};
