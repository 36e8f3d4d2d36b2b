/** Names and limits of kube-controller-manager's Job controller (batch/v1, pkg/controller/job, 1.32). */

/** On every pod the controller creates; removed once the pod is counted in the Job's status. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** Annotation and label with an Indexed Job pod's completion index. */
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** backoffLimitPerIndex: failures of the index before this pod, counted and ignored by the pod failure policy. */
export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** spec.managedBy of Jobs this controller syncs (absent means the same). */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
/** Events' source.component. */
export const JOB_COMPONENT = 'job-controller';

/** Pod creations or deletions in one sync (MaxPodCreateDeletePerSync). */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** Pods added to uncountedTerminatedPods in one sync (MaxUncountedPods). */
export const MAX_UNCOUNTED_PODS = 500;
/** Delay before recreating pods after failures: 10 s doubling per failure up to 10 min (DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff). */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

/** The job condition reasons upstream sets. */
export const JOB_REASONS = {
  backoffLimitExceeded: 'BackoffLimitExceeded',
  deadlineExceeded: 'DeadlineExceeded',
  podFailurePolicy: 'PodFailurePolicy',
  maxFailedIndexesExceeded: 'MaxFailedIndexesExceeded',
  failedIndexes: 'FailedIndexes',
  successPolicy: 'SuccessPolicy',
  completionsReached: 'CompletionsReached',
} as const;
