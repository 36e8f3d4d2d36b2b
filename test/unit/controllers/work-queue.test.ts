import { describe, expect, it } from 'vitest';
import { WorkQueue, emptyWorkQueueState } from '../../../shared/controllers';

describe('WorkQueue', () => {
  it('deduplicates keys and pops due keys first-in first-out', () => {
    const q = new WorkQueue();
    q.add('a', 0);
    q.add('b', 0);
    q.add('a', 0);
    expect(q.popDue(0)).toEqual(['a', 'b']);
    expect(q.nextDue()).toBeUndefined();
  });

  it('keeps the earlier due time when a key is added again later (delaying queue)', () => {
    const q = new WorkQueue();
    q.addAfter('a', 1000, 0);
    q.addAfter('a', 5000, 0);
    expect(q.nextDue()).toBe(1000);
    q.addAfter('a', 10, 0);
    expect(q.nextDue()).toBe(10);
    expect(q.popDue(9)).toEqual([]);
    expect(q.popDue(10)).toEqual(['a']);
  });

  it('backs off per item 5ms doubling up to 1000s, and forget resets it', () => {
    const q = new WorkQueue(emptyWorkQueueState(), { burst: 1e9 });
    const delays = Array.from({ length: 20 }, () => q.when('k', 0));
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(delays[17]).toBe(5 * 2 ** 17);
    expect(delays[19]).toBe(1_000_000);
    expect(q.numRequeues('k')).toBe(20);
    q.forget('k');
    expect(q.when('k', 0)).toBe(5);
  });

  it('limits overall retries with a 10 qps / burst 100 token bucket', () => {
    const q = new WorkQueue();
    const delays = Array.from({ length: 102 }, (_, i) => q.when(`k${i}`, 0));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays[100]).toBeCloseTo(100);
    expect(delays[101]).toBeCloseTo(200);
    // one second later ten tokens came back (minus the two borrowed)
    expect(q.when('x', 1000)).toBe(5);
  });

  it('addRateLimited queues at max(backoff, bucket) and the state survives JSON', () => {
    const q = new WorkQueue();
    q.addRateLimited('a', 100);
    q.addRateLimited('a', 100); // already queued at 105: stays
    expect(q.nextDue()).toBe(105);
    const restored = new WorkQueue(JSON.parse(JSON.stringify(q.state)));
    expect(restored.popDue(105)).toEqual(['a']);
    expect(restored.numRequeues('a')).toBe(2);
  });
});
