import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ReconcileContext } from '../../durable-objects/controllers/controller-def';
import { kubeletController } from '../../durable-objects/controllers/kubelet-controller';
import type { Rows } from '../../durable-objects/controllers/state-rows';
import { namespaceNames } from '../../platform/namespaces';
import { storeStub } from '../../platform/stores';
import type { StoreApi } from '../../shared/apiserver/store-protocol';
import { RpcClient } from '../../shared/client';
import { api, freshNamespace } from './helpers';

/** A store stub that records every call made through it as `<store>.<method>`. */
function counted(name: string, calls: string[]): StoreApi {
  const stub = storeStub(env, name);
  return new Proxy(stub, {
    get(target, prop) {
      const t = target as unknown as Record<string | symbol, (...a: unknown[]) => unknown>;
      if (typeof prop !== 'string' || prop === 'then') return t[prop];
      return (...args: unknown[]) => {
        calls.push(`${name}.${prop}`);
        return t[prop]!(...args);
      };
    },
  }) as StoreApi;
}

/** A kubelet shard's context over the real stores, with its rows in memory and its store calls counted. */
function countingContext(calls: string[]): ReconcileContext {
  const tables = new Map<string, Map<string, unknown>>();
  const rows = <T,>(table: string): Rows<T> => {
    const t = tables.get(table) ?? new Map<string, unknown>();
    tables.set(table, t);
    return {
      get: (k) => t.get(k) as T | undefined,
      put: (k, v) => void t.set(k, v),
      delete: (k) => void t.delete(k),
      scan: () => t.entries() as IterableIterator<[string, T]>,
      get size() {
        return t.size;
      },
    };
  };
  const client = new RpcClient({ storeOf: (n) => counted(n, calls), namespaces: () => namespaceNames(env), fieldManager: 'kubelet' });
  return { client, clientWith: () => client, now: Date.now(), rows, memo: {}, store: (n) => counted(n, calls) };
}

describe('kubelet pod batches', () => {
  it('admits from its own rows and writes a namespace’s statuses and events in one call each', async () => {
    const node = `batch-node-${Date.now().toString(36)}`;
    const created = await api('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: node, labels: { 'kubeflare.dev/node-pool': 'none', 'kubernetes.io/os': 'linux' } },
      spec: { podCIDR: '10.250.0.0/24' },
      status: { capacity: { cpu: '4', memory: '8Gi', pods: '3' }, allocatable: { cpu: '4', memory: '8Gi', pods: '3' } },
    });
    expect(created.status).toBe(201);
    const ns = await freshNamespace();
    const names = ['p0', 'p1', 'p2', 'p3', 'p4'];
    for (const name of names) {
      const r = await api('POST', `/api/v1/namespaces/${ns}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { nodeName: node, containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
      });
      expect(r.status).toBe(201);
    }

    const calls: string[] = [];
    const results = await kubeletController.reconcileBatch!(
      names.map((n) => `pod/${ns}/${n}`),
      countingContext(calls),
    );
    expect(Object.values(results).filter((r) => r.error)).toEqual([]);
    const count = (call: string) => calls.filter((c) => c === call).length;
    // one read per pod, one of the node, none of other pods; one status call and one events call for the namespace
    expect(count(`ns:${ns}.get`)).toBe(names.length);
    expect(count('cluster.get')).toBeLessThanOrEqual(2); // the node (and the pool it names, absent here)
    expect(calls.filter((c) => c.endsWith('.list'))).toEqual([]);
    expect(count(`ns:${ns}.updateMany`)).toBe(1);
    expect(count(`ns:${ns}.createMany`)).toBe(1);
    expect(calls.length).toBeLessThanOrEqual(names.length + 4);

    // the node holds 3 pods: the batch admitted three and rejected two as upstream words it (the
    // cluster's own kubelet host may admit the same pods in another order beside this call, so at most
    // three stay and every rejection is OutOfpods)
    const pods = (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items as any[];
    const rejected = pods.filter((p) => p.status.phase === 'Failed');
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rejected.map((p) => p.status.reason))).toEqual(new Set(['OutOfpods']));
    expect(rejected[0].status.message).toBe("Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3");
    expect(pods.filter((p) => p.status.phase !== 'Failed').length).toBeLessThanOrEqual(3);
    const reasons = (await api('GET', `/api/v1/namespaces/${ns}/events`)).body.items.map((e: any) => e.reason);
    // at least these two: the cluster's own kubelet host hears of the same pods and may record its own (its rows are not this call's)
    expect(reasons.filter((r: string) => r === 'OutOfpods').length).toBeGreaterThanOrEqual(2);

    await api('DELETE', `/api/v1/nodes/${node}`);
  });
});
