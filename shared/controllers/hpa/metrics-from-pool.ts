import type { Pod } from 'kubernetes-types/core/v1';
import { BUILTIN_RESOURCES } from '../../api/registry';
import { customMetricValueList } from '../../apiserver/custom-metrics';
import { externalMetricValueList } from '../../apiserver/external-metrics';
import type { Client, ResourceClient } from '../../client';
import { demandInputsOf, inputsUsage, podDemandInputs, readyPerWorkload, type PodDemandInput } from '../../nodes/cluster-usage';
import type { ContainerUsage } from '../../nodes/demand';
import { podMetrics, type PodMetrics } from '../../nodes/metrics';
import { parseTime } from '../../nodes/time-format';
import { externalMetricSamples } from '../../nodes/workload-metrics';
import type { WorkloadProfile } from '../../nodes/workload-profile';
import { labelSelectorToString } from '../../selectors';
import type { MetricsClient } from './metrics-client';
import { parsedSelector } from './parsed-selector';
import { PodLabelIndex } from './pod-label-index';
import type { CustomMetricValue, PodResourceMetrics } from './metrics-snapshot';
import { PODS, WORKLOAD_PROFILES } from '../../api/resource-refs';

/** What the simulated metrics of one namespace are computed from at an instant. */
export interface PoolView {
  /** Every pod of the namespace (load is shared by all ready pods of a workload, selected or not). */
  pods: readonly Pod[];
  /** The namespace's WorkloadProfiles. */
  profiles: readonly WorkloadProfile[];
  now: number;
}

/** Reads a namespace's pods and WorkloadProfiles (every namespace's when `namespace` is undefined) through the Client. */
export async function readPoolView(client: Client, namespace: string | undefined, now: number): Promise<PoolView> {
  const scoped = <T extends Pod | WorkloadProfile>(r: ResourceClient<T>) => (namespace === undefined ? r : r.namespace(namespace));
  const [pods, profiles] = await Promise.all([scoped(client.resource<Pod>(PODS)).list(), scoped(client.resource<WorkloadProfile>(WORKLOAD_PROFILES)).list()]);
  return { pods: pods.items, profiles: profiles.items, now };
}

/** WorkloadProfiles by `namespace/name`, as the usage model looks them up. */
function profilesByKey(profiles: readonly WorkloadProfile[]): Record<string, WorkloadProfile> {
  const out: Record<string, WorkloadProfile> = {};
  for (const p of profiles) out[`${p.metadata?.namespace}/${p.metadata?.name}`] = p;
  return out;
}

/** The running pods of a view with what their demand and custom metrics depend on (`podDemandInputs`). */
export function viewDemandInputs(view: PoolView): PodDemandInput[] {
  return podDemandInputs(view.pods, profilesByKey(view.profiles), view.now);
}

/** metrics.k8s.io PodMetrics as the HPA's resource metrics client reads them (times in ms). */
function toResourceMetrics(m: PodMetrics): PodResourceMetrics {
  return {
    pod: m.metadata.name,
    timestamp: parseTime(m.timestamp) ?? 0,
    window: Number.parseInt(m.window, 10) * 1000,
    containers: m.containers.map((c) => ({ name: c.name, usage: { ...c.usage } })),
  };
}

/** The custom metrics resource of a described object's kind (`deployments.apps`), as the adapter names it. */
function resourceOfKind(kind: string, apiVersion: string | undefined): string {
  if (kind === 'Namespace') return 'namespaces';
  const group = apiVersion?.includes('/') ? apiVersion.split('/')[0]! : '';
  const def = BUILTIN_RESOURCES.find((d) => d.kind === kind && d.group === group);
  const plural = def?.plural ?? `${kind.toLowerCase()}s`;
  return group ? `${plural}.${group}` : plural;
}

/**
 * The HPA's MetricsClient over the node pool's simulation: resource metrics through the same usage
 * model and `podMetrics` that `kubectl top pods` serves, custom and external metrics through the same
 * builders as custom.metrics.k8s.io and external.metrics.k8s.io. One difference from what a user reads:
 * a pod's CPU here is its demand bounded by its own limit (`inputsUsage` without nodes), where
 * metrics.k8s.io gives the share granted on a contended node (and Koordinator's burst); the view holds one
 * namespace's pods, not every pod on their nodes. Pure: everything comes from `view` (`pods`, when given,
 * is an index over `view.pods` that other syncs share).
 * @example const metrics = await collectMetrics(poolMetrics(await readPoolView(client, ns, now)), ns, selector, metricQueries(hpa));
 */
export function poolMetrics(view: PoolView, pods: PodLabelIndex = new PodLabelIndex(view.pods)): MetricsClient {
  let inputs: PodDemandInput[] | undefined;
  const demandInputs = () => (inputs ??= viewDemandInputs(view));
  // each pod's usage at the view's instant, computed when an HPA first selects it: without nodes a pod's
  // usage does not depend on the others' (inputsUsage), and a batch's HPAs select a few pods of many
  const usage: Record<string, Record<string, ContainerUsage>> = {};
  let shared: { ready: Map<string, number>; profiles: Record<string, WorkloadProfile> } | undefined;
  const toCustom = (list: ReturnType<typeof customMetricValueList>): CustomMetricValue[] =>
    list.items.map((i) => ({ name: i.describedObject.name, timestamp: parseTime(i.timestamp) ?? 0, windowSeconds: i.windowSeconds, value: i.value }));

  return {
    async getPodMetrics(namespace, podSelector) {
      const selected = pods.select(parsedSelector(podSelector)).filter((p) => p.metadata?.namespace === namespace);
      const missing = selected.filter((p) => p.status?.phase === 'Running' && !(`${p.metadata?.namespace}/${p.metadata?.name}` in usage));
      if (missing.length) {
        const { ready, profiles } = (shared ??= { ready: readyPerWorkload(view.pods), profiles: profilesByKey(view.profiles) });
        Object.assign(usage, inputsUsage(demandInputsOf(missing, ready, profiles, view.now), view.now));
      }
      return podMetrics(selected, usage, view.now).map(toResourceMetrics);
    },
    async getPodsMetric(namespace, podSelector, metric, metricSelector) {
      const req = { namespace, resource: 'pods', name: '*', metric, labelSelector: podSelector, ...(metricSelector ? { metricSelector } : {}) };
      return toCustom(customMetricValueList(req, demandInputs(), view.now));
    },
    async getObjectMetric(namespace, ref, metric, metricSelector) {
      const resource = resourceOfKind(ref.kind, ref.apiVersion);
      const req = { namespace, resource, name: resource === 'namespaces' ? namespace : ref.name, metric, ...(metricSelector ? { metricSelector } : {}) };
      return toCustom(customMetricValueList(req, demandInputs(), view.now))[0]!;
    },
    async getExternalMetric(namespace, metric, metricSelector) {
      const samples = externalMetricSamples(view.profiles.filter((p) => p.metadata?.namespace === namespace), view.now);
      const selector = metricSelector ? labelSelectorToString(metricSelector) : undefined;
      return externalMetricValueList(metric, selector, samples, view.now).items.map((i) => ({ timestamp: parseTime(i.timestamp) ?? 0, value: i.value }));
    },
  };
}
