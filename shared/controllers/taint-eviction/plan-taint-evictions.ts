import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { cancelPodDeletionEvent } from './taint-eviction-events';
import { getMatchingTolerations, getMinTolerationTime, noExecuteTaints } from './tolerations';

/** A scheduled deletion (upstream: a TimedWorker), one entry per pod, keyed `namespace/name`. */
export interface PendingEviction {
  namespace: string;
  name: string;
  uid?: string;
  nodeName: string;
  /** When the deletion was first scheduled; a later re-evaluation keeps the schedule. */
  createdAt: number;
  fireAt: number;
}

/** The key of a pod's scheduled deletion. */
export const evictionKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** What the controller reads for one node. */
export interface TaintEvictionInput {
  /** The node as read now; undefined when it is gone (its pods are left to the pod GC, as upstream). */
  node: Node | undefined;
  /** Every pod bound to the node, as read now. */
  pods: readonly Pod[];
  /** The scheduled deletions of pods on this node, by key. */
  pending: Readonly<Record<string, PendingEviction>>;
  now: number;
}

/** What to do. Apply `cancel` and `scheduleAt` to the stored schedule; evict `deleteNow` with `evictionActions`. */
export interface TaintEvictionPlan {
  /** Pods to evict at once: a NoExecute taint they do not tolerate, or a toleration of 0 s. */
  deleteNow: Pod[];
  /** Deletions to schedule (store them, replacing an entry with the same key). */
  scheduleAt: PendingEviction[];
  /** Keys of scheduled deletions to drop. */
  cancel: string[];
  /** TaintManagerEviction "Cancelling deletion of Pod …" for every dropped schedule. */
  events: Event[];
}

/**
 * The taint eviction controller's handleNodeUpdate/handlePodUpdate for one node, level-triggered:
 * against the node's NoExecute taints, each pod is deleted now (a taint not tolerated), scheduled
 * for deletion at now + the smallest tolerationSeconds of the tolerations matching the taints
 * (getMinTolerationTime), or left alone (tolerated forever); a schedule is kept once made (a longer
 * toleration does not postpone it) and cancelled when the taints go, the pod tolerates them
 * forever, or the pod is gone. Pods already terminating are not evicted again.
 * @example
 * const plan = planTaintEvictions({ node, pods, pending, now });
 * for (const pod of plan.deleteNow) actions.push(...evictionActions(pod, now));
 */
export function planTaintEvictions(input: TaintEvictionInput): TaintEvictionPlan {
  const { node, pods, pending, now } = input;
  const plan: TaintEvictionPlan = { deleteNow: [], scheduleAt: [], cancel: [], events: [] };
  const cancel = (key: string) => {
    const p = pending[key];
    if (!p || plan.cancel.includes(key)) return;
    plan.cancel.push(key);
    plan.events.push(cancelPodDeletionEvent(p.namespace, p.name, now, plan.events.length));
  };

  const present = new Set(pods.map((p) => evictionKey(p.metadata?.namespace ?? '', p.metadata?.name ?? '')));
  for (const key of Object.keys(pending)) if (!present.has(key)) cancel(key);
  if (!node) return plan;

  const noExecute = noExecuteTaints(node.spec?.taints);
  for (const pod of pods) {
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const key = evictionKey(namespace, name);
    if (noExecute.length === 0) {
      cancel(key);
      continue;
    }
    if (pod.metadata?.deletionTimestamp) continue;
    const { allTolerated, used } = getMatchingTolerations(noExecute, pod.spec?.tolerations ?? []);
    if (!allTolerated) {
      cancel(key);
      plan.deleteNow.push(pod);
      continue;
    }
    const min = getMinTolerationTime(used);
    if (min < 0) {
      cancel(key);
      continue;
    }
    const existing = pending[key];
    // Upstream keeps a schedule created before now (createdAt + min < now + min); at the same
    // instant it would cancel and re-add the same schedule, which here would only add noise.
    if (existing && existing.createdAt <= now) continue;
    if (min === 0) {
      plan.deleteNow.push(pod);
      continue;
    }
    plan.scheduleAt.push({ namespace, name, uid: pod.metadata?.uid, nodeName: pod.spec?.nodeName ?? '', createdAt: now, fireAt: now + min });
  }
  return plan;
}
