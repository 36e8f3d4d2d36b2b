import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { BETA_STORAGE_CLASS_ANNOTATION } from '../../apiserver/default-storage-class';

/** storagehelpers.GetPersistentVolumeClaimClass: the beta annotation, else spec.storageClassName, else "". */
export function claimClassName(claim: PersistentVolumeClaim): string {
  return claim.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? claim.spec?.storageClassName ?? '';
}
