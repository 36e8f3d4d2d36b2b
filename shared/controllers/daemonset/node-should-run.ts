import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { findUntoleratedTaint, matchesRequiredNodeAffinity } from '../../nodes/node-affinity';
import { addDaemonPodTolerations } from './daemon-pod';

/** What NodeShouldRunDaemonPod answers for one node. */
export interface ShouldRun {
  /** A daemon pod should be created here if there is none. */
  shouldRun: boolean;
  /** A daemon pod already here may stay (it tolerates the node's NoExecute taints). */
  shouldContinueRunning: boolean;
}

/** NewPod: the template as a pod on `nodeName`, with the daemon tolerations, for the predicates. */
function probePod(ds: DaemonSet, nodeName: string): Pod {
  const spec = structuredClone(ds.spec?.template?.spec ?? { containers: [] });
  spec.nodeName = nodeName;
  addDaemonPodTolerations(spec);
  return { metadata: { ...(ds.spec?.template?.metadata ?? {}), namespace: ds.metadata?.namespace }, spec };
}

/**
 * NodeShouldRunDaemonPod: the template's nodeName (if any) is this node, its node selector and required
 * affinity match, and no NoSchedule/NoExecute taint is left untolerated; a node with only untolerated
 * NoSchedule taints keeps the pods already there.
 * @example nodeShouldRunDaemonPod(node, ds) // { shouldRun: true, shouldContinueRunning: true }
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): ShouldRun {
  const name = node.metadata?.name ?? '';
  const fixed = ds.spec?.template?.spec?.nodeName;
  if (fixed && fixed !== name) return { shouldRun: false, shouldContinueRunning: false };
  const pod = probePod(ds, name);
  if (!matchesRequiredNodeAffinity(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints;
  const tolerations = pod.spec?.tolerations;
  if (findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule')) {
    return { shouldRun: false, shouldContinueRunning: !findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute') };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
