export { reconcileHpa, rescaleFailed, type HpaSyncInput, type HpaSyncResult, type ScaleView } from './reconcile-hpa';
export { HPA_DEFAULTS, HPA_SYNC_PERIOD_MS, HPA_COMPONENT, hpaOptions, type HpaOptions } from './options';
export { emptyHpaHistory, type HpaHistory, type TimestampedRecommendation, type TimestampedScaleEvent } from './history';
export type { MetricsClient } from './metrics-client';
export { collectMetrics } from './collect-metrics';
export {
  metricQueries,
  podsMetricKey,
  objectMetricKey,
  externalMetricKey,
  type MetricsSnapshot,
  type MetricsResult,
  type MetricQuery,
  type MetricQuantity,
  type PodResourceMetrics,
  type CustomMetricValue,
  type ExternalMetricValue,
} from './metrics-snapshot';
export { withinTolerance, uniformTolerances, type Tolerances } from './tolerances';
export { groupPods, calculatePodRequests, readyPodsCount, type PodGroups, type Readiness } from './group-pods';
export { resourceUtilizationRatio, metricUsageRatio, type UtilizationRatio } from './utilization';
export { resourceMetricsInfo, podsMetricsInfo, objectMetricValue, externalMetricValues, type PodMetric, type PodMetricsInfo } from './metrics-info';
export {
  getResourceReplicas,
  getRawResourceReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getExternalMetricReplicas,
  getPerPodValueReplicas,
  type CalculatorContext,
  type ResourceProposal,
  type UsageProposal,
} from './replica-calculator';
export { computeReplicasForMetric, failureCondition, type MetricProposal, type MetricFailure, type MetricInputs } from './compute-metric';
export { computeReplicasForMetrics, type MetricsOutcome } from './compute-metrics';
export { validateScaleSelector, type SelectorFailure } from './scale-selector';
export { PodLabelIndex } from './pod-label-index';
export { HpaSelectorIndex } from './hpa-selector-index';
export { setHpaCondition, type HpaConditionType, type HpaConditionUpdate } from './hpa-conditions';
export { scalingBehavior, type ScalingBehavior, type ScalingRules } from './scaling-rules';
export { replicasChangePerPeriod, longestPolicyPeriod, markScaleEventsOutdated, storeScaleEvent } from './scale-events';
export {
  normalizeDesiredReplicas,
  stabilizeRecommendation,
  convertDesiredReplicasWithRules,
  calculateScaleUpLimit,
  limitedCondition,
  LIMIT_MESSAGES,
  type LimitReason,
  type Normalized,
  type NormalizationArgs,
} from './normalize-legacy';
export {
  normalizeDesiredReplicasWithBehaviors,
  stabilizeRecommendationWithBehaviors,
  convertDesiredReplicasWithBehaviorRate,
  scaleUpLimit,
  scaleDownLimit,
} from './normalize-behavior';
export { formatMilliQuantity } from './milli-quantity';
export { goLabelSelectorString } from './go-format';
export { HPA_MEMBER_RESOURCES, HPA_VIEWED, HpaNamespaceViews, HpaViews, type HpaViewNotice } from './hpa-namespace-views';
export { LIST_ROWS_PER_GET, SHARED_READ_MIN_DUE, listServes } from './shared-reads';
