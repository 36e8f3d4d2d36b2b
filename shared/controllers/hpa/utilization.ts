import type { PodMetricsInfo } from './metrics-info';

/** GetResourceUtilizationRatio's answer. */
export interface UtilizationRatio {
  /** utilization / target. */
  ratio: number;
  /** Σusage×100 / Σrequest, truncated to an integer percent. */
  utilization: number;
  /** Σusage / number of pods counted, milli-units (truncated). */
  rawAverage: number;
}

/**
 * metrics.GetResourceUtilizationRatio: utilization over the pods that have both a metric and a
 * request (extra metrics are ignored); no overlap at all is an error.
 */
export function resourceUtilizationRatio(metrics: PodMetricsInfo, requests: Map<string, number>, targetUtilization: number): UtilizationRatio {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [pod, m] of metrics) {
    const req = requests.get(pod);
    if (req === undefined) continue;
    metricsTotal += m.value;
    requestsTotal += req;
    entries++;
  }
  if (requestsTotal === 0) throw new Error('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(metricsTotal / entries) };
}

/** metrics.GetMetricUsageRatio: the average (truncated) over every metric, and its ratio to the target. */
export function metricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / targetUsage, usage };
}
