import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import type { Action } from '../actions';
import { CLAIMS, toKube, VOLUMES } from './bind';

/** The finalizers of storage object in use protection (pkg/volume/util). */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

const FINALIZER_OF: Record<string, string> = { persistentvolumeclaims: PVC_PROTECTION_FINALIZER, persistentvolumes: PV_PROTECTION_FINALIZER };

/**
 * The StorageObjectInUseProtection admission plugin: a claim or volume being created gets its
 * protection finalizer (other kinds, named by storage key, pass unchanged).
 *
 * @example storageProtectionAdmission('persistentvolumeclaims', claim).metadata.finalizers // ['kubernetes.io/pvc-protection']
 */
export function storageProtectionAdmission(resource: string, object: KubeObject): KubeObject {
  const finalizer = FINALIZER_OF[resource];
  const finalizers = object.metadata?.finalizers ?? [];
  if (!finalizer || finalizers.includes(finalizer)) return object;
  return { ...object, metadata: { ...object.metadata, finalizers: [...finalizers, finalizer] } };
}

/** protectionutil.IsDeletionCandidate: being deleted and still holding the finalizer. */
const isDeletionCandidate = (o: { metadata?: { deletionTimestamp?: string; finalizers?: string[] } }, f: string) =>
  Boolean(o.metadata?.deletionTimestamp) && (o.metadata?.finalizers ?? []).includes(f);

/** protectionutil.NeedToAddFinalizer: not being deleted and without the finalizer. */
const needToAddFinalizer = (o: { metadata?: { deletionTimestamp?: string; finalizers?: string[] } }, f: string) =>
  !o.metadata?.deletionTimestamp && !(o.metadata?.finalizers ?? []).includes(f);

/**
 * podUsesPVC: a scheduled pod whose volumes name the claim, or whose generic ephemeral volume's
 * claim (`<pod>-<volume>`) it is — unless the pod is shut down (deleted with grace 0), which breaks
 * a cycle of a pod finalizer waiting for the claim.
 */
export function podUsesClaim(pod: Pod, claim: PersistentVolumeClaim): boolean {
  if (!pod.spec?.nodeName) return false;
  const shutDown = Boolean(pod.metadata?.deletionTimestamp) && pod.metadata?.deletionGracePeriodSeconds === 0;
  return (pod.spec.volumes ?? []).some((v) =>
    v.persistentVolumeClaim?.claimName === claim.metadata?.name ||
    (!shutDown && v.ephemeral !== undefined && `${pod.metadata?.name}-${v.name}` === claim.metadata?.name && ownedBy(claim, pod)));
}

// ephemeral.VolumeIsForPod: the claim must be the pod's own, not a namesake
const ownedBy = (claim: PersistentVolumeClaim, pod: Pod) => (claim.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === pod.metadata?.uid);

function finalizerUpdate(o: PersistentVolumeClaim | PersistentVolume, resource: typeof CLAIMS, finalizers: string[]): Action {
  // the read's resourceVersion stays: a concurrent change makes the write fail and the key retry
  const metadata = { ...o.metadata };
  if (finalizers.length) metadata.finalizers = finalizers;
  else delete metadata.finalizers;
  return { kind: 'update', resource, namespace: o.metadata?.namespace ?? '', object: toKube({ ...o, metadata }) };
}

/**
 * The pvc-protection controller's processPVC: a deleted claim loses its finalizer once no pod of
 * `pods` (its namespace's) uses it; a live claim without the finalizer gets it.
 */
export function claimProtection(claim: PersistentVolumeClaim, pods: readonly Pod[]): Action[] {
  const finalizers = claim.metadata?.finalizers ?? [];
  if (isDeletionCandidate(claim, PVC_PROTECTION_FINALIZER)) {
    if (pods.some((p) => podUsesClaim(p, claim))) return [];
    return [finalizerUpdate(claim, CLAIMS, finalizers.filter((f) => f !== PVC_PROTECTION_FINALIZER))];
  }
  if (needToAddFinalizer(claim, PVC_PROTECTION_FINALIZER)) return [finalizerUpdate(claim, CLAIMS, [...finalizers, PVC_PROTECTION_FINALIZER])];
  return [];
}

/**
 * The pv-protection controller's processPV: a deleted volume loses its finalizer once it is not
 * Bound (its status, which the PV controller keeps); a live volume without the finalizer gets it.
 */
export function volumeProtection(volume: PersistentVolume): Action[] {
  const finalizers = volume.metadata?.finalizers ?? [];
  if (isDeletionCandidate(volume, PV_PROTECTION_FINALIZER)) {
    if (volume.status?.phase === 'Bound') return [];
    return [finalizerUpdate(volume, VOLUMES, finalizers.filter((f) => f !== PV_PROTECTION_FINALIZER))];
  }
  if (needToAddFinalizer(volume, PV_PROTECTION_FINALIZER)) return [finalizerUpdate(volume, VOLUMES, [...finalizers, PV_PROTECTION_FINALIZER])];
  return [];
}
