import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { deletesPods, podsToDelete, reconcileReplicaSet, formatTime, type UpdateAction } from '../../../shared/controllers';

const NOW = Date.UTC(2024, 0, 1, 12);
const ago = (s: number) => formatTime(NOW - s * 1000);

function pod(name: string, o: { node?: string; phase?: string; ready?: number; restarts?: number; created?: number; cost?: string; labels?: Record<string, string>; owner?: string } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: o.labels ?? { app: 'web' },
      creationTimestamp: ago(o.created ?? 1000),
      ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
      ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: o.owner, controller: true }] } : {}),
    },
    spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.ready !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: ago(o.ready) }] : [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0, image: '', imageID: '', ready: true }],
    },
  };
}

describe('scale-down ranking (ActivePodsWithRanks)', () => {
  // Each pair: the first is deleted before the second.
  it.each([
    ['unassigned before assigned', pod('a', { phase: 'Pending' }), pod('b', { node: 'n1', phase: 'Pending' })],
    ['Pending before Unknown', pod('a', { node: 'n1', phase: 'Pending' }), pod('b', { node: 'n1', phase: 'Unknown' })],
    ['Unknown before Running', pod('a', { node: 'n1', phase: 'Unknown' }), pod('b', { node: 'n1', phase: 'Running' })],
    ['not ready before ready', pod('a', { node: 'n1' }), pod('b', { node: 'n1', ready: 100 })],
    ['lower deletion cost first', pod('a', { node: 'n1', ready: 100, cost: '-5' }), pod('b', { node: 'n1', ready: 100 })],
    ['ready for less time first (log buckets)', pod('a', { node: 'n1', ready: 10 }), pod('b', { node: 'n1', ready: 1000 })],
    ['more restarts first', pod('a', { node: 'n1', ready: 100, restarts: 3 }), pod('b', { node: 'n1', ready: 100 })],
    ['newer first', pod('a', { node: 'n1', ready: 100, created: 10 }), pod('b', { node: 'n1', ready: 100, created: 5000 })],
  ])('%s', (_, first, second) => {
    expect(podsToDelete([second, first], [], 1, NOW).map((p) => p.metadata!.name)).toEqual(['a']);
    expect(podsToDelete([first, second], [], 1, NOW).map((p) => p.metadata!.name)).toEqual(['a']);
  });

  it('prefers pods on nodes crowded with related pods', () => {
    const a = pod('a', { node: 'n1', ready: 100 });
    const b = pod('b', { node: 'n2', ready: 100 });
    const related = [a, b, pod('c', { node: 'n1', ready: 100 })];
    expect(podsToDelete([b, a], related, 1, NOW).map((p) => p.metadata!.name)).toEqual(['a']);
  });
});

function rs(replicas: number, extra: Partial<ReplicaSet['spec']> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: 'default', uid: 'rs-uid', generation: 2, resourceVersion: '7' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, ...extra },
    status: { replicas: 0 },
  };
}

