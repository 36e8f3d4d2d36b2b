export { reconcileStatefulSet, statefulSetMaxUnavailable, STATEFULSET_COMPONENT, type StatefulSetInput, type StatefulSetResult } from './statefulset-reconciler';
export {
  parentAndOrdinal, getOrdinal, podName, claimName, isMemberOf, identityMatches, storageMatches, newStatefulSetPod, podClaims, updateIdentity, updateStorage,
  POD_NAME_LABEL, POD_INDEX_LABEL, STATEFULSET_REVISION_LABEL,
} from './stateful-pod-identity';
export { isClaimOwnerUpToDate, claimOwnerRefsFor, hasStaleOwnerRef, hasUnexpectedController, retentionPolicy } from './claim-retention';
export { applyRevision, getStatefulSetRevisions, newStatefulSetRevision } from './statefulset-revisions';
export { replicaCounts, completeRollingUpdate, inconsistentStatus } from './statefulset-status';
