import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../../shared/api/object';
import { MemoryTable } from '../../../shared/client/memory-table';

const cm = (name: string, a = '1') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a } }) as unknown as StoredObject;

/** Everything a transaction may touch, to compare before and after. */
function snapshot(t: MemoryTable) {
  return {
    rv: t.resourceVersion,
    compacted: t.compactedVersion,
    objects: [...t.scan('configmaps')],
    log: t.eventsSince('configmaps', 0),
    kv: t.kv('k'),
    pool: [...t.allocated('p')],
  };
}

describe('MemoryTable transactions', () => {
  it('undo every write of a transaction that throws: commits, kv, allocations, compaction, the counter', () => {
    const t = new MemoryTable();
    t.commit('configmaps', 'ADDED', cm('a'), null, 0);
    t.setKv('k', 'v0');
    t.allocate('p', '10.0.0.1', 'x');
    const before = snapshot(t);
    expect(() =>
      t.transaction(() => {
        const a = t.get('configmaps', 'a')!;
        t.commit('configmaps', 'MODIFIED', cm('a', '2'), a, 1);
        t.commit('configmaps', 'ADDED', cm('b'), null, 1);
        t.commit('configmaps', 'DELETED', a, a, 1);
        t.setKv('k', 'v1');
        t.allocate('p', '10.0.0.2', 'y');
        t.release('p', '10.0.0.1');
        t.compact(10 * 60 * 1000 + 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(snapshot(t)).toEqual(before);
    // the next commit takes the next counter
    expect(t.commit('configmaps', 'ADDED', cm('c'), null, 2).rv).toBe(before.rv + 1);
  });

  it('nest: an inner transaction that throws undoes only its writes; an outer one that throws undoes both', () => {
    const t = new MemoryTable();
    t.transaction(() => {
      t.commit('configmaps', 'ADDED', cm('outer'), null, 0);
      expect(() =>
        t.transaction(() => {
          t.commit('configmaps', 'ADDED', cm('inner'), null, 0);
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect([...t.scan('configmaps')].map((o) => [o.metadata.name, o.metadata.resourceVersion])).toEqual([['outer', '1']]);

    expect(() =>
      t.transaction(() => {
        t.transaction(() => t.commit('configmaps', 'ADDED', cm('committed-inner'), null, 0));
        throw new Error('outer');
      }),
    ).toThrow('outer');
    expect(t.resourceVersion).toBe(1);
    expect(t.get('configmaps', 'committed-inner')).toBeNull();
  });

  it('a commit refused for size changes nothing', () => {
    const t = new MemoryTable();
    const big = { ...cm('big'), data: { a: 'x'.repeat(1.5 * 1024 * 1024) } } as StoredObject;
    expect(() => t.commit('configmaps', 'ADDED', big, null, 0)).toThrow('etcdserver: request is too large');
    expect(snapshot(t)).toEqual({ rv: 0, compacted: 0, objects: [], log: [], kv: undefined, pool: [] });
  });
});
