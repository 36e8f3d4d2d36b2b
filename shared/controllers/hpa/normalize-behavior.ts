import type { TimestampedRecommendation, TimestampedScaleEvent } from './history';
import {
  limitedCondition,
  READY_FOR_NEW_SCALE,
  SCALE_DOWN_STABILIZED,
  SCALE_UP_STABILIZED,
  type LimitReason,
  type Normalized,
  type NormalizationArgs,
} from './normalize-legacy';
import { replicasChangePerPeriod } from './scale-events';
import type { ScalingBehavior, ScalingRules } from './scaling-rules';

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/**
 * stabilizeRecommendationWithBehaviors: the current count moved no further than every
 * recommendation of the scale-up window allows upwards (their minimum) and of the scale-down window
 * downwards (their maximum). The new recommendation is recorded, overwriting a sample older than both windows.
 */
export function stabilizeRecommendationWithBehaviors(
  a: NormalizationArgs,
  b: ScalingBehavior,
): { stabilized: number; recommendations: TimestampedRecommendation[]; stabilizedReason: typeof SCALE_UP_STABILIZED | typeof SCALE_DOWN_STABILIZED } {
  const upCutoff = a.now - b.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = a.now - b.scaleDown.stabilizationWindowSeconds * 1000;
  let up = a.desiredReplicas;
  let down = a.desiredReplicas;
  let old = -1;
  a.recommendations.forEach((r, i) => {
    if (r.timestamp > upCutoff) up = Math.min(r.recommendation, up);
    if (r.timestamp > downCutoff) down = Math.max(r.recommendation, down);
    if (r.timestamp < upCutoff && r.timestamp < downCutoff) old = i;
  });
  let rec = a.currentReplicas;
  if (rec < up) rec = up;
  if (rec > down) rec = down;
  const recommendations = [...a.recommendations];
  const sample = { recommendation: a.desiredReplicas, timestamp: a.now };
  if (old >= 0) recommendations[old] = sample;
  else recommendations.push(sample);
  return { stabilized: rec, recommendations, stabilizedReason: a.desiredReplicas >= a.currentReplicas ? SCALE_UP_STABILIZED : SCALE_DOWN_STABILIZED };
}

/** Replicas at the start of each policy's period: current, minus what was added, plus what was removed since. */
function periodStart(current: number, period: number, up: readonly TimestampedScaleEvent[], down: readonly TimestampedScaleEvent[], now: number): number {
  return current - replicasChangePerPeriod(period, up, now) + replicasChangePerPeriod(period, down, now);
}

/**
 * calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now. Pods adds a
 * fixed number to the period's start, Percent multiplies it (rounded up); Max picks the largest
 * proposal, Min the smallest, Disabled allows none.
 */
export function scaleUpLimit(current: number, up: readonly TimestampedScaleEvent[], down: readonly TimestampedScaleEvent[], rules: ScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const min = rules.selectPolicy === 'Min';
  let result = min ? INT32_MAX : INT32_MIN;
  for (const p of rules.policies) {
    const start = periodStart(current, p.periodSeconds, up, down, now);
    let proposed = 0;
    if (p.type === 'Pods') proposed = start + p.value;
    else if (p.type === 'Percent') proposed = Math.ceil(start * (1 + p.value / 100));
    result = min ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/**
 * calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now (Percent rounds
 * toward zero); for scaling down Max means the largest change, hence the smallest count.
 */
export function scaleDownLimit(current: number, up: readonly TimestampedScaleEvent[], down: readonly TimestampedScaleEvent[], rules: ScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const min = rules.selectPolicy === 'Min';
  let result = min ? INT32_MIN : INT32_MAX;
  for (const p of rules.policies) {
    const start = periodStart(current, p.periodSeconds, up, down, now);
    let proposed = 0;
    if (p.type === 'Pods') proposed = start - p.value;
    else if (p.type === 'Percent') proposed = Math.trunc(start * (1 - p.value / 100));
    result = min ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/**
 * convertDesiredReplicasWithBehaviorRate: bound a scale-up by maxReplicas and the scale-up
 * policies (never below the current count), a scale-down by minReplicas and the scale-down
 * policies (never above it).
 */
export function convertDesiredReplicasWithBehaviorRate(
  a: { currentReplicas: number; desiredReplicas: number; minReplicas: number; maxReplicas: number; now: number },
  b: ScalingBehavior,
  events: { scaleUpEvents: readonly TimestampedScaleEvent[]; scaleDownEvents: readonly TimestampedScaleEvent[] },
): { replicas: number; reason: LimitReason } {
  if (a.desiredReplicas > a.currentReplicas) {
    const limit = Math.max(scaleUpLimit(a.currentReplicas, events.scaleUpEvents, events.scaleDownEvents, b.scaleUp, a.now), a.currentReplicas);
    const [maxAllowed, reason]: [number, LimitReason] = a.maxReplicas > limit ? [limit, 'ScaleUpLimit'] : [a.maxReplicas, 'TooManyReplicas'];
    if (a.desiredReplicas > maxAllowed) return { replicas: maxAllowed, reason };
  } else if (a.desiredReplicas < a.currentReplicas) {
    const limit = Math.min(scaleDownLimit(a.currentReplicas, events.scaleUpEvents, events.scaleDownEvents, b.scaleDown, a.now), a.currentReplicas);
    const [minAllowed, reason]: [number, LimitReason] = a.minReplicas < limit ? [limit, 'ScaleDownLimit'] : [a.minReplicas, 'TooFewReplicas'];
    if (a.desiredReplicas < minAllowed) return { replicas: minAllowed, reason };
  }
  return { replicas: a.desiredReplicas, reason: 'DesiredWithinRange' };
}

/**
 * normalizeDesiredReplicasWithBehaviors: stabilize within both windows, then apply the rate
 * policies and min/max.
 */
export function normalizeDesiredReplicasWithBehaviors(
  a: NormalizationArgs,
  b: ScalingBehavior,
  events: { scaleUpEvents: readonly TimestampedScaleEvent[]; scaleDownEvents: readonly TimestampedScaleEvent[] },
): Normalized {
  const { stabilized, recommendations, stabilizedReason } = stabilizeRecommendationWithBehaviors(a, b);
  const ableToScale = stabilized !== a.desiredReplicas ? stabilizedReason : READY_FOR_NEW_SCALE;
  const { replicas, reason } = convertDesiredReplicasWithBehaviorRate({ ...a, desiredReplicas: stabilized }, b, events);
  return { desiredReplicas: replicas, limited: limitedCondition(reason, replicas !== stabilized), ableToScale, recommendations };
}
