import type { Node, NodeCondition, Pod, Taint } from 'kubernetes-types/core/v1';
import { PODS, type GroupResource, type PatchAction, type UpdateAction } from '../actions';
import { asKube } from '../object-like';

export const NODES: GroupResource = { group: '', plural: 'nodes' };

/** UpdateStatus of the node with `conditions` (its resourceVersion as read is the precondition). */
export function nodeStatusUpdate(node: Node, conditions: NodeCondition[]): UpdateAction {
  return { kind: 'updateStatus', resource: NODES, namespace: '', object: asKube({ ...node, status: { ...node.status, conditions } } as Node) };
}

/**
 * A node status update decided on a cut-down node (lifecycleNode) laid onto the node read afresh:
 * the fresh node's whole status with the decided conditions, preconditioned on the resourceVersion
 * the decision saw (so a node changed since conflicts, as the update on the whole node would).
 */
export function statusUpdateOnto(action: UpdateAction, fresh: Node): UpdateAction {
  const decided = action.object as unknown as Node;
  const node: Node = { ...fresh, metadata: { ...fresh.metadata, resourceVersion: decided.metadata?.resourceVersion } };
  return nodeStatusUpdate(node, decided.status?.conditions ?? []);
}

/**
 * PatchNodeTaints: spec.taints replaced whole (the list has no merge key), guarded by the node's
 * uid and resourceVersion so a taint change read from a stale node conflicts instead of winning.
 * `guardResourceVersion: false` leaves the resourceVersion out, for a patch that follows a status
 * write of the same node in the same pass (that write moves the resourceVersion on).
 */
export function nodeTaintsPatch(node: Node, taints: Taint[], guardResourceVersion = true): PatchAction {
  return {
    kind: 'patch',
    resource: NODES,
    namespace: '',
    name: node.metadata?.name ?? '',
    patchType: 'application/merge-patch+json',
    patch: {
      metadata: guardResourceVersion ? { uid: node.metadata?.uid, resourceVersion: node.metadata?.resourceVersion } : { uid: node.metadata?.uid },
      spec: { taints },
    },
  };
}

/** UpdateStatus of a pod as modified (MarkPodsNotReady, the DisruptionTarget condition). */
export function podStatusUpdate(pod: Pod): UpdateAction {
  return { kind: 'updateStatus', resource: PODS, namespace: pod.metadata?.namespace ?? 'default', object: asKube(pod) };
}
