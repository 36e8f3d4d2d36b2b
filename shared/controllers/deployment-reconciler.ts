import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { REPLICA_SETS, type ReconcileResult } from './actions';
import { getCondition, setCondition } from './conditions';
import { DeploymentSync } from './deployment-context';
import { REASONS, hasProgressDeadline, newDeploymentCondition } from './deployment-conditions';
import { getAllReplicaSetsAndSyncRevision } from './deployment-new-rs';
import { rolloutRecreate, rolloutRolling } from './deployment-rolling';
import { cleanupDeployment, isScalingEvent, scale } from './deployment-scale';
import { syncDeploymentStatus } from './deployment-status';
import { selectorIsEmpty, selectorMatches } from './label-selector';
import { claimObjects, newControllerRef } from './owner-refs';
import { isRollingUpdate } from './rollout-math';

/** What the Deployment reconciler observes. */
export interface DeploymentInput {
  deployment: Deployment;
  /** Every ReplicaSet in the deployment's namespace. */
  replicaSets: ReplicaSet[];
  /** Pods of the namespace (only Recreate looks at them: it waits for old pods to stop). */
  pods: Pod[];
  now: number;
}

/** checkPausedConditions: Progressing=Unknown DeploymentPaused/DeploymentResumed, never over a timeout. */
function checkPausedConditions(sync: DeploymentSync): void {
  const { d, now } = sync;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status!.conditions, 'Progressing');
  if (cond?.reason === REASONS.timedOut) return;
  const pausedCond = cond?.reason === REASONS.paused;
  if (d.spec?.paused && !pausedCond) {
    d.status!.conditions = setCondition(d.status!.conditions, newDeploymentCondition('Progressing', 'Unknown', REASONS.paused, 'Deployment is paused', now));
  } else if (!d.spec?.paused && pausedCond) {
    d.status!.conditions = setCondition(d.status!.conditions, newDeploymentCondition('Progressing', 'Unknown', REASONS.resumed, 'Deployment is resumed', now));
  }
}

/** sync: the paused / scaling path. Scales proportionally, cleans history when paused, writes status. */
function syncScaling(sync: DeploymentSync, namespaceRSs: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(sync, namespaceRSs, false);
  scale(sync, newRS, oldRSs);
  if (sync.d.spec?.paused) cleanupDeployment(sync, oldRSs);
  syncDeploymentStatus(sync, newRS ? [...oldRSs, newRS] : oldRSs, newRS);
}

/**
 * syncDeployment as a pure function: claim ReplicaSets (adopt/release by selector), then — unless
 * deleting (status only) — pause, scaling or rollout (RollingUpdate/Recreate), history cleanup and
 * status with Progressing/Available conditions. A rollback (`kubectl rollout undo`) is a template
 * change back to an old ReplicaSet's template: that ReplicaSet becomes the new one with the next revision.
 */
export function reconcileDeployment(input: DeploymentInput): ReconcileResult {
  const d = input.deployment;
  const namespace = d.metadata?.namespace ?? '';
  const namespaceRSs = input.replicaSets.filter((rs) => (rs.metadata?.namespace ?? '') === namespace);

  if (selectorIsEmpty(d.spec?.selector)) {
    const sync = new DeploymentSync(d, [], input.now);
    sync.event('Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) sync.d.status!.observedGeneration = d.metadata?.generation;
    return { actions: sync.actions() };
  }

  const claim = claimObjects(d, newControllerRef(d, 'apps/v1', 'Deployment'), REPLICA_SETS, namespaceRSs, (rs) =>
    selectorMatches(d.spec?.selector, rs.metadata?.labels),
  );
  const sync = new DeploymentSync(d, claim.claimed, input.now);
  sync.prelude.push(...claim.patches);

  if (d.metadata?.deletionTimestamp) {
    const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(sync, namespaceRSs, false);
    syncDeploymentStatus(sync, newRS ? [...oldRSs, newRS] : oldRSs, newRS);
  } else {
    checkPausedConditions(sync);
    if (d.spec?.paused || isScalingEvent(sync, sync.rss)) syncScaling(sync, namespaceRSs);
    else if (isRollingUpdate(d)) rolloutRolling(sync, namespaceRSs);
    else rolloutRecreate(sync, namespaceRSs, input.pods);
  }
  const actions = sync.actions();
  return sync.requeueAfterMs === undefined ? { actions } : { actions, requeueAfterMs: sync.requeueAfterMs };
}
