import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import { ApiError, type StatusReason } from '../../../shared/api/errors';
import type { KubeObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import type { StoreApi, StoreResult } from '../../../shared/apiserver/store-protocol';
import { MemoryCluster, RpcClient } from '../../../shared/client';
import { groupsOf, readMany } from '../../../shared/client/read-many';
import { foundByName, outcomesByName } from '../../../shared/client/store-result';

const NODE_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.plural === 'nodes')!;
const NODES = { group: '', version: 'v1', plural: 'nodes' };

describe('groupsOf', () => {
  it.each([
    { items: [], size: 2, groups: [] },
    { items: ['a'], size: 2, groups: [['a']] },
    { items: ['a', 'b'], size: 2, groups: [['a', 'b']] },
    { items: ['a', 'b', 'c'], size: 2, groups: [['a', 'b'], ['c']] },
    { items: ['a', 'b', 'c'], size: 1, groups: [['a'], ['b'], ['c']] },
  ])('$items in groups of $size', ({ items, size, groups }) => {
    expect(groupsOf(items, size)).toEqual(groups);
  });

  it('refuses a size under one (it would never end)', () => {
    expect(() => groupsOf(['a'], 0)).toThrow(RangeError);
  });
});

/** The cluster store of a memory cluster holding nodes `names`, its calls counted; `refuse` answers a name's get with a 429 in its slot, `fail` throws for a group holding it. */
async function nodeStore(names: string[], opts: { refuse?: string; fail?: string } = {}) {
  const mem = new MemoryCluster();
  const client = new RpcClient({ storeOf: mem.storeOf, namespaces: mem.namespaces });
  for (const name of names) await client.resource<Node>(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name } } as KubeObject as Node);
  const inner = mem.storeOf('cluster');
  const calls: string[][] = [];
  const store = {
    ...inner,
    getMany: async (def, group) => {
      calls.push(group);
      if (opts.fail && group.includes(opts.fail)) throw new Error('overloaded');
      const results = await inner.getMany(def, group);
      return results.map((r, i) => (group[i] === opts.refuse ? { ok: false, status: { apiVersion: 'v1', kind: 'Status', status: 'Failure', code: 429, reason: 'TooManyRequests', message: 'slow down' } } : r));
    },
    get: async () => {
      throw new Error('readMany reads with getMany only');
    },
  } as StoreApi;
  return { store, calls };
}

describe('readMany', () => {
  it('reads every name in one getMany per group: found, gone (404), or refused on its own', async () => {
    const { store, calls } = await nodeStore(['n1', 'n2', 'n3'], { refuse: 'n3' });
    const found = await readMany<Node>(store, NODE_DEF, ['n1', 'gone', 'n2', 'n3'], 500);
    expect(calls).toEqual([['n1', 'gone', 'n2', 'n3']]);
    expect([...found.keys()].sort()).toEqual(['gone', 'n1', 'n2', 'n3']);
    const n1 = found.get('n1')!;
    expect('object' in n1 && n1.object.metadata?.name).toBe('n1');
    expect(found.get('gone')).toEqual({ gone: true });
    const n3 = found.get('n3')!;
    expect('error' in n3 && (n3.error as { code?: number }).code).toBe(429);
  });

  it('cuts the names into groups of perRead; a group whose call fails fails only its own names', async () => {
    const { store, calls } = await nodeStore(['n1', 'n2', 'n3', 'n4', 'n5'], { fail: 'n4' });
    const found = await readMany<Node>(store, NODE_DEF, ['n1', 'n2', 'n3', 'n4', 'n5'], 2);
    expect(calls).toEqual([['n1', 'n2'], ['n3', 'n4'], ['n5']]);
    expect(['n1', 'n2', 'n3', 'n4', 'n5'].map((n) => Object.keys(found.get(n)!)[0])).toEqual(['object', 'object', 'error', 'error', 'object']);
  });

  it('makes no call for no names', async () => {
    const { store, calls } = await nodeStore([]);
    expect((await readMany(store, NODE_DEF, [])).size).toBe(0);
    expect(calls).toEqual([]);
  });
});

describe('a getMany\'s results by name', () => {
  const status = (code: number, reason: StatusReason): StoreResult<unknown> => ({ ok: false, status: new ApiError(code, reason, reason).toStatus() });
  const found = (name: string): StoreResult<unknown> => ({ ok: true, value: { metadata: { name } } });
  const names = ['a', 'gone', 'busy', 'b'];
  const results = [found('a'), status(404, 'NotFound'), status(429, 'TooManyRequests'), found('b')];

  it('outcomesByName: each name its object, gone (404) or its own error', () => {
    const out = outcomesByName<{ metadata: { name: string } }>(names, results);
    expect([...out.keys()]).toEqual(names);
    expect(out.get('a')).toEqual({ object: { metadata: { name: 'a' } } });
    expect(out.get('gone')).toEqual({ gone: true });
    const busy = out.get('busy')!;
    expect('error' in busy && (busy.error as { code?: number }).code).toBe(429);
    expect(out.get('b')).toEqual({ object: { metadata: { name: 'b' } } });
  });

  it('foundByName: the objects found, none for a 404, and any other refusal thrown', () => {
    expect([...foundByName(['a', 'gone', 'b'], [found('a'), status(404, 'NotFound'), found('b')]).keys()]).toEqual(['a', 'b']);
    expect(() => foundByName(names, results)).toThrow(expect.objectContaining({ code: 429 }));
  });
});
