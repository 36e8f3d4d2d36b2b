import { describe, expect, it } from 'vitest';
import { WorkQueue, workQueueStateFromRows, type WorkQueueRow } from '../../../shared/controllers/work-queue';
import { queueRowNeedsWrite, rowsToWrite } from '../../../shared/controllers/work-queue-rows';

/** The rows a Durable Object would hold after writing every key `takeChanged` reported. */
function persist(q: WorkQueue, table: Map<string, WorkQueueRow>): string[] {
  const changed = q.takeChanged();
  for (const key of changed) {
    const row = q.row(key);
    if (row) table.set(key, row);
    else table.delete(key);
  }
  return changed;
}

describe('WorkQueue rows', () => {
  it('reports only the keys whose row changed', () => {
    const q = new WorkQueue(undefined, { trackChanges: true });
    q.add('a', 0);
    q.addAfter('b', 100, 0);
    expect(q.takeChanged().sort()).toEqual(['a', 'b']);
    q.add('a', 5); // already queued earlier: no change
    q.addAfter('b', 500, 0); // later than its due time: no change
    q.forget('a'); // no failures to forget
    expect(q.hasChanges).toBe(false);
    expect(q.takeChanged()).toEqual([]);
    q.addAfter('b', 10, 0); // earlier: its due time changes
    expect(q.hasChanges).toBe(true);
    q.addRateLimited('c', 0);
    expect(q.takeChanged().sort()).toEqual(['b', 'c']);
    expect(q.popDue(10)).toEqual(['a', 'c', 'b']);
    expect(q.takeChanged().sort()).toEqual(['a', 'b', 'c']);
  });

  it('keeps a row while a key has failures, and drops it when forgotten', () => {
    const q = new WorkQueue(undefined, { trackChanges: true });
    q.addRateLimited('k', 0);
    expect(q.row('k')).toEqual({ key: 'k', due: 5, seq: 0, failures: 1 });
    q.popDue(5);
    expect(q.row('k')).toEqual({ key: 'k', failures: 1 });
    q.forget('k');
    expect(q.row('k')).toBeUndefined();
  });

  it('restores from its rows with due times, FIFO order, failures and the token bucket', () => {
    const q = new WorkQueue(undefined, { trackChanges: true });
    const table = new Map<string, WorkQueueRow>();
    for (const k of ['x', 'y', 'z']) q.add(k, 0);
    q.addRateLimited('w', 0);
    q.addAfter('later', 1000, 0);
    persist(q, table);
    const restored = new WorkQueue(workQueueStateFromRows(table.values(), q.state));
    expect(restored.state).toEqual(q.state);
    expect(restored.numRequeues('w')).toBe(1);
    expect(restored.popDue(5)).toEqual(['x', 'y', 'z', 'w']);
    expect(restored.nextDue()).toBe(1000);
  });

  it('hands out a new key after every restored one, even without the queue-wide row', () => {
    const state = workQueueStateFromRows([{ key: 'old', due: 0, seq: 41, failures: 0 }]);
    const q = new WorkQueue(state);
    q.add('new', 0);
    expect(q.popDue(0)).toEqual(['old', 'new']);
  });

  it('pops at most `limit` due keys; the rest keep their place and rows', () => {
    const q = new WorkQueue(undefined, { trackChanges: true });
    for (const k of ['a', 'b', 'c', 'd']) q.add(k, 0);
    q.takeChanged();
    expect(q.popDue(0, 2)).toEqual(['a', 'b']);
    expect(q.takeChanged().sort()).toEqual(['a', 'b']);
    q.add('e', 0);
    expect(q.popDue(0)).toEqual(['c', 'd', 'e']);
  });

  it('does not track changes unless asked (an in-process queue never takes them)', () => {
    const q = new WorkQueue();
    q.add('a', 0);
    expect(() => q.takeChanged()).toThrow(/trackChanges/);
  });
});

describe('queueRowNeedsWrite: the rows a restart needs', () => {
  const row = (due: number | undefined, failures = 0): WorkQueueRow => ({ key: 'k', due, seq: due === undefined ? undefined : 1, failures });
  it.each([
    ['a new key', undefined, row(5), true],
    ['a key gone', row(5), undefined, true],
    ['nothing either way', undefined, undefined, false],
    ['requeued for later', row(5), row(15), false],
    ['requeued for the same time', row(5), row(5), false],
    ['queued sooner than stored', row(15), row(5), true],
    ['a failure counted', row(5), row(15, 1), true],
    ['failures forgotten', row(5, 2), row(15), true],
    ['in flight with failures, stored as due', row(5, 1), row(undefined, 1), true],
    ['failing and queued again, stored as in flight', row(undefined, 1), row(15, 1), true],
  ])('%s', (_, stored, live, write) => {
    expect(queueRowNeedsWrite(stored, live)).toBe(write);
  });

  it('rowsToWrite leaves out keys only moved later, and a restart from the stored rows runs them no later', () => {
    const q = new WorkQueue(undefined, { trackChanges: true });
    const stored = new Map<string, WorkQueueRow>();
    const flush = () => {
      const rows = rowsToWrite(q.takeChanged(), (k) => q.row(k), stored);
      for (const [k, r] of rows) (r ? stored.set(k, r) : stored.delete(k));
      return rows.map(([k]) => k);
    };
    q.addAfter('a', 10, 0);
    q.addAfter('b', 10, 0);
    expect(flush().sort()).toEqual(['a', 'b']);
    for (const now of [10, 20, 30]) {
      for (const k of q.popDue(now)) q.addAfter(k, 10, now);
      expect(flush()).toEqual([]);
    }
    const restarted = new WorkQueue(workQueueStateFromRows(stored.values()));
    expect(restarted.popDue(10).sort()).toEqual(['a', 'b']); // the live queue has them at 40
    expect(q.popDue(40).sort()).toEqual(['a', 'b']);
    expect(flush().sort()).toEqual(['a', 'b']); // done, not requeued: their rows go
    expect(stored.size).toBe(0);
  });
});