describe('reconcileReplicaSet', () => {
  it('creates missing pods from the template with a controller reference and the upstream event', () => {
    const r = reconcileReplicaSet({ rs: rs(2), pods: [], now: NOW });
    const creates = r.actions.filter((a) => a.kind === 'create');
    expect(creates).toHaveLength(2);
    expect(creates[0]).toMatchObject({
      resource: { group: '', plural: 'pods' },
      namespace: 'default',
      object: {
        metadata: {
          generateName: 'web-',
          labels: { app: 'web' },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
        },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
      event: { reason: 'SuccessfulCreate', message: 'Created pod: {{name}}', type: 'Normal', involvedObject: { kind: 'ReplicaSet', name: 'web' } },
    });
  });

  it('caps one sync at burstReplicas and waits for expectations before creating more', () => {
    const first = reconcileReplicaSet({ rs: rs(700), pods: [], now: NOW });
    expect(first.actions.filter((a) => a.kind === 'create')).toHaveLength(500);
    const again = reconcileReplicaSet({ rs: rs(700), pods: [], now: NOW + 1000, expectations: first.expectations });
    expect(again.actions.filter((a) => a.kind === 'create')).toHaveLength(0);
    const later = reconcileReplicaSet({ rs: rs(700), pods: [], now: NOW + 5 * 60 * 1000 + 1, expectations: first.expectations });
    expect(later.actions.filter((a) => a.kind === 'create')).toHaveLength(500);
  });

  it('observes its creates level-wise from the pods it sees', () => {
    const first = reconcileReplicaSet({ rs: rs(2), pods: [], now: NOW });
    const pods = [pod('web-1', { owner: 'rs-uid' }), pod('web-2', { owner: 'rs-uid' })];
    const next = reconcileReplicaSet({ rs: rs(3), pods, now: NOW + 1, expectations: first.expectations });
    expect(next.actions.filter((a) => a.kind === 'create')).toHaveLength(1);
  });

  it('deletes the extras chosen by ranking, with events, and expects their deletion', () => {
    const pods = [pod('old-ready', { owner: 'rs-uid', node: 'n1', ready: 500 }), pod('pending', { owner: 'rs-uid', phase: 'Pending' }), pod('new-ready', { owner: 'rs-uid', node: 'n2', ready: 5 })];
    const r = reconcileReplicaSet({ rs: rs(1), pods, now: NOW });
    const deletes = r.actions.filter((a) => a.kind === 'delete').map((a) => (a.kind === 'delete' ? a.name : ''));
    expect(deletes).toEqual(['pending', 'new-ready']);
    expect(r.actions.filter((a) => a.kind === 'event').map((a) => (a.kind === 'event' ? a.event.message : ''))).toEqual(['Deleted pod: pending', 'Deleted pod: new-ready']);
    expect(r.expectations['default/web']!.deleteKeys).toEqual(['default/pending', 'default/new-ready']);
  });

  it('adopts matching orphans and releases owned pods that no longer match', () => {
    const orphan = pod('orphan', { ready: 10 });
    const stray = pod('stray', { owner: 'rs-uid', labels: { app: 'other' } });
    const foreign = pod('foreign', { owner: 'someone-else' });
    const r = reconcileReplicaSet({ rs: rs(1), pods: [orphan, stray, foreign], now: NOW });
    const patches = r.actions.filter((a) => a.kind === 'patch');
    expect(patches).toEqual([
      expect.objectContaining({ name: 'orphan', patch: { metadata: { uid: 'uid-orphan', resourceVersion: undefined, ownerReferences: [expect.objectContaining({ uid: 'rs-uid', controller: true })] } } }),
      expect.objectContaining({ name: 'stray', patch: { metadata: { uid: 'uid-stray', resourceVersion: undefined, ownerReferences: [] } } }),
    ]);
    expect(r.actions.filter((a) => a.kind === 'create' || a.kind === 'delete')).toHaveLength(0);
  });

  it('writes status with availability honouring minReadySeconds and wakes when a pod becomes available', () => {
    const pods = [pod('a', { owner: 'rs-uid', ready: 30 }), pod('b', { owner: 'rs-uid', ready: 3 }), pod('c', { owner: 'rs-uid', labels: { app: 'web', extra: 'x' } })];
    const r = reconcileReplicaSet({ rs: rs(3, { minReadySeconds: 10 }), pods, now: NOW });
    const status = (r.actions.find((a) => a.kind === 'updateStatus') as UpdateAction).object.status;
    expect(status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, observedGeneration: 2 });
    expect(r.requeueAfterMs).toBe(7001);
  });

  it('sets ReplicaFailure while pod creation fails and clears it after', () => {
    const failing = reconcileReplicaSet({ rs: rs(1), pods: [], now: NOW, lastError: { message: 'pods "web-" is forbidden: exceeded quota' } });
    const failed = (failing.actions.find((a) => a.kind === 'updateStatus') as UpdateAction).object as ReplicaSet;
    expect(failed.status!.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-" is forbidden: exceeded quota', lastTransitionTime: formatTime(NOW) }]);
    const ok = reconcileReplicaSet({ rs: failed, pods: [], now: NOW + 1 });
    expect(((ok.actions.find((a) => a.kind === 'updateStatus') as UpdateAction).object as ReplicaSet).status!.conditions).toBeUndefined();
  });
});

describe('deletesPods: when a sync needs the namespace ReplicaSets', () => {
  // a Deployment's two ReplicaSets (old and new): the siblings rank a scale-down's victims by co-location
  const owned = (name: string, uid: string, replicas: number): ReplicaSet => ({
    ...rs(replicas),
    metadata: { ...rs(replicas).metadata, name, uid, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'd-uid', controller: true }] },
  });
  const mine = owned('web', 'rs-uid', 1);
  const sibling = owned('web-old', 'old-uid', 1);
  const siblingPod = { ...pod('s', { node: 'n1', ready: 100 }), metadata: { ...pod('s').metadata, labels: { app: 'old' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-old', uid: 'old-uid', controller: true }] } };
  const a = pod('a', { node: 'n1', ready: 100, owner: 'rs-uid' });
  const b = pod('b', { node: 'n2', ready: 100, owner: 'rs-uid', created: 500 });

  it.each([
    ['scale up', 3],
    ['steady', 2],
  ])('%s: no pod deleted, and the same result with or without the siblings', (_, replicas) => {
    const input = { rs: owned('web', 'rs-uid', replicas), pods: [a, b, siblingPod], now: NOW };
    const without = reconcileReplicaSet(input);
    expect(deletesPods(without)).toBe(false);
    expect(reconcileReplicaSet({ ...input, replicaSets: [mine, sibling] })).toEqual(without);
  });

  it('scale down: deletes a pod, and which one the siblings decide (the one sharing a node with a related pod)', () => {
    const input = { rs: mine, pods: [b, a, siblingPod], now: NOW };
    const without = reconcileReplicaSet(input);
    expect(deletesPods(without)).toBe(true);
    const victim = (r: ReturnType<typeof reconcileReplicaSet>) => r.actions.flatMap((x) => (x.kind === 'delete' ? [x.name] : []));
    expect(victim(reconcileReplicaSet({ ...input, replicaSets: [mine, sibling] }))).toEqual(['a']);
    // without them the two are tied on their own nodes, and the newer-first order picks the other
    expect(victim(without)).toEqual(['b']);
  });
});
