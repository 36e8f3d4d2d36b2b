import type { Node, Taint } from 'kubernetes-types/core/v1';
import { swapTaints, TAINT_KEYS, taintSetDiff } from './taints';

/** nodeConditionToTaintKeyStatusMap: condition type → status → NoSchedule taint key. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_KEYS.notReady, Unknown: TAINT_KEYS.unreachable },
  MemoryPressure: { True: TAINT_KEYS.memoryPressure },
  DiskPressure: { True: TAINT_KEYS.diskPressure },
  NetworkUnavailable: { True: TAINT_KEYS.networkUnavailable },
  PIDPressure: { True: TAINT_KEYS.pidPressure },
};

/** The taint keys this pass owns (taintKeyToNodeConditionMap plus unschedulable). */
const MANAGED_KEYS: ReadonlySet<string> = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), TAINT_KEYS.unschedulable]);

/** What doNoScheduleTaintingPass changes on a node. */
export interface NoScheduleTaintChange {
  add: Taint[];
  remove: Taint[];
  /** The node's whole taint list afterwards (added taints get timeAdded = now); undefined when nothing changes. */
  taints?: Taint[];
}

/**
 * doNoScheduleTaintingPass (TaintNodesByCondition): the NoSchedule taints the node's conditions and
 * spec.unschedulable call for, against the NoSchedule taints with those keys it has; other taints
 * (NoExecute ones, user taints) are kept as they are.
 * @example
 * const { taints } = computeNoScheduleTaints(node, now);
 * if (taints) actions.push(nodeTaintsPatch(node, taints));
 */
export function computeNoScheduleTaints(node: Node, now: number): NoScheduleTaintChange {
  const desired: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) desired.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) desired.push({ key: TAINT_KEYS.unschedulable, effect: 'NoSchedule' });
  const current = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && MANAGED_KEYS.has(t.key));
  const { add, remove } = taintSetDiff(desired, current);
  if (add.length === 0 && remove.length === 0) return { add, remove };
  return { add, remove, taints: swapTaints(node.spec?.taints, add, remove, now) };
}
