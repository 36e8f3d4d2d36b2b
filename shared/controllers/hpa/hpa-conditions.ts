import type { HorizontalPodAutoscalerCondition } from 'kubernetes-types/autoscaling/v2';
import { formatTime } from '../time';

export type HpaConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

/** A condition to set (setCondition's arguments). */
export interface HpaConditionUpdate {
  type: HpaConditionType;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/**
 * setConditionInList (horizontal.go): replaces the condition of that type in place (a new type is
 * appended), and moves lastTransitionTime to `now` only when the status changes.
 */
export function setHpaCondition(list: readonly HorizontalPodAutoscalerCondition[] | undefined, c: HpaConditionUpdate, now: number): HorizontalPodAutoscalerCondition[] {
  const out = [...(list ?? [])];
  let i = out.findIndex((x) => x.type === c.type);
  if (i < 0) {
    out.push({ type: c.type, status: '' });
    i = out.length - 1;
  }
  const prev = out[i]!;
  const lastTransitionTime = prev.status !== c.status ? formatTime(now) : prev.lastTransitionTime;
  out[i] = { type: c.type, status: c.status, ...(lastTransitionTime ? { lastTransitionTime } : {}), reason: c.reason, message: c.message };
  return out;
}
