import type { Node, Taint } from 'kubernetes-types/core/v1';
import { NOT_READY_NO_EXECUTE, taintExists, UNREACHABLE_NO_EXECUTE } from './taints';

/**
 * processTaintBaseEviction's decision from the Ready status observed at the start of the pass:
 * - swap: the node already has the opposite NoExecute taint — replace it at once (not rate limited);
 * - enqueue: add the node to its zone's tainting queue; `requeue` when the taint for this status is
 *   missing, so a node whose taint was removed by hand is queued afresh (markNodeForTainting);
 * - markReachable: Ready again — remove both NoExecute taints and drop the node from the queue.
 */
export type TaintBasedEviction =
  | { kind: 'swap'; add: Taint; remove: Taint }
  | { kind: 'enqueue'; requeue: boolean }
  | { kind: 'markReachable' };

/** The NoExecute taint for a Ready status (False → not-ready, Unknown → unreachable) and its opposite. */
export function noExecuteTaintFor(readyStatus: string | undefined): { add: Taint; remove: Taint } | undefined {
  if (readyStatus === 'False') return { add: NOT_READY_NO_EXECUTE, remove: UNREACHABLE_NO_EXECUTE };
  if (readyStatus === 'Unknown') return { add: UNREACHABLE_NO_EXECUTE, remove: NOT_READY_NO_EXECUTE };
  return undefined;
}

/** processTaintBaseEviction as a decision; undefined for a status it ignores. */
export function taintBasedEviction(node: Node, observedReadyStatus: string): TaintBasedEviction | undefined {
  if (observedReadyStatus === 'True') return { kind: 'markReachable' };
  const pair = noExecuteTaintFor(observedReadyStatus);
  if (!pair) return undefined;
  const taints = node.spec?.taints;
  if (taintExists(taints, pair.remove)) return { kind: 'swap', ...pair };
  return { kind: 'enqueue', requeue: !taintExists(taints, pair.add) };
}
