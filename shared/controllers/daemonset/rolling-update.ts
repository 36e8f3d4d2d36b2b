import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { isPodAvailable } from '../pod-util';
import { scaledValue } from '../rollout-math';
import { isPodUpdated, templateGeneration } from './daemon-pod';

/** util.SurgeCount: maxSurge of `n` (rounded up), 0 unless RollingUpdate with maxSurge set. */
export function surgeCount(ds: DaemonSet, n: number): number {
  const s = ds.spec?.updateStrategy;
  if (s?.type !== 'RollingUpdate' || s.rollingUpdate?.maxSurge === undefined) return 0;
  return scaledValue(s.rollingUpdate.maxSurge, n, true);
}

/** util.UnavailableCount: maxUnavailable of `n` (rounded up), 0 unless RollingUpdate. */
export function unavailableCount(ds: DaemonSet, n: number): number {
  const s = ds.spec?.updateStrategy;
  if (s?.type !== 'RollingUpdate' || !s.rollingUpdate) return 0;
  return scaledValue(s.rollingUpdate.maxUnavailable, n, true);
}

/** util.AllowsSurge: more than one pod may run on a node during an update. */
export function allowsSurge(ds: DaemonSet): boolean {
  return surgeCount(ds, 1) > 0;
}

/**
 * findUpdatedPodsOnNode: the node's one new and one old non-deleted pod; `ok` is false when there
 * are more of either (the manage loop prunes those first).
 */
export function findUpdatedPodsOnNode(ds: DaemonSet, pods: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  const generation = templateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}

/** What a rolling update step asks for. */
export interface RollingStep {
  podsToDelete: string[];
  nodesToCreate: string[];
}

export interface RollingInput {
  ds: DaemonSet;
  hash: string;
  now: number;
  /** Pods per node name, with an empty entry for every node that should run a pod but has none. */
  nodeToDaemonPods: ReadonlyMap<string, readonly Pod[]>;
  /** nodeShouldRunDaemonPod(node).shouldRun for nodes that exist. */
  shouldRun: (nodeName: string) => boolean;
  desiredNumberScheduled: number;
}

/**
 * rollingUpdate (daemon/update.go). Without surge: delete old pods so that at most maxUnavailable nodes
 * lack an available pod (old unavailable pods always go), and let manage create the new ones. With surge:
 * create new pods beside old ones (at once where the old pod is unavailable, else up to maxSurge at a time)
 * and delete each old pod once its replacement is available.
 */
export function rollingUpdate(input: RollingInput): RollingStep {
  const { ds, hash, now } = input;
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p, minReady, now);
  let maxUnavailable = unavailableCount(ds, input.desiredNumberScheduled);
  const maxSurge = surgeCount(ds, input.desiredNumberScheduled);
  // an impossible configuration (both 0) falls back to accepting unavailability
  if (input.desiredNumberScheduled > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const nodes = [...input.nodeToDaemonPods.keys()].sort();

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowedReplacementPods: string[] = [];
    const candidatePodsToDelete: string[] = [];
    for (const nodeName of nodes) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, input.nodeToDaemonPods.get(nodeName)!, hash);
      if (!ok) {
        numUnavailable++;
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (!available(oldPod!)) {
        allowedReplacementPods.push(oldPod!.metadata?.name ?? '');
        numUnavailable++;
      } else if (numUnavailable < maxUnavailable) {
        candidatePodsToDelete.push(oldPod!.metadata?.name ?? '');
      }
    }
    const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), candidatePodsToDelete.length);
    return { podsToDelete: [...allowedReplacementPods, ...candidatePodsToDelete.slice(0, remaining)], nodesToCreate: [] };
  }

  const oldPodsToDelete: string[] = [];
  const shouldNotRunPodsToDelete: string[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const nodeName of nodes) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(ds, input.nodeToDaemonPods.get(nodeName)!, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod && available(newPod)) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!input.shouldRun(nodeName)) oldPodsToDelete.push(oldPod.metadata?.name ?? '');
        else allowedNewNodes.push(nodeName);
        continue;
      }
      if (!input.shouldRun(nodeName)) {
        shouldNotRunPodsToDelete.push(oldPod.metadata?.name ?? '');
        continue;
      }
      if (numSurge >= maxSurge) continue;
      candidateNewNodes.push(nodeName);
      continue;
    }
    // already surged here: wait for the new pod, then retire the old one
    if (!available(newPod)) {
      numSurge++;
      continue;
    }
    oldPodsToDelete.push(oldPod.metadata?.name ?? '');
  }
  // with surge the owner expects full availability: a pod leaving a node that no longer fits goes only
  // once enough pods elsewhere are available
  const deletable = Math.min(numAvailable - input.desiredNumberScheduled, shouldNotRunPodsToDelete.length);
  if (deletable > 0) oldPodsToDelete.push(...shouldNotRunPodsToDelete.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(maxSurge - numSurge, 0), candidateNewNodes.length);
  return { podsToDelete: oldPodsToDelete, nodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)] };
}
