import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { PODS, type Action, type ReconcileResult } from '../actions';
import { eventAction } from '../events';
import { selectorMatches } from '../label-selector';
import { claimObjects, newControllerRef } from '../owner-refs';
import { isPodActive, isPodReady } from '../pod-util';
import { formatTime, parseTime } from '../time';
import { calculateFailedIndexes, calculateSucceededIndexes, podsWithDelayedDeletionPerIndex } from './indexed-job';
import { ensureJobCondition, findJobCondition, isJobFinished, newJobCondition } from './job-conditions';
import { JOB_COMPONENT, JOB_CONTROLLER_NAME, JOB_REASONS, JOB_TRACKING_FINALIZER } from './job-constants';
import { completionIndex, hasBackoffLimitPerIndex, hasTrackingFinalizer, isIndexedJob, isPodFailed, isPodTerminating } from './job-pod-state';
import type { JobSyncContext } from './job-sync-context';
import { manageJob, removeFinalizerPatch } from './manage-job';
import { intervalsTotal } from './ordered-intervals';
import { failJobMessage, matchPodFailurePolicy } from './pod-failure-policy';
import { newBackoffRecord, type BackoffRecord } from './pod-failure-backoff';
import { matchSuccessPolicy } from './success-policy';
import { trackJobStatus } from './track-job-status';

/** What the Job reconciler observes. */
export interface JobInput {
  job: Job;
  /** Every pod in the Job's namespace. */
  pods: Pod[];
  now: number;
  /** The controller's failure back-off record for this Job (absent: none yet). */
  backoff?: BackoffRecord;
}

/** The reconcile result plus the back-off record to keep (undefined: forget it). */
export interface JobResult extends ReconcileResult {
  backoff?: BackoffRecord;
}

/**
 * syncJob (kube-controller-manager 1.32) as a pure function: claim pods, count finished ones,
 * decide failure (pod failure policy, backoffLimit, activeDeadlineSeconds, failed indexes) or
 * success (completions, success policy), create or delete pods (parallelism, suspend, back-off,
 * Indexed completion indexes), and write status with the interim FailureTarget / SuccessCriteriaMet
 * conditions before the terminal Failed / Complete.
 * Adapter contract: run the actions in order (status first, then finalizer removals, pod
 * deletions and creations, events); keep `backoff` once the status update has been written.
 */
