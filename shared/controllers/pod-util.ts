import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import { parseTime } from './time';

/** The pod's Ready condition, if reported. */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** controller.IsPodActive: not Succeeded, not Failed, not terminating. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** podutil.IsPodAvailable: ready, and ready for more than minReadySeconds (strictly) at `now`. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = parseTime(podReadyCondition(pod)?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/**
 * Milliseconds until a ready pod becomes available under minReadySeconds (the first instant
 * `since + minReady < now` holds); undefined if it is not ready or already available.
 */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, now: number): number | undefined {
  if (!isPodReady(pod) || isPodAvailable(pod, minReadySeconds, now)) return undefined;
  const since = parseTime(podReadyCondition(pod)?.lastTransitionTime);
  if (since === undefined) return undefined;
  return Math.max(1, since + minReadySeconds * 1000 + 1 - now);
}

/** `namespace/name`, the key of a pod in expectations and work queues. */
export function objectKey(obj: { metadata?: { namespace?: string; name?: string } }): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name ?? ''}` : (obj.metadata?.name ?? '');
}
