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

  it('pops in (due, insertion) order under any mix of adds, re-adds and pops, as sorting every key would', () => {
    // the reference: the order popDue had when it sorted all queued keys on each call
    const q = new WorkQueue();
    const due = new Map<string, { at: number; seq: number }>();
    let seq = 0;
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let now = 0; now < 400; now++) {
      for (let j = rand(4); j > 0; j--) {
        const key = `k${rand(30)}`;
        const at = now + rand(20);
        q.addAfter(key, at - now, now);
        const cur = due.get(key);
        if (!cur) due.set(key, { at, seq: seq++ });
        else if (at < cur.at) cur.at = at;
      }
      const limit = 1 + rand(3);
      const want = [...due].filter(([, d]) => d.at <= now).sort((a, b) => a[1].at - b[1].at || a[1].seq - b[1].seq).slice(0, limit).map(([k]) => k);
      for (const k of want) due.delete(k);
      expect(q.popDue(now, limit)).toEqual(want);
      expect(q.nextDue()).toBe(due.size ? Math.min(...[...due.values()].map((d) => d.at)) : undefined);
    }
  });

  it('sees keys put into a replaced state (a Durable Object importing its older single-value state)', () => {
    const q = new WorkQueue();
    q.add('old', 5);
    expect(q.nextDue()).toBe(5);
    Object.assign(q.state, { ...emptyWorkQueueState(), due: { a: 3, b: 1 }, seq: { a: 0, b: 1 }, nextSeq: 2 });
    expect(q.nextDue()).toBe(1);
    expect(q.popDue(10)).toEqual(['b', 'a']);
  });
});
