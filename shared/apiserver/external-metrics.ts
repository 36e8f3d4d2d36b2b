import { formatMilliQuantity } from '../controllers/hpa/milli-quantity';
import { rfc3339 } from '../nodes/time-format';
import type { ExternalMetricSample } from '../nodes/workload-metrics';
import { matchesLabels, parseLabelSelector } from '../selectors';

export const EXTERNAL_METRICS_GROUP_VERSION = 'external.metrics.k8s.io/v1beta1';

/** external.metrics.k8s.io/v1beta1 ExternalMetricValue. */
export interface ExternalMetricValueItem {
  metricName: string;
  metricLabels: Record<string, string>;
  timestamp: string;
  value: string;
}

/**
 * The ExternalMetricValueList `GET /apis/external.metrics.k8s.io/v1beta1/namespaces/{ns}/{metric}`
 * answers: every series of `metric` in the namespace (`samples`: `externalMetricSamples` of its
 * WorkloadProfiles) whose labels match `labelSelector`. No series is an empty list, as adapters answer.
 * @example externalMetricValueList('queue_length', 'queue=orders', samples, now).items[0].value === '30'
 */
export function externalMetricValueList(metric: string, labelSelector: string | undefined, samples: readonly ExternalMetricSample[], now: number) {
  const reqs = labelSelector ? parseLabelSelector(labelSelector) : [];
  const items: ExternalMetricValueItem[] = samples
    .filter((s) => s.name === metric && matchesLabels(reqs, s.labels))
    .map((s) => ({ metricName: s.name, metricLabels: s.labels, timestamp: rfc3339(now), value: formatMilliQuantity(s.milli) }));
  return { kind: 'ExternalMetricValueList', apiVersion: EXTERNAL_METRICS_GROUP_VERSION, metadata: {}, items };
}

/** `GET /apis/external.metrics.k8s.io/v1beta1`: one namespaced resource per declared external metric. */
export function externalMetricsResourceList(samples: readonly ExternalMetricSample[]) {
  const names = [...new Set(samples.map((s) => s.name))].sort();
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: EXTERNAL_METRICS_GROUP_VERSION,
    resources: names.map((name) => ({ name, singularName: '', namespaced: true, kind: 'ExternalMetricValueList', verbs: ['get'] })),
  };
}
