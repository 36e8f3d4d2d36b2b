import { describe, expect, it } from 'vitest';
import { relistDue, snapshotRead } from '../../../../shared/controllers/node-lifecycle';

const T0 = Date.UTC(2026, 0, 1);

describe('the node lifecycle controller keeps its nodes in a snapshot between full lists', () => {
  it('lists every node with no snapshot, once relistMs has passed, and after the clock went back', () => {
    expect(relistDue(undefined, T0, 30_000)).toBe(true);
    expect(relistDue(T0, T0 + 29_999, 30_000)).toBe(false);
    expect(relistDue(T0, T0 + 30_000, 30_000)).toBe(true);
    expect(relistDue(T0, T0 - 1, 30_000)).toBe(true);
  });

  it('reads a few changed nodes one by one, and many (a quarter of the cluster, at least 9) with one list', () => {
    expect(snapshotRead(1, undefined)).toBe('list');
    expect(snapshotRead(1, 3)).toBe('get');
    expect(snapshotRead(8, 3)).toBe('get');
    expect(snapshotRead(9, 3)).toBe('list');
    expect(snapshotRead(250, 1000)).toBe('get');
    expect(snapshotRead(251, 1000)).toBe('list');
  });
});
