import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../../shared/api/object';
import type { ResourceDef } from '../../shared/api/registry';
import { DEPLOYMENTS, HORIZONTAL_POD_AUTOSCALERS, PODS, WORKLOAD_PROFILES } from '../../shared/api/resource-refs';
import { toScale } from '../../shared/apiserver/scale';
import type { Client } from '../../shared/client';
import { PodLabelIndex } from '../../shared/controllers/hpa';
import { HpaViews, type HpaNamespaceViews } from '../../shared/controllers/hpa/hpa-namespace-views';
import { poolMetrics, type PoolView } from '../../shared/controllers/hpa/metrics-from-pool';
import type { MetricsClient } from '../../shared/controllers/hpa/metrics-client';
import type { WorkloadProfile } from '../../shared/nodes/workload-profile';
import { refreshView } from './namespace-views';

/** The memo key of the host's HpaViews. */
const VIEWS = 'hpa.views';

/** The HPA host's views of the namespaces it syncs in (shared/controllers/hpa/hpa-namespace-views.ts), in its memo. */
export function hpaViews(memo: Record<string, unknown>): HpaViews {
  return (memo[VIEWS] ??= new HpaViews()) as HpaViews;
}

/**
 * Brings a namespace's views up to date before its batch: a list of each when the HPAs need one (then
 * all four are listed), else a get of each object a notice said changed; in the steady state nothing.
 */
export async function refreshHpaViews(client: Client, namespace: string, views: HpaNamespaceViews, now: number): Promise<void> {
  views.prepare(now);
  await Promise.all([
    refreshView(client.resource<HorizontalPodAutoscaler>(HORIZONTAL_POD_AUTOSCALERS).namespace(namespace), views.hpas, now),
    refreshView(client.resource<Pod>(PODS).namespace(namespace), views.pods, now),
    refreshView(client.resource<WorkloadProfile>(WORKLOAD_PROFILES).namespace(namespace), views.profiles, now),
    refreshView(client.resource<Deployment>(DEPLOYMENTS).namespace(namespace), views.deployments, now),
  ]);
}

/** Whether a scale target's resource is one the views keep (built-in Deployments). */
export function viewedTarget(def: ResourceDef): boolean {
  return !def.crd && def.group === DEPLOYMENTS.group && def.plural === DEPLOYMENTS.plural;
}

/** The target's scale as its view holds it (what the scale subresource would show), undefined when the view holds no such object. */
export function viewedScale(views: HpaNamespaceViews, def: ResourceDef, name: string): Scale | undefined {
  const held = viewedTarget(def) ? views.deployments.get(name) : undefined;
  return held && (toScale(def, held as unknown as StoredObject) as Scale);
}

/** What a batch's metrics come from: the namespace's pods and profiles at the batch's instant. */
export interface Pool {
  view: PoolView;
  /** The pods indexed by label, kept while the pod view does not move. */
  pods: PodLabelIndex;
  /** The metrics at `view.now`, made at the batch's first need and shared by its syncs. */
  metrics(): MetricsClient;
}

/** The pod index of each namespace's views, with the pod view's version it was built at. */
const indexes = new WeakMap<HpaNamespaceViews, { version: number; pods: Pod[]; index: PodLabelIndex }>();

/** The batch's pool: the views' pods (their label index rebuilt only when the pods changed) and profiles, at `now`. */
export function poolOf(views: HpaNamespaceViews, now: number): Pool {
  let kept = indexes.get(views);
  if (kept?.version !== views.pods.version) {
    const pods = views.pods.items();
    kept = { version: views.pods.version, pods, index: new PodLabelIndex(pods) };
    indexes.set(views, kept);
  }
  const view: PoolView = { pods: kept.pods, profiles: views.profiles.items(), now };
  const index = kept.index;
  let metrics: MetricsClient | undefined;
  return { view, pods: index, metrics: () => (metrics ??= poolMetrics(view, index)) };
}
