import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Action } from '../actions';
import { controllerOf } from '../owner-refs';
import { isJobFinished } from './job-conditions';
import { hasTrackingFinalizer } from './job-pod-state';
import { removeFinalizerPatch } from './manage-job';

/**
 * cleanupOrphanPodFinalizers: pods still holding the tracking finalizer whose Job is gone or
 * finished (or that lost their owner) get it removed, so that deleting a Job deletes its pods.
 * Pods controlled by something other than a batch/v1 Job are left alone; `jobs` are the
 * namespace's Jobs.
 */
export function orphanFinalizerRemovals(pods: Pod[], jobs: Job[]): Action[] {
  const byUid = new Map(jobs.map((j) => [j.metadata?.uid ?? '', j]));
  return pods
    .filter((p) => {
      if (!hasTrackingFinalizer(p)) return false;
      const ref = controllerOf(p);
      if (!ref) return true;
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return false;
      const job = byUid.get(ref.uid);
      return !job || isJobFinished(job);
    })
    .map(removeFinalizerPatch);
}
