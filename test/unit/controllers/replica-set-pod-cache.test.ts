import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_CACHE_RELIST_MS, ReplicaSetPodCache, replicaSetPodView } from '../../../shared/controllers/replica-set-pod-cache';
import { reconcileReplicaSet } from '../../../shared/controllers/replica-set-reconciler';

const NOW = Date.UTC(2026, 11, 3, 12);
const pod = (name: string, rv: number, phase = 'Pending'): Pod => ({ metadata: { name, namespace: 'ns', resourceVersion: String(rv) }, status: { phase } });
const names = (c: ReplicaSetPodCache) => c.pods().map((p) => `${p.metadata!.name}@${p.metadata!.resourceVersion}`).sort();

/** A cache listed once at NOW with pods a..(n) at resourceVersion 10. */
function listed(n: number): ReplicaSetPodCache {
  const c = new ReplicaSetPodCache();
  c.replaceAll(Array.from({ length: n }, (_, i) => pod(`p${i}`, 10)), '10', NOW);
  return c;
}

describe('ReplicaSetPodCache', () => {
  it('lists first, then reads nothing while no notice arrives', () => {
    const c = new ReplicaSetPodCache();
    c.observe({ type: 'ADDED', name: 'a', resourceVersion: '5' }); // not listed yet: nothing to remember
    expect(c.empty).toBe(true);
    expect(c.refresh(NOW)).toEqual({ kind: 'list' });
    c.replaceAll([pod('a', 5)], '7', NOW);
    expect(c.refresh(NOW + 1000)).toEqual({ kind: 'none' });
    expect(names(c)).toEqual(['a@5']);
  });

  it('reads only the pods a notice says changed, with the version announced', () => {
    const c = listed(100);
    c.observe({ type: 'MODIFIED', name: 'p3', resourceVersion: '12' });
    c.observe({ type: 'MODIFIED', name: 'new', resourceVersion: '13' });
    c.observe({ type: 'MODIFIED', name: 'p3', resourceVersion: '11' }); // an older notice never lowers what is awaited
    expect(c.refresh(NOW)).toEqual({ kind: 'get', pods: [{ name: 'p3', resourceVersion: 12 }, { name: 'new', resourceVersion: 13 }] });
    c.apply('p3', pod('p3', 12, 'Running'), 12);
    c.apply('new', pod('new', 13), 13);
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
    expect(c.pods()).toHaveLength(101);
    expect(c.pods().find((p) => p.metadata!.name === 'p3')!.status!.phase).toBe('Running');
  });

  it('ignores notices of versions it already holds: its own creates are written through', () => {
    const c = listed(3);
    c.apply('mine', pod('mine', 20)); // the createMany result
    c.observe({ type: 'MODIFIED', name: 'mine', resourceVersion: '20' }); // the store's notice of the same create
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '10' });
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('a notice heard before the create returned is settled by the create result', () => {
    const c = listed(3);
    c.observe({ type: 'MODIFIED', name: 'mine', resourceVersion: '20' });
    c.apply('mine', pod('mine', 20));
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('drops a pod a get finds gone', () => {
    const c = listed(3);
    c.observe({ type: 'MODIFIED', name: 'p1', resourceVersion: '30' });
    c.apply('p1', undefined, 30);
    expect(names(c)).toEqual(['p0@10', 'p2@10']);
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('drops a deleted pod without reading it, unless it holds a newer namesake', () => {
    const c = listed(2);
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '12' });
    c.observe({ type: 'DELETED', name: 'p0', resourceVersion: '13' });
    expect(names(c)).toEqual(['p1@10']);
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
    c.apply('p1', pod('p1', 20)); // re-created (same name) and written through before the old one's deletion is heard
    c.observe({ type: 'DELETED', name: 'p1', resourceVersion: '15' });
    expect(names(c)).toEqual(['p1@20']);
    c.observe({ type: 'DELETED', name: 'p1', resourceVersion: '21' });
    expect(c.empty).toBe(true);
  });

  it('keeps a pod stale when a newer notice arrived while it was read', () => {
    const c = listed(3);
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '11' });
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '12' }); // heard during the get that was asked for 11
    c.apply('p0', pod('p0', 11), 11);
    expect(c.refresh(NOW)).toEqual({ kind: 'get', pods: [{ name: 'p0', resourceVersion: 12 }] });
  });

  it('never replaces a newer copy with an older read', () => {
    const c = listed(1);
    c.apply('p0', pod('p0', 15, 'Running'));
    c.apply('p0', pod('p0', 12, 'Pending'));
    expect(names(c)).toEqual(['p0@15']);
  });

  it('lists again when more than a quarter of a namespace changed (above 32 pods)', () => {
    const c = listed(200);
    for (let i = 0; i < 50; i++) c.observe({ type: 'MODIFIED', name: `p${i}`, resourceVersion: '11' });
    expect(c.refresh(NOW).kind).toBe('get');
    c.observe({ type: 'MODIFIED', name: 'p50', resourceVersion: '11' });
    expect(c.refresh(NOW)).toEqual({ kind: 'list' });
    // a small namespace reads up to 32 pods one by one
    const small = listed(4);
    for (let i = 0; i < 4; i++) small.observe({ type: 'MODIFIED', name: `p${i}`, resourceVersion: '11' });
    expect(small.refresh(NOW).kind).toBe('get');
  });

  it('a list settles the notices it covers and keeps the newer ones', () => {
    const c = listed(2);
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '14' });
    c.observe({ type: 'MODIFIED', name: 'p1', resourceVersion: '16' });
    c.replaceAll([pod('p0', 14), pod('p1', 11)], '15', NOW);
    expect(c.refresh(NOW)).toEqual({ kind: 'get', pods: [{ name: 'p1', resourceVersion: 16 }] });
  });

  it('pods it patched or deleted are read again', () => {
    const c = listed(2);
    c.touched('p0');
    expect(c.refresh(NOW)).toEqual({ kind: 'get', pods: [{ name: 'p0', resourceVersion: 11 }] });
    c.apply('p0', pod('p0', 10), 11); // a read that still shows the old version settles it (the change was refused)
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('lists again after the resync period, or after a write of unknown outcome', () => {
    const c = listed(2);
    expect(c.refresh(NOW + POD_CACHE_RELIST_MS - 1)).toEqual({ kind: 'none' });
    expect(c.refresh(NOW + POD_CACHE_RELIST_MS)).toEqual({ kind: 'list' });
    const d = listed(2);
    d.invalidate();
    expect(d.refresh(NOW)).toEqual({ kind: 'list' });
  });
});

