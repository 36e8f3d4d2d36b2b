import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { reconcileDeployment, type UpdateAction } from '../../../shared/controllers';
import { deployment } from './cluster-sim';

const NOW = Date.UTC(2024, 0, 1);

function rsFor(d: Deployment, name: string, replicas: number, image: string, ageS: number, oldReplicas: number, oldMax: number): ReplicaSet {
  const tmpl = structuredClone(d.spec!.template);
  tmpl.spec!.containers[0]!.image = image;
  tmpl.metadata!.labels = { ...tmpl.metadata!.labels, 'pod-template-hash': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: tmpl.metadata!.labels,
      creationTimestamp: new Date(NOW - ageS * 1000).toISOString(),
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(oldReplicas),
        'deployment.kubernetes.io/max-replicas': String(oldMax),
        'deployment.kubernetes.io/revision': String(100 - ageS),
      },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'foo', uid: 'uid-foo', controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas, selector: { matchLabels: { app: 'foo', 'pod-template-hash': name } }, template: tmpl },
    status: { replicas, availableReplicas: replicas, readyReplicas: replicas },
  };
}

// Upstream pkg/controller/deployment/sync_test.go TestScale (maxSurge 0 / maxUnavailable 0, so max-replicas = old replicas).
describe('proportional scaling during a rollout (upstream TestScale)', () => {
  it.each([
    ['5 -> 10', 5, 10, [['foo-v2', 2], ['foo-v1', 3]], { 'foo-v2': 4, 'foo-v1': 6 }],
    ['5 -> 3', 5, 3, [['foo-v2', 2], ['foo-v1', 3]], { 'foo-v2': 1, 'foo-v1': 2 }],
    ['9 -> 4', 9, 4, [['foo-v2', 8], ['foo-v1', 1]], { 'foo-v2': 4, 'foo-v1': 0 }],
    ['7 -> 10', 7, 10, [['foo-v3', 2], ['foo-v2', 2], ['foo-v1', 3]], { 'foo-v3': 3, 'foo-v2': 3, 'foo-v1': 4 }],
    ['13 -> 8', 13, 8, [['foo-v3', 8], ['foo-v2', 2], ['foo-v1', 3]], { 'foo-v3': 5, 'foo-v2': 1, 'foo-v1': 2 }],
  ] as const)('%s', (_name, oldReplicas, replicas, sets, expected) => {
    const d = deployment('foo', replicas, 'v-new', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } });
    d.metadata = { ...d.metadata, uid: 'uid-foo' };
    d.status = { replicas: oldReplicas };
    const rss = sets.map(([name, n], i) => rsFor(d, name, n, i === 0 ? 'v-new' : `v-old-${i}`, 10 * (i + 1), oldReplicas, oldReplicas));
    // The newest ReplicaSet carries the deployment's template.
    rss[0]!.spec!.template = { ...structuredClone(d.spec!.template), metadata: { labels: { app: 'foo', 'pod-template-hash': sets[0][0] } } };
    const result = reconcileDeployment({ deployment: d, replicaSets: rss, pods: [], now: NOW });
    const sizes = Object.fromEntries(rss.map((rs) => [rs.metadata!.name, rs.spec!.replicas]));
    for (const a of result.actions.filter((x): x is UpdateAction => x.kind === 'update')) {
      sizes[a.object.metadata!.name!] = (a.object as ReplicaSet).spec!.replicas;
      expect(a.object.metadata!.annotations!['deployment.kubernetes.io/desired-replicas']).toBe(String(replicas));
    }
    expect(sizes).toEqual(expected);
    const scaled = result.actions.filter((a) => a.kind === 'event').map((a) => (a.kind === 'event' ? a.event.message : ''));
    expect(scaled.every((m) => /^Scaled (up|down) replica set foo-v\d from \d+ to \d+$/.test(m ?? ''))).toBe(true);
  });
});
