import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { DeploymentSync } from './deployment-context';
import { cleanupDeployment } from './deployment-scale';
import { getAllReplicaSetsAndSyncRevision } from './deployment-new-rs';
import { syncRolloutStatus } from './deployment-status';
import { controllerOf } from './owner-refs';
import { activeReplicaSets, actualReplicaCount, availableReplicaCount, deploymentComplete, maxUnavailable, newRSNewReplicas, replicasOf, specReplicaCount } from './rollout-math';

/** reconcileNewReplicaSet: scale the new ReplicaSet up within the surge (or down to spec.replicas). */
export function reconcileNewReplicaSet(sync: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): boolean {
  if (!newRS) return false;
  const replicas = replicasOf(sync.d);
  if (replicasOf(newRS) === replicas) return false;
  if (replicasOf(newRS) > replicas) return sync.scaleAndRecord(newRS, replicas);
  return sync.scaleAndRecord(newRS, newRSNewReplicas(sync.d, allRSs, newRS));
}

/**
 * cleanupUnhealthyReplicas: scale down old ReplicaSets' unavailable pods first, oldest ReplicaSet
 * first, at most `maxCleanup`. Returns how many were scaled down.
 */
function cleanupUnhealthyReplicas(sync: DeploymentSync, oldRSs: ReplicaSet[], maxCleanup: number): number {
  let total = 0;
  for (const rs of [...oldRSs].sort(sync.byCreation)) {
    if (total >= maxCleanup) break;
    const spec = replicasOf(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (spec === 0 || spec === available) continue;
    const n = Math.min(maxCleanup - total, spec - available);
    sync.scaleAndRecord(rs, spec - n);
    total += n;
  }
  return total;
}

/** scaleDownOldReplicaSetsForRollingUpdate: remove old available pods while availability stays ≥ minAvailable. */
function scaleDownOldForRollingUpdate(sync: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const minAvailable = replicasOf(sync.d) - maxUnavailable(sync.d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(sync.byCreation)) {
    if (total >= toScaleDown) break;
    if (replicasOf(rs) === 0) continue;
    const n = Math.min(replicasOf(rs), toScaleDown - total);
    sync.scaleAndRecord(rs, replicasOf(rs) - n);
    total += n;
  }
  return total;
}

/** reconcileOldReplicaSets: how far old ReplicaSets may shrink without breaking maxUnavailable. */
export function reconcileOldReplicaSets(sync: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (specReplicaCount(oldRSs) === 0) return false;
  const allPods = specReplicaCount(allRSs);
  const minAvailable = replicasOf(sync.d) - maxUnavailable(sync.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(sync, oldRSs, maxScaledDown);
  // Upstream counts availability over the active old ReplicaSets and the new one only.
  const scaled = scaleDownOldForRollingUpdate(sync, [...oldRSs, newRS], oldRSs);
  return cleaned + scaled > 0;
}

/** rolloutRolling: scale up the new ReplicaSet, else scale down old ones, else clean up history. */
export function rolloutRolling(sync: DeploymentSync, namespaceRSs: ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(sync, namespaceRSs, true);
  const allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
  if (reconcileNewReplicaSet(sync, allRSs, newRS)) return syncRolloutStatus(sync, allRSs, newRS);
  if (newRS && reconcileOldReplicaSets(sync, allRSs, activeReplicaSets(oldRSs), newRS)) return syncRolloutStatus(sync, allRSs, newRS);
  if (deploymentComplete(sync.d, sync.d.status ?? {})) cleanupDeployment(sync, oldRSs);
  syncRolloutStatus(sync, allRSs, newRS);
}

/** oldPodsRunning: any old ReplicaSet still reports pods, or any non-terminal pod of an old ReplicaSet exists. */
function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], pods: Pod[]): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  const oldUids = new Set(oldRSs.map((rs) => rs.metadata?.uid));
  return pods.some((p) => {
    const owner = controllerOf(p)?.uid;
    if (!owner || owner === newRS?.metadata?.uid || !oldUids.has(owner)) return false;
    const phase = p.status?.phase;
    return phase !== 'Failed' && phase !== 'Succeeded';
  });
}

/** rolloutRecreate: scale every old ReplicaSet to 0, wait for their pods to go, then scale up the new one. */
export function rolloutRecreate(sync: DeploymentSync, namespaceRSs: ReplicaSet[], pods: Pod[]): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(sync, namespaceRSs, false);
  let allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) if (sync.scaleAndRecord(rs, 0)) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(sync, allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, pods)) return syncRolloutStatus(sync, allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(sync, namespaceRSs, true));
    allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
  }
  if (newRS) sync.scaleAndRecord(newRS, replicasOf(sync.d));
  if (deploymentComplete(sync.d, sync.d.status ?? {})) cleanupDeployment(sync, oldRSs);
  syncRolloutStatus(sync, allRSs, newRS);
}
