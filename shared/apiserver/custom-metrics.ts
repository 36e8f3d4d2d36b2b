import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { ApiError } from '../api/errors';
import { formatMilliQuantity } from '../controllers/hpa/milli-quantity';
import type { PodDemandInput } from '../nodes/cluster-usage';
import { rfc3339 } from '../nodes/time-format';
import { podMetricNames, podMetricSamples } from '../nodes/workload-metrics';
import { labelSelectorFromObject, matchesLabels, parseLabelSelector } from '../selectors';

export const CUSTOM_METRICS_GROUP_VERSION = 'custom.metrics.k8s.io/v1beta2';

/** The window the per-pod series are averaged over, as a `rate(...[1m])` adapter rule reports. */
const WINDOW_SECONDS = 60;

/** One custom metrics read, parsed from its path and query. */
export interface CustomMetricRequest {
  namespace: string;
  /** `pods`, or `namespaces` for the namespace itself (`/namespaces/{ns}/metrics/{metric}`). */
  resource: string;
  /** An object's name, or `*` for every object matching `labelSelector`. */
  name: string;
  metric: string;
  labelSelector?: string;
  metricSelector?: LabelSelector;
}

/** custom.metrics.k8s.io/v1beta2 MetricValue. */
export interface MetricValue {
  describedObject: { kind: string; namespace?: string; name: string; apiVersion: string };
  metric: { name: string; selector?: LabelSelector };
  timestamp: string;
  windowSeconds: number;
  value: string;
}

/** custom-metrics-apiserver's NotFound errors, which the HPA shows in its condition. */
function metricNotFound(resource: string, metric: string, name?: string): ApiError {
  const what = name === undefined || name === '*' ? resource : `${resource} ${name}`;
  return new ApiError(404, 'NotFound', `the server could not find the metric ${metric} for ${what}`);
}

/**
 * Parses the part of a custom metrics path after the group version (segments already decoded):
 * `namespaces/{ns}/pods/{name|*}/{metric}` and `namespaces/{ns}/metrics/{metric}`. Undefined when
 * it is neither.
 */
export function parseCustomMetricPath(segments: readonly string[], query: URLSearchParams): CustomMetricRequest | undefined {
  if (segments[0] !== 'namespaces' || !segments[1]) return undefined;
  const namespace = segments[1];
  const metricSelector = query.get('metricLabelSelector');
  const common = {
    namespace,
    ...(query.get('labelSelector') ? { labelSelector: query.get('labelSelector')! } : {}),
    ...(metricSelector ? { metricSelector: selectorObject(metricSelector) } : {}),
  };
  if (segments.length === 4 && segments[2] === 'metrics') return { ...common, resource: 'namespaces', name: namespace, metric: segments[3]! };
  if (segments.length === 5) return { ...common, resource: segments[2]!, name: segments[3]!, metric: segments[4]! };
  return undefined;
}

/** A `metricLabelSelector` string as the LabelSelector object MetricValue echoes (matchExpressions). */
function selectorObject(s: string): LabelSelector {
  const ops = { '=': 'In', '==': 'In', in: 'In', '!=': 'NotIn', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' } as const;
  return {
    matchExpressions: parseLabelSelector(s).map((r) => ({
      key: r.key,
      operator: ops[r.operator as keyof typeof ops] ?? 'In',
      ...(r.values.length ? { values: [...r.values] } : {}),
    })),
  };
}

/**
 * The MetricValueList a custom metrics read answers, from the simulated pods of its namespace
 * (`inputs`: `podDemandInputs` of them). Per-pod series carry no labels, so a metric selector
 * that needs one matches nothing. Throws NotFound as the adapter does for an unknown metric.
 * @example customMetricValueList({ namespace: 'default', resource: 'pods', name: '*', metric: 'rps', labelSelector: 'app=web' }, inputs, now)
 */
export function customMetricValueList(req: CustomMetricRequest, inputs: readonly PodDemandInput[], now: number) {
  const inNamespace = inputs.filter((i) => i.pod.metadata?.namespace === req.namespace);
  const metricReqs = req.metricSelector ? labelSelectorFromObject(req.metricSelector) : [];
  const seriesMatch = matchesLabels(metricReqs, {});
  const samples = seriesMatch ? podMetricSamples(inNamespace, req.metric) : [];
  const timestamp = rfc3339(now);
  const metric = { name: req.metric, ...(req.metricSelector ? { selector: req.metricSelector } : {}) };
  let items: MetricValue[];
  if (req.resource === 'pods') {
    const reqs = req.labelSelector ? parseLabelSelector(req.labelSelector) : [];
    const chosen = samples.filter((s) => (req.name === '*' ? matchesLabels(reqs, s.pod.metadata?.labels) : s.pod.metadata?.name === req.name));
    if (chosen.length === 0) throw metricNotFound('pods', req.metric, req.name);
    items = chosen.map((s) => ({
      describedObject: { kind: 'Pod', namespace: req.namespace, name: s.pod.metadata!.name!, apiVersion: '/v1' },
      metric,
      timestamp,
      windowSeconds: WINDOW_SECONDS,
      value: formatMilliQuantity(s.milli),
    }));
  } else if (req.resource === 'namespaces') {
    // the namespace's series is the sum over its pods, as the adapter's default namespaced query
    if (samples.length === 0) throw metricNotFound('namespaces', req.metric, req.namespace);
    const total = samples.reduce((a, s) => a + s.milli, 0);
    items = [{ describedObject: { kind: 'Namespace', name: req.namespace, apiVersion: '/v1' }, metric, timestamp, windowSeconds: WINDOW_SECONDS, value: formatMilliQuantity(total) }];
  } else {
    throw metricNotFound(req.resource, req.metric, req.name);
  }
  return { kind: 'MetricValueList', apiVersion: CUSTOM_METRICS_GROUP_VERSION, metadata: {}, items };
}

/**
 * `GET /apis/custom.metrics.k8s.io/v1beta2`: one `pods/<metric>` and one `namespaces/<metric>`
 * resource per declared per-pod metric, as prometheus-adapter lists its series.
 */
export function customMetricsResourceList(inputs: readonly PodDemandInput[]) {
  const resources = podMetricNames(inputs).flatMap((m) => [
    { name: `pods/${m}`, singularName: '', namespaced: true, kind: 'MetricValueList', verbs: ['get'] },
    { name: `namespaces/${m}`, singularName: '', namespaced: false, kind: 'MetricValueList', verbs: ['get'] },
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: CUSTOM_METRICS_GROUP_VERSION, resources };
}
