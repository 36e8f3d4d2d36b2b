import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { customResourceDef } from '../../shared/apiserver/custom-resources';
import type { Client } from '../../shared/client';
import type { CRD } from '../../shared/crd';
import { makeEvent } from '../../shared/controllers/events';
import {
  collectMetrics,
  emptyHpaHistory,
  HpaSelectorIndex,
  HPA_COMPONENT,
  HPA_SYNC_PERIOD_MS,
  metricQueries,
  PodLabelIndex,
  poolViewFresh,
  reconcileHpa,
  rescaleFailed,
  type HpaHistory,
  type HpaSyncInput,
  type MetricsSnapshot,
  type ScaleView,
} from '../../shared/controllers/hpa';
import { poolMetrics, readPoolView, type PoolView } from '../../shared/controllers/hpa/metrics-from-pool';
import type { MetricsClient } from '../../shared/controllers/hpa/metrics-client';
import { scaleTargetResource } from '../../shared/controllers/hpa/scale-target';
import { log } from '../../platform/log';
import type { ControllerDef, KeyResult, ReconcileContext } from './controller-def';
import { HpaNamespaceReads, HpaNamespaceWrites } from './hpa-batch-io';
import { recorderFor } from './event-recorders';
import { splitKey } from './keys';
import { periodicSyncTime } from '../../shared/controllers/periodic-sync';
import { CUSTOM_RESOURCE_DEFINITIONS, HORIZONTAL_POD_AUTOSCALERS } from '../../shared/api/resource-refs';

/** What the controller keeps per HPA between syncs: one row each (upstream keeps it in memory). */
export interface HpaRow {
  /** The HPA this history belongs to; a namesake created later starts afresh. */
  uid: string;
  history: HpaHistory;
  /** Cluster time the last sync stands for, ms: when it was due if it ran less than a period late (periodicSyncTime). */
  lastSync: number;
  /** The target's scale selector at the last sync, for AmbiguousSelector checks by the others. */
  selector: string | null;
}

/** Row table name. */
export const HPA_ROWS = 'hpas';

/** A sync due this close to now runs now: alarms and clocks round. */
const SLACK_MS = 1000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The scale target's resource (a custom one only when no built-in kind matches, so CRDs are listed only then). */
async function targetResource(client: Client, hpa: HorizontalPodAutoscaler): Promise<{ def: ResourceDef } | { error: string }> {
  const ref = hpa.spec!.scaleTargetRef;
  const builtin = scaleTargetResource(ref, BUILTIN_RESOURCES);
  if ('def' in builtin || builtin.error.startsWith('could not find scale')) return builtin;
  const crds = (await client.resource(CUSTOM_RESOURCE_DEFINITIONS).list()).items as unknown as CRD[];
  return scaleTargetResource(ref, crds.filter((c) => !c.metadata?.deletionTimestamp).map(customResourceDef));
}

/** The memo key of the namespaces' HpaSelectorIndex (upstream's hpaSelectors), kept with the rows. */
const SELECTORS = 'hpa.selectors';

/**
 * The last scale selectors of the namespace's HPAs (upstream's hpaSelectors), indexed for the
 * AmbiguousSelector check: built from the rows once per host instance, then kept in step with them
 * by putRow and deleteRow (the only writers of the rows after the host starts).
 */
function selectorsOf(ctx: ReconcileContext, namespace: string): HpaSelectorIndex {
  const all = ((ctx.memo[SELECTORS] as Map<string, HpaSelectorIndex> | undefined) ??= new Map());
  let index = all.get(namespace);
  if (!index) {
    index = new HpaSelectorIndex();
    for (const [k, row] of ctx.rows<HpaRow>(HPA_ROWS).scan()) {
      const key = splitKey(k);
      if (key.namespace === namespace) index.put(key.name, row.selector);
    }
    all.set(namespace, index);
  }
  return index;
}

/** Writes an HPA's row and its selector's entry in the namespace's index. */
function putRow(ctx: ReconcileContext, key: string, row: HpaRow): void {
  ctx.rows<HpaRow>(HPA_ROWS).put(key, row);
  const { namespace, name } = splitKey(key);
  selectorsOf(ctx, namespace).put(name, row.selector);
}

/** Forgets an HPA's row and its selector. */
function deleteRow(ctx: ReconcileContext, key: string): void {
  ctx.rows<HpaRow>(HPA_ROWS).delete(key);
  const { namespace, name } = splitKey(key);
  selectorsOf(ctx, namespace).delete(name);
}

