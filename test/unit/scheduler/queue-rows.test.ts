import { describe, expect, test } from 'vitest';
import {
  add,
  addNew,
  createQueue,
  done,
  onClusterEvent,
  pop,
  prune,
  queuedKeys,
  queueLengths,
  queueMeta,
  queueRows,
  remove,
  requeueUnschedulable,
  restoreQueue,
  takeDirty,
  type QueueState,
} from '../../../shared/scheduler';
import { pod } from './fixtures';

/** Every pod's row, as a Durable Object holding one row per pending pod would. */
function rowsOf(q: QueueState) {
  return [...queueRows(q, queuedKeys(q)).values()].map((r) => r!);
}

function drain(q: QueueState, now: number): string[] {
  const keys: string[] = [];
  for (let p = pop(q, now); p; p = pop(q, now)) keys.push(p.key);
  return keys;
}

/** A queue with pods in every sub-queue: active (three priorities), backoff, unschedulable, gated. */
function mixedQueue(): QueueState {
  const q = createQueue();
  add(q, pod('retry'), 0);
  add(q, pod('stuck'), 0);
  requeueUnschedulable(q, pop(q, 0)!.key, 0, []); // no rejecting plugin: backoff
  requeueUnschedulable(q, pop(q, 0)!.key, 0, ['NodeResourcesFit']); // waits for a cluster event
  add(q, pod('low', {}, { priority: 0 }), 1);
  add(q, pod('high', {}, { priority: 10 }), 2);
  add(q, pod('mid', {}, { priority: 5 }), 3);
  add(q, pod('gated', {}, { spec: { schedulingGates: [{ name: 'wait' }] } }), 4);
  return q;
}

describe('scheduling queue in rows', () => {
  test('marks exactly the pods each operation changed, once tracking is on', () => {
    const q = createQueue();
    add(q, pod('untracked'), 0);
    expect(takeDirty(q)).toEqual([]);
    q.dirty = {};
    add(q, pod('a'), 0);
    add(q, pod('b'), 0);
    expect(takeDirty(q).sort()).toEqual(['default/a', 'default/b']);
    const p = pop(q, 0)!;
    expect(takeDirty(q)).toEqual([p.key]);
    requeueUnschedulable(q, p.key, 0, ['NodeResourcesFit']);
    expect(takeDirty(q)).toEqual([p.key]);
    expect(onClusterEvent(q, { resource: 'Node', action: 'Add' }, 1)).toBe(1);
    expect(takeDirty(q)).toEqual([p.key]);
    remove(q, 'default/b');
    expect(takeDirty(q)).toEqual(['default/b']);
    const next = pop(q, 2_000)!;
    done(q, next.key);
    expect(takeDirty(q)).toEqual([next.key]);
    expect(takeDirty(q)).toEqual([]);
  });

  test('a row says where its pod waits; a pod no longer queued has none', () => {
    const q = mixedQueue();
    const rows = queueRows(q, ['default/high', 'default/gated', 'default/untouched', ...queuedKeys(q)]);
    expect(rows.get('default/high')?.queue).toBe('active');
    expect(rows.get('default/gated')?.queue).toBe('gated');
    expect(rows.get('default/untouched')).toBeUndefined();
    expect(new Set([...rows.values()].filter(Boolean).map((r) => r!.queue))).toEqual(new Set(['active', 'backoff', 'unschedulable', 'gated']));
  });

  test('restored from its rows, the queue pops in the same order and keeps its counters', () => {
    const q = mixedQueue();
    const restored = restoreQueue(queueMeta(q), rowsOf(q).reverse());
    expect(queueLengths(restored)).toEqual(queueLengths(q));
    expect(queueMeta(restored)).toEqual(queueMeta(q));
    expect(drain(restored, 2_000)).toEqual(drain(q, 2_000));
    // the pod waiting for a cluster event still waits for one
    expect(onClusterEvent(restored, { resource: 'Node', action: 'Add' }, 2_000)).toBe(1);
  });

  test('a pod stored in flight (its cycle never finished) is retried after a restart', () => {
    const q = createQueue();
    add(q, pod('p'), 0);
    pop(q, 0);
    const restored = restoreQueue(queueMeta(q), rowsOf(q));
    expect(queueLengths(restored)).toMatchObject({ inFlight: 0, backoff: 1 });
    expect(pop(restored, 0)?.attempts).toBe(2);
  });

  test('prune drops the pods no longer pending, in every sub-queue, and marks them', () => {
    const q = mixedQueue();
    const p = pop(q, 5)!; // in flight
    q.dirty = {};
    const keep = new Set(['default/high', 'default/low']);
    prune(q, (k) => keep.has(k));
    expect(queuedKeys(q).sort()).toEqual(['default/high', 'default/low']);
    expect(takeDirty(q).sort()).toEqual(['default/gated', 'default/mid', 'default/retry', 'default/stuck', p.key].filter((k) => !keep.has(k)).sort());
  });

  test('addNew queues many pods as add does one by one, gated ones held back', () => {
    const pods = [pod('a', {}, { priority: 1 }), pod('b'), pod('g', {}, { spec: { schedulingGates: [{ name: 'x' }] } }), ...Array.from({ length: 40 }, (_, i) => pod(`p${i}`, {}, { priority: i % 4 }))];
    const one = createQueue();
    pods.forEach((p, i) => add(one, p, i));
    const many = createQueue();
    many.dirty = {};
    pods.forEach((p, i) => addNew(many, [p], i)); // one at a time: same as add
    const bulk = createQueue();
    bulk.dirty = {};
    addNew(bulk, pods, 0);
    expect(queueLengths(bulk)).toEqual(queueLengths(one));
    expect(takeDirty(bulk).length).toBe(pods.length);
    expect(drain(many, 0)).toEqual(drain(one, 0));
    // all at once: priority first, then the order they came in
    const order = drain(bulk, 0);
    expect(order.slice(0, 10)).toEqual(['p3', 'p7', 'p11', 'p15', 'p19', 'p23', 'p27', 'p31', 'p35', 'p39'].map((n) => `default/${n}`));
    expect(order).not.toContain('default/g');
  });
});
