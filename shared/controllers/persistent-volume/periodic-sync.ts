import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';

/**
 * kube-controller-manager's --pvclaimbinder-sync-period (default 15 s): the PV binder syncs every claim
 * and volume this often, in cluster time. It is what binds a Pending claim to a volume created after it
 * (a new volume's own sync binds only a claim it is pre-bound to) and what retries a reclaim.
 */
export const PV_BINDER_SYNC_PERIOD_MS = 15_000;

/**
 * A claim the periodic sync can no longer change: gone, Bound (a lost volume is heard of by its own
 * notice), or Lost (only an administrator brings it back).
 */
export function claimSettled(claim: PersistentVolumeClaim | undefined): boolean {
  const phase = claim?.status?.phase;
  return !claim || (phase === 'Bound' && Boolean(claim.spec?.volumeName)) || phase === 'Lost';
}

/**
 * A volume the periodic sync can no longer change: gone, Available (claims bind to it from their own
 * sync), Bound, Failed (an administrator's to fix), or Released under Retain (kept as it is); a
 * Released volume still to be deleted or recycled, or one with no phase yet, stays in the sync.
 */
export function volumeSettled(volume: PersistentVolume | undefined): boolean {
  if (!volume) return true;
  const phase = volume.status?.phase;
  if (phase === 'Released') return (volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain') === 'Retain';
  return phase === 'Available' || phase === 'Bound' || phase === 'Failed';
}
