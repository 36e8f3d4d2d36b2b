import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { replicaSetPodView } from '../../../shared/controllers/replica-set-pod-view';
import { reconcileReplicaSet } from '../../../shared/controllers/replica-set-reconciler';

const NOW = Date.UTC(2026, 11, 3, 12);

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
