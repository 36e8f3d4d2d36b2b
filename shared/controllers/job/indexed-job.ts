import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { completionIndex, finishedTime, hasTrackingFinalizer, indexFailureCount, indexIgnoredFailureCount, isPodFailed, isPodTerminating, onlyReplaceFailedPods } from './job-pod-state';
import { intervalsHas, mergeIntervals, parseIndexes, withIndexes, type Intervals } from './ordered-intervals';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { remainingBackoffMs } from './pod-failure-backoff';

function validIndex(pod: Pod, completions: number): number | undefined {
  const ix = completionIndex(pod);
  return ix >= 0 && ix < completions ? ix : undefined;
}

/** calculateSucceededIndexes: status.completedIndexes, and that plus the indexes of succeeded pods not yet counted. */
export function calculateSucceededIndexes(job: Job, pods: Pod[]): { prev: Intervals; all: Intervals } {
  const completions = job.spec?.completions ?? 0;
  const prev = parseIndexes(job.status?.completedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = validIndex(p, completions);
    if (p.status?.phase === 'Succeeded' && ix !== undefined && hasTrackingFinalizer(p)) fresh.add(ix);
  }
  return { prev, all: withIndexes(prev, [...fresh].sort((a, b) => a - b)) };
}

/**
 * isIndexFailed: with backoffLimitPerIndex, a failed pod fails its index when a FailIndex rule
 * matches, or when it counts and the index already failed backoffLimitPerIndex times.
 */
function isIndexFailed(job: Job, pod: Pod): boolean {
  if (!isPodFailed(pod, job)) return false;
  let counted = true;
  if (job.spec?.podFailurePolicy) {
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod);
    if (m.action === 'FailIndex') return true;
    counted = m.countFailed;
  }
  return counted && indexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** calculateFailedIndexes: status.failedIndexes plus the indexes failed pods (not yet counted) fail. */
export function calculateFailedIndexes(job: Job, pods: Pod[]): Intervals {
  const completions = job.spec?.completions ?? 0;
  const prev = parseIndexes(job.status?.failedIndexes ?? undefined, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = validIndex(p, completions);
    if (ix !== undefined && hasTrackingFinalizer(p) && isIndexFailed(job, p)) fresh.add(ix);
  }
  return withIndexes(prev, [...fresh].sort((a, b) => a - b));
}

/**
 * firstPendingIndexes: the lowest `count` indexes below completions that have not succeeded, failed,
 * or an active pod (nor, when only failed pods are replaced, a terminating one).
 */
export function firstPendingIndexes(job: Job, pods: Pod[], activePods: Pod[], succeeded: Intervals, failed: Intervals | undefined, count: number): number[] {
  const completions = job.spec?.completions ?? 0;
  if (count === 0) return [];
  const taken = (list: Pod[]) => list.map(completionIndex).filter((ix) => ix >= 0).sort((a, b) => a - b);
  let nonPending = withIndexes(succeeded, taken(activePods));
  if (failed) nonPending = mergeIntervals(nonPending, failed);
  if (onlyReplaceFailedPods(job)) nonPending = withIndexes(nonPending, taken(pods.filter(isPodTerminating)));
  const out: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && out.length < count && candidate < iv.first; candidate++) out.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && out.length < count; candidate++) out.push(candidate);
  return out;
}

/**
 * appendDuplicatedIndexPodsForRemoval: active pods without a valid index, and all but the one to
 * keep of each repeated index (`deleteFirst` orders pods as controller.ActivePods does).
 */
export function duplicatedIndexPods(pods: Pod[], completions: number, deleteFirst: (a: Pod, b: Pod) => number): { rm: Pod[]; left: Pod[] } {
  const rm: Pod[] = [];
  const left: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of pods) {
    const ix = completionIndex(p);
    if (ix < 0 || ix >= completions) rm.push(p);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const same = [...byIndex.get(ix)!].sort(deleteFirst);
    rm.push(...same.slice(0, -1));
    left.push(same[same.length - 1]!);
  }
  return { rm, left };
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index with no active pod that has neither succeeded nor
 * failed, the last failed pod, whose finalizer stays until a replacement carries its failure count.
 */
export function podsWithDelayedDeletionPerIndex(job: Job, pods: Pod[], activePods: Pod[], succeeded: Intervals, failed: Intervals | undefined, uncountedOrGone: (p: Pod) => boolean): Map<number, Pod> {
  const completions = job.spec?.completions ?? 0;
  const active = new Set(activePods.map(completionIndex));
  const out = new Map<number, Pod>();
  for (const p of pods) {
    if (!hasTrackingFinalizer(p) || uncountedOrGone(p) || !isPodFailed(p, job)) continue;
    const ix = validIndex(p, completions);
    if (ix === undefined || intervalsHas(succeeded, ix) || intervalsHas(failed, ix) || active.has(ix)) continue;
    const last = out.get(ix);
    if (!last || (absoluteFailureCount(last) <= absoluteFailureCount(p) && !(finishedTime(p) < finishedTime(last)))) out.set(ix, p);
  }
  return out;
}

function absoluteFailureCount(pod: Pod): number {
  return indexFailureCount(pod) + indexIgnoredFailureCount(pod);
}

/** getNewIndexFailureCounts: the replaced pod's counts plus its own failure (ignored when the policy says so). */
export function newIndexFailureCounts(job: Job, replaced: Pod | undefined): { failures: number; ignored: number } {
  if (!replaced) return { failures: 0, ignored: 0 };
  let failures = indexFailureCount(replaced);
  let ignored = indexIgnoredFailureCount(replaced);
  if (job.spec?.podFailurePolicy && !matchPodFailurePolicy(job.spec.podFailurePolicy, replaced).countFailed) ignored++;
  else failures++;
  return { failures, ignored };
}

/** getRemainingTimePerIndex: the index's own back-off, from its last failed pod. */
export function remainingTimePerIndexMs(lastFailed: Pod | undefined, now: number): number {
  if (!lastFailed) return 0;
  return remainingBackoffMs(absoluteFailureCount(lastFailed) + 1, finishedTime(lastFailed), now);
}
