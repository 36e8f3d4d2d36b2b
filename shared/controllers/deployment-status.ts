import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1';
import { getCondition, removeCondition, setCondition } from './conditions';
import type { DeploymentSync } from './deployment-context';
import { REASONS, hasProgressDeadline, newDeploymentCondition } from './deployment-conditions';
import {
  actualReplicaCount,
  availableReplicaCount,
  deploymentComplete,
  deploymentProgressing,
  maxUnavailable,
  readyReplicaCount,
  replicasOf,
  specReplicaCount,
} from './rollout-math';
import { parseTime } from './time';

/** calculateStatus: counts from the ReplicaSets and the Available condition. */
export function calculateDeploymentStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined, now: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: newRS ? actualReplicaCount([newRS]) : 0,
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicaCount(allRSs) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  status.conditions = [...(d.status?.conditions ?? [])];
  const cond =
    available >= replicasOf(d) - maxUnavailable(d)
      ? newDeploymentCondition('Available', 'True', REASONS.minimumReplicasAvailable, 'Deployment has minimum availability.', now)
      : newDeploymentCondition('Available', 'False', REASONS.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', now);
  status.conditions = setCondition(status.conditions, cond);
  return status;
}

/** syncDeploymentStatus: status from the ReplicaSets, conditions other than Available untouched. */
export function syncDeploymentStatus(sync: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): void {
  sync.d.status = calculateDeploymentStatus(sync.d, allRSs, newRS, sync.now);
}

/** deploymentutil.DeploymentTimedOut: no progress recorded for progressDeadlineSeconds. */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(status.conditions, 'Progressing');
  if (!cond || cond.reason === REASONS.newRSAvailable) return false;
  if (cond.reason === REASONS.timedOut) return true;
  const from = parseTime(cond.lastUpdateTime) ?? 0;
  return from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 < now;
}

/** ReplicaSetToDeploymentCondition. */
function fromReplicaSetCondition(c: NonNullable<NonNullable<ReplicaSet['status']>['conditions']>[number]): DeploymentCondition {
  return { type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime, reason: c.reason, message: c.message };
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure conditions, else any old one's. */
function replicaFailures(allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const of = (rs: ReplicaSet) => (rs.status?.conditions ?? []).filter((c) => c.type === 'ReplicaFailure').map(fromReplicaSetCondition);
  const fromNew = newRS ? of(newRS) : [];
  return fromNew.length ? fromNew : allRSs.flatMap(of);
}

/**
 * syncRolloutStatus: the status plus the Progressing condition (NewReplicaSetAvailable,
 * ReplicaSetUpdated refreshing lastUpdateTime on progress, ProgressDeadlineExceeded) and
 * ReplicaFailure; requeues for the moment the deadline would pass.
 */
export function syncRolloutStatus(sync: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): void {
  const { d, now } = sync;
  const status = calculateDeploymentStatus(d, allRSs, newRS, now);
  if (!hasProgressDeadline(d)) status.conditions = removeCondition(status.conditions, 'Progressing');
  const current = getCondition(d.status?.conditions, 'Progressing');
  const isComplete = status.replicas === status.updatedReplicas && current?.reason === REASONS.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata?.name}"` : `Deployment "${d.metadata?.name}"`;
    if (deploymentComplete(d, status)) {
      const cond = newDeploymentCondition('Progressing', 'True', REASONS.newRSAvailable, `${subject} has successfully progressed.`, now);
      status.conditions = setCondition(status.conditions, cond);
    } else if (deploymentProgressing(d, status)) {
      // Progress refreshes lastUpdateTime even when the reason is unchanged, which setCondition would skip.
      const cond = newDeploymentCondition('Progressing', 'True', REASONS.rsUpdated, `${subject} is progressing.`, now);
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      status.conditions = [...removeCondition(status.conditions, 'Progressing'), cond];
    } else if (deploymentTimedOut(d, status, now)) {
      const cond = newDeploymentCondition('Progressing', 'False', REASONS.timedOut, `${subject} has timed out progressing.`, now);
      status.conditions = setCondition(status.conditions, cond);
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  status.conditions = failures.length ? setCondition(status.conditions, failures[0] as DeploymentCondition) : removeCondition(status.conditions, 'ReplicaFailure');
  d.status = status;
  requeueStuckDeployment(sync, status);
}

/** requeueStuckDeployment: wake up when lastUpdateTime + progressDeadlineSeconds passes. */
function requeueStuckDeployment(sync: DeploymentSync, status: DeploymentStatus): void {
  const { d, now } = sync;
  const cond = getCondition(status.conditions, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return;
  if (deploymentComplete(d, status) || cond.reason === REASONS.timedOut) return;
  const after = (parseTime(cond.lastUpdateTime) ?? now) + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 - now;
  // Timestamps have second precision and the deadline test is strict: wake just after it.
  sync.requeue(after < 1000 ? 1000 : after + 1);
}
