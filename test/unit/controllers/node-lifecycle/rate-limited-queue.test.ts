import { describe, expect, it } from 'vitest';
import { recordStore } from '../../../../shared/controllers/node-lifecycle/entry-store';
import { RateLimitedTimedQueue, type TimedValue } from '../../../../shared/controllers/node-lifecycle/rate-limited-queue';
import { newTokenBucket } from '../../../../shared/controllers/node-lifecycle/token-bucket';

// Rows of pkg/controller/nodelifecycle/scheduler/rate_limited_queue_test.go. Upstream's
// NewFakeAlwaysRateLimiter is a bucket that never runs dry here.
const always = () => newTokenBucket(1e9, 1e9, 0);

/** An evictor with first, second, third added at t = 1, 2, 3 ms (upstream's ticking clock). */
function evictor(limiter = always()) {
  const store = recordStore<TimedValue>();
  const q = new RateLimitedTimedQueue(store, limiter);
  q.add('first', '11111', 1);
  q.add('second', '22222', 2);
  q.add('third', '33333', 3);
  return { q, store };
}

const queueOrder = (q: RateLimitedTimedQueue) =>
  [...q.entries.scan()].map(([, v]) => v).filter((v) => v.queued).sort((a, b) => a.processAt - b.processAt).map((v) => v.value);
const setOf = (q: RateLimitedTimedQueue) => [...q.entries.scan()].map(([k]) => k).sort();

describe('RateLimitedTimedQueue', () => {
  it('TestAddNode', () => {
    const { q } = evictor();
    expect(queueOrder(q)).toEqual(['first', 'second', 'third']);
    expect(setOf(q)).toEqual(['first', 'second', 'third']);
    expect(q.add('first', '11111', 4)).toBe(false);
  });

  it.each([
    ['first', ['second', 'third']],
    ['second', ['first', 'third']],
    ['third', ['first', 'second']],
  ])('TestDelNode: remove %s', (removed, rest) => {
    const { q } = evictor();
    expect(q.remove(removed)).toBe(true);
    expect(queueOrder(q)).toEqual(rest);
    expect(setOf(q)).toEqual([...rest].sort());
    expect(q.remove(removed)).toBe(false);
  });

  it('TestTry', () => {
    const { q } = evictor();
    q.remove('second');
    const deleted = new Set<string>();
    q.try(10, (v) => (deleted.add(v.value), { done: true }));
    expect([...deleted].sort()).toEqual(['first', 'third']);
  });

  it('TestTryOrdering: a retried value comes back after its wait, the others keep their order', () => {
    const { q } = evictor();
    const order: string[] = [];
    let count = 0;
    q.try(5, (v) => {
      count++;
      if (v.value === 'second') return { done: false, retryAfterMs: 2 };
      order.push(v.value);
      return { done: true };
    });
    expect(order).toEqual(['first', 'third']);
    expect(count).toBe(3);
    // upstream: ProcessAt = now + wait + 1ns.
    expect(q.entries.get('second')).toMatchObject({ addedAt: 2, processAt: 7 + 1e-6, queued: true });
    expect(q.try(7, () => ({ done: true })).map((v) => v.value)).toEqual([]);
    expect(q.try(8, () => ({ done: true })).map((v) => v.value)).toEqual(['second']);
  });

  it('TestTryRemovingWhileTry: a value removed while it is processed is not retried', () => {
    const { q } = evictor();
    const order: string[] = [];
    let count = 0;
    q.try(10, (v) => {
      count++;
      if (v.value === 'second') {
        q.remove('second');
        return { done: false, retryAfterMs: 1 };
      }
      order.push(v.value);
      return { done: true };
    });
    expect(order).toEqual(['first', 'third']);
    expect(count).toBe(3);
    expect(q.has('second')).toBe(false);
  });

  it('TestClear', () => {
    const { q } = evictor();
    q.clear();
    expect(setOf(q)).toEqual([]);
    expect(q.head()).toBeUndefined();
  });

  it('TestSwapLimiter', () => {
    const { q } = evictor();
    q.swapLimiter(0, 10);
    expect(q.limiter.qps).toBe(0);
    q.swapLimiter(5.5, 10);
    expect(q.limiter.qps).toBe(5.5);
  });

  it('TestAddAfterTry: a processed value stays in the set until removed', () => {
    const { q } = evictor();
    q.remove('second');
    q.try(10, () => ({ done: true }));
    expect(q.add('first', '11111', 11)).toBe(false);
    expect(q.try(12, () => ({ done: true }))).toEqual([]);
    q.remove('first');
    expect(q.add('first', '11111', 13)).toBe(true);
    expect(q.try(14, () => ({ done: true })).map((v) => v.value)).toEqual(['first']);
  });
});

describe('RateLimitedTimedQueue with the eviction token bucket (qps 0.1, burst 1)', () => {
  it('takes one node at once, then one per 10 s', () => {
    const { q } = evictor(RateLimitedTimedQueue.newLimiter(0.1, 0));
    expect(q.try(10, () => ({ done: true })).map((v) => v.value)).toEqual(['first']);
    expect(q.nextTryAt(10)).toBe(10_010);
    expect(q.try(10_009, () => ({ done: true }))).toEqual([]);
    expect(q.try(10_010, () => ({ done: true })).map((v) => v.value)).toEqual(['second']);
    expect(q.try(20_010, () => ({ done: true })).map((v) => v.value)).toEqual(['third']);
    expect(q.nextTryAt(20_010)).toBeUndefined();
  });

  it('stops at qps 0 and, after a swap back, starts drained if the stopped bucket had no token', () => {
    const { q } = evictor(RateLimitedTimedQueue.newLimiter(0.1, 0));
    q.swapLimiter(0, 5);
    expect(q.try(100_000, () => ({ done: true }))).toEqual([]);
    expect(q.nextTryAt(100_000)).toBeUndefined();
    q.swapLimiter(0.1, 100_000);
    expect(q.try(100_000, () => ({ done: true }))).toEqual([]);
    expect(q.nextTryAt(100_000)).toBe(110_000);
  });

  it('swapping to the same rate keeps the bucket', () => {
    const { q } = evictor(RateLimitedTimedQueue.newLimiter(0.1, 0));
    q.try(10, () => ({ done: true }));
    const before = { ...q.limiter };
    q.swapLimiter(0.1, 20);
    expect(q.limiter).toEqual(before);
  });
});
