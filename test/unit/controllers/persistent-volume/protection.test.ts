// Rows after pvc_protection_controller_test.go and pv_protection_controller_test.go (TestPVCProtectionController,
// TestPVProtectionController) and the StorageObjectInUseProtection admission plugin's admission_test.go.
import { describe, expect, it } from 'vitest';
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../../shared/api/object';
import type { Action } from '../../../../shared/controllers/actions';
import {
  claimProtection,
  PV_PROTECTION_FINALIZER,
  PVC_PROTECTION_FINALIZER,
  storageProtectionAdmission,
  syncVolume,
  volumeProtection,
} from '../../../../shared/controllers/persistent-volume';
import { newVolume, NOW } from './fixtures';

const DELETED = '2024-05-01T11:00:00Z';

function pvc(opts: { finalizer?: boolean; deleted?: boolean; ownerPod?: string } = {}): PersistentVolumeClaim {
  return {
    metadata: {
      name: 'pvc1', namespace: 'default', uid: 'pvc-uid', resourceVersion: '1',
      ...(opts.finalizer ? { finalizers: [PVC_PROTECTION_FINALIZER] } : {}),
      ...(opts.deleted ? { deletionTimestamp: DELETED } : {}),
      ...(opts.ownerPod ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'pod1', uid: opts.ownerPod, controller: true }] } : {}),
    },
  };
}

function pod(opts: { claim?: string; ephemeral?: string; scheduled?: boolean; phase?: string; shutDown?: boolean; emptyDir?: boolean } = {}): Pod {
  const volumes = [
    ...(opts.claim ? [{ name: 'vol', persistentVolumeClaim: { claimName: opts.claim } }] : []),
    ...(opts.ephemeral ? [{ name: opts.ephemeral, ephemeral: { volumeClaimTemplate: { spec: {} } } }] : []),
    ...(opts.emptyDir ? [{ name: 'scratch', emptyDir: {} }] : []),
  ];
  return {
    metadata: { name: 'pod1', namespace: 'default', uid: 'pod-uid', ...(opts.shutDown ? { deletionTimestamp: DELETED, deletionGracePeriodSeconds: 0 } : {}) },
    spec: { containers: [], volumes, ...(opts.scheduled === false ? {} : { nodeName: 'node1' }) },
    status: { phase: opts.phase ?? 'Running' },
  };
}

/** What the actions write: `update <finalizers>` per action. */
const writes = (actions: Action[]) => actions.map((a) => (a.kind === 'update' ? `update [${(a.object.metadata?.finalizers ?? []).join(',')}]` : a.kind));

describe('pvc-protection controller (processPVC)', () => {
  const rows: [string, PersistentVolumeClaim, Pod[], string[]][] = [
    ['PVC without finalizer -> finalizer is added', pvc(), [], [`update [${PVC_PROTECTION_FINALIZER}]`]],
    ['PVC with finalizer -> no action', pvc({ finalizer: true }), [], []],
    ['deleted PVC with finalizer -> finalizer is removed', pvc({ finalizer: true, deleted: true }), [], ['update []']],
    ['deleted PVC without finalizer -> no action', pvc({ deleted: true }), [], []],
    ['deleted PVC with finalizer + pod with the PVC exists -> finalizer is not removed', pvc({ finalizer: true, deleted: true }), [pod({ claim: 'pvc1' })], []],
    ['deleted PVC with finalizer + pod with unrelated PVC and EmptyDir exists -> finalizer is removed', pvc({ finalizer: true, deleted: true }), [pod({ claim: 'unrelated', emptyDir: true })], ['update []']],
    ['deleted PVC with finalizer + pod with the PVC finished but is not deleted -> finalizer is not removed', pvc({ finalizer: true, deleted: true }), [pod({ claim: 'pvc1', phase: 'Succeeded' })], []],
    ['deleted PVC with finalizer + pod with the PVC is not scheduled -> finalizer is removed', pvc({ finalizer: true, deleted: true }), [pod({ claim: 'pvc1', scheduled: false })], ['update []']],
    ['deleted PVC with finalizer + pod with the generic ephemeral PVC exists -> finalizer is not removed', { ...pvc({ finalizer: true, deleted: true, ownerPod: 'pod-uid' }), metadata: { ...pvc({ finalizer: true, deleted: true, ownerPod: 'pod-uid' }).metadata, name: 'pod1-vol1' } }, [pod({ ephemeral: 'vol1' })], []],
    ['deleted PVC with finalizer + pod with a namesake ephemeral PVC it does not own -> finalizer is removed', { ...pvc({ finalizer: true, deleted: true, ownerPod: 'other-uid' }), metadata: { ...pvc({ finalizer: true, deleted: true, ownerPod: 'other-uid' }).metadata, name: 'pod1-vol1' } }, [pod({ ephemeral: 'vol1' })], ['update []']],
    ['deleted PVC with finalizer + shut-down pod with the generic ephemeral PVC -> finalizer is removed', { ...pvc({ finalizer: true, deleted: true, ownerPod: 'pod-uid' }), metadata: { ...pvc({ finalizer: true, deleted: true, ownerPod: 'pod-uid' }).metadata, name: 'pod1-vol1' } }, [pod({ ephemeral: 'vol1', shutDown: true })], ['update []']],
    ['deleted PVC with finalizer + shut-down pod naming the PVC -> finalizer is not removed', pvc({ finalizer: true, deleted: true }), [pod({ claim: 'pvc1', shutDown: true })], []],
  ];
  it.each(rows)('%s', (_name, claim, pods, want) => {
    const actions = claimProtection(claim, pods);
    expect(writes(actions)).toEqual(want);
    // the write carries the read's resourceVersion: a concurrent change fails it and the key retries
    for (const a of actions) if (a.kind === 'update') expect(a.object.metadata?.resourceVersion).toBe('1');
  });
});

