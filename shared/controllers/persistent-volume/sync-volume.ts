import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { Action, ReconcileResult } from '../actions';
import { makeEvent } from '../events';
import { ANN_BOUND_BY_CONTROLLER, ANN_PROVISIONED_BY, PV_CONTROLLER_COMPONENT } from './annotations';
import { toKube, volumePhase, VOLUMES, withAnnotations } from './bind';

export interface VolumeSyncInput {
  volume: PersistentVolume;
  /** The claim the volume's claimRef names (by namespace and name), when it exists. */
  claim?: PersistentVolumeClaim;
  now: number;
}

function event(volume: PersistentVolume, type: 'Normal' | 'Warning', reason: string, message: string, now: number): Action {
  return { kind: 'event', event: makeEvent({ ...volume, apiVersion: 'v1', kind: 'PersistentVolume' }, type, reason, message, PV_CONTROLLER_COMPONENT, now) };
}

/**
 * PersistentVolumeController.syncVolume: an unclaimed (or only name-pre-bound) volume is Available;
 * a volume whose claim is bound to it is Bound; a volume whose claim is gone (or replaced by a
 * namesake) is Released and reclaimed by its policy — Retain keeps it, Delete removes it (the
 * simulated provisioner's volumes; others fail as no deleter plugin matches), Recycle scrubs it
 * back to Available; a link the controller made to a claim bound elsewhere is undone.
 */
export function syncVolume({ volume, claim, now }: VolumeSyncInput): ReconcileResult {
  const ref = volume.spec?.claimRef;
  if (volume.metadata?.deletionTimestamp) {
    // already being deleted, held by its pv-protection finalizer until unbound: only its phase follows the claim
    const gone = ref?.uid && !(claim && claim.metadata?.uid === ref.uid);
    const settled = volume.status?.phase === 'Released' || volume.status?.phase === 'Failed';
    return { actions: gone && !settled ? volumePhase(volume, 'Released', now) : [] };
  }
  if (!ref || !ref.uid) return { actions: volumePhase(volume, 'Available', now) };
  const owner = claim && claim.metadata?.uid === ref.uid ? claim : undefined;
  if (!owner) return { actions: released(volume, now) };
  if (!owner.spec?.volumeName) return { actions: [] }; // the claim's sync finishes the binding
  if (owner.spec.volumeName === volume.metadata?.name) return { actions: volumePhase(volume, 'Bound', now) };
  // the claim is bound to another volume
  const provisioned = !!volume.metadata?.annotations?.[ANN_PROVISIONED_BY];
  if (provisioned && volume.spec?.persistentVolumeReclaimPolicy === 'Delete') return { actions: released(volume, now) };
  if (volume.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER]) return { actions: unbind(volume, now) };
  return { actions: [] };
}

/** The claim is gone: Released, then reclaimVolume by the volume's policy. */
function released(volume: PersistentVolume, now: number): Action[] {
  const actions: Action[] = volume.status?.phase === 'Released' || volume.status?.phase === 'Failed' ? [] : volumePhase(volume, 'Released', now);
  const name = volume.metadata?.name ?? '';
  switch (volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain') {
    case 'Delete':
      if (volume.metadata?.annotations?.[ANN_PROVISIONED_BY]) {
        actions.push({ kind: 'delete', resource: VOLUMES, namespace: '', name, preconditions: { uid: volume.metadata?.uid } });
      } else if (volume.status?.phase !== 'Failed') {
        const message = `error getting deleter volume plugin for volume "${name}": no deletable volume plugin matched`;
        return [...volumePhase(volume, 'Failed', now, message), event(volume, 'Warning', 'VolumeFailedDelete', message, now)];
      }
      return actions;
    case 'Recycle':
      return [...unbind(volume, now), event(volume, 'Normal', 'VolumeRecycled', `Volume recycled`, now)];
    default:
      return actions; // Retain: the data stays until an administrator deletes the volume
  }
}

/** unbindVolume: the claimRef (and the controller's mark) go, the volume is Available again. */
function unbind(volume: PersistentVolume, now: number): Action[] {
  const annotations = { ...volume.metadata?.annotations };
  delete annotations[ANN_BOUND_BY_CONTROLLER];
  const { claimRef: _ref, ...spec } = volume.spec ?? {};
  return [
    { kind: 'update', resource: VOLUMES, namespace: '', object: toKube({ ...volume, metadata: withAnnotations(volume.metadata, annotations), spec }) },
    ...volumePhase({ ...volume, status: { ...volume.status, phase: volume.status?.phase === 'Available' ? 'Released' : volume.status?.phase } }, 'Available', now),
  ];
}
