import { describe, expect, it } from 'vitest';
import { Lru, type LruEntry } from '../../../../shared/controllers/event-correlation';

/** A backing as a host's rows are: a map, told of every write and eviction. */
function rows<V>() {
  const map = new Map<string, LruEntry<V>>();
  return { map, put: (k: string, e: LruEntry<V>) => void map.set(k, e), delete: (k: string) => void map.delete(k), scan: () => map.entries() };
}

describe('Lru', () => {
  it('forgets the least recently used entry; a read counts as a use', () => {
    const lru = new Lru<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c'), lru.size]).toEqual([1, undefined, 3, 2]);
  });

  it('with a backing: writes through, deletes what it forgets, and a new Lru over it starts where the last stopped', () => {
    const backing = rows<number>();
    const first = new Lru<number>(3, backing);
    for (const [k, v] of [['a', 1], ['b', 2], ['c', 3]] as const) first.set(k, v);
    first.get('a');
    first.set('d', 4); // forgets b
    expect([...backing.map.keys()].sort()).toEqual(['a', 'c', 'd']);
    const second = new Lru<number>(3, backing);
    second.set('e', 5); // the least recently used is c, as in the first
    expect([second.get('a'), second.get('c'), second.get('d'), second.get('e')]).toEqual([1, undefined, 4, 5]);
    expect([...backing.map.keys()].sort()).toEqual(['a', 'd', 'e']);
  });

  it('a backing holding more than max keeps the most recent', () => {
    const backing = rows<number>();
    for (let i = 0; i < 5; i++) backing.put(`k${i}`, { value: i, used: i + 1 });
    const lru = new Lru<number>(2, backing);
    expect([lru.size, lru.get('k4'), lru.get('k3'), lru.get('k2')]).toEqual([2, 4, 3, undefined]);
    expect([...backing.map.keys()].sort()).toEqual(['k3', 'k4']);
  });
});