describe('pv-protection controller (processPV)', () => {
  const pv = (phase: string, finalizer: boolean, deleted: boolean): PersistentVolume => {
    const v = newVolume('pv1', '1Gi', '', '', phase);
    v.metadata = { ...v.metadata, ...(finalizer ? { finalizers: [PV_PROTECTION_FINALIZER] } : {}), ...(deleted ? { deletionTimestamp: DELETED } : {}) };
    return v;
  };
  const rows: [string, PersistentVolume, string[]][] = [
    ['PV without finalizer -> finalizer is added', pv('Available', false, false), [`update [${PV_PROTECTION_FINALIZER}]`]],
    ['PV with finalizer -> no action', pv('Available', true, false), []],
    ['deleted PV with finalizer -> finalizer is removed', pv('Available', true, true), ['update []']],
    ['deleted PV with finalizer + PV is bound -> finalizer is not removed', pv('Bound', true, true), []],
    ['deleted PV with finalizer + PV is released -> finalizer is removed', pv('Released', true, true), ['update []']],
  ];
  it.each(rows)('%s', (_name, volume, want) => expect(writes(volumeProtection(volume))).toEqual(want));

  it('a deleted Bound volume turns Released when its claim goes, so its finalizer can be removed', () => {
    const volume = newVolume('pv1', '1Gi', 'uid-claim', 'claim1', 'Bound', 'Delete');
    volume.metadata = { ...volume.metadata, deletionTimestamp: DELETED, finalizers: [PV_PROTECTION_FINALIZER] };
    const actions = syncVolume({ volume, now: NOW }).actions;
    expect(actions.map((a) => [a.kind, a.kind === 'updateStatus' ? a.object.status : undefined])).toEqual([['updateStatus', expect.objectContaining({ phase: 'Released' })]]);
    // nothing more while Released, and nothing while its claim is still there
    expect(syncVolume({ volume: { ...volume, status: { phase: 'Released' } }, now: NOW }).actions).toEqual([]);
    const claim: PersistentVolumeClaim = { metadata: { name: 'claim1', namespace: 'default', uid: 'uid-claim' }, spec: { volumeName: 'pv1' } };
    expect(syncVolume({ volume, claim, now: NOW }).actions).toEqual([]);
  });
});

describe('StorageObjectInUseProtection admission', () => {
  const obj = (finalizers?: string[]): KubeObject => ({ apiVersion: 'v1', kind: 'X', metadata: { name: 'a', ...(finalizers ? { finalizers } : {}) } });
  it.each([
    ['persistentvolumeclaims', undefined, [PVC_PROTECTION_FINALIZER]],
    ['persistentvolumeclaims', ['other'], ['other', PVC_PROTECTION_FINALIZER]],
    ['persistentvolumeclaims', [PVC_PROTECTION_FINALIZER], [PVC_PROTECTION_FINALIZER]],
    ['persistentvolumes', undefined, [PV_PROTECTION_FINALIZER]],
    ['configmaps', undefined, undefined],
  ] as const)('%s with %j → %j', (resource, finalizers, want) => {
    expect(storageProtectionAdmission(resource, obj(finalizers as string[] | undefined)).metadata?.finalizers).toEqual(want);
  });
});
