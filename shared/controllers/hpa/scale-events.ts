import type { HPAScalingPolicy } from 'kubernetes-types/autoscaling/v2';
import type { TimestampedScaleEvent } from './history';
import type { ScalingBehavior } from './scaling-rules';

/** getReplicasChangePerPeriod: replicas added (or removed) by events strictly newer than `now − periodSeconds`. */
export function replicasChangePerPeriod(periodSeconds: number, events: readonly TimestampedScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.timestamp > cutoff) sum += e.replicaChange;
  return sum;
}

/** getLongestPolicyPeriod. */
export function longestPolicyPeriod(policies: readonly HPAScalingPolicy[]): number {
  return policies.reduce((m, p) => Math.max(m, p.periodSeconds), 0);
}

/** markScaleEventsOutdated: events older than the longest policy period may be overwritten. */
export function markScaleEventsOutdated(events: readonly TimestampedScaleEvent[], longestPeriodSeconds: number, now: number): TimestampedScaleEvent[] {
  const cutoff = now - longestPeriodSeconds * 1000;
  return events.map((e) => (e.timestamp < cutoff ? { ...e, outdated: true } : e));
}

/**
 * storeScaleEvent: records a successful rescale from `prev` to `next` in the direction's list,
 * overwriting the last outdated event rather than growing the list. Without `behavior` nothing is
 * stored (the legacy path never reads events).
 */
export function storeScaleEvent(
  behavior: ScalingBehavior | undefined,
  events: { scaleUpEvents: TimestampedScaleEvent[]; scaleDownEvents: TimestampedScaleEvent[] },
  prev: number,
  next: number,
  now: number,
): { scaleUpEvents: TimestampedScaleEvent[]; scaleDownEvents: TimestampedScaleEvent[] } {
  if (!behavior) return events;
  const up = next > prev;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  const list = markScaleEventsOutdated(up ? events.scaleUpEvents : events.scaleDownEvents, longestPolicyPeriod(rules.policies), now);
  const event: TimestampedScaleEvent = { replicaChange: Math.abs(next - prev), timestamp: now, outdated: false };
  let reuse = -1;
  list.forEach((e, i) => {
    if (e.outdated) reuse = i;
  });
  if (reuse >= 0) list[reuse] = event;
  else list.push(event);
  return up ? { ...events, scaleUpEvents: list } : { ...events, scaleDownEvents: list };
}
