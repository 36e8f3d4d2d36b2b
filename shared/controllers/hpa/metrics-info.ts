import { milliValue } from '../../scheduler/quantity';
import { GO_ZERO_TIME } from './options';
import type { CustomMetricValue, ExternalMetricValue, MetricsResult, MetricsSnapshot } from './metrics-snapshot';

/** One pod's metric in milli-units with its sample time and window (upstream's PodMetric). */
export interface PodMetric {
  value: number;
  timestamp: number;
  window: number;
}

/** Pod name → metric (upstream's PodMetricsInfo). */
export type PodMetricsInfo = Map<string, PodMetric>;

const DEFAULT_CUSTOM_WINDOW_MS = 60_000;

function items<T>(r: MetricsResult<T> | undefined, api: string): T {
  if (!r) throw new Error(`unable to fetch metrics from ${api} metrics API: not fetched`);
  if ('error' in r) throw new Error(`unable to fetch metrics from ${api} metrics API: ${r.error}`);
  return r.items;
}

/**
 * resourceMetricsClient.GetResourceMetric: per-pod usage of `resource` in milli-units, summed over
 * containers (a pod missing the resource in any container is left out), or only `container`'s
 * (1.32: a pod whose metrics lack that container fails the whole metric).
 */
export function resourceMetricsInfo(snap: MetricsSnapshot, resource: string, container: string, namespace: string): PodMetricsInfo {
  const list = items(snap.podMetrics, 'resource');
  if (list.length === 0) throw new Error('no metrics returned from resource metrics API');
  const res: PodMetricsInfo = new Map();
  for (const m of list) {
    if (container) {
      const c = m.containers.find((x) => x.name === container);
      if (!c) throw new Error(`failed to get container metrics: container ${container} not present in metrics for pod ${namespace}/${m.pod}`);
      const q = c.usage[resource];
      if (q !== undefined) res.set(m.pod, { value: milliValue(q), timestamp: m.timestamp, window: m.window });
      continue;
    }
    if (m.containers.length === 0 || m.containers.some((c) => c.usage[resource] === undefined)) continue;
    const sum = m.containers.reduce((s, c) => s + milliValue(c.usage[resource]), 0);
    res.set(m.pod, { value: sum, timestamp: m.timestamp, window: m.window });
  }
  return res;
}

/** customMetricsClient.GetRawMetric: a Pods metric per pod, in milli-units. */
export function podsMetricsInfo(snap: MetricsSnapshot, key: string): PodMetricsInfo {
  const list: CustomMetricValue[] = items(snap.pods?.[key], 'custom');
  if (list.length === 0) throw new Error('no metrics returned from custom metrics API');
  const res: PodMetricsInfo = new Map();
  for (const m of list) {
    const window = m.windowSeconds !== undefined ? m.windowSeconds * 1000 : DEFAULT_CUSTOM_WINDOW_MS;
    res.set(m.name, { value: milliValue(m.value), timestamp: m.timestamp ?? GO_ZERO_TIME, window });
  }
  return res;
}

/** customMetricsClient.GetObjectMetric: one object's metric, in milli-units. */
export function objectMetricValue(snap: MetricsSnapshot, key: string): number {
  return milliValue(items(snap.object?.[key], 'custom').value);
}

/** externalMetricsClient.GetExternalMetric: every matching series' value, in milli-units. */
export function externalMetricValues(snap: MetricsSnapshot, key: string): number[] {
  const list: ExternalMetricValue[] = items(snap.external?.[key], 'external');
  if (list.length === 0) throw new Error('no metrics returned from external metrics API');
  return list.map((m) => milliValue(m.value));
}
