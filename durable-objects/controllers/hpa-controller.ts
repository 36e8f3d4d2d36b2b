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
  reconcileHpa,
  rescaleFailed,
  type HpaHistory,
  type HpaSyncInput,
  type HpaSyncResult,
  type MetricsSnapshot,
  type ScaleView,
} from '../../shared/controllers/hpa';
import { HPA_MEMBER_RESOURCES, HPA_VIEWED, type HpaNamespaceViews } from '../../shared/controllers/hpa/hpa-namespace-views';
import { anchorHeld } from '../../shared/controllers/notice-scope';
import { getOrUndefined } from '../../shared/client/store-result';
import { scaleTargetResource } from '../../shared/controllers/hpa/scale-target';
import { log } from '../../platform/log';
import type { ControllerDef, KeyResult, ReconcileContext } from './controller-def';
import { HpaNamespaceReads, HpaNamespaceWrites } from './hpa-batch-io';
import { hpaViews, poolOf, refreshHpaViews, viewedScale, viewedTarget, type Pool } from './hpa-views';
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
 * The due HPAs of one namespace (see hpaController): the namespace's HPAs, pods, profiles and
 * Deployments from its views (hpa-views.ts; in the steady state nothing is read), other target kinds
 * shared by a list when that serves (HpaNamespaceReads), each HPA decided in turn, their statuses and
 * events written together and the statuses written through to the HPA view.
 */
