import type { Pod } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { ApiError } from '../api/errors';

/** scheduling.DefaultPriorityWhenNoDefaultClassExists. */
export const DEFAULT_PRIORITY = 0;

/** What the Priority admission plugin writes into a pod. */
export interface ResolvedPriority {
  priorityClassName: string;
  priority: number;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

function forbidden(pod: Pod, msg: string): ApiError {
  const name = pod.metadata?.name ?? '';
  return new ApiError(403, 'Forbidden', `pods "${name}" is forbidden: ${msg}`, { name, kind: 'pods' });
}

/**
 * Priority admission: the named PriorityClass, or the globalDefault one with the lowest value, or 0.
 * A missing class and a spec.priority/preemptionPolicy that disagrees are Forbidden, worded as upstream.
 */
export function resolvePriority(pod: Pod, classes: PriorityClass[]): ResolvedPriority | ApiError {
  const spec = pod.spec ?? { containers: [] };
  let resolved: ResolvedPriority;
  if (!spec.priorityClassName) {
    let def: PriorityClass | undefined;
    for (const pc of classes) if (pc.globalDefault && (!def || pc.value < def.value)) def = pc;
    resolved = def
      ? { priorityClassName: def.metadata?.name ?? '', priority: def.value, preemptionPolicy: (def.preemptionPolicy as ResolvedPriority['preemptionPolicy']) ?? 'PreemptLowerPriority' }
      : { priorityClassName: '', priority: DEFAULT_PRIORITY, preemptionPolicy: 'PreemptLowerPriority' };
  } else {
    const pc = classes.find((c) => c.metadata?.name === spec.priorityClassName);
    if (!pc) return forbidden(pod, `no PriorityClass with name ${spec.priorityClassName} was found`);
    resolved = { priorityClassName: spec.priorityClassName, priority: pc.value, preemptionPolicy: (pc.preemptionPolicy as ResolvedPriority['preemptionPolicy']) ?? 'PreemptLowerPriority' };
  }
  if (spec.priority !== undefined && spec.priority !== resolved.priority) {
    return forbidden(pod, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${resolved.priority} from the given PriorityClass name`);
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== resolved.preemptionPolicy) {
    return forbidden(pod, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${resolved.preemptionPolicy} from the given PriorityClass name`);
  }
  return resolved;
}
