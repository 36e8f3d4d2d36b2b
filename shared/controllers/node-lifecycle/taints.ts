import type { Taint } from 'kubernetes-types/core/v1';
import { formatTime } from '../time';

/** The well-known taint keys the node lifecycle controller manages (k8s.io/api core/v1 well_known_taints.go). */
export const TAINT_KEYS = {
  notReady: 'node.kubernetes.io/not-ready',
  unreachable: 'node.kubernetes.io/unreachable',
  unschedulable: 'node.kubernetes.io/unschedulable',
  memoryPressure: 'node.kubernetes.io/memory-pressure',
  diskPressure: 'node.kubernetes.io/disk-pressure',
  pidPressure: 'node.kubernetes.io/pid-pressure',
  networkUnavailable: 'node.kubernetes.io/network-unavailable',
} as const;

/** UnreachableTaintTemplate: Ready=Unknown for longer than the grace period. */
export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_KEYS.unreachable, effect: 'NoExecute' };
/** NotReadyTaintTemplate: Ready=False. */
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_KEYS.notReady, effect: 'NoExecute' };

/** v1.Taint.MatchTaint: same key and effect (the value does not count). */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** taints.TaintExists: a taint with the same key and effect is in the list. */
export function taintExists(taints: readonly Taint[] | undefined, find: Taint): boolean {
  return (taints ?? []).some((t) => matchTaint(t, find));
}

/** taints.TaintSetDiff: what to add to `current` and remove from it to reach `desired` (by key and effect). */
export function taintSetDiff(desired: readonly Taint[], current: readonly Taint[]): { add: Taint[]; remove: Taint[] } {
  return {
    add: desired.filter((t) => !taintExists(current, t)),
    remove: current.filter((t) => !taintExists(desired, t)),
  };
}

/**
 * SwapNodeControllerTaint over a taint list: each taint of `add` gets timeAdded = now and replaces a
 * taint with its key and effect (or is appended), then every taint matching `remove` goes. Returns
 * the new list, or undefined when nothing changed (no patch needed).
 */
export function swapTaints(taints: readonly Taint[] | undefined, add: readonly Taint[], remove: readonly Taint[], now: number): Taint[] | undefined {
  // only removals, none of them there (a Ready node marked reachable every pass): nothing to change, nothing copied
  if (!add.length && !remove.some((r) => taintExists(taints, r))) return undefined;
  const timeAdded = add.length > 0 ? formatTime(now) : undefined;
  let next = [...(taints ?? [])];
  let changed = false;
  for (const t of add) {
    const stamped = { ...t, timeAdded };
    const i = next.findIndex((x) => matchTaint(x, t));
    const old = next[i];
    // AddOrUpdateTaint leaves an identical taint alone (same value and timeAdded).
    if (old && (old.value ?? '') === (t.value ?? '') && old.timeAdded === timeAdded) continue;
    if (i < 0) next.push(stamped);
    else next[i] = stamped;
    changed = true;
  }
  if (remove.some((r) => taintExists(next, r))) {
    next = next.filter((x) => !remove.some((r) => matchTaint(x, r)));
    changed = true;
  }
  return changed ? next : undefined;
}
