import type { Event, Pod } from 'kubernetes-types/core/v1';
import { makeEvent } from '../events';
import { NODE_CONTROLLER_COMPONENT } from './config';
import type { NodeHealthData } from './node-health';
import { updatePodCondition } from './pod-condition';

/** What MarkPodsNotReady does: the pods to write with UpdateStatus, and the events after each write. */
export interface PodsNotReadyPlan {
  /** Pods with Ready=False, to write with UpdateStatus (resourceVersion as read; NotFound means gone — skip). */
  updates: Pod[];
  /** Warning NodeNotReady "Node is not ready" per updated pod, to record after its write succeeded. */
  events: Event[];
}

/**
 * MarkPodsNotReady: every pod bound to `nodeName` whose Ready condition is not already False gets
 * Ready=False (other fields of the condition kept, lastTransitionTime now). Pods without a Ready
 * condition are left alone.
 */
export function markPodsNotReady(pods: readonly Pod[], nodeName: string, now: number): PodsNotReadyPlan {
  const updates: Pod[] = [];
  const events: Event[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready) continue;
    const { conditions, changed } = updatePodCondition(pod.status?.conditions, { ...ready, status: 'False' }, now);
    if (!changed) continue;
    const copy = structuredClone(pod);
    const updated: Pod = { ...copy, status: { ...copy.status, conditions } };
    updates.push(updated);
    events.push(makeEvent(updated, 'Warning', 'NodeNotReady', 'Node is not ready', NODE_CONTROLLER_COMPONENT, now, events.length));
  }
  return { updates, events };
}

/**
 * processPod: a pod just bound to a node is marked not ready (markPodsNotReady with that one pod)
 * when the node's last observed Ready condition exists and is not True. No health data or no Ready
 * condition yet: the next monitor pass handles the node.
 */
export function podNeedsNotReady(nodeHealth: NodeHealthData | undefined): boolean {
  return nodeHealth?.ready !== undefined && nodeHealth.ready.status !== 'True';
}

/**
 * processPod (node_lifecycle_controller.go) for the one pod a notice named, read afresh (undefined:
 * gone): MarkPodsNotReady with just that pod when the node's last observed Ready condition exists and
 * is not True. Upstream reads the pod from its lister and never lists the node's other pods here.
 */
export function processPod(pod: Pod | undefined, nodeName: string, nodeHealth: NodeHealthData | undefined, now: number): PodsNotReadyPlan {
  if (!pod || !podNeedsNotReady(nodeHealth)) return { updates: [], events: [] };
  return markPodsNotReady([pod], nodeName, now);
}

/**
 * The field selector of the one pod list a monitor pass makes for the nodes it lost (upstream reads
 * them from the pod informer's node index, no API call): that node's pods when it lost one, every
 * bound pod when several. A list crosses every namespace store, so one list per lost node cost a
 * pass that lost hundreds (a zone going dark, thousands of kubelet-less nodes) hundreds of scans of
 * every pod; one list of the bound pods costs one. Undefined when it lost none.
 */
export function lostNodesPodSelector(lost: readonly string[]): string | undefined {
  if (lost.length === 0) return undefined;
  return lost.length === 1 ? `spec.nodeName=${lost[0]}` : 'spec.nodeName!=';
}

/** The pods of a list, by the node each is bound to, for the nodes asked only. */
export function podsOfNodes(pods: readonly Pod[], nodes: readonly string[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>(nodes.map((n) => [n, []]));
  for (const pod of pods) out.get(pod.spec?.nodeName ?? '')?.push(pod);
  return out;
}
