import { mayHaveChanged, type ChangeNotice } from '../apiserver/change-notice';

/**
 * Which pod notices each node-side controller acts on, from what the notice says changed
 * (ChangeNotice.changed). Upstream's informer handlers compare the old and new pod before they
 * queue anything; these are the same comparisons, made where the store commits, so a write a
 * controller ignores costs it no RPC, queued key or read. A notice whose change is unknown (no
 * `changed`: ADDED, DELETED, replayed after a store restart) always passes.
 */

/**
 * The node lifecycle controller's podUpdated (node_lifecycle_controller.go): a pod is queued when it
 * is bound (`spec.nodeName` set) and is new or its nodeName differs from the old pod's; a deletion
 * queues nothing (podDeleted is not handled). Pods being deleted are left out as before (processPod
 * would mark a terminating pod not ready for nothing).
 *
 * Its processPod then changes only a pod whose Ready condition exists and is not False yet
 * (MarkPodsNotReady skips a pod without one and rewrites nothing for one already False), so the notice's
 * `ready` decides that here, on the pod as bound: a pod is bound before any kubelet reports its
 * conditions, so this drops every binding on a kubelet-less node without a read. Upstream's worker reads
 * the pod from its informer a moment later; a kubelet status write in between (which podUpdated does not
 * queue) is the only thing it could see that this does not.
 */
export function nodeLifecycleHearsPod(n: ChangeNotice): boolean {
  if (!n.nodeName || n.type === 'DELETED' || n.deleting) return false;
  if (n.ready === undefined || n.ready === 'False') return false;
  return n.type === 'ADDED' || mayHaveChanged(n, 'spec.nodeName');
}

/**
 * The taint eviction controller's PodUpdated (taint_eviction.go): additions and deletions are queued;
 * an update only when the tolerations (Semantic.DeepEqual) or `spec.nodeName` differ. Only bound pods
 * matter (handlePodUpdate returns for a pod with no node).
 */
export function taintEvictionHearsPod(n: ChangeNotice): boolean {
  if (!n.nodeName) return false;
  return n.type !== 'MODIFIED' || mayHaveChanged(n, 'spec.tolerations', 'spec.nodeName');
}

/** The field manager, with its subresource, of the simulated kubelets' pod status writes. */
export const KUBELET_STATUS_WRITER = 'kubelet/status';

/**
 * The simulated kubelet's pod notices. Its reconcile reads the pod's uid, nodeName, deletionTimestamp,
 * annotations (its workload profile), spec (containers, volumes, resources) and status (it writes
 * what its step computes when that differs), so it hears every change of a bound pod except the
 * echo of its own status write: an update whose only change is `status` and whose only writer, by
 * managedFields, is the kubelet's status entry. Upstream's kubelet drops more: its pod config passes
 * an update on only when podsDifferSemantically (spec, labels, annotations, deletionTimestamp,
 * deletionGracePeriodSeconds), any status-only update included. This one keeps a status write by
 * anyone else (node lifecycle's Ready=False, an eviction's DisruptionTarget), since its reconcile
 * rewrites a status that differs from its step's; and one whose writer managedFields cannot tell
 * (the writer's entry unchanged: the same fields within the same second).
 */
export function kubeletHearsPod(n: ChangeNotice): boolean {
  if (!n.nodeName) return false;
  if (n.type !== 'MODIFIED' || !n.changed) return true;
  const { parts, writers } = n.changed;
  const ownStatusEcho = parts.length > 0 && parts.every((p) => p === 'status') && writers.length > 0 && writers.every((w) => w === KUBELET_STATUS_WRITER);
  return !ownStatusEcho;
}
