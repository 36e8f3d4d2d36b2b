import type { Job } from 'kubernetes-types/batch/v1';
import type { ReconcileResult } from '../actions';
import { isJobFinished, jobFinishTime } from '../job/job-conditions';
import { parseTime } from '../time';

const JOBS = { group: 'batch', plural: 'jobs' };

/**
 * The TTL-after-finished controller's processJob as a pure function: a finished Job with
 * ttlSecondsAfterFinished is deleted (Foreground, so its pods go first; uid precondition) once that
 * many seconds have passed since its Complete/Failed condition, else looked at again then. Jobs
 * already being deleted, unfinished or without a TTL are left alone.
 */
export function reconcileTtlAfterFinished(job: Job, now: number): ReconcileResult {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (job.metadata?.deletionTimestamp || ttl == null || !isJobFinished(job)) return { actions: [] };
  const finishedAt = parseTime(jobFinishTime(job));
  // a finished condition without a time: upstream reports an error and retries with back-off
  if (finishedAt === undefined) throw new Error(`unable to find the time when the Job ${job.metadata?.namespace}/${job.metadata?.name} finished`);
  const remaining = finishedAt + ttl * 1000 - now;
  if (remaining > 0) return { actions: [], requeueAfterMs: remaining };
  return {
    actions: [{
      kind: 'delete', resource: JOBS, namespace: job.metadata?.namespace ?? '', name: job.metadata?.name ?? '',
      preconditions: { uid: job.metadata?.uid }, propagationPolicy: 'Foreground',
    }],
  };
}
