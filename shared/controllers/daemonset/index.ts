export { reconcileDaemonSet, DAEMONSET_COMPONENT, DAEMONSET_BURST_REPLICAS, type DaemonSetInput, type DaemonSetResult } from './daemonset-reconciler';
export { nodeShouldRunDaemonPod, type ShouldRun } from './node-should-run';
export {
  addDaemonPodTolerations,
  replaceNodeNameAffinity,
  targetNodeName,
  isPodUpdated,
  daemonPodTemplate,
  newDaemonPod,
  DAEMONSET_HASH_LABEL,
  TEMPLATE_GENERATION_LABEL,
} from './daemon-pod';
export { constructHistory, cleanupHistory, matchesDaemonSet, CONTROLLER_REVISIONS } from './daemon-history';
export { rollingUpdate, surgeCount, unavailableCount, allowsSurge, findUpdatedPodsOnNode } from './rolling-update';
export { calculateDaemonSetStatus, byCreationTimestampAndPhase } from './daemon-status';
export { FAILED_PODS_BACKOFF, inBackoff, nextBackoff, gcBackoff, type BackoffEntries, type BackoffEntry } from './failed-pods-backoff';
