import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, StoredObject } from '../../../shared/api/object';
import { noticeOf } from '../../../shared/apiserver/change-notice';
import type { StoreApi } from '../../../shared/apiserver/store-protocol';
import { MemoryCluster, RpcClient } from '../../../shared/client';
import { observe, RELIST_MS } from '../../../shared/scheduler/cluster-cache';
import { runSchedulerCycle, storeWriter, type SchedulerState } from '../../../shared/scheduler/run-cycle';
import { node, pod } from './fixtures';

const NODES = { group: '', version: 'v1', plural: 'nodes' };
const PODS = { group: '', version: 'v1', plural: 'pods' };
const NAMESPACES = { group: '', version: 'v1', plural: 'namespaces' };

/** A memory cluster whose store calls are counted, and whose writes become notices for the scheduler's cache (as the stores send them). */
function cluster() {
  const mem = new MemoryCluster();
  const calls: Record<string, number> = {};
  /** Names whose next get fails (as a loaded store's 503 would). */
  const failGet = new Set<string>();
  const state: SchedulerState = {};
  const notify = (resource: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: unknown) => {
    if (state.cache && obj && (resource === 'pods' || resource === 'nodes')) observe(state.cache, noticeOf(resource, type, obj as StoredObject));
  };
  const storeOf = (name: string): StoreApi => {
    const s = mem.storeOf(name);
    return new Proxy(s, {
      get(target, prop: string) {
        const fn = (target as unknown as Record<string, unknown>)[prop];
        if (typeof fn !== 'function') return fn;
        return async (...args: unknown[]) => {
          const key = `${prop}:${(args[0] as { plural?: string; def?: { plural: string } })?.plural ?? (args[0] as { def?: { plural: string } })?.def?.plural ?? ''}`;
          calls[key] = (calls[key] ?? 0) + 1;
          if (prop === 'get' && failGet.delete(args[1] as string)) throw new Error('overloaded');
          if (prop === 'getMany' && (args[1] as string[]).filter((n) => failGet.delete(n)).length) throw new Error('overloaded');
          const r = await (fn as (...a: unknown[]) => Promise<{ ok: boolean; value?: { object?: unknown; removed?: boolean } }>).apply(target, args);
          const plural = key.split(':')[1]!;
          if (r?.ok && prop === 'create') notify(plural, 'ADDED', r.value?.object);
          if (r?.ok && prop === 'bind') notify(plural, 'MODIFIED', r.value);
          if (r?.ok && prop === 'delete') notify(plural, r.value?.removed ? 'DELETED' : 'MODIFIED', r.value?.object);
          return r;
        };
      },
    }) as StoreApi;
  };
  const client = new RpcClient({ storeOf, namespaces: mem.namespaces });
  let t = 1_000_000;
  /** Wall time: what the cache's periodic full list counts in. */
  let wall = 0;
  const writer = storeWriter((ns) => storeOf(`ns:${ns}`), () => storeOf('cluster'), 'scheduler');
  const cycle = () => runSchedulerCycle(client, state, () => (t += 1), () => 0, writer, () => wall);
  const wait = (ms: number) => (t += ms);
  const waitWall = (ms: number) => (wall += ms);
  const nodeOf = async (name: string) => (await client.resource<Pod>(PODS).namespace('default').get(name)).spec?.nodeName;
  return { client, calls, state, cycle, wait, waitWall, nodeOf, failGet };
}

