import type { TimestampedRecommendation } from './history';
import type { HpaConditionUpdate } from './hpa-conditions';

/** A normalization's answer: the count, the ScalingLimited reason and message, and the AbleToScale condition it implies. */
export interface Normalized {
  desiredReplicas: number;
  /** ScalingLimited: True when the rules moved the (stabilized) recommendation. */
  limited: HpaConditionUpdate;
  /** AbleToScale: ReadyForNewScale, or Scale{Up,Down}Stabilized when the window held the count. */
  ableToScale: HpaConditionUpdate;
  recommendations: TimestampedRecommendation[];
}

export const LIMIT_MESSAGES = {
  ScaleUpLimit: 'the desired replica count is increasing faster than the maximum scale rate',
  TooManyReplicas: 'the desired replica count is more than the maximum replica count',
  TooFewReplicas: 'the desired replica count is less than the minimum replica count',
  ScaleDownLimit: 'the desired replica count is decreasing faster than the maximum scale rate',
  DesiredWithinRange: 'the desired count is within the acceptable range',
} as const;

export type LimitReason = keyof typeof LIMIT_MESSAGES;

export const READY_FOR_NEW_SCALE: HpaConditionUpdate = {
  type: 'AbleToScale',
  status: 'True',
  reason: 'ReadyForNewScale',
  message: 'recommended size matches current size',
};

export const SCALE_DOWN_STABILIZED: HpaConditionUpdate = {
  type: 'AbleToScale',
  status: 'True',
  reason: 'ScaleDownStabilized',
  message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
};

export const SCALE_UP_STABILIZED: HpaConditionUpdate = {
  type: 'AbleToScale',
  status: 'True',
  reason: 'ScaleUpStabilized',
  message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
};

/** calculateScaleUpLimit: max(factor × current, minimum), truncated. */
export function calculateScaleUpLimit(currentReplicas: number, factor = 2, minimum = 4): number {
  return Math.trunc(Math.max(factor * currentReplicas, minimum));
}

/**
 * stabilizeRecommendation: the highest recommendation of the last `windowSeconds` (the new one
 * included); the new one is recorded, overwriting the last sample older than the window.
 */
export function stabilizeRecommendation(
  recommendations: readonly TimestampedRecommendation[],
  desired: number,
  windowSeconds: number,
  now: number,
): { stabilized: number; recommendations: TimestampedRecommendation[] } {
  const cutoff = now - windowSeconds * 1000;
  let max = desired;
  let old = -1;
  recommendations.forEach((r, i) => {
    if (r.timestamp < cutoff) old = i;
    else if (r.recommendation > max) max = r.recommendation;
  });
  const next = [...recommendations];
  const rec = { recommendation: desired, timestamp: now };
  if (old >= 0) next[old] = rec;
  else next.push(rec);
  return { stabilized: max, recommendations: next };
}

/**
 * convertDesiredReplicasWithRules: clamp to [minReplicas, min(maxReplicas, scale-up limit)],
 * naming the bound that applied.
 */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  minReplicas: number,
  maxReplicas: number,
  scaleUpLimit = calculateScaleUpLimit(currentReplicas),
): { replicas: number; reason: LimitReason } {
  let maxAllowed: number;
  let reason: LimitReason;
  if (maxReplicas > scaleUpLimit) {
    maxAllowed = scaleUpLimit;
    reason = 'ScaleUpLimit';
  } else {
    maxAllowed = maxReplicas;
    reason = 'TooManyReplicas';
  }
  if (desiredReplicas < minReplicas) return { replicas: minReplicas, reason: 'TooFewReplicas' };
  if (desiredReplicas > maxAllowed) return { replicas: maxAllowed, reason };
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange' };
}

/** The ScalingLimited condition for a clamp: True when it changed the count. */
export function limitedCondition(reason: LimitReason, changed: boolean): HpaConditionUpdate {
  return { type: 'ScalingLimited', status: changed ? 'True' : 'False', reason, message: LIMIT_MESSAGES[reason] };
}

/** Inputs of a normalization. */
export interface NormalizationArgs {
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  recommendations: readonly TimestampedRecommendation[];
  now: number;
}

/**
 * normalizeDesiredReplicas (behavior unset): stabilize scale-downs over the downscale window, then
 * clamp to min/max and the legacy scale-up cap.
 */
export function normalizeDesiredReplicas(
  a: NormalizationArgs,
  o: { downscaleStabilizationWindowSeconds: number; scaleUpLimitFactor: number; scaleUpLimitMinimum: number },
): Normalized {
  const { stabilized, recommendations } = stabilizeRecommendation(a.recommendations, a.desiredReplicas, o.downscaleStabilizationWindowSeconds, a.now);
  const ableToScale = stabilized !== a.desiredReplicas ? SCALE_DOWN_STABILIZED : READY_FOR_NEW_SCALE;
  const limit = calculateScaleUpLimit(a.currentReplicas, o.scaleUpLimitFactor, o.scaleUpLimitMinimum);
  const { replicas, reason } = convertDesiredReplicasWithRules(a.currentReplicas, stabilized, a.minReplicas, a.maxReplicas, limit);
  return { desiredReplicas: replicas, limited: limitedCondition(reason, replicas !== stabilized), ableToScale, recommendations };
}
