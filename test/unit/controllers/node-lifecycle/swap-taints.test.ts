// swapTaints (SwapNodeControllerTaint over a list) and inZoneQueue, the checks that let a Ready node's
// markNodeAsReachable change nothing and copy nothing.
import { describe, expect, it } from 'vitest';
import type { Taint } from 'kubernetes-types/core/v1';
import { NOT_READY_NO_EXECUTE, swapTaints, TAINT_KEYS, UNREACHABLE_NO_EXECUTE } from '../../../../shared/controllers/node-lifecycle/taints';
import { inZoneQueue, type NodeLifecycleStores } from '../../../../shared/controllers/node-lifecycle/lifecycle-stores';
import { prefixedStore, recordStore } from '../../../../shared/controllers/node-lifecycle/entry-store';
import { RateLimitedTimedQueue } from '../../../../shared/controllers/node-lifecycle/rate-limited-queue';

const now = Date.UTC(2017, 1, 1, 12);
const stamped = (t: Taint) => ({ ...t, timeAdded: '2017-02-01T12:00:00Z' });
const unschedulable: Taint = { key: TAINT_KEYS.unschedulable, effect: 'NoSchedule' };
const both = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE];

describe('swapTaints', () => {
  it.each<[string, Taint[] | undefined, Taint[], Taint[], Taint[] | undefined]>([
    ['no taints, removals only: unchanged', undefined, [], both, undefined],
    ['an empty list, removals only: unchanged', [], [], both, undefined],
    ['another taint, removals only: unchanged', [unschedulable], [], both, undefined],
    ['unreachable removed', [unschedulable, stamped(UNREACHABLE_NO_EXECUTE)], [], both, [unschedulable]],
    ['both removed', [stamped(NOT_READY_NO_EXECUTE), stamped(UNREACHABLE_NO_EXECUTE)], [], both, []],
    ['the same taint with a value other than the removal\'s is still removed (key and effect)', [{ ...UNREACHABLE_NO_EXECUTE, value: 'x' }], [], both, []],
    ['nothing to add or remove', [unschedulable], [], [], undefined],
    ['added when missing', undefined, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], [stamped(UNREACHABLE_NO_EXECUTE)]],
    ['swapped', [stamped(NOT_READY_NO_EXECUTE)], [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], [stamped(UNREACHABLE_NO_EXECUTE)]],
    ['already there with the same time: unchanged', [stamped(UNREACHABLE_NO_EXECUTE)], [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE], undefined],
  ])('%s', (_name, taints, add, remove, want) => {
    const before = structuredClone(taints);
    expect(swapTaints(taints, add, remove, now)).toEqual(want);
    expect(taints).toEqual(before);
  });
});

describe('inZoneQueue', () => {
  const stores = (): NodeLifecycleStores => ({ health: recordStore(), zones: recordStore(), queue: recordStore() });
  it('is whether the zone queue holds the node, queued or processed, and only in that zone', () => {
    const s = stores();
    const q = new RateLimitedTimedQueue(prefixedStore(s.queue, 'z1/'), RateLimitedTimedQueue.newLimiter(0.1, now));
    expect(inZoneQueue(s, 'z1', 'node0')).toBe(false);
    q.add('node0', 'uid0', now);
    expect(inZoneQueue(s, 'z1', 'node0')).toBe(true);
    expect(inZoneQueue(s, 'z2', 'node0')).toBe(false);
    expect(inZoneQueue(s, 'z1', 'node1')).toBe(false);
    q.try(now, () => ({ done: true }));
    expect(inZoneQueue(s, 'z1', 'node0')).toBe(true); // processed: still in the set, as q.has says
    expect(q.has('node0')).toBe(true);
    q.remove('node0');
    expect(inZoneQueue(s, 'z1', 'node0')).toBe(false);
  });
});
