// Rows and scenarios of upstream's stateful_set_control_test.go and stateful_set_utils_test.go.
import { describe, expect, it } from 'vitest';
import {
  claimOwnerRefsFor, getOrdinal, identityMatches, isClaimOwnerUpToDate, newStatefulSetPod, parentAndOrdinal, podClaims, statefulSetMaxUnavailable, storageMatches, updateIdentity, updateStorage,
} from '../../../../shared/controllers/statefulset';
import { formatTime } from '../../../../shared/controllers';
import { StsCluster, T0, newStatefulSet } from './sts-fixtures';

const image = (c: StsCluster) => Object.fromEntries(c.pods.map((p) => [p.metadata!.name, p.spec!.containers[0]!.image]));

describe('stateful_set_utils_test.go', () => {
  it('TestGetParentNameAndOrdinal', () => {
    const set = newStatefulSet(3);
    const pod = newStatefulSetPod(set, 1);
    expect(parentAndOrdinal(pod)).toEqual({ parent: 'foo', ordinal: 1 });
    expect(parentAndOrdinal({ metadata: { name: 'foo-bar' } })).toEqual({ parent: '', ordinal: -1 });
    expect(parentAndOrdinal({ metadata: { name: 'a-b-99' } })).toEqual({ parent: 'a-b', ordinal: 99 });
  });

  it('TestIdentityMatches / TestUpdateIdentity', () => {
    const set = newStatefulSet(3);
    const pod = newStatefulSetPod(set, 1);
    expect(identityMatches(set, pod)).toBe(true);
    const other = structuredClone(pod);
    other.metadata!.namespace = 'other';
    expect(identityMatches(set, other)).toBe(false);
    const noLabel = structuredClone(pod);
    delete noLabel.metadata!.labels!['statefulset.kubernetes.io/pod-name'];
    expect(identityMatches(set, noLabel)).toBe(false);
    updateIdentity(set, noLabel);
    expect(identityMatches(set, noLabel)).toBe(true);
    expect(noLabel.metadata!.labels!['apps.kubernetes.io/pod-index']).toBe('1');
  });

  it('TestStorageMatches / TestUpdateStorage: claim volumes replace same-named local ones, others are kept', () => {
    const set = newStatefulSet(3);
    const pod = newStatefulSetPod(set, 1);
    expect(storageMatches(set, pod)).toBe(true);
    expect(pod.spec!.volumes).toEqual([{ name: 'datadir', persistentVolumeClaim: { claimName: 'datadir-foo-1' } }, { name: 'home', hostPath: { path: '/tmp/home' } }]);
    const wrong = structuredClone(pod);
    wrong.spec!.volumes = [{ name: 'datadir', hostPath: { path: '/tmp' } }, { name: 'home', hostPath: { path: '/tmp/home' } }];
    expect(storageMatches(set, wrong)).toBe(false);
    updateStorage(set, wrong);
    expect(wrong.spec!.volumes).toEqual(pod.spec!.volumes);
  });

  it('newStatefulSetPod: name, controller reference, hostname and subdomain', () => {
    const pod = newStatefulSetPod(newStatefulSet(3), 2);
    expect(pod.metadata).toMatchObject({ name: 'foo-2', namespace: 'default', labels: { foo: 'bar', 'statefulset.kubernetes.io/pod-name': 'foo-2', 'apps.kubernetes.io/pod-index': '2' } });
    expect(pod.metadata!.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'foo', uid: 'test', controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec).toMatchObject({ hostname: 'foo-2', subdomain: 'governingsvc' });
  });

  it('TestGetPersistentVolumeClaims: names and the selector labels', () => {
    const set = newStatefulSet(3, (s) => (s.spec.volumeClaimTemplates[0].metadata.labels = { tier: 'db' }));
    const claims = podClaims(set, newStatefulSetPod(set, 0));
    expect(claims.get('datadir')!.metadata).toEqual({ name: 'datadir-foo-0', namespace: 'default', labels: { tier: 'db', foo: 'bar' } });
  });

  it.each([
    [undefined, 10, 1], [3, 10, 3], [3, 0, 3], [0, 0, 1], ['10%', 25, 2], ['100%', 5, 5], ['50%', 5, 2], ['10%', 5, 1], ['1%', 0, 1], ['0%', 0, 1],
  ] as [number | string | undefined, number, number][])('TestGetStatefulSetMaxUnavailable %s of %i → %i', (value, replicas, expected) => {
    expect(statefulSetMaxUnavailable(value, replicas)).toBe(expected);
  });

  describe('TestIsClaimOwnerUpToDate / TestUpdateClaimOwnerRefForSetAndPod', () => {
    const setRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'foo', uid: 'test', controller: true, blockOwnerDeletion: true };
    const podRef = { apiVersion: 'v1', kind: 'Pod', name: 'foo-1', uid: 'pod-uid', controller: true, blockOwnerDeletion: true };
    const rows: [string, string, boolean, object[]][] = [
      ['Retain', 'Retain', false, []],
      ['Retain', 'Retain', true, []],
      ['Delete', 'Retain', false, [setRef]],
      ['Delete', 'Retain', true, [setRef]],
      ['Retain', 'Delete', false, []],
      ['Retain', 'Delete', true, [podRef]],
      ['Delete', 'Delete', false, [setRef]],
      ['Delete', 'Delete', true, [podRef]],
    ];
    it.each(rows)('whenDeleted %s, whenScaled %s, scaled down %s → refs', (whenDeleted, whenScaled, scaledDown, refs) => {
      const set = newStatefulSet(scaledDown ? 1 : 3, (s) => (s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted, whenScaled }));
      const pod = newStatefulSetPod(set, 1);
      (pod.metadata as { uid?: string }).uid = 'pod-uid';
      const claim = podClaims(set, pod).get('datadir')!;
      expect(claimOwnerRefsFor(claim, set, pod)).toEqual(refs);
      expect(isClaimOwnerUpToDate({ ...claim, metadata: { ...claim.metadata, ownerReferences: refs as any } }, set, pod)).toBe(true);
      const wrong = refs.length ? [] : [setRef];
      expect(isClaimOwnerUpToDate({ ...claim, metadata: { ...claim.metadata, ownerReferences: wrong as any } }, set, pod)).toBe(false);
    });
    it('a claim with a stale reference (same name, other UID) is left alone', () => {
      const set = newStatefulSet(3, (s) => (s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' }));
      const pod = newStatefulSetPod(set, 1);
      const claim = podClaims(set, pod).get('datadir')!;
      expect(isClaimOwnerUpToDate({ ...claim, metadata: { ...claim.metadata, ownerReferences: [{ ...setRef, uid: 'old' }] } }, set, pod)).toBe(true);
    });
  });
});

