import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Action } from '../actions';
import type { Intervals } from './ordered-intervals';
import type { BackoffRecord } from './pod-failure-backoff';

/** syncJobCtx: what one sync of a Job has found and decided so far. */
export interface JobSyncContext {
  /** A copy of the Job whose status this sync rewrites. */
  job: Job;
  now: number;
  /** The Job's pods (claimed). */
  pods: Pod[];
  activePods: Pod[];
  succeeded: number;
  failed: number;
  ready: number;
  terminating: number;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  finishedCondition?: JobCondition;
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
  failedIndexes?: Intervals;
  backoff: BackoffRecord;
  podsWithDelayedDeletionPerIndex: Map<number, Pod>;
  /** Pod deletions and creations, run after the status is written. */
  podActions: Action[];
  /** Events, recorded last. */
  events: Action[];
  /** Delays after which the Job must be synced again. */
  requeue: number[];
}
