import type { Job } from 'kubernetes-types/batch/v1';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
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
 * getFinishedTime: the latest finish of the containers (sidecars included) when all terminated, else
 * when the Ready condition went False, else the deletion time less the grace period, else creation.
 */
export function finishedTime(pod: Pod): number {
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  let fromContainers = latestFinish(undefined, pod.status?.containerStatuses ?? []);
  if (fromContainers !== undefined) fromContainers = latestFinish(fromContainers, (pod.status?.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name)));
  if (fromContainers !== undefined) return fromContainers;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const readyFalse = ready?.status === 'False' ? parseTime(ready.lastTransitionTime) : undefined;
  if (readyFalse !== undefined) return readyFalse;
  const del = parseTime(pod.metadata?.deletionTimestamp);
  if (del !== undefined) return del - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return parseTime(pod.metadata?.creationTimestamp) ?? 0;
}

/** latestFinishTime: undefined as soon as one container has not terminated (or has no finish time). */
function latestFinish(prev: number | undefined | null, statuses: ContainerStatus[]): number | undefined {
  let t = prev ?? undefined;
  for (const s of statuses) {
    const f = parseTime(s.state?.terminated?.finishedAt);
    if (f === undefined) return undefined;
    if (t === undefined || f > t) t = f;
  }
  return t;
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
