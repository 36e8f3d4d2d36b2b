import { describe, expect, it } from 'vitest';
import { kubeletController } from '../../durable-objects/controllers/kubelet-controller';
import { countingContext } from './counting-context';
import { api, boundPod, freshNamespace } from './helpers';

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
      const r = await api('POST', `/api/v1/namespaces/${ns}/pods`, boundPod(name, node));
      expect(r.status).toBe(201);
    }

    const calls: string[] = [];
    const results = await kubeletController.reconcileBatch!(
      names.map((n) => `pod/${ns}/${n}`),
      countingContext(calls, 'kubelet'),
    );
    expect(Object.values(results).filter((r) => r.error)).toEqual([]);
    const count = (call: string) => calls.filter((c) => c === call).length;
    // the batch's pods in one getMany, then their node in one; one get of the namespace's kube-root-ca.crt
    // (the pods' kube-api-access volume projects it), none of other pods; one status call and one events call
    expect(count(`ns:${ns}.getMany`)).toBe(1);
    expect(count(`ns:${ns}.get`)).toBe(1);
    expect(count('cluster.getMany')).toBe(1);
    expect(count('cluster.get')).toBeLessThanOrEqual(1); // the pool the node names (absent here)
    expect(calls.filter((c) => c.endsWith('.list'))).toEqual([]);
    expect(count(`ns:${ns}.updateMany`)).toBe(1);
    expect(count(`ns:${ns}.createMany`)).toBe(1);
    expect(calls.length).toBeLessThanOrEqual(6);

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