describe('replicaSetPodView', () => {
  // pods as TestSortingActivePodsWithRanks (controller_utils_test.go) ranks them, with the bulk a real pod carries
  const T = (s: number) => new Date(NOW - s * 1000).toISOString().replace('.000Z', 'Z');
  const owner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true }];
  const full = (name: string, extra: { node?: string; phase?: string; ready?: number; restarts?: number; sidecarRestarts?: number; cost?: string; created?: number; orphan?: boolean; labels?: Record<string, string> }): Pod => ({
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: '7',
      creationTimestamp: T(extra.created ?? 100),
      labels: extra.labels ?? { app: 'web' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"x"}', ...(extra.cost ? { 'controller.kubernetes.io/pod-deletion-cost': extra.cost } : {}) },
      ...(extra.orphan ? {} : { ownerReferences: owner }),
    },
    spec: {
      ...(extra.node ? { nodeName: extra.node } : {}),
      initContainers: [{ name: 'side', image: 'envoy', restartPolicy: 'Always' }, { name: 'init', image: 'busybox' }],
      containers: [{ name: 'app', image: 'nginx', env: [{ name: 'A', value: 'b' }] }],
    },
    status: {
      phase: extra.phase ?? 'Running',
      podIP: '10.0.0.1',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: extra.ready === undefined ? 'False' : 'True', lastTransitionTime: T(extra.ready ?? 5) },
      ],
      containerStatuses: [{ name: 'app', image: 'nginx', imageID: 'x', ready: extra.ready !== undefined, restartCount: extra.restarts ?? 0 }],
      initContainerStatuses: [{ name: 'side', image: 'envoy', imageID: 'y', ready: true, restartCount: extra.sidecarRestarts ?? 0 }],
    },
  });
  const pods = [
    full('unscheduled', { phase: 'Pending' }),
    full('pending', { node: 'n1', phase: 'Pending' }),
    full('unknown', { node: 'n1', phase: 'Unknown' }),
    full('not-ready', { node: 'n2' }),
    full('not-ready-young', { node: 'n2', created: 10 }),
    full('ready-new', { node: 'n2', ready: 10 }),
    full('ready-old', { node: 'n3', ready: 5000 }),
    full('restarts', { node: 'n3', ready: 5000, restarts: 4 }),
    full('sidecar', { node: 'n3', ready: 5000, sidecarRestarts: 2 }),
    full('costly', { node: 'n1', ready: 5000, cost: '100' }),
    full('cheap', { node: 'n1', ready: 5000, cost: '-5' }),
    full('young', { node: 'n4', ready: 5000, created: 10 }),
    full('orphan', { node: 'n4', orphan: true }),
    full('mislabeled', { node: 'n4', labels: { app: 'other' } }),
    { ...full('done', { node: 'n4', phase: 'Succeeded' }) },
    { ...full('leaving', { node: 'n4', ready: 50 }), metadata: { ...full('leaving', {}).metadata, deletionTimestamp: T(1) } },
  ];
  const rs = (replicas: number, minReadySeconds = 0): ReplicaSet => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default', uid: 'rs-uid', generation: 2 },
    spec: { replicas, minReadySeconds, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
    status: { replicas: 3 },
  });

  it.each([0, 1, 3, 6, 9, 12, 20])('a sync decides the same from the views as from whole pods (replicas %i)', (replicas) => {
    for (const minReady of [0, 60]) {
      const fromPods = reconcileReplicaSet({ rs: rs(replicas, minReady), pods, now: NOW });
      const fromViews = reconcileReplicaSet({ rs: rs(replicas, minReady), pods: pods.map(replicaSetPodView), now: NOW });
      expect(fromViews.actions).toEqual(fromPods.actions);
      expect(fromViews.requeueAfterMs).toEqual(fromPods.requeueAfterMs);
    }
  });

  it('keeps what the sync reads and drops the rest', () => {
    const v = replicaSetPodView(full('costly', { node: 'n1', ready: 5000, cost: '100', restarts: 2 }));
    expect(v.metadata!.annotations).toEqual({ 'controller.kubernetes.io/pod-deletion-cost': '100' });
    expect(v.spec).toEqual({ containers: [], nodeName: 'n1', initContainers: [{ name: 'side', restartPolicy: 'Always' }] });
    expect(v.status!.conditions!.map((c) => c.type)).toEqual(['Ready']);
    expect(v.status!.containerStatuses).toEqual([{ name: 'app', restartCount: 2 }]);
    expect(v.status!.podIP).toBeUndefined();
    expect(JSON.stringify(v).length).toBeLessThan(JSON.stringify(full('costly', { node: 'n1', ready: 5000, cost: '100' })).length * 0.7);
  });
});
