import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { parseTime } from '../time';
import { COMPLETION_INDEX, INDEX_FAILURE_COUNT, INDEX_IGNORED_FAILURE_COUNT, JOB_TRACKING_FINALIZER } from './job-constants';

/** getCompletionIndex: the pod's completion index annotation, -1 when absent or invalid. */
export function completionIndex(pod: Pod): number {
  const v = pod.metadata?.annotations?.[COMPLETION_INDEX];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return -1;
  const n = Number(v);
  return n < 0 ? -1 : n;
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

export function hasBackoffLimitPerIndex(job: Job): boolean {
  return job.spec?.backoffLimitPerIndex != null;
}

/** Only failed pods are replaced (not terminating ones): podReplacementPolicy Failed, or a pod failure policy. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy != null;
}

/** isPodFailed: Failed phase, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(pod: Pod, job: Job): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata?.deletionTimestamp && phase !== 'Succeeded';
}

/** controller.IsPodTerminating: being deleted and not finished. */
export function isPodTerminating(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * getFinishedTime: the latest container finish when every container terminated, else when the Ready
 * condition went False on a finished pod, else the deletion time less grace, else creation.
 */
export function finishedTime(pod: Pod): number {
  const statuses = pod.status?.containerStatuses ?? [];
  if (statuses.length && statuses.every((s) => s.state?.terminated)) {
    const times = statuses.map((s) => parseTime(s.state!.terminated!.finishedAt)).filter((t): t is number => t !== undefined);
    if (times.length === statuses.length) return Math.max(...times);
  }
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') {
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False');
    const t = parseTime(ready?.lastTransitionTime);
    if (t !== undefined) return t;
  }
  const del = parseTime(pod.metadata?.deletionTimestamp);
  if (del !== undefined) return del - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return parseTime(pod.metadata?.creationTimestamp) ?? 0;
}

function annotationCount(pod: Pod | undefined, key: string): number {
  const v = pod?.metadata?.annotations?.[key];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
}

/** The index failure count annotation (0 when absent or invalid). */
export function indexFailureCount(pod: Pod | undefined): number {
  return annotationCount(pod, INDEX_FAILURE_COUNT);
}

export function indexIgnoredFailureCount(pod: Pod | undefined): number {
  return annotationCount(pod, INDEX_IGNORED_FAILURE_COUNT);
}