describe('the scheduling cycle over its cache', () => {
  it('lists once, then works from notices: reads only the new pods, and never double-books a node', async () => {
    const { client, calls, state, cycle, wait, nodeOf } = cluster();
    for (const n of ['n1', 'n2', 'n3']) await client.resource<Node>(NODES).create(node(n, '1', '4Gi') as KubeObject as Node);
    for (const p of ['p1', 'p2', 'p3', 'p4']) await client.resource<Pod>(PODS).namespace('default').create(pod(p, { cpu: '600m' }) as KubeObject as Pod);

    await cycle();
    const placed = await Promise.all(['p1', 'p2', 'p3', 'p4'].map(nodeOf));
    // three nodes of 1 CPU hold three pods of 600m, one each: each binding was assumed before the next pod was placed
    expect(placed.filter(Boolean).sort()).toEqual(['n1', 'n2', 'n3']);
    expect(placed.filter((n) => !n)).toHaveLength(1);
    const listsAfterFirst = calls['list:pods'];
    expect(listsAfterFirst).toBeGreaterThan(0);

    // a bound pod goes away: the notice frees its node, and the waiting pod is bound without any list
    const victim = ['p1', 'p2', 'p3', 'p4'][placed.findIndex(Boolean)]!;
    const freed = placed.find(Boolean);
    await client.resource<Pod>(PODS).namespace('default').delete(victim, { gracePeriodSeconds: 0 });
    await client.resource<Pod>(PODS).namespace('default').create(pod('p5', { cpu: '2' }) as KubeObject as Pod);
    const getsBefore = calls['getMany:pods'] ?? 0;
    wait(2000); // past the failed pod's backoff
    await cycle();
    const readsInCycle = (calls['getMany:pods'] ?? 0) - getsBefore;
    const waiting = ['p1', 'p2', 'p3', 'p4'][placed.findIndex((n) => !n)]!;
    expect(await nodeOf(waiting)).toBe(freed);
    expect(await nodeOf('p5')).toBeUndefined(); // 2 CPUs fit nowhere
    expect(calls['list:pods']).toBe(listsAfterFirst);
    expect(calls['list:nodes']).toBe(1);
    expect(readsInCycle).toBe(1); // p5 only: the deletion needed no read, the binding came back with the pod
    expect(state.cache!.stale.size).toBe(0);
  });

  it('a pod bound by someone else is counted once its notice is read, and its binding here is a 409 for that pod alone', async () => {
    const { client, state, cycle, nodeOf } = cluster();
    await client.resource<Node>(NODES).create(node('n1', '1', '4Gi') as KubeObject as Node);
    await cycle(); // the first list
    await client.resource<Pod>(PODS).namespace('default').create(pod('other', { cpu: '600m' }, { spec: { schedulerName: 'elsewhere' } }) as KubeObject as Pod);
    await client.resource<Pod>(PODS).namespace('default').bind('other', { target: { kind: 'Node', name: 'n1' } } as unknown as KubeObject);
    await client.resource<Pod>(PODS).namespace('default').create(pod('mine', { cpu: '600m' }) as KubeObject as Pod);
    await cycle();
    expect(await nodeOf('mine')).toBeUndefined();
    expect(state.cache!.snapshot.byName.get('n1')?.requested.milliCPU).toBe(600);
  });

  it('bindMany: each binding is its own all-or-nothing write, so a pod already bound is a 409 for that pod alone', async () => {
    const mem = new MemoryCluster();
    const client = new RpcClient({ storeOf: mem.storeOf, namespaces: mem.namespaces });
    await client.resource<Node>(NODES).create(node('n1') as KubeObject as Node);
    for (const p of ['a', 'b', 'c']) await client.resource<Pod>(PODS).namespace('default').create(pod(p) as KubeObject as Pod);
    await client.resource<Pod>(PODS).namespace('default').bind('b', { target: { kind: 'Node', name: 'n1' } } as unknown as KubeObject);
    const writer = storeWriter((ns) => mem.storeOf(`ns:${ns}`), () => mem.storeOf('cluster'), 'scheduler');
    const to = { target: { kind: 'Node', name: 'n1' } } as unknown as KubeObject;
    // `a` twice: the second is judged against the first one's commit, as a second POST would be
    const out = await writer.bind('default', [{ name: 'a', binding: to }, { name: 'b', binding: to }, { name: 'gone', binding: to }, { name: 'c', binding: to }, { name: 'a', binding: to }]);
    expect(out.map((o) => (o.ok ? o.pod?.spec?.nodeName : (o.error as { code: number }).code))).toEqual(['n1', 409, 404, 'n1', 409]);
    const versions = out.filter((o) => o.ok).map((o) => (o as { pod: Pod }).pod.metadata!.resourceVersion);
    expect(new Set(versions).size).toBe(2); // each binding its own resourceVersion
  });

  it('binds a namespace\'s pods in one store call that also records their Scheduled events: no call of its own for the events', async () => {
    const { client, calls, cycle } = cluster();
    await client.resource<Node>(NODES).create(node('n1', '8', '16Gi') as KubeObject as Node);
    await cycle(); // the first list
    for (const p of ['a', 'b', 'c']) await client.resource<Pod>(PODS).namespace('default').create(pod(p) as KubeObject as Pod);
    // c is bound by someone else before the cycle: its binding is a 409, and it gets no Scheduled event
    await client.resource<Pod>(PODS).namespace('default').bind('c', { target: { kind: 'Node', name: 'n1' } } as unknown as KubeObject);
    const count = (key: string) => calls[key] ?? 0;
    const before = ['bindMany:pods', 'createMany:', 'create:events'].map(count);
    await cycle();
    expect(['bindMany:pods', 'createMany:', 'create:events'].map((k, i) => count(k) - before[i]!)).toEqual([1, 0, 0]);
    const events = (await client.resource<KubeObject>({ group: '', version: 'v1', plural: 'events' }).namespace('default').list()).items as unknown as { reason: string; message: string; involvedObject: { name: string } }[];
    expect(events.filter((e) => e.reason === 'Scheduled').map((e) => [e.involvedObject.name, e.message])).toEqual([
      ['a', 'Successfully assigned default/a to n1'],
      ['b', 'Successfully assigned default/b to n1'],
    ]);
  });

  it('reads the new pods of a namespace in one store call, and the new nodes in one, none of them one by one', async () => {
    const { client, calls, cycle, nodeOf } = cluster();
    await client.resource<Node>(NODES).create(node('n1', '8', '16Gi') as KubeObject as Node);
    await cycle(); // the first list
    for (const p of ['a', 'b', 'c', 'd']) await client.resource<Pod>(PODS).namespace('default').create(pod(p) as KubeObject as Pod);
    await client.resource(NAMESPACES).create({ metadata: { name: 'other' } });
    await client.resource<Pod>(PODS).namespace('other').create(pod('e', {}, { ns: 'other' }) as KubeObject as Pod);
    for (const n of ['n2', 'n3', 'n4']) await client.resource<Node>(NODES).create(node(n, '8', '16Gi') as KubeObject as Node);
    const count = (key: string) => calls[key] ?? 0;
    const before = ['get:pods', 'getMany:pods', 'get:nodes', 'getMany:nodes'].map(count);
    await cycle();
    // one read per namespace, one for the new nodes, none one by one
    expect(['get:pods', 'getMany:pods', 'get:nodes', 'getMany:nodes'].map((k, i) => count(k) - before[i]!)).toEqual([0, 2, 0, 1]);
    expect((await Promise.all(['a', 'b', 'c', 'd'].map(nodeOf))).every(Boolean)).toBe(true);
    expect((await client.resource<Pod>(PODS).namespace('other').get('e')).spec?.nodeName).toBeTruthy();
  });

  it('a read that fails leaves its pod stale and the cycle back soon, instead of failing the cycle', async () => {
    const { client, state, cycle, nodeOf, failGet } = cluster();
    await client.resource<Node>(NODES).create(node('n1') as KubeObject as Node);
    await cycle();
    // x and y in two namespaces: two reads, and only x's fails
    await client.resource(NAMESPACES).create({ metadata: { name: 'other' } });
    await client.resource<Pod>(PODS).namespace('default').create(pod('x') as KubeObject as Pod);
    await client.resource<Pod>(PODS).namespace('other').create(pod('y', {}, { ns: 'other' }) as KubeObject as Pod);
    failGet.add('x');
    const first = await cycle();
    expect((await client.resource<Pod>(PODS).namespace('other').get('y')).spec?.nodeName).toBe('n1');
    expect(await nodeOf('x')).toBeUndefined();
    expect(first.requeueAfterMs).toBeLessThanOrEqual(100);
    expect([...state.cache!.stale.keys()]).toEqual(['pods/default/x']);
    await cycle();
    expect(await nodeOf('x')).toBe('n1');
  });

  it('lists the cluster again after RELIST_MS of wall time, not of cluster time (a fast clock does not multiply the repair)', async () => {
    const { client, calls, cycle, wait, waitWall } = cluster();
    await client.resource<Node>(NODES).create(node('n1') as KubeObject as Node);
    await cycle();
    expect(calls['list:nodes']).toBe(1);
    // an hour of cluster time in a few wall seconds (60x): no list
    wait(12 * RELIST_MS);
    waitWall(RELIST_MS - 1);
    await cycle();
    expect(calls['list:nodes']).toBe(1);
    waitWall(1);
    await cycle();
    expect(calls['list:nodes']).toBe(2);
  });
});
