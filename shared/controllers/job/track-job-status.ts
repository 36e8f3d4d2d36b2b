import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Action } from '../actions';
import { eventAction } from '../events';
import { asKube } from '../object-like';
import { ensureJobCondition, newJobCondition } from './job-conditions';
import { JOB_COMPONENT, MAX_UNCOUNTED_PODS } from './job-constants';
import { completionIndex, hasBackoffLimitPerIndex, hasTrackingFinalizer, isIndexedJob, isPodFailed } from './job-pod-state';
import type { JobSyncContext } from './job-sync-context';
import { removeFinalizerPatch } from './manage-job';
import { formatIntervals, intervalsHas, intervalsTotal, withIndexes } from './ordered-intervals';
import { matchPodFailurePolicy } from './pod-failure-policy';

const JOBS = { group: 'batch', plural: 'jobs' };

/**
 * trackJobStatusAndRemoveFinalizers: record finished pods in status.uncountedTerminatedPods (or,
 * Indexed, completedIndexes), write the interim FailureTarget / SuccessCriteriaMet condition, then
 * remove the pods' tracking finalizers. Upstream moves the pods from uncounted to the counters in
 * the same sync; here that happens in the next one (the finalizer removals bring it), so every
 * write stays a single action whose order guarantees a pod is recorded before it loses its finalizer.
 * The terminal condition (Complete / Failed) is set once nothing is uncounted or terminating.
 */