export function reconcileJob(input: JobInput): JobResult {
  const { now } = input;
  const job = structuredClone(input.job);
  const ns = job.metadata?.namespace ?? '';
  const own = (p: Pod) => (p.metadata?.namespace ?? '') === ns;
  if (isJobFinished(job)) {
    // cleanupPodFinalizers: a finished Job's pods must not keep the finalizer
    const leftovers = input.pods.filter((p) => own(p) && hasTrackingFinalizer(p) && p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === job.metadata?.uid));
    return { actions: leftovers.map(removeFinalizerPatch) };
  }
  if (job.spec?.managedBy != null && job.spec.managedBy !== JOB_CONTROLLER_NAME) return { actions: [], backoff: input.backoff };
  const mode = job.spec?.completionMode ?? 'NonIndexed';
  if (mode !== 'NonIndexed' && mode !== 'Indexed') {
    return { actions: [eventAction(job, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown', JOB_COMPONENT, now)], backoff: input.backoff };
  }
  const status = (job.status ??= {});
  status.uncountedTerminatedPods ??= {};

  const { pods, claimActions } = claimPods(job, input.pods.filter(own));
  const activePods = pods.filter(isPodActive);
  const uncounted = { succeeded: new Set(status.uncountedTerminatedPods.succeeded ?? []), failed: new Set(status.uncountedTerminatedPods.failed ?? []) };
  const valid = (p: Pod, skip: Set<string>) => {
    if (!hasTrackingFinalizer(p) || skip.has(p.metadata?.uid ?? '')) return false;
    if (!isIndexedJob(job)) return true;
    const ix = completionIndex(p);
    return ix >= 0 && ix < (job.spec?.completions ?? 0);
  };
  const newSucceeded = pods.filter((p) => valid(p, uncounted.succeeded) && p.status?.phase === 'Succeeded');
  const newFailed = pods.filter((p) => valid(p, uncounted.failed) && isPodFailed(p, job));
  const ctx: JobSyncContext = {
    job,
    now,
    pods,
    activePods,
    ready: activePods.filter(isPodReady).length,
    terminating: pods.filter(isPodTerminating).length,
    uncounted,
    succeeded: (status.succeeded ?? 0) + newSucceeded.length + uncounted.succeeded.size,
    failed: (status.failed ?? 0) + newFailed.filter((p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed).length + uncounted.failed.size,
    prevSucceededIndexes: [],
    succeededIndexes: [],
    backoff: newBackoffRecord(input.backoff, newSucceeded, newFailed),
    podsWithDelayedDeletionPerIndex: new Map(),
    podActions: [],
    events: [],
    requeue: [],
  };
  const suspended = !!job.spec?.suspend;
  if (!status.startTime && !suspended) status.startTime = formatTime(now);

  ctx.finishedCondition = findJobCondition(status.conditions, 'SuccessCriteriaMet');
  if (ctx.finishedCondition?.status !== 'True') ctx.finishedCondition = undefined;
  if (!ctx.finishedCondition) {
    const target = findJobCondition(status.conditions, 'FailureTarget');
    const message = target?.status === 'True' ? undefined : failJobMessage(job, pods, (p) => isPodFailed(p, job));
    if (target?.status === 'True') ctx.finishedCondition = newJobCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
    else if (message) ctx.finishedCondition = newJobCondition('FailureTarget', 'True', JOB_REASONS.podFailurePolicy, message, now);
  }
  if (!ctx.finishedCondition) {
    const deadline = job.spec?.activeDeadlineSeconds;
    const started = parseTime(status.startTime);
    if (ctx.failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
      ctx.finishedCondition = failure(JOB_REASONS.backoffLimitExceeded, 'Job has reached the specified backoff limit', now);
    } else if (deadline != null && started !== undefined && !suspended && now - started >= deadline * 1000) {
      ctx.finishedCondition = failure(JOB_REASONS.deadlineExceeded, 'Job was active longer than specified deadline', now);
    } else if (deadline != null && started !== undefined && !suspended) {
      ctx.requeue.push(deadline * 1000 - (now - started));
    }
  }
  if (isIndexedJob(job)) {
    const completions = job.spec?.completions ?? 0;
    ({ prev: ctx.prevSucceededIndexes, all: ctx.succeededIndexes } = calculateSucceededIndexes(job, pods));
    ctx.succeeded = intervalsTotal(ctx.succeededIndexes);
    if (hasBackoffLimitPerIndex(job)) {
      ctx.failedIndexes = calculateFailedIndexes(job, pods);
      const failedTotal = intervalsTotal(ctx.failedIndexes);
      if (!ctx.finishedCondition) {
        if (job.spec?.maxFailedIndexes != null && failedTotal > job.spec.maxFailedIndexes) {
          ctx.finishedCondition = failure(JOB_REASONS.maxFailedIndexesExceeded, 'Job has exceeded the specified maximal number of failed indexes', now);
        } else if (failedTotal > 0 && failedTotal + ctx.succeeded >= completions) {
          ctx.finishedCondition = failure(JOB_REASONS.failedIndexes, 'Job has failed indexes', now);
        }
      }
      ctx.podsWithDelayedDeletionPerIndex = podsWithDelayedDeletionPerIndex(job, pods, activePods, ctx.succeededIndexes, ctx.failedIndexes, (p) => uncounted.failed.has(p.metadata?.uid ?? ''));
    }
    if (!ctx.finishedCondition) {
      const msg = matchSuccessPolicy(job.spec?.successPolicy, completions, ctx.succeededIndexes);
      if (msg) ctx.finishedCondition = newJobCondition('SuccessCriteriaMet', 'True', JOB_REASONS.successPolicy, msg, now);
    }
  }

  let active = activePods.length;
  let suspendChanged = false;
  if (ctx.finishedCondition) {
    // deleteActivePods: the pods keep their finalizer until they are counted
    activePods.forEach((p) => ctx.podActions.push({ kind: 'delete', resource: PODS, namespace: ns, name: p.metadata?.name ?? '', preconditions: { uid: p.metadata?.uid } }));
    active = 0;
    ctx.terminating += activePods.length;
    ctx.ready = 0;
  } else {
    const manageCalled = !job.metadata?.deletionTimestamp;
    if (manageCalled) active = manageJob(ctx);
    const completions = job.spec?.completions;
    const complete = completions == null ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
    if (complete) {
      ctx.finishedCondition = newJobCondition('SuccessCriteriaMet', 'True', JOB_REASONS.completionsReached, 'Reached expected number of succeeded pods', now);
    } else if (manageCalled) {
      if (suspended) {
        suspendChanged = ensureJobCondition(job, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
        if (suspendChanged) ctx.events.push(eventAction(job, 'Normal', 'Suspended', 'Job suspended', JOB_COMPONENT, now, 50));
      } else {
        suspendChanged = ensureJobCondition(job, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
        if (suspendChanged) {
          ctx.events.push(eventAction(job, 'Normal', 'Resumed', 'Job resumed', JOB_COMPONENT, now, 50));
          // activeDeadlineSeconds counts from the resume
          status.startTime = formatTime(now);
        }
      }
    }
  }
  const needsStatusUpdate = suspendChanged || active !== (status.active ?? 0) || ctx.ready !== status.ready || ctx.terminating !== status.terminating
    || status.startTime !== input.job.status?.startTime;
  status.active = active;
  status.ready = ctx.ready;
  status.terminating = ctx.terminating;
  if (!active) delete status.active;

  const statusActions = trackJobStatus(ctx, needsStatusUpdate);
  const actions: Action[] = [...claimActions, ...statusActions, ...ctx.podActions, ...ctx.events];
  const requeue = ctx.requeue.filter((ms) => ms > 0);
  return { actions, backoff: ctx.backoff, ...(requeue.length ? { requeueAfterMs: Math.min(...requeue) } : {}) };
}

/** newFailureCondition: the interim FailureTarget (the terminal Failed follows once pods are gone). */
function failure(reason: string, message: string, now: number): JobCondition {
  return newJobCondition('FailureTarget', 'True', reason, message, now);
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts of running pods reach backoffLimit. */
function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/**
 * getPodsForJob: pods the Job controls plus matching orphans it adopts (owner reference and
 * tracking finalizer added in one patch); pods it controls that no longer match are released.
 */
function claimPods(job: Job, pods: Pod[]): { pods: Pod[]; claimActions: Action[] } {
  const ref = newControllerRef(job, 'batch/v1', 'Job');
  const claim = claimObjects(job, ref, PODS, pods, (p) => selectorMatches(job.spec?.selector, p.metadata?.labels));
  const adopted = new Set(claim.patches.filter((p) => (p.patch as { metadata: { ownerReferences: { uid: string }[] } }).metadata.ownerReferences.some((r) => r.uid === ref.uid)).map((p) => p.name));
  const claimActions: Action[] = claim.patches.map((p) => {
    if (!adopted.has(p.name)) return p;
    const pod = pods.find((x) => x.metadata?.name === p.name)!;
    const finalizers = [...(pod.metadata?.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER];
    return { ...p, patch: { metadata: { ...(p.patch as { metadata: object }).metadata, finalizers } } };
  });
  const claimed = claim.claimed.map((p) => (adopted.has(p.metadata?.name ?? '') && !hasTrackingFinalizer(p) ? { ...p, metadata: { ...p.metadata, finalizers: [...(p.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER] } } : p));
  return { pods: claimed, claimActions };
}
