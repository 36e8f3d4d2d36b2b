import type { CrossVersionObjectReference } from 'kubernetes-types/autoscaling/v2';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { CustomMetricValue, ExternalMetricValue, PodResourceMetrics } from './metrics-snapshot';

/**
 * Where the HPA's numbers come from (upstream's metrics.MetricsClient). The wiring implements it:
 * resource metrics from the node pool's metrics.k8s.io, custom and external metrics from the
 * simulation's workload profiles. Methods reject with the API's error message; an empty answer is
 * an empty list (the calculator turns it into upstream's "no metrics returned from …").
 */
export interface MetricsClient {
  /** metrics.k8s.io PodMetrics of the pods in `namespace` matching `podSelector` (a label selector string). */
  getPodMetrics(namespace: string, podSelector: string): Promise<PodResourceMetrics[]>;
  /** custom.metrics.k8s.io `metricName` for every pod matching `podSelector`. */
  getPodsMetric(namespace: string, podSelector: string, metricName: string, metricSelector?: LabelSelector): Promise<CustomMetricValue[]>;
  /** custom.metrics.k8s.io `metricName` of one object (a Namespace reference means the namespace itself). */
  getObjectMetric(
    namespace: string,
    describedObject: CrossVersionObjectReference,
    metricName: string,
    metricSelector?: LabelSelector,
  ): Promise<CustomMetricValue>;
  /** external.metrics.k8s.io `metricName` series matching `metricSelector`. */
  getExternalMetric(namespace: string, metricName: string, metricSelector?: LabelSelector): Promise<ExternalMetricValue[]>;
}
