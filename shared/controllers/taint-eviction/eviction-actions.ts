import type { Pod } from 'kubernetes-types/core/v1';
import { PODS, type Action } from '../actions';
import { podStatusUpdate } from '../node-lifecycle/node-actions';
import { updatePodCondition } from '../node-lifecycle/pod-condition';
import type { PendingEviction } from './plan-taint-evictions';
import { podDeletionEvent } from './taint-eviction-events';

/**
 * deletePodHandler + addConditionAndDeletePod for a pod read just now: the TaintManagerEviction
 * "Marking for deletion" event, the DisruptionTarget=True condition (reason DeletionByTaintManager)
 * when not already set, then the delete (guarded by the pod's uid so a re-created namesake survives).
 */
export function evictionActions(pod: Pod, now: number): Action[] {
  const namespace = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  const actions: Action[] = [{ kind: 'event', event: podDeletionEvent(namespace, name, now) }];
  const { conditions, changed } = updatePodCondition(
    pod.status?.conditions,
    { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' },
    now,
  );
  if (changed) actions.push(podStatusUpdate({ ...pod, status: { ...pod.status, conditions } }));
  actions.push({ kind: 'delete', resource: PODS, namespace, name, preconditions: pod.metadata?.uid ? { uid: pod.metadata.uid } : undefined });
  return actions;
}

/** The scheduled deletions due at `now`, earliest first. */
export function dueEvictions(pending: Iterable<PendingEviction>, now: number): PendingEviction[] {
  return [...pending].filter((p) => p.fireAt <= now).sort((a, b) => a.fireAt - b.fireAt);
}

/** When the next scheduled deletion fires (for the alarm); undefined when none is scheduled. */
export function nextEvictionAt(pending: Iterable<PendingEviction>): number | undefined {
  let next: number | undefined;
  for (const p of pending) if (next === undefined || p.fireAt < next) next = p.fireAt;
  return next;
}