interface CachedView {
  view: PoolView;
  readAt: number;
  /** The view's pods indexed by label, shared by every sync the same pods serve. */
  pods: PodLabelIndex;
  /** The metrics at `view.now`, shared by the syncs of one batch (one instant). */
  metrics?: MetricsClient;
}

/** The namespace's pool view at `now`: the cached pods and profiles while fresh enough, else a new read. */
async function poolViewAt(ctx: ReconcileContext, namespace: string): Promise<CachedView> {
  const cache = ((ctx.memo[HPA_ROWS] as Map<string, CachedView> | undefined) ??= new Map());
  const kept = cache.get(namespace);
  if (kept && poolViewFresh(kept.readAt, ctx.now)) {
    if (kept.view.now === ctx.now) return kept;
    // a later batch: the same pods, the usage model at its own instant (kept for the rest of its syncs)
    const moved = { view: { ...kept.view, now: ctx.now }, readAt: kept.readAt, pods: kept.pods };
    cache.set(namespace, moved);
    return moved;
  }
  const view = await readPoolView(ctx.client, namespace, ctx.now);
  const fresh = { view, readAt: ctx.now, pods: new PodLabelIndex(view.pods) };
  cache.set(namespace, fresh);
  return fresh;
}

/** The memo key of the sizes of the lists the batches took (HpaNamespaceReads). */
const LIST_SIZES = 'hpa.listSizes';

/** A due HPA with its target resolved, ready to sync. */
interface DueHpa {
  key: string;
  hpa: HorizontalPodAutoscaler;
  row: HpaRow | undefined;
  target: { def: ResourceDef } | { error: string };
  targets: Client;
}

/**
 * The due HPAs of one namespace (see hpaController): their reads shared (HpaNamespaceReads), each
 * decided in turn on the namespace's pool view, their statuses and events written together.
 */
async function syncNamespace(namespace: string, keys: string[], ctx: ReconcileContext, out: Record<string, KeyResult>): Promise<void> {
  const { client, now } = ctx;
  const rows = ctx.rows<HpaRow>(HPA_ROWS);
  const reads = new HpaNamespaceReads(client, namespace, (ctx.memo[LIST_SIZES] ??= new Map<string, number>()) as Map<string, number>);
  await reads.prepareHpas(keys.length);
  const due: DueHpa[] = [];
  for (const key of keys) {
    try {
      const hpa = await reads.hpa(splitKey(key).name, client.resource<HorizontalPodAutoscaler>(HORIZONTAL_POD_AUTOSCALERS).namespace(namespace));
      if (!hpa) {
        deleteRow(ctx, key);
        out[key] = {};
        continue;
      }
      const kept = rows.get(key);
      const row = kept?.uid === hpa.metadata?.uid ? kept : undefined;
      // a resync or a recreated queue entry must not add a sync between two periodic ones
      if (row && now < row.lastSync + HPA_SYNC_PERIOD_MS - SLACK_MS) {
        out[key] = { requeueAfterMs: row.lastSync + HPA_SYNC_PERIOD_MS - now };
        continue;
      }
      const target = await targetResource(client, hpa);
      due.push({ key, hpa, row, target, targets: 'def' in target && target.def.crd ? ctx.clientWith([target.def]) : client });
    } catch (error) {
      out[key] = { error };
    }
  }
  await reads.prepareTargets(due.flatMap((d) => ('def' in d.target ? [{ def: d.target.def, client: d.targets }] : [])));
  const writes = HpaNamespaceWrites.of(ctx.store, recorderFor(ctx.client), namespace, hpaController.name, (hpa, msg, seq) => makeEvent(hpa, 'Warning', 'FailedUpdateStatus', msg, HPA_COMPONENT, now, seq));
  for (const d of due) {
    try {
      out[d.key] = await syncHpa(d, ctx, reads, writes);
    } catch (error) {
      out[d.key] = { error };
    }
  }
  await writes.flush();
}

