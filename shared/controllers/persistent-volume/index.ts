export * from './annotations';
export { syncClaim, type ClaimSyncInput } from './sync-claim';
export { syncVolume, type VolumeSyncInput } from './sync-volume';
export { findMatchingVolume, isVolumeBoundToClaim, accessModesFit, volumeModeMismatch } from './volume-match';
export { provisionedVolume, provisionedVolumeName, isSimulatedClass } from './provision';
export { claimClassName } from './claim-class';
export { bind, VOLUMES, CLAIMS } from './bind';
export { storageProtectionAdmission, claimProtection, volumeProtection, podUsesClaim, PVC_PROTECTION_FINALIZER, PV_PROTECTION_FINALIZER } from './protection';
export { PV_BINDER_SYNC_PERIOD_MS, claimSettled, volumeSettled } from './periodic-sync';
