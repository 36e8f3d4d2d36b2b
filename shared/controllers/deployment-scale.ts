import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { DeploymentSync } from './deployment-context';
import { DESIRED_REPLICAS_ANNOTATION, intAnnotation, revisionOf } from './deployment-annotations';
import { MAX_INT32 } from './deployment-conditions';
import { activeReplicaSets, isRollingUpdate, isSaturated, maxSurge, proportion, replicasOf, specReplicaCount } from './rollout-math';

/** deploymentutil.FindActiveOrLatest: the only active ReplicaSet, the newest if none is active, else undefined. */
export function findActiveOrLatest(sync: DeploymentSync, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => sync.byCreation(b, a));
  const active = activeReplicaSets(newRS ? [...newestFirst, newRS] : newestFirst);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** isScalingEvent: some active ReplicaSet was sized for a different spec.replicas (desired-replicas annotation). */
export function isScalingEvent(sync: DeploymentSync, allRSs: ReplicaSet[]): boolean {
  return activeReplicaSets(allRSs).some((rs) => {
    const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    return desired !== undefined && desired !== replicasOf(sync.d);
  });
}

/**
 * scale: resize for a changed spec.replicas. One active ReplicaSet takes it all; a saturated new one
 * means old ones go to 0; otherwise (RollingUpdate) the difference to replicas+maxSurge is spread over
 * active ReplicaSets in proportion to their size (larger first, leftovers to the first).
 */
export function scale(sync: DeploymentSync, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const { d } = sync;
  const replicas = replicasOf(d);
  const only = findActiveOrLatest(sync, newRS, oldRSs);
  if (only) {
    if (replicasOf(only) !== replicas) sync.scaleAndRecord(only, replicas);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) sync.scaleAndRecord(old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = activeReplicaSets(newRS ? [...oldRSs, newRS] : oldRSs);
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - specReplicaCount(all);
  // Equal sizes: scale up newer ReplicaSets first, scale down older ones first.
  if (toAdd > 0) all.sort((a, b) => replicasOf(b) - replicasOf(a) || sync.byCreation(b, a));
  else if (toAdd < 0) all.sort((a, b) => replicasOf(b) - replicasOf(a) || sync.byCreation(a, b));
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return replicasOf(rs);
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return replicasOf(rs) + p;
  });
  all.forEach((rs, i) => {
    let size = sizes[i] as number;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    sync.scaleReplicaSet(rs, size);
  });
}

/**
 * cleanupDeployment: delete the oldest revisions beyond revisionHistoryLimit, only ReplicaSets that are
 * fully scaled down, observed, and not already being deleted.
 */
export function cleanupDeployment(sync: DeploymentSync, oldRSs: ReplicaSet[]): void {
  const limit = sync.d.spec?.revisionHistoryLimit ?? 10;
  if (limit === MAX_INT32) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || sync.byCreation(a, b));
  for (const rs of cleanable.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0) continue;
    if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    sync.delete(rs);
  }
}
