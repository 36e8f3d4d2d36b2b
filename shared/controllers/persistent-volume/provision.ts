import type { Node, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { SIMULATED_PROVISIONER } from '../../apiserver/default-storage-class';
import { ANN_PROVISIONED_BY, HOSTNAME_LABEL } from './annotations';

/** The name a provisioned volume gets: `pvc-<claim uid>`, as every CSI provisioner names it by default. */
export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata?.uid ?? ''}`;
}

/** Whether Kubeflare itself provisions volumes of this class (else an external provisioner is awaited). */
export function isSimulatedClass(cls: StorageClass | undefined): boolean {
  return cls?.provisioner === SIMULATED_PROVISIONER;
}

/**
 * The PersistentVolume the simulated provisioner creates for a claim (what external-provisioner's
 * controller builds from a CSI CreateVolume answer): the requested size, the claim's access and
 * volume modes, the class's reclaim policy and mount options, pre-bound to the claim by uid, and —
 * for a claim a scheduler chose a node for — node affinity to that node's hostname, so the pod
 * lands where its data is.
 */
export function provisionedVolume(claim: PersistentVolumeClaim, cls: StorageClass, node?: Node | string): PersistentVolume {
  const name = provisionedVolumeName(claim);
  const hostname = typeof node === 'string' ? node : (node?.metadata?.labels?.[HOSTNAME_LABEL] ?? node?.metadata?.name);
  const spec: PersistentVolume['spec'] = {
    capacity: { storage: claim.spec?.resources?.requests?.['storage'] ?? '0' },
    accessModes: claim.spec?.accessModes ?? [],
    persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
    storageClassName: cls.metadata?.name ?? '',
    volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
    claimRef: {
      kind: 'PersistentVolumeClaim',
      apiVersion: 'v1',
      namespace: claim.metadata?.namespace,
      name: claim.metadata?.name,
      uid: claim.metadata?.uid,
      resourceVersion: claim.metadata?.resourceVersion,
    },
    csi: { driver: SIMULATED_PROVISIONER, volumeHandle: name, fsType: 'ext4', ...(cls.parameters ? { volumeAttributes: { ...cls.parameters } } : {}) },
  };
  if (cls.mountOptions?.length) spec.mountOptions = [...cls.mountOptions];
  if (hostname) spec.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [hostname] }] }] } };
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, annotations: { [ANN_PROVISIONED_BY]: SIMULATED_PROVISIONER } }, spec };
}
