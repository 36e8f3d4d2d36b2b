import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { ApiError } from '../../shared/api/errors';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { customResourceDef } from '../../shared/apiserver/custom-resources';
import type { Client } from '../../shared/client';
import type { CRD } from '../../shared/crd';
import { makeEvent } from '../../shared/controllers/events';
import {
  collectMetrics,
  emptyHpaHistory,
  HPA_COMPONENT,
  HPA_SYNC_PERIOD_MS,
  metricQueries,
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
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import type { Rows } from './state-rows';

const HPAS = { group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers' };
const CRDS = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions' };

/** What the controller keeps per HPA between syncs: one row each (upstream keeps it in memory). */
export interface HpaRow {
  /** The HPA this history belongs to; a namesake created later starts afresh. */
  uid: string;
  history: HpaHistory;
  /** Cluster time of the last sync, ms. */
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
  const crds = (await client.resource(CRDS).list()).items as unknown as CRD[];
  return scaleTargetResource(ref, crds.filter((c) => !c.metadata?.deletionTimestamp).map(customResourceDef));
}

/** Other HPAs of the namespace and their last scale selectors (upstream's hpaSelectors). */
function selectorsOfOthers(rows: Rows<HpaRow>, key: string, namespace: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, row] of rows.scan()) {
    if (k !== key && k.startsWith(`${namespace}/`)) out[k.slice(namespace.length + 1)] = row.selector;
  }
  return out;
}

interface CachedView {
  view: PoolView;
  readAt: number;
  metrics?: MetricsClient;
}

/** The namespace's pool view at `now`: the cached pods and profiles while fresh enough, else a new read. */
async function poolViewAt(ctx: ReconcileContext, namespace: string): Promise<CachedView> {
  const cache = ((ctx.memo[HPA_ROWS] as Map<string, CachedView> | undefined) ??= new Map());
  const kept = cache.get(namespace);
  if (kept && poolViewFresh(kept.readAt, ctx.now)) {
    // the same instant (one batch) shares the metrics client, whose usage model is computed once
    return kept.view.now === ctx.now ? kept : { view: { ...kept.view, now: ctx.now }, readAt: kept.readAt };
  }
  const fresh = { view: await readPoolView(ctx.client, namespace, ctx.now), readAt: ctx.now };
  cache.set(namespace, fresh);
  return fresh;
}

/** One HPA's sync (see hpaController). */
async function syncHpa(key: string, ctx: ReconcileContext): Promise<KeyResult> {
  const { client, now } = ctx;
  const { namespace, name } = splitKey(key);
  const rows = ctx.rows<HpaRow>(HPA_ROWS);
  let hpa: HorizontalPodAutoscaler;
  try {
    hpa = await client.resource<HorizontalPodAutoscaler>(HPAS).namespace(namespace).get(name);
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) {
      rows.delete(key);
      return {};
    }
    throw e;
  }
  const kept = rows.get(key);
  const row = kept?.uid === hpa.metadata?.uid ? kept : undefined;
  // a resync or a recreated queue entry must not add a sync between two periodic ones
  if (row && now < row.lastSync + HPA_SYNC_PERIOD_MS - SLACK_MS) return { requeueAfterMs: row.lastSync + HPA_SYNC_PERIOD_MS - now };

  const target = await targetResource(client, hpa);
  const targets = 'def' in target && target.def.crd ? ctx.clientWith([target.def]) : client;
  let scaleObj: Scale | undefined;
  let scale: ScaleView | { error: string };
  if ('error' in target) scale = target;
  else {
    try {
      scaleObj = await targets.resource(target.def).namespace(namespace).getScale(hpa.spec!.scaleTargetRef.name);
      scale = { specReplicas: scaleObj.spec?.replicas ?? 0, statusReplicas: scaleObj.status?.replicas ?? 0, selector: scaleObj.status?.selector };
    } catch (e) {
      scale = { error: message(e) };
    }
  }
  const pool = await poolViewAt(ctx, namespace);
  const metrics: MetricsSnapshot =
    'error' in scale || !scale.selector ? {} : await collectMetrics((pool.metrics ??= poolMetrics(pool.view)), namespace, scale.selector, metricQueries(hpa));
  const input: HpaSyncInput = {
    hpa,
    scale,
    pods: pool.view.pods,
    metrics,
    now,
    history: row?.history ?? emptyHpaHistory(),
    otherHpaSelectors: selectorsOfOthers(rows, key, namespace),
  };
  let result = reconcileHpa(input);
  if (result.rescale !== undefined && scaleObj && 'def' in target) {
    try {
      await targets.resource(target.def).namespace(namespace).updateScale(scaleObj.metadata!.name!, { ...scaleObj, spec: { replicas: result.rescale } });
    } catch (e) {
      result = rescaleFailed(input, result, message(e));
    }
  }
  rows.put(key, {
    uid: hpa.metadata!.uid!,
    history: result.history,
    lastSync: now,
    selector: 'error' in scale ? (row?.selector ?? null) : (scale.selector ?? null),
  });
  const events = [...result.events];
  if (result.statusChanged) {
    try {
      await client.resource<HorizontalPodAutoscaler>(HPAS).namespace(namespace).updateStatus({ ...hpa, status: result.status });
    } catch (e) {
      events.push(makeEvent(hpa, 'Warning', 'FailedUpdateStatus', message(e), HPA_COMPONENT, now, events.length));
    }
  }
  await executeActions(client, events.map((event) => ({ kind: 'event' as const, event })), hpaController.name);
  // upstream logs the sync's error too; the HPA's conditions and events already tell the user
  if (result.error) log.warn('hpa sync failed', { controller: hpaController.name, key, error: result.error });
  return { requeueAfterMs: HPA_SYNC_PERIOD_MS };
}

/**
 * The HorizontalPodAutoscaler controller, one key per HPA (`namespace/name`), each synced every
 * 15 s of cluster time as kube-controller-manager's fixed-interval queue does: read the HPA, its
 * target's scale subresource, the namespace's pods (shared by the syncs of a few cluster seconds,
 * POOL_VIEW_MAX_AGE_MS) and metrics (`poolMetrics`), decide with
 * `reconcileHpa`, write the scale, the status and the events. One HPA's failure (a missing
 * target, no metrics) is its own status and events; the others sync on.
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
    const list = await client.resource<HorizontalPodAutoscaler>(HPAS).list();
    return list.items.map((h) => `${h.metadata!.namespace}/${h.metadata!.name}`);
  },
  reconcile: syncHpa,
  /** HPAs due together sync one after another on one read of each namespace's pods (poolViewAt). */
  async reconcileBatch(keys, ctx) {
    const out: Record<string, KeyResult> = {};
    for (const key of keys) {
      try {
        out[key] = await syncHpa(key, ctx);
      } catch (error) {
        out[key] = { error };
      }
    }
    return out;
  },
};
