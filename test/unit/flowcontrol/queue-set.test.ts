// Fair queuing as upstream's queueset tests check it (fairqueuing/queueset/queueset_test.go): closed-loop
// clients per flow flood a level and each flow must get an equal share of seat-seconds; plus the
// rejection rules (queue-full, concurrency-limit) and dispatch order.
import { describe, expect, it } from 'vitest';
import { QueueSet, type QueueSetConfig } from '../../../shared/flowcontrol';

interface FlowSpec {
  hash: number;
  clients: number;
  seats: number;
  execMs: number;
}

/** Runs closed-loop clients (each sends its next request when the last one finishes) for `durationMs`; returns seat-seconds per flow. */
function simulate(config: QueueSetConfig, flows: FlowSpec[], durationMs: number): number[] {
  const qs = new QueueSet(config, 0);
  const served = flows.map(() => 0);
  const owner = new Map<string, number>();
  const done: { at: number; id: string }[] = [];
  let next = 0;
  const start = (ids: string[], t: number) => {
    for (const id of ids) {
      const f = flows[owner.get(id)!]!;
      done.push({ at: t + f.execMs, id });
    }
  };
  const send = (fi: number, t: number) => {
    const id = `r${next++}`;
    owner.set(id, fi);
    const r = qs.enqueue(id, flows[fi]!.hash, flows[fi]!.seats, t);
    expect(r.outcome).not.toBe('rejected');
    start(r.dispatched, t);
  };
  flows.forEach((f, fi) => {
    for (let c = 0; c < f.clients; c++) send(fi, 0);
  });
  while (done.length) {
    done.sort((a, b) => a.at - b.at);
    const ev = done.shift()!;
    if (ev.at > durationMs) break;
    const fi = owner.get(ev.id)!;
    served[fi] += (flows[fi]!.seats * flows[fi]!.execMs) / 1000;
    start(qs.finish(ev.id, ev.at), ev.at);
    send(fi, ev.at);
  }
  return served;
}

const expectEqualShares = (served: number[], tolerance: number) => {
  const mean = served.reduce((a, b) => a + b, 0) / served.length;
  for (const s of served) expect(Math.abs(s - mean) / mean).toBeLessThan(tolerance);
};

describe('fair queuing (upstream uniform scenarios)', () => {
  it('TestUniformFlowsHandSize1: 8 equal flows share 4 seats equally', () => {
    const flows = Array.from({ length: 8 }, (_, i) => ({ hash: i, clients: 8, seats: 1, execMs: 1000 }));
    const served = simulate({ concurrencyLimit: 4, queues: 128, handSize: 1, queueLengthLimit: 100 }, flows, 200_000);
    expectEqualShares(served, 0.05);
    // the level is fully used: 4 seats for 200 s
    expect(served.reduce((a, b) => a + b, 0)).toBeGreaterThan(4 * 199);
  });

  it('TestDifferentFlowsExpectEqual: more clients and longer requests do not buy a bigger share', () => {
    const flows = [
      { hash: 1, clients: 16, seats: 1, execMs: 1000 },
      { hash: 2, clients: 4, seats: 1, execMs: 3000 },
    ];
    const served = simulate({ concurrencyLimit: 4, queues: 64, handSize: 1, queueLengthLimit: 100 }, flows, 300_000);
    expectEqualShares(served, 0.1);
  });

  it('TestDifferentWidths: a flow of 2-seat requests gets the same seat-seconds as a flow of 1-seat requests', () => {
    const flows = [
      { hash: 1, clients: 8, seats: 1, execMs: 1000 },
      { hash: 2, clients: 8, seats: 2, execMs: 1000 },
    ];
    const served = simulate({ concurrencyLimit: 6, queues: 64, handSize: 1, queueLengthLimit: 100 }, flows, 300_000);
    expectEqualShares(served, 0.1);
  });

  it('a quiet flow is served ahead of a flood queued before it', () => {
    const qs = new QueueSet({ concurrencyLimit: 1, queues: 8, handSize: 1, queueLengthLimit: 50 }, 0);
    expect(qs.enqueue('flood-0', 0, 1, 0).outcome).toBe('dispatched');
    for (let i = 1; i <= 5; i++) expect(qs.enqueue(`flood-${i}`, 0, 1, 0).outcome).toBe('queued');
    expect(qs.enqueue('quiet', 1, 1, 10).outcome).toBe('queued');
    expect(qs.finish('flood-0', 100)).toEqual(['quiet']);
    expect(qs.finish('quiet', 200)).toEqual(['flood-1']);
  });
});

