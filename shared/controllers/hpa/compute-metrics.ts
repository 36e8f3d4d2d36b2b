import type { MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import { computeReplicasForMetric, failureCondition, type MetricFailure, type MetricInputs } from './compute-metric';
import type { HpaConditionUpdate } from './hpa-conditions';

/** Every metric's outcome combined: the largest proposal, or the failure that stops the sync. */
export interface MetricsOutcome {
  /** The largest proposal; -1 when the sync cannot scale (all metrics failed, or some failed and the rest would scale down). */
  replicas: number;
  /** Description of the metric that proposed `replicas`. */
  metricName: string;
  /** One status per metric spec, in order; a failed metric leaves `{ type: '' }`, as upstream's zero value. */
  statuses: MetricStatus[];
  /** ScalingActive: ValidMetricFound, or the first failure's condition. */
  condition: HpaConditionUpdate;
  /** Warning events of failed metrics (reason, message), in order. */
  failures: MetricFailure[];
  /** "invalid metrics (N invalid out of M), first error is: …" when any failed. */
  error?: string;
}

/**
 * computeReplicasForMetrics: the largest of the metrics' proposals wins. If every metric failed,
 * or some failed and the others would scale below the current spec replicas, nothing scales (an
 * unknown metric must never cause a scale-down); if some failed but the rest propose at least the
 * current count, the HPA acts on them and still reports the error.
 */
export function computeReplicasForMetrics(specs: readonly MetricSpec[], m: MetricInputs): MetricsOutcome {
  const statuses: MetricStatus[] = specs.map(() => ({ type: '' }));
  const failures: MetricFailure[] = [];
  let replicas = 0;
  let metricName = '';
  specs.forEach((spec, i) => {
    const r = computeReplicasForMetric(spec, m);
    if ('error' in r) {
      failures.push(r);
      return;
    }
    statuses[i] = r.status;
    if (replicas === 0 || r.replicas > replicas) {
      replicas = r.replicas;
      metricName = r.metricName;
    }
  });
  const first = failures[0];
  const error = first ? `invalid metrics (${failures.length} invalid out of ${specs.length}), first error is: ${first.error}` : undefined;
  if (first && (failures.length >= specs.length || replicas < m.specReplicas)) {
    return { replicas: -1, metricName: '', statuses, condition: failureCondition(first), failures, error };
  }
  const condition: HpaConditionUpdate = {
    type: 'ScalingActive',
    status: 'True',
    reason: 'ValidMetricFound',
    message: `the HPA was able to successfully calculate a replica count from ${metricName}`,
  };
  return { replicas, metricName, statuses, condition, failures, ...(error ? { error } : {}) };
}