async function syncNamespace(namespace: string, keys: string[], ctx: ReconcileContext, out: Record<string, KeyResult>): Promise<void> {
  const { client, now } = ctx;
  const rows = ctx.rows<HpaRow>(HPA_ROWS);
  const all = hpaViews(ctx.memo);
  const views = all.of(namespace);
  try {
    await refreshHpaViews(client, namespace, views, now);
  } catch (error) {
    for (const key of keys) out[key] = { error };
    return;
  }
  const hpas = client.resource<HorizontalPodAutoscaler>(HORIZONTAL_POD_AUTOSCALERS).namespace(namespace);
  const due: DueHpa[] = [];
  for (const key of keys) {
    try {
      const { name } = splitKey(key);
      let hpa = views.hpas.get(name);
      if (!hpa) {
        // not in the view (its notice still on its way, or a resync found it): one read to be sure it is gone
        hpa = await getOrUndefined(hpas.get(name));
        views.hpas.apply(name, hpa);
      }
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
  const reads = new HpaNamespaceReads(namespace, (ctx.memo[LIST_SIZES] ??= new Map<string, number>()) as Map<string, number>);
  await reads.prepareTargets(due.flatMap((d) => ('def' in d.target && !viewedTarget(d.target.def) ? [{ def: d.target.def, client: d.targets }] : [])));
  const writes = HpaNamespaceWrites.of(ctx.store, recorderFor(ctx.client), namespace, hpaController.name, (hpa, msg, seq) => makeEvent(hpa, 'Warning', 'FailedUpdateStatus', msg, HPA_COMPONENT, now, seq));
  const pool = poolOf(views, now);
  for (const d of due) {
    try {
      out[d.key] = await syncHpa(d, ctx, { reads, views, pool }, writes);
    } catch (error) {
      out[d.key] = { error };
    }
  }
  for (const o of await writes.flush()) {
    if ('stored' in o) views.hpas.apply(o.name, o.stored);
    // refused (a 409, a 404): the view missed a change, read the HPA again; an unknown outcome: list again
    else if (o.failed === 'refused') views.hpas.touched(o.name);
    else views.hpas.invalidate();
  }
  // a namespace without HPAs: the stores stop sending its pods' notices, so its views go (a new HPA lists again)
  if (views.hpas.empty) all.drop(namespace);
}

/** Where a sync's target scale comes from. */
interface ScaleSources {
  reads: HpaNamespaceReads;
  views: HpaNamespaceViews;
  pool: Pool;
}

/** The target's scale as read for a sync (`viewed`: from the namespace's Deployment view rather than a read). */
interface ScaleRead {
  obj?: Scale;
  scale: ScaleView | { error: string };
  viewed: boolean;
}

const scaleRead = (obj: Scale, viewed: boolean): ScaleRead => ({
  obj,
  scale: { specReplicas: obj.spec?.replicas ?? 0, statusReplicas: obj.status?.replicas ?? 0, selector: obj.status?.selector },
  viewed,
});

/** The target's scale subresource, read now (upstream's GET); its error is the sync's FailedGetScale. */
async function liveScale({ hpa, target, targets }: DueHpa, read: (def: ResourceDef, client: Client, name: string) => Promise<Scale>): Promise<ScaleRead> {
  if ('error' in target) return { scale: target, viewed: false };
  try {
    return scaleRead(await read(target.def, targets, hpa.spec!.scaleTargetRef.name), false);
  } catch (e) {
    return { scale: { error: message(e) }, viewed: false };
  }
}

/** The sync's decision on a scale: its metrics (from the pool, on the scale's selector) and reconcileHpa. */
async function decide({ key, hpa, row }: DueHpa, scale: ScaleRead['scale'], ctx: ReconcileContext, pool: Pool): Promise<{ input: HpaSyncInput; result: HpaSyncResult }> {
  const { namespace } = splitKey(key);
  const metrics: MetricsSnapshot = 'error' in scale || !scale.selector ? {} : await collectMetrics(pool.metrics(), namespace, scale.selector, metricQueries(hpa));
  const input: HpaSyncInput = {
    hpa,
    scale,
    pods: pool.pods,
    metrics,
    now: ctx.now,
    history: row?.history ?? emptyHpaHistory(),
    otherHpaSelectors: selectorsOf(ctx, namespace),
  };
  return { input, result: reconcileHpa(input) };
}

/** One HPA's sync: its scale, metrics and decision; the rescale written at once, status and events queued on `writes`. */
async function syncHpa(d: DueHpa, ctx: ReconcileContext, { reads, views, pool }: ScaleSources, writes: HpaNamespaceWrites): Promise<KeyResult> {
  const { key, hpa, row, target, targets } = d;
  const { namespace } = splitKey(key);
  const targetName = hpa.spec!.scaleTargetRef.name;
  const held = 'def' in target ? viewedScale(views, target.def, targetName) : undefined;
  let read = held ? scaleRead(held, true) : await liveScale(d, (def, client, name) => reads.scale(def, client, name));
  let { input, result } = await decide(d, read.scale, ctx, pool);
  if (result.rescale !== undefined && read.viewed) {
    // a rescale is decided on the scale as upstream's GET reads it now: the view's copy may be a notice behind
    const live = await liveScale(d, (def, client, name) => client.resource(def).namespace(namespace).getScale(name));
    if (live.obj?.metadata?.resourceVersion !== read.obj?.metadata?.resourceVersion) {
      views.deployments.touched(targetName);
      read = live;
      ({ input, result } = await decide(d, read.scale, ctx, pool));
    }
  }
  if (result.rescale !== undefined && read.obj && 'def' in target) {
    try {
      await targets.resource(target.def).namespace(namespace).updateScale(read.obj.metadata!.name!, { ...read.obj, spec: { replicas: result.rescale } });
    } catch (e) {
      result = rescaleFailed(input, result, message(e));
    }
    if (viewedTarget(target.def)) views.deployments.touched(targetName);
  }
  // the period counts from when this sync was due, so a late alarm does not stretch it (periodicSyncTime)
  const lastSync = periodicSyncTime(row?.lastSync, ctx.now, HPA_SYNC_PERIOD_MS);
  putRow(ctx, key, {
    uid: hpa.metadata!.uid!,
    history: result.history,
    lastSync,
    selector: 'error' in read.scale ? (row?.selector ?? null) : (read.scale.selector ?? null),
  });
  if (result.statusChanged) writes.status({ ...hpa, status: result.status }, result.events.length);
  writes.event(...result.events);
  // upstream logs the sync's error too; the HPA's conditions and events already tell the user
  if (result.error) log.warn('hpa sync failed', { controller: hpaController.name, key, error: result.error });
  return { requeueAfterMs: lastSync + HPA_SYNC_PERIOD_MS - ctx.now };
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
 * 15 s of cluster time as kube-controller-manager's fixed-interval queue does: take the HPA, its
 * target's scale, the namespace's pods and WorkloadProfiles, compute the metrics (`poolMetrics`), decide
 * with `reconcileHpa`, write the scale, the status (only when it changed, as updateStatusIfNeeded) and
 * the events. As upstream's controller reads HPAs and pods from informers, it reads each namespace's
 * HPAs, pods, profiles and Deployments from views kept by notices (hpa-views.ts): listed at the first
 * sync there and every VIEW_RELIST_MS of cluster time (which bounds what a lost notice can hide), in
 * between a get of what a notice said changed. A rescale is decided on the scale subresource read
 * then, as upstream's GET gives it. Other target kinds come from one list when that serves enough of a
 * batch (listServes), else their scale subresource. Statuses and events of HPAs due together go out as
 * one updateMany and one createMany. One HPA's failure (a missing target, no metrics) is its own status
 * and events; the others sync on.
 */
export const hpaController: ControllerDef = {
  name: 'horizontal-pod-autoscaler',
  watches: [HPA_VIEWED.hpas, ...HPA_MEMBER_RESOURCES],
  resyncMs: 5 * 60_000,
  // every HPA requeues itself each 15 s; the resync only finds one whose notice was lost
  resyncOnWallClock: true,
  // pods, profiles and Deployments only from a namespace holding an HPA (its views'); HPA updates (our
  // own status writes among them) feed the view
  wants: (n: ChangeNotice, scope) => anchorHeld(n, scope, HPA_VIEWED.hpas, HPA_MEMBER_RESOURCES),
  // updates do not hurry a sync, as upstream's queue drops them; a new HPA is synced at once, a deleted one forgotten
  keysFor: (n: ChangeNotice) => (n.resource === HPA_VIEWED.hpas && n.type !== 'MODIFIED' && n.namespace ? [`${n.namespace}/${n.name}`] : []),
  observe(notices, memo) {
    hpaViews(memo).observe(notices);
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<HorizontalPodAutoscaler>(HORIZONTAL_POD_AUTOSCALERS).list();
    return list.items.map((h) => `${h.metadata!.namespace}/${h.metadata!.name}`);
  },
  async reconcile(key, ctx) {
    const result = (await syncBatch([key], ctx))[key] ?? {};
    if (result.error !== undefined) throw result.error;
    return result;
  },
  /** HPAs due together share their views, reads and writes (syncNamespace) and one pod index per namespace (poolOf). */
  reconcileBatch: syncBatch,
};
