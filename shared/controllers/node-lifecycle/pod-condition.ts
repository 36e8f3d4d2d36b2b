import type { PodCondition } from 'kubernetes-types/core/v1';
import { formatTime, parseTime } from '../time';

/**
 * podutil.UpdatePodCondition: set `condition` (lastTransitionTime = now, kept when the status is
 * unchanged) in place of the condition of its type, or append it. `changed` is false when every
 * field, times included, is as before — then there is nothing to write.
 */
export function updatePodCondition(
  conditions: readonly PodCondition[] | undefined,
  condition: PodCondition,
  now: number,
): { conditions: PodCondition[]; changed: boolean } {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === condition.type);
  const next: PodCondition = { ...condition, lastTransitionTime: formatTime(now) };
  if (i < 0) return { conditions: [...list, next], changed: true };
  const old = list[i] as PodCondition;
  if (next.status === old.status) next.lastTransitionTime = old.lastTransitionTime;
  const same =
    next.status === old.status &&
    (next.reason ?? '') === (old.reason ?? '') &&
    (next.message ?? '') === (old.message ?? '') &&
    parseTime(next.lastProbeTime) === parseTime(old.lastProbeTime) &&
    parseTime(next.lastTransitionTime) === parseTime(old.lastTransitionTime);
  list[i] = next;
  return { conditions: list, changed: !same };
}
