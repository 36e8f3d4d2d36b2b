import { describe, expect, it } from 'vitest';
import { ControllerQueue, FakeClock, runWorker, settle } from '../../../shared/client/library';

describe('ControllerQueue', () => {
  it('deduplicates, and re-queues a key added while it is processed', async () => {
    const clock = new FakeClock();
    const q = new ControllerQueue({ clock });
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    q.add('a');
    expect(await q.get()).toBe('b');
    const waiting = q.get();
    q.done('b');
    q.done('a');
    expect(await waiting).toBe('a');
  });

  it('waits for delayed keys on the clock and wakes on add', async () => {
    const clock = new FakeClock();
    const q = new ControllerQueue({ clock });
    q.addAfter('later', 1000);
    let got: string | undefined;
    void q.get().then((k) => (got = k));
    await clock.step(999);
    expect(got).toBeUndefined();
    await clock.step(1);
    expect(got).toBe('later');
    void q.get().then((k) => (got = k));
    q.add('now');
    await settle();
    expect(got).toBe('now');
  });

  it('runWorker backs off failures (5ms, 10ms, …), forgets on success, honours requeueAfter', async () => {
    const clock = new FakeClock();
    const q = new ControllerQueue({ clock });
    const calls: [string, number][] = [];
    let failures = 2;
    const ac = new AbortController();
    void runWorker(
      q,
      (key) => {
        calls.push([key, clock.now()]);
        if (key === 'flaky' && failures-- > 0) throw new Error('boom');
        if (key === 'poll' && calls.filter(([k]) => k === 'poll').length < 2) return { requeueAfterMs: 100 };
      },
      ac.signal,
    );
    q.add('flaky');
    q.add('poll');
    await clock.step(200);
    expect(calls).toEqual([
      ['flaky', 0],
      ['poll', 0],
      ['flaky', 5],
      ['flaky', 15],
      ['poll', 100],
    ]);
    expect(q.numRequeues('flaky')).toBe(0);
    ac.abort();
    q.shutDown();
    expect(await q.get()).toBeUndefined();
  });
});