export function trackJobStatus(ctx: JobSyncContext, needsFlush: boolean): Action[] {
  const { job, now } = ctx;
  const status = job.status!;
  const uncounted = status.uncountedTerminatedPods!;
  const indexed = isIndexedJob(job);
  const completions = job.spec?.completions ?? 0;
  const pods = indexed ? [...ctx.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : ctx.pods;
  const withFinalizer = new Set(ctx.pods.filter(hasTrackingFinalizer).map((p) => p.metadata?.uid ?? ''));
  if (cleanUncounted(job, withFinalizer)) needsFlush = true;

  const removeFinalizer: Pod[] = [];
  const newSucceededIndexes: number[] = [];
  let reachedMaxUncounted = false;
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const uid = pod.metadata?.uid ?? '';
    const failed = isPodFailed(pod, job);
    if (!canRemoveFinalizer(ctx, pod, failed)) continue;
    removeFinalizer.push(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncounted.failed.has(uid)) {
      if (indexed) {
        const ix = completionIndex(pod);
        if (ix >= 0 && ix < completions && !intervalsHas(ctx.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        needsFlush = true;
        uncounted.succeeded = [...(uncounted.succeeded ?? []), uid];
      }
    } else if (failed || (ctx.finishedCondition && ctx.finishedCondition.type !== 'SuccessCriteriaMet')) {
      // once the Job is finished, every pod not succeeded counts as failed
      const ix = completionIndex(pod);
      if (!ctx.uncounted.failed.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
        if (matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed) {
          needsFlush = true;
          uncounted.failed = [...(uncounted.failed ?? []), uid];
        }
      }
    }
    if (newSucceededIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >= MAX_UNCOUNTED_PODS) {
      reachedMaxUncounted = true;
      break;
    }
  }
  if (indexed) {
    ctx.succeededIndexes = withIndexes(ctx.succeededIndexes, newSucceededIndexes.sort((a, b) => a - b));
    const s = formatIntervals(ctx.succeededIndexes);
    if (s !== (status.completedIndexes ?? '')) needsFlush = true;
    status.succeeded = intervalsTotal(ctx.succeededIndexes);
    status.completedIndexes = s;
    if (hasBackoffLimitPerIndex(job)) {
      const f = formatIntervals(ctx.failedIndexes ?? []);
      if (f !== (status.failedIndexes ?? undefined)) {
        status.failedIndexes = f;
        needsFlush = true;
      }
    }
  }
  let finished = ctx.finishedCondition;
  if (finished?.type === 'FailureTarget') {
    status.conditions = [...(status.conditions ?? []), finished];
    needsFlush = true;
    finished = newJobCondition('Failed', 'True', finished.reason ?? '', finished.message ?? '', now);
  }
  if (finished?.type === 'SuccessCriteriaMet') {
    if (!(status.conditions ?? []).some((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True')) {
      status.conditions = [...(status.conditions ?? []), finished];
      needsFlush = true;
    }
    finished = newJobCondition('Complete', 'True', finished.reason ?? '', finished.message ?? '', now);
  }
  // the terminal condition waits for the finalizers of this sync to be gone (the next sync sees it)
  const jobFinished = !reachedMaxUncounted && removeFinalizer.length === 0 && enactJobFinished(ctx, finished);
  if (jobFinished) needsFlush = true;
  tidyUncounted(job);

  const actions: Action[] = [];
  if (needsFlush) actions.push({ kind: 'updateStatus', resource: JOBS, namespace: job.metadata?.namespace ?? '', object: asKube(job) });
  actions.push(...removeFinalizer.map(removeFinalizerPatch));
  if (jobFinished && finished) actions.push(...finishedEvents(job, finished, now));
  return actions;
}

/** canRemoveFinalizer: the Job is going away or finished, the pod succeeded, or it failed (unless its index still needs it). */
function canRemoveFinalizer(ctx: JobSyncContext, pod: Pod, failed: boolean): boolean {
  if (ctx.job.metadata?.deletionTimestamp || ctx.finishedCondition || pod.status?.phase === 'Succeeded') return true;
  if (!failed) return false;
  if (hasBackoffLimitPerIndex(ctx.job)) {
    const p = ctx.podsWithDelayedDeletionPerIndex.get(completionIndex(pod));
    if (p && p.metadata?.uid === pod.metadata?.uid) return false;
  }
  return true;
}

/** cleanUncountedPodsWithoutFinalizers: pods whose finalizer is gone move from uncounted to the counters. */
function cleanUncounted(job: Job, withFinalizer: Set<string>): boolean {
  const status = job.status!;
  const u = status.uncountedTerminatedPods!;
  let changed = false;
  const keepS = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepS.length !== (u.succeeded ?? []).length) {
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded ?? []).length - keepS.length;
    u.succeeded = keepS;
    changed = true;
  }
  const keepF = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepF.length !== (u.failed ?? []).length) {
    status.failed = (status.failed ?? 0) + (u.failed ?? []).length - keepF.length;
    u.failed = keepF;
    changed = true;
  }
  return changed;
}

/** Empty lists are omitted on the wire (`uncountedTerminatedPods: {}`). */
function tidyUncounted(job: Job): void {
  const u = job.status!.uncountedTerminatedPods!;
  if (!u.succeeded?.length) delete u.succeeded;
  if (!u.failed?.length) delete u.failed;
}

/** enactJobFinished: set Complete (with completionTime) or Failed once no pod is uncounted or terminating. */
function enactJobFinished(ctx: JobSyncContext, finished: JobCondition | undefined): boolean {
  if (!finished) return false;
  const u = ctx.job.status!.uncountedTerminatedPods!;
  if ((u.succeeded?.length ?? 0) + (u.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  ensureJobCondition(ctx.job, finished.type, 'True', finished.reason ?? '', finished.message ?? '', ctx.now);
  if (finished.type === 'Complete') ctx.job.status!.completionTime = finished.lastTransitionTime;
  return true;
}

/** recordJobFinished's events. */
function finishedEvents(job: Job, finished: JobCondition, now: number): Action[] {
  if (finished.type !== 'Complete') return [eventAction(job, 'Warning', finished.reason ?? '', finished.message ?? '', JOB_COMPONENT, now, 100)];
  const out: Action[] = [];
  if (job.spec?.completions != null && (job.status?.succeeded ?? 0) > job.spec.completions) {
    out.push(eventAction(job, 'Warning', 'TooManySucceededPods', 'Too many succeeded pods running after completion count reached', JOB_COMPONENT, now, 99));
  }
  out.push(eventAction(job, 'Normal', 'Completed', 'Job completed', JOB_COMPONENT, now, 100));
  return out;
}
