import type { Pod } from 'kubernetes-types/core/v1';
import { PODS } from '../actions';
import { eventAction, podCreateEvents } from '../events';
import { asKube } from '../object-like';
import { deleteBefore } from '../pod-ranking';
import { isPodReady } from '../pod-util';
import { slowStartBatches } from '../slow-start';
import { duplicatedIndexPods, firstPendingIndexes, newIndexFailureCounts, remainingTimePerIndexMs } from './indexed-job';
import { JOB_COMPONENT, JOB_TRACKING_FINALIZER, MAX_POD_CREATE_DELETE_PER_SYNC } from './job-constants';
import { jobPod } from './job-pod';
import { hasBackoffLimitPerIndex, hasTrackingFinalizer, isIndexedJob, onlyReplaceFailedPods } from './job-pod-state';
import type { JobSyncContext } from './job-sync-context';
import { remainingBackoffMs } from './pod-failure-backoff';

/**
 * manageJob: delete every active pod of a suspended Job; otherwise delete surplus (and, Indexed,
 * duplicate or out-of-range) pods, or create the missing ones once the failure back-off has passed.
 * Deletions take precedence over creations in one sync. Returns the new active count.
 */
export function manageJob(ctx: JobSyncContext): number {
  const { job, now } = ctx;
  let active = ctx.activePods.length;
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions ?? undefined;

  if (job.spec?.suspend) {
    const removed = deleteJobPods(ctx, activePodsForRemoval(ctx, ctx.activePods, active));
    ctx.terminating += removed.length;
    ctx.ready -= removed.filter(isPodReady).length;
    return active - removed.length;
  }

  let wantActive: number;
  if (completions == null) wantActive = ctx.succeeded > 0 ? active : parallelism;
  else wantActive = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));

  const toDelete = activePodsForRemoval(ctx, ctx.activePods, Math.max(0, active - wantActive)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (toDelete.length) {
    const removed = deleteJobPods(ctx, toDelete);
    ctx.terminating += removed.length;
    ctx.ready -= removed.filter(isPodReady).length;
    return active - removed.length;
  }

  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return active;
  if (!hasBackoffLimitPerIndex(job)) {
    const wait = remainingBackoffMs(ctx.backoff.failuresAfterLastSuccess, ctx.backoff.lastFailureTime, now);
    if (wait > 0) {
      ctx.requeue.push(wait);
      return 0; // as upstream: active reads 0 while creations wait out the back-off
    }
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] | undefined;
  if (isIndexedJob(job)) {
    indexes = firstPendingIndexes(job, ctx.pods, ctx.activePods, ctx.succeededIndexes, ctx.failedIndexes, diff);
    if (hasBackoffLimitPerIndex(job)) {
      const waits = indexes.map((ix) => remainingTimePerIndexMs(ctx.podsWithDelayedDeletionPerIndex.get(ix), now));
      const ready = indexes.filter((_, i) => waits[i] === 0);
      if (!ready.length && indexes.length) {
        ctx.requeue.push(Math.min(...waits));
        return 0;
      }
      indexes = ready;
    }
    diff = indexes.length;
  }
  const ns = job.metadata?.namespace ?? '';
  const { event, failedEvent } = podCreateEvents(job, JOB_COMPONENT, now);
  let n = 0;
  slowStartBatches(diff).forEach((size, batch) => {
    for (let i = 0; i < size; i++, n++) {
      const index = indexes?.[n];
      const indexFailures = index !== undefined && hasBackoffLimitPerIndex(job) ? newIndexFailureCounts(job, ctx.podsWithDelayedDeletionPerIndex.get(index)) : undefined;
      const pod = jobPod(job, { ...(index !== undefined ? { index } : {}), ...(indexFailures ? { indexFailures } : {}) });
      ctx.podActions.push({ kind: 'create', resource: PODS, namespace: ns, object: asKube(pod), event, failedEvent, batch });
    }
  });
  return active + diff;
}

/** controller.ActivePods order: the first to delete first. */
function deleteFirst(now: number) {
  return (a: Pod, b: Pod) => (deleteBefore(a, b, 0, 0, now) ? -1 : deleteBefore(b, a, 0, 0, now) ? 1 : 0);
}

/** activePodsForRemoval: Indexed duplicates and strays first, then the cheapest of the rest, at least `rmAtLeast`. */
function activePodsForRemoval(ctx: JobSyncContext, pods: Pod[], rmAtLeast: number): Pod[] {
  let rm: Pod[] = [];
  let left = pods;
  if (isIndexedJob(ctx.job)) ({ rm, left } = duplicatedIndexPods(pods, ctx.job.spec?.completions ?? 0, deleteFirst(ctx.now)));
  if (rm.length < rmAtLeast) rm = [...rm, ...[...left].sort(deleteFirst(ctx.now)).slice(0, rmAtLeast - rm.length)];
  return rm;
}

/** deleteJobPods: drop the tracking finalizer (the pod is not counted), then delete, with SuccessfulDelete. */
function deleteJobPods(ctx: JobSyncContext, pods: Pod[]): Pod[] {
  pods.forEach((pod, i) => {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    if (hasTrackingFinalizer(pod)) ctx.podActions.push(removeFinalizerPatch(pod));
    ctx.podActions.push({ kind: 'delete', resource: PODS, namespace: ns, name, preconditions: { uid: pod.metadata?.uid } });
    ctx.events.push(eventAction(ctx.job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`, JOB_COMPONENT, ctx.now, i + 1));
  });
  return pods;
}

/**
 * removeTrackingFinalizerPatch: a strategic merge patch deleting just this finalizer. It carries the
 * uid so that a re-created namesake is never touched.
 */
export function removeFinalizerPatch(pod: Pod) {
  return {
    kind: 'patch' as const,
    resource: PODS,
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    patchType: 'application/strategic-merge-patch+json' as const,
    patch: { metadata: { uid: pod.metadata?.uid, '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] } },
  };
}
