import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { removeCondition, setCondition, getCondition } from './conditions';
import { selectorMatches } from './label-selector';
import { isPodAvailable, isPodReady } from './pod-util';
import { formatTime } from './time';

/** The error of the last attempt to create or delete this ReplicaSet's pods. */
export interface ManageReplicasError {
  message: string;
}

/**
 * replicaset calculateStatus: counts over the active claimed pods, and the ReplicaFailure condition
 * (FailedCreate/FailedDelete) while managing replicas fails. observedGeneration is set by the caller.
 */
export function calculateReplicaSetStatus(rs: ReplicaSet, pods: Pod[], now: number, error?: ManageReplicasError): ReplicaSetStatus {
  const status: ReplicaSetStatus = { ...(rs.status ?? { replicas: 0 }) };
  const template = { matchLabels: rs.spec?.template?.metadata?.labels ?? {} };
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (selectorMatches(template, pod.metadata?.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
  }
  const failure = getCondition(status.conditions, 'ReplicaFailure');
  if (error && !failure) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: ReplicaSetCondition = { type: 'ReplicaFailure', status: 'True', reason, message: error.message, lastTransitionTime: formatTime(now) };
    status.conditions = setCondition(status.conditions, cond);
  } else if (!error && failure) {
    status.conditions = removeCondition(status.conditions, 'ReplicaFailure');
    if (status.conditions.length === 0) delete status.conditions;
  }
  status.replicas = pods.length;
  status.fullyLabeledReplicas = fullyLabeled;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  return status;
}

/** updateReplicaSetStatus's no-op test: nothing changed and the generation was observed. */
export function replicaSetStatusUnchanged(rs: ReplicaSet, status: ReplicaSetStatus): boolean {
  const old = rs.status ?? { replicas: 0 };
  return (
    (old.replicas ?? 0) === status.replicas &&
    (old.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
    (old.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
    (old.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
    (old.observedGeneration ?? 0) === (rs.metadata?.generation ?? 0) &&
    JSON.stringify(old.conditions ?? []) === JSON.stringify(status.conditions ?? [])
  );
}