/** One HPA's sync: its scale, metrics and decision; the rescale written at once, status and events queued on `writes`. */
async function syncHpa({ key, hpa, row, target, targets }: DueHpa, ctx: ReconcileContext, reads: HpaNamespaceReads, writes: HpaNamespaceWrites): Promise<KeyResult> {
  const { now } = ctx;
  const { namespace } = splitKey(key);
  let scaleObj: Scale | undefined;
  let scale: ScaleView | { error: string };
  if ('error' in target) scale = target;
  else {
    try {
      scaleObj = await reads.scale(target.def, targets, hpa.spec!.scaleTargetRef.name);
      scale = { specReplicas: scaleObj.spec?.replicas ?? 0, statusReplicas: scaleObj.status?.replicas ?? 0, selector: scaleObj.status?.selector };
    } catch (e) {
      scale = { error: message(e) };
    }
  }
  const pool = await poolViewAt(ctx, namespace);
  const metrics: MetricsSnapshot =
    'error' in scale || !scale.selector ? {} : await collectMetrics((pool.metrics ??= poolMetrics(pool.view, pool.pods)), namespace, scale.selector, metricQueries(hpa));
  const input: HpaSyncInput = {
    hpa,
    scale,
    pods: pool.pods,
    metrics,
    now,
    history: row?.history ?? emptyHpaHistory(),
    otherHpaSelectors: selectorsOf(ctx, namespace),
  };
  let result = reconcileHpa(input);
  if (result.rescale !== undefined && scaleObj && 'def' in target) {
    try {
      await targets.resource(target.def).namespace(namespace).updateScale(scaleObj.metadata!.name!, { ...scaleObj, spec: { replicas: result.rescale } });
    } catch (e) {
      result = rescaleFailed(input, result, message(e));
    }
  }
  // the period counts from when this sync was due, so a late alarm does not stretch it (periodicSyncTime)
  const lastSync = periodicSyncTime(row?.lastSync, now, HPA_SYNC_PERIOD_MS);
  putRow(ctx, key, {
    uid: hpa.metadata!.uid!,
    history: result.history,
    lastSync,
    selector: 'error' in scale ? (row?.selector ?? null) : (scale.selector ?? null),
  });
  if (result.statusChanged) writes.status({ ...hpa, status: result.status }, result.events.length);
  writes.event(...result.events);
  // upstream logs the sync's error too; the HPA's conditions and events already tell the user
  if (result.error) log.warn('hpa sync failed', { controller: hpaController.name, key, error: result.error });
  return { requeueAfterMs: lastSync + HPA_SYNC_PERIOD_MS - now };
}

/** HPAs due together, namespace by namespace (see hpaController). */
async function syncBatch(keys: string[], ctx: ReconcileContext): Promise<Record<string, KeyResult>> {
  const out: Record<string, KeyResult> = {};
  const byNamespace = new Map<string, string[]>();
  for (const key of keys) {
    const ns = splitKey(key).namespace;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), key]);
  }
  for (const [ns, nsKeys] of byNamespace) await syncNamespace(ns, nsKeys, ctx, out);
  return out;
}

/**
 * The HorizontalPodAutoscaler controller, one key per HPA (`namespace/name`), each synced every
 * 15 s of cluster time as kube-controller-manager's fixed-interval queue does: read the HPA, its
 * target's scale subresource, the namespace's pods (shared by the syncs of a few cluster seconds,
 * POOL_VIEW_MAX_AGE_MS) and metrics (`poolMetrics`), decide with
 * `reconcileHpa`, write the scale, the status (only when it changed, as updateStatusIfNeeded) and
 * the events. HPAs due together share their reads: a namespace's HPAs and its targets of one kind
 * come from one list when that serves enough of them (listServes), and their statuses and events
 * go out as one updateMany and one createMany. One HPA's failure (a missing target, no metrics) is
 * its own status and events; the others sync on.
 */
export const hpaController: ControllerDef = {
  name: 'horizontal-pod-autoscaler',
  watches: ['horizontalpodautoscalers.autoscaling'],
  resyncMs: 5 * 60_000,
  // every HPA requeues itself each 15 s; the resync only finds one whose notice was lost
  resyncOnWallClock: true,
  // updates (our own status writes among them) do not hurry a sync, as upstream's queue drops them;
  // a new HPA is synced at once, a deleted one forgotten
  wants: (n: ChangeNotice) => n.type !== 'MODIFIED',
  keysFor: (n: ChangeNotice) => (n.namespace ? [`${n.namespace}/${n.name}`] : []),
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<HorizontalPodAutoscaler>(HORIZONTAL_POD_AUTOSCALERS).list();
    return list.items.map((h) => `${h.metadata!.namespace}/${h.metadata!.name}`);
  },
  async reconcile(key, ctx) {
    const result = (await syncBatch([key], ctx))[key] ?? {};
    if (result.error !== undefined) throw result.error;
    return result;
  },
  /** HPAs due together share their reads and writes (syncNamespace) and one read of each namespace's pods (poolViewAt). */
  reconcileBatch: syncBatch,
};
