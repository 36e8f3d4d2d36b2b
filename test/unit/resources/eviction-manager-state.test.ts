// sameEvictionManagerState: the housekeeping's "did the manager's state change" check, as the
// serialized comparison it replaces (stableStringify drops undefined values and sorts keys).
import { describe, expect, it } from 'vitest';
import { sameEvictionManagerState, type EvictionManagerState } from '../../../shared/nodes';
import { stableStringify } from '../../../shared/apiserver/object-meta';

const T = 1_735_689_600_000;
const state = (first: Record<string, number | undefined>, last: Record<string, number | undefined> = {}) =>
  ({ thresholdsFirstObservedAt: first, nodeConditionsLastObservedAt: last }) as EvictionManagerState;

const rows: { name: string; a: EvictionManagerState | undefined; b: EvictionManagerState | undefined; same: boolean }[] = [
  { name: 'both absent', a: undefined, b: undefined, same: true },
  { name: 'absent and empty', a: undefined, b: state({}), same: false },
  { name: 'both empty', a: state({}), b: state({}), same: true },
  { name: 'same threshold, same time', a: state({ 'memory.available<1Gi': T }), b: state({ 'memory.available<1Gi': T }), same: true },
  { name: 'threshold first seen later', a: state({ 'memory.available<1Gi': T }), b: state({ 'memory.available<1Gi': T + 1 }), same: false },
  { name: 'threshold no longer met', a: state({ 'memory.available<1Gi': T }), b: state({}), same: false },
  { name: 'threshold newly met', a: state({}), b: state({ 'memory.available<1Gi': T }), same: false },
  { name: 'another threshold', a: state({ x: T }), b: state({ y: T }), same: false },
  { name: 'keys in another order', a: state({ x: T, y: T + 1 }), b: state({ y: T + 1, x: T }), same: true },
  { name: 'an undefined value counts as absent', a: state({ x: T, y: undefined }), b: state({ x: T }), same: true },
  { name: 'undefined on the other side', a: state({}), b: state({ y: undefined }), same: true },
  { name: 'condition observed again', a: state({}, { MemoryPressure: T }), b: state({}, { MemoryPressure: T + 10_000 }), same: false },
  { name: 'same condition time', a: state({}, { MemoryPressure: T }), b: state({}, { MemoryPressure: T }), same: true },
  { name: 'the same key in the other record', a: state({ MemoryPressure: T }), b: state({}, { MemoryPressure: T }), same: false },
];

describe('sameEvictionManagerState', () => {
  it.each(rows)('$name', ({ a, b, same }) => {
    expect(sameEvictionManagerState(a, b)).toBe(same);
    expect(sameEvictionManagerState(b, a)).toBe(same);
    // the comparison it replaces in nodeMemoryHousekeeping
    expect(stableStringify(a ?? null) === stableStringify(b ?? null)).toBe(same);
  });
});
