import type { Pod } from 'kubernetes-types/core/v1';
import { calculatePodRequests, groupPods, readyPodsCount, type Readiness } from './group-pods';
import type { PodMetricsInfo } from './metrics-info';
import { withinTolerance, type Tolerances } from './tolerances';
import { metricUsageRatio, resourceUtilizationRatio } from './utilization';

/**
 * What the replica calculator works from: the pods the scale selector matches (as upstream's pod
 * lister returns them, terminating and failed ones included), the tolerances and the readiness clock.
 */
export interface CalculatorContext extends Readiness {
  pods: readonly Pod[];
  tolerances: Tolerances;
}

/** A Utilization proposal: replicas, the integer percent and the raw average (milli-units). */
export interface ResourceProposal {
  replicas: number;
  utilization: number;
  rawUtilization: number;
}

/** A proposal from a value target: replicas and the usage reported in status (milli-units). */
export interface UsageProposal {
  replicas: number;
  usage: number;
}

const NO_PODS = 'no pods returned by selector while calculating replica count';
const NO_TARGETED = 'did not receive metrics for targeted pods (pods might be unready)';

function removeAll(metrics: PodMetricsInfo, pods: Set<string>): void {
  for (const p of pods) metrics.delete(p);
}

/**
 * ReplicaCalculator.GetResourceReplicas: a Resource/ContainerResource metric with a Utilization
 * target. `metrics` are the pods' usage (already fetched; see `resourceMetricsInfo`).
 *
 * Missing pods count as 100% of their request (or the target when above 100%) on a scale-down and
 * 0% on a scale-up; unready pods as 0% on a scale-up. If that flips the direction or lands within
 * tolerance, the count stays.
 * @example getResourceReplicas(ctx, 3, 30, 'cpu', '', metricsAt(300, 500, 700)) // { replicas: 5, utilization: 50, … }
 */
export function getResourceReplicas(
  ctx: CalculatorContext,
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  container: string,
  fetched: PodMetricsInfo,
): ResourceProposal {
  const metrics = new Map(fetched);
  if (ctx.pods.length === 0) throw new Error(NO_PODS);
  const g = groupPods(ctx.pods, metrics, resource, ctx);
  removeAll(metrics, g.ignoredPods);
  removeAll(metrics, g.unreadyPods);
  if (metrics.size === 0) throw new Error(NO_TARGETED);
  const requests = calculatePodRequests(ctx.pods, container, resource);
  const { ratio, utilization, rawAverage } = resourceUtilizationRatio(metrics, requests, targetUtilization);
  const result = (replicas: number): ResourceProposal => ({ replicas, utilization, rawUtilization: rawAverage });

  const scaleUpWithUnready = g.unreadyPods.size > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && g.missingPods.size === 0) {
    if (withinTolerance(ratio, ctx.tolerances)) return result(currentReplicas);
    return result(Math.ceil(ratio * g.readyPodCount));
  }
  if (g.missingPods.size > 0) {
    if (ratio < 1.0) {
      const fallback = Math.max(100, targetUtilization);
      for (const p of g.missingPods) metrics.set(p, zeroMetric(Math.trunc(((requests.get(p) ?? 0) * fallback) / 100)));
    } else if (ratio > 1.0) {
      for (const p of g.missingPods) metrics.set(p, zeroMetric(0));
    }
  }
  if (scaleUpWithUnready) for (const p of g.unreadyPods) metrics.set(p, zeroMetric(0));

  const next = resourceUtilizationRatio(metrics, requests, targetUtilization).ratio;
  return result(rebalanced(ctx, currentReplicas, ratio, next, metrics.size));
}

/** ReplicaCalculator.GetRawResourceReplicas: a Resource/ContainerResource metric with an AverageValue target. */
export function getRawResourceReplicas(ctx: CalculatorContext, currentReplicas: number, targetUsage: number, resource: string, fetched: PodMetricsInfo): UsageProposal {
  return plainMetricReplicas(ctx, fetched, currentReplicas, targetUsage, resource);
}

/** ReplicaCalculator.GetMetricReplicas: a Pods metric (AverageValue per pod). */
export function getMetricReplicas(ctx: CalculatorContext, currentReplicas: number, targetUsage: number, fetched: PodMetricsInfo): UsageProposal {
  return plainMetricReplicas(ctx, fetched, currentReplicas, targetUsage, '');
}