describe('limits', () => {
  it('rejects queue-full only when the seats are taken and the chosen queue is at its limit', () => {
    const qs = new QueueSet({ concurrencyLimit: 1, queues: 4, handSize: 1, queueLengthLimit: 2 }, 0);
    expect(qs.enqueue('a', 0, 1, 0).outcome).toBe('dispatched');
    expect(qs.enqueue('b', 0, 1, 0).outcome).toBe('queued');
    expect(qs.enqueue('c', 0, 1, 0).outcome).toBe('queued');
    expect(qs.enqueue('d', 0, 1, 0)).toMatchObject({ outcome: 'rejected', reason: 'queue-full' });
    // another flow's queue still has room
    expect(qs.enqueue('e', 1, 1, 0).outcome).toBe('queued');
    expect([qs.seatsExecuting, qs.requestsWaiting]).toEqual([1, 3]);
  });

  it('shuffle sharding picks the dealt queue with the fewest waiting seats', () => {
    const qs = new QueueSet({ concurrencyLimit: 1, queues: 4, handSize: 2, queueLengthLimit: 1 }, 0);
    // hash 0 deals queues [0, 1]: the first goes to queue 0, the next to queue 1, then both are full
    expect(qs.enqueue('a', 0, 1, 0).outcome).toBe('dispatched');
    expect(qs.enqueue('b', 0, 1, 0).outcome).toBe('queued');
    expect(qs.enqueue('c', 0, 1, 0).outcome).toBe('queued');
    expect(qs.enqueue('d', 0, 1, 0)).toMatchObject({ outcome: 'rejected', reason: 'queue-full' });
  });

  it('a Reject level never queues', () => {
    const qs = new QueueSet({ concurrencyLimit: 2, queues: 0, handSize: 0, queueLengthLimit: 0 }, 0);
    expect(qs.enqueue('a', 0, 1, 0).outcome).toBe('dispatched');
    expect(qs.enqueue('b', 0, 1, 0).outcome).toBe('dispatched');
    expect(qs.enqueue('c', 0, 1, 0)).toMatchObject({ outcome: 'rejected', reason: 'concurrency-limit' });
    qs.finish('a', 5);
    expect(qs.enqueue('c', 0, 1, 6).outcome).toBe('dispatched');
  });

  it('a request wider than the level waits for the level to empty, then runs alone; its queue waits behind it', () => {
    const qs = new QueueSet({ concurrencyLimit: 2, queues: 4, handSize: 1, queueLengthLimit: 10 }, 0);
    expect(qs.enqueue('a', 0, 1, 0).outcome).toBe('dispatched');
    expect(qs.enqueue('wide', 1, 5, 0).outcome).toBe('queued');
    expect(qs.enqueue('small', 1, 1, 1).outcome).toBe('queued');
    // another queue's small request has the earlier virtual finish and fits: it goes first
    expect(qs.enqueue('other', 2, 1, 2).outcome).toBe('dispatched');
    expect(qs.finish('other', 5)).toEqual([]);
    expect(qs.finish('a', 10)).toEqual(['wide']);
    expect(qs.finish('wide', 20)).toEqual(['small']);
  });

  it('waiting requests past the queue-wait limit can be taken out', () => {
    const qs = new QueueSet({ concurrencyLimit: 1, queues: 4, handSize: 1, queueLengthLimit: 10 }, 0);
    qs.enqueue('a', 0, 1, 0);
    qs.enqueue('b', 0, 1, 100);
    qs.enqueue('c', 0, 1, 20_000);
    expect(qs.waitingSince(15_000)).toEqual(['b']);
    expect(qs.remove('b', 15_100)).toBe(true);
    expect(qs.remove('b', 15_100)).toBe(false);
    expect(qs.finish('a', 21_000)).toEqual(['c']);
  });
});
