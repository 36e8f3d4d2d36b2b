import type { CrossVersionObjectReference, HorizontalPodAutoscaler, MetricIdentifier } from 'kubernetes-types/autoscaling/v2';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { canonicalJson } from '../template-equality';

/** A quantity as the metrics APIs carry it (`250m`, `12Mi`, or a plain number). */
export type MetricQuantity = string | number;

/** One pod's resource usage, as metrics.k8s.io PodMetrics reports it (times in ms). */
export interface PodResourceMetrics {
  /** The pod's name. */
  pod: string;
  /** When the sample was taken. */
  timestamp: number;
  /** Over how long it was averaged (metrics-server's `window`), ms. */
  window: number;
  /** Usage per container, by resource name (`cpu`, `memory`, …). */
  containers: { name: string; usage: Record<string, MetricQuantity> }[];
}

/** custom.metrics.k8s.io MetricValue, reduced to what the HPA reads. */
export interface CustomMetricValue {
  /** The described object's name (a pod's name for Pods metrics). */
  name: string;
  timestamp: number;
  /** `windowSeconds`; metrics without one count as one minute, as upstream's client assumes. */
  windowSeconds?: number;
  value: MetricQuantity;
}

/** external.metrics.k8s.io ExternalMetricValue, reduced to what the HPA reads. */
export interface ExternalMetricValue {
  timestamp: number;
  value: MetricQuantity;
}

/** A metrics API answer: the items, or the error the request failed with (its message, unwrapped). */
export type MetricsResult<T> = { items: T } | { error: string };

/**
 * Everything one HPA sync reads from the metrics APIs, fetched before the sync (see `metricQueries`
 * and `collectMetrics`) so that `reconcileHpa` stays pure. A query absent from the snapshot reads as
 * an API error.
 */
export interface MetricsSnapshot {
  /** metrics.k8s.io pod metrics of the pods the scale selector matches (one list serves every resource). */
  podMetrics?: MetricsResult<PodResourceMetrics[]>;
  /** custom.metrics.k8s.io values for the selected pods, by `podsMetricKey`. */
  pods?: Record<string, MetricsResult<CustomMetricValue[]>>;
  /** custom.metrics.k8s.io value of one object, by `objectMetricKey`. */
  object?: Record<string, MetricsResult<CustomMetricValue>>;
  /** external.metrics.k8s.io values, by `externalMetricKey`. */
  external?: Record<string, MetricsResult<ExternalMetricValue[]>>;
}

/** A fetch the wiring performs for one sync; `key` is where its answer goes in the snapshot. */
export type MetricQuery =
  | { kind: 'podMetrics' }
  | { kind: 'pods'; key: string; metricName: string; metricSelector?: LabelSelector }
  | { kind: 'object'; key: string; metricName: string; metricSelector?: LabelSelector; describedObject: CrossVersionObjectReference }
  | { kind: 'external'; key: string; metricName: string; metricSelector?: LabelSelector };

const selectorKey = (s: LabelSelector | undefined) => (s ? canonicalJson(s) : '');

/** Snapshot key of a Pods metric: its name and metric selector. */
export function podsMetricKey(metric: MetricIdentifier): string {
  return `${metric.name}|${selectorKey(metric.selector)}`;
}

/** Snapshot key of an Object metric: the described object, the metric name and selector. */
export function objectMetricKey(ref: CrossVersionObjectReference, metric: MetricIdentifier): string {
  return `${ref.apiVersion ?? ''}|${ref.kind}|${ref.name}|${podsMetricKey(metric)}`;
}

/** Snapshot key of an External metric: its name and metric selector. */
export function externalMetricKey(metric: MetricIdentifier): string {
  return podsMetricKey(metric);
}

/**
 * The metric fetches one sync of `hpa` needs, deduplicated: pod resource metrics once for all
 * Resource/ContainerResource metrics, one per distinct Pods/Object/External metric.
 * @example metricQueries(hpaWithCpuAndQps) // [{kind:'podMetrics'}, {kind:'pods', key:'qps|', metricName:'qps'}]
 */
export function metricQueries(hpa: HorizontalPodAutoscaler): MetricQuery[] {
  const out = new Map<string, MetricQuery>();
  for (const m of hpa.spec?.metrics ?? []) {
    if ((m.type === 'Resource' && m.resource) || (m.type === 'ContainerResource' && m.containerResource)) {
      out.set('podMetrics', { kind: 'podMetrics' });
    } else if (m.type === 'Pods' && m.pods) {
      const key = podsMetricKey(m.pods.metric);
      out.set(`pods:${key}`, { kind: 'pods', key, metricName: m.pods.metric.name, ...sel(m.pods.metric) });
    } else if (m.type === 'Object' && m.object) {
      const key = objectMetricKey(m.object.describedObject, m.object.metric);
      out.set(`object:${key}`, { kind: 'object', key, metricName: m.object.metric.name, ...sel(m.object.metric), describedObject: m.object.describedObject });
    } else if (m.type === 'External' && m.external) {
      const key = externalMetricKey(m.external.metric);
      out.set(`external:${key}`, { kind: 'external', key, metricName: m.external.metric.name, ...sel(m.external.metric) });
    }
  }
  return [...out.values()];
}

function sel(metric: MetricIdentifier): { metricSelector?: LabelSelector } {
  return metric.selector ? { metricSelector: metric.selector } : {};
}