/** calcPlainMetricReplicas: the same grouping for averages of raw values; missing pods count as the target on a scale-down. */
function plainMetricReplicas(ctx: CalculatorContext, fetched: PodMetricsInfo, currentReplicas: number, targetUsage: number, resource: string): UsageProposal {
  const metrics = new Map(fetched);
  if (ctx.pods.length === 0) throw new Error(NO_PODS);
  const g = groupPods(ctx.pods, metrics, resource, ctx);
  removeAll(metrics, g.ignoredPods);
  removeAll(metrics, g.unreadyPods);
  if (metrics.size === 0) throw new Error(NO_TARGETED);
  const { ratio, usage } = metricUsageRatio(metrics, targetUsage);

  const scaleUpWithUnready = g.unreadyPods.size > 0 && ratio > 1.0;
  if (!scaleUpWithUnready && g.missingPods.size === 0) {
    if (withinTolerance(ratio, ctx.tolerances)) return { replicas: currentReplicas, usage };
    return { replicas: Math.ceil(ratio * g.readyPodCount), usage };
  }
  if (g.missingPods.size > 0) {
    if (ratio < 1.0) for (const p of g.missingPods) metrics.set(p, zeroMetric(targetUsage));
    else if (ratio > 1.0) for (const p of g.missingPods) metrics.set(p, zeroMetric(0));
  }
  if (scaleUpWithUnready) for (const p of g.unreadyPods) metrics.set(p, zeroMetric(0));

  const next = metricUsageRatio(metrics, targetUsage).ratio;
  return { replicas: rebalanced(ctx, currentReplicas, ratio, next, metrics.size), usage };
}

/** The re-check after filling in missing and unready pods: no change if within tolerance or the direction flipped. */
function rebalanced(ctx: CalculatorContext, currentReplicas: number, ratio: number, next: number, counted: number): number {
  if (withinTolerance(next, ctx.tolerances) || (ratio < 1.0 && next > 1.0) || (ratio > 1.0 && next < 1.0)) return currentReplicas;
  const replicas = Math.ceil(next * counted);
  if ((next < 1.0 && replicas > currentReplicas) || (next > 1.0 && replicas < currentReplicas)) return currentReplicas;
  return replicas;
}

const zeroMetric = (value: number) => ({ value, timestamp: 0, window: 0 });

/**
 * getUsageRatioReplicaCount: ratio × ready pods, or with no replicas at all (scale from zero) just
 * ceil(ratio), ignoring tolerance.
 */
function usageRatioReplicaCount(ctx: CalculatorContext, currentReplicas: number, ratio: number): number {
  if (currentReplicas === 0) return Math.ceil(ratio);
  if (withinTolerance(ratio, ctx.tolerances)) return currentReplicas;
  let ready: number;
  try {
    ready = readyPodsCount(ctx.pods);
  } catch (e) {
    throw new Error(`unable to calculate ready pods: ${(e as Error).message}`);
  }
  return Math.ceil(ratio * ready);
}

/** ReplicaCalculator.GetObjectMetricReplicas: an Object metric with a Value target. */
export function getObjectMetricReplicas(ctx: CalculatorContext, currentReplicas: number, targetUsage: number, usage: number): UsageProposal {
  return { replicas: usageRatioReplicaCount(ctx, currentReplicas, usage / targetUsage), usage };
}

/** ReplicaCalculator.GetExternalMetricReplicas: an External metric with a Value target (the series summed). */
export function getExternalMetricReplicas(ctx: CalculatorContext, currentReplicas: number, targetUsage: number, values: readonly number[]): UsageProposal {
  const usage = sumValues(values);
  return { replicas: usageRatioReplicaCount(ctx, currentReplicas, usage / targetUsage), usage };
}

/**
 * GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas: an AverageValue target over the
 * scale's status replicas; the usage reported is the total divided by them (rounded up).
 */
export function getPerPodValueReplicas(tolerances: Tolerances, statusReplicas: number, targetAverage: number, total: number): UsageProposal {
  let replicas = statusReplicas;
  const ratio = total / (targetAverage * statusReplicas);
  if (!withinTolerance(ratio, tolerances)) replicas = Math.ceil(total / targetAverage);
  // With no replicas in status Go divides by zero; report the total rather than an undefined integer.
  const usage = statusReplicas > 0 ? Math.ceil(total / statusReplicas) : total;
  return { replicas, usage };
}

/** The external series summed, as both External targets read them. */
export function sumValues(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
