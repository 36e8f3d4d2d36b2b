import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { reconcileReplicaSet, type CreateAction } from '../../../shared/controllers';
import { slowStartBatches } from '../../../shared/controllers/slow-start';

/**
 * A huge but valid desired count (int32's maximum) is worked off as upstream's ReplicaSet controller
 * does: at most burstReplicas (500) creates per sync, in slow-start batches 1, 2, 4, … so a failing
 * template costs one create, not five hundred.
 */
const NOW = Date.UTC(2024, 0, 1, 12);
const rs = (replicas: number): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default', uid: 'rs-uid', generation: 1 },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  status: { replicas: 0 },
});
const owned = (i: number): Pod => ({
  metadata: {
    name: `web-${i}`,
    namespace: 'default',
    uid: `uid-${i}`,
    labels: { app: 'web' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true }],
  },
  spec: { containers: [] },
  status: { phase: 'Running' },
});
const creates = (r: { actions: { kind: string }[] }) => r.actions.filter((a): a is CreateAction => a.kind === 'create');

describe('ReplicaSet with replicas 2147483647', () => {
  it('creates 500 pods in one sync, in slow-start batches 1, 2, 4 … 128, 245', () => {
    const r = reconcileReplicaSet({ rs: rs(2147483647), pods: [], now: NOW });
    const c = creates(r);
    expect(c).toHaveLength(500);
    const sizes = [...c.reduce((m, a) => m.set(a.batch!, (m.get(a.batch!) ?? 0) + 1), new Map<number, number>()).values()];
    expect(sizes).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 245]);
    expect(sizes).toEqual(slowStartBatches(500));
  });

  it('creates the next 500 once the first are observed, never more per sync', () => {
    const first = reconcileReplicaSet({ rs: rs(2147483647), pods: [], now: NOW });
    const pods = Array.from({ length: 500 }, (_, i) => owned(i));
    const second = reconcileReplicaSet({ rs: rs(2147483647), pods, now: NOW + 1000, expectations: first.expectations });
    expect(creates(second)).toHaveLength(500);
  });

  it('deletes at most 500 per sync when scaled down from a huge count', () => {
    const pods = Array.from({ length: 1200 }, (_, i) => owned(i));
    const r = reconcileReplicaSet({ rs: rs(0), pods, now: NOW });
    expect(r.actions.filter((a) => a.kind === 'delete')).toHaveLength(500);
  });
});