describe('stateful_set_control_test.go', () => {
  it('CreatesPods / scaleUpStatefulSetControl: one pod at a time in ordinal order, each Running and Ready first', () => {
    const c = new StsCluster(newStatefulSet(3));
    const r = c.sync();
    expect(c.names()).toEqual(['foo-0']);
    expect(c.claims.map((x) => x.metadata!.name)).toEqual(['datadir-foo-0']);
    expect(r.actions.filter((a) => a.kind === 'event').map((a: any) => a.event.message)).toEqual(['create Claim datadir-foo-0 Pod foo-0 in StatefulSet foo success']);
    expect((r.actions.find((a) => a.kind === 'create' && a.resource.plural === 'pods') as any).event.message).toBe('create Pod foo-0 in StatefulSet foo successful');
    // while foo-0 is Pending, nothing more
    expect(c.sync().actions.filter((a) => a.kind === 'create')).toEqual([]);
    c.runAndReady('foo-0');
    c.sync();
    expect(c.names()).toEqual(['foo-0', 'foo-1']);
    c.converge();
    expect(c.log).toEqual(['create foo-0', 'create foo-1', 'create foo-2']);
    expect(c.set.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1, collisionCount: 0 });
    expect(c.set.status!.currentRevision).toBe(c.set.status!.updateRevision);
    expect(c.revisions).toHaveLength(1);
    expect(c.pods.every((p) => p.metadata!.labels!['controller-revision-hash'] === c.set.status!.updateRevision)).toBe(true);
  });

  it('ScalesDown: one pod at a time from the highest ordinal', () => {
    const c = new StsCluster(newStatefulSet(3));
    c.converge();
    c.edit((s) => (s.spec.replicas = 0));
    c.sync();
    expect(c.names()).toEqual(['foo-0', 'foo-1']);
    c.converge();
    expect(c.log.slice(3)).toEqual(['delete foo-2', 'delete foo-1', 'delete foo-0']);
    expect(c.claims).toHaveLength(3); // Retain: claims outlive their pods
  });

  it('OrderedReady waits for an unready pod before scaling down (processCondemned)', () => {
    const c = new StsCluster(newStatefulSet(3));
    c.converge();
    (c.pods.find((p) => p.metadata!.name === 'foo-0') as any).status.conditions[0].status = 'False';
    c.edit((s) => (s.spec.replicas = 1));
    expect(c.sync().actions.filter((a) => a.kind === 'delete')).toEqual([]);
  });

  it('Parallel: all pods at once in slow-start batches, and scale down without waiting', () => {
    const c = new StsCluster(newStatefulSet(5, (s) => (s.spec.podManagementPolicy = 'Parallel')));
    const r = c.sync();
    expect(c.names()).toEqual(['foo-0', 'foo-1', 'foo-2', 'foo-3', 'foo-4']);
    expect(r.actions.filter((a) => a.kind === 'create' && a.resource.plural === 'pods').map((a: any) => a.batch)).toEqual([0, 1, 1, 2, 2]);
    c.edit((s) => (s.spec.replicas = 2));
    c.sync();
    expect(c.names()).toEqual(['foo-0', 'foo-1']);
  });

  it('RecreatesFailedPod: a failed pod is deleted and made again under its name', () => {
    const c = new StsCluster(newStatefulSet(3));
    c.converge();
    (c.pods[1] as any).status = { phase: 'Failed' };
    c.sync();
    expect(c.names()).toEqual(['foo-0', 'foo-2']);
    c.sync();
    expect(c.names()).toEqual(['foo-0', 'foo-1', 'foo-2']);
  });

  it('RollingUpdate: highest ordinal first, one at a time, then the update revision becomes current', () => {
    const c = new StsCluster(newStatefulSet(3));
    c.converge();
    const first = c.set.status!.currentRevision;
    c.edit((s) => (s.spec.template.spec.containers[0].image = 'foo'));
    c.converge();
    expect(c.log.slice(3)).toEqual(['delete foo-2', 'create foo-2', 'delete foo-1', 'create foo-1', 'delete foo-0', 'create foo-0']);
    expect(image(c)).toEqual({ 'foo-0': 'foo', 'foo-1': 'foo', 'foo-2': 'foo' });
    expect(c.set.status!.currentRevision).not.toBe(first);
    expect(c.set.status).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 });
    expect(c.revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it('RollingUpdateWithPartition: ordinals below the partition keep the current revision, new ones there too', () => {
    const c = new StsCluster(newStatefulSet(5));
    c.converge();
    c.edit((s) => {
      s.spec.updateStrategy.rollingUpdate.partition = 2;
      s.spec.template.spec.containers[0].image = 'foo';
    });
    c.converge();
    expect(image(c)).toEqual({ 'foo-0': 'nginx', 'foo-1': 'nginx', 'foo-2': 'foo', 'foo-3': 'foo', 'foo-4': 'foo' });
    expect(c.set.status).toMatchObject({ currentReplicas: 2, updatedReplicas: 3 });
    // a deleted pod below the partition comes back at the current revision
    c.pods = c.pods.filter((p) => p.metadata!.name !== 'foo-1');
    c.converge();
    expect(image(c)['foo-1']).toBe('nginx');
  });

  it('RollingUpdate with maxUnavailable 2: two pods replaced at a time', () => {
    const c = new StsCluster(newStatefulSet(5, (s) => (s.spec.updateStrategy.rollingUpdate.maxUnavailable = 2)));
    c.converge();
    c.edit((s) => (s.spec.template.spec.containers[0].image = 'foo'));
    c.sync();
    expect(c.log.slice(5)).toEqual(['delete foo-4', 'delete foo-3']);
  });

  it('OnDelete: a template change touches no pod; a deleted pod returns at the update revision', () => {
    const c = new StsCluster(newStatefulSet(3, (s) => (s.spec.updateStrategy = { type: 'OnDelete' })));
    c.converge();
    c.edit((s) => (s.spec.template.spec.containers[0].image = 'foo'));
    c.converge();
    expect(image(c)).toEqual({ 'foo-0': 'nginx', 'foo-1': 'nginx', 'foo-2': 'nginx' });
    c.pods = c.pods.filter((p) => p.metadata!.name !== 'foo-1');
    c.converge();
    expect(image(c)).toEqual({ 'foo-0': 'nginx', 'foo-1': 'foo', 'foo-2': 'nginx' });
    expect(c.set.status).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 });
  });

  it('a rollback reuses the earlier revision, renumbered', () => {
    const c = new StsCluster(newStatefulSet(1));
    c.converge();
    const rev1 = c.revisions[0]!.metadata!.name;
    c.edit((s) => (s.spec.template.spec.containers[0].image = 'foo'));
    c.converge();
    c.edit((s) => (s.spec.template.spec.containers[0].image = 'nginx'));
    c.converge();
    expect(c.revisions.map((r) => [r.metadata!.name === rev1, r.revision]).sort()).toEqual([[false, 2], [true, 3]]);
    expect(c.set.status!.currentRevision).toBe(rev1);
  });

  it('PVC retention whenScaled Delete: a condemned pod takes its claims over before it goes', () => {
    const c = new StsCluster(newStatefulSet(2, (s) => (s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Delete' })));
    c.converge();
    expect(c.claims.every((x) => !x.metadata!.ownerReferences)).toBe(true);
    c.edit((s) => (s.spec.replicas = 1));
    c.sync();
    const claim = c.claims.find((x) => x.metadata!.name === 'datadir-foo-1')!;
    expect(claim.metadata!.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'foo-1', uid: expect.stringMatching(/^uid-/), controller: true, blockOwnerDeletion: true }]);
    expect(c.names()).toEqual(['foo-0']);
  });

  it('PVC retention whenDeleted Delete: claims are made owned by the set', () => {
    const c = new StsCluster(newStatefulSet(1, (s) => (s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' })));
    c.sync();
    expect(c.claims[0]!.metadata!.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'foo', uid: 'test', controller: true, blockOwnerDeletion: true }]);
  });

  it('a claim being deleted blocks its pod and fails the sync', () => {
    const c = new StsCluster(newStatefulSet(1));
    c.claims = [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'datadir-foo-0', namespace: 'default', deletionTimestamp: formatTime(T0) } }];
    const r = c.sync();
    expect(r.error).toBe('failed to create PVC datadir-foo-0: pvc datadir-foo-0 is being deleted');
    expect(c.pods).toEqual([]);
  });

  it('minReadySeconds: availableReplicas waits, and the sync comes back when a pod becomes available', () => {
    const c = new StsCluster(newStatefulSet(1, (s) => (s.spec.minReadySeconds = 30)));
    c.sync();
    c.runAndReady();
    const r = c.sync();
    expect(c.set.status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    expect(r.requeueAfterMs).toBe(30_001);
  });

  it('ordinals.start shifts the names', () => {
    const c = new StsCluster(newStatefulSet(2, (s) => (s.spec.ordinals = { start: 5 })));
    c.converge();
    expect(c.names()).toEqual(['foo-5', 'foo-6']);
    expect(c.pods.map(getOrdinal).sort()).toEqual([5, 6]);
  });
});
