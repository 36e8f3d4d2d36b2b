import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import type { Action, GroupResource } from '../actions';
import { formatTime } from '../time';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER } from './annotations';
import { isVolumeBoundToClaim } from './volume-match';

export const VOLUMES: GroupResource = { group: '', plural: 'persistentvolumes' };
export const CLAIMS: GroupResource = { group: '', plural: 'persistentvolumeclaims' };

/** A volume or claim as the generic object actions carry (a type-level cast only). */
export const toKube = (o: PersistentVolume | PersistentVolumeClaim): KubeObject => o as KubeObject;

/** Metadata with these annotations; none at all when empty (Go omits an empty map). */
export function withAnnotations<M extends { annotations?: Record<string, string> }>(meta: M | undefined, annotations: Record<string, string>): M {
  const { annotations: _old, ...rest } = meta ?? ({} as M);
  return (Object.keys(annotations).length ? { ...rest, annotations } : rest) as M;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A volume's phase change as a status update (with lastPhaseTransitionTime, GA in 1.31); none when unchanged. */
export function volumePhase(volume: PersistentVolume, phase: string, now: number, message?: string): Action[] {
  if (volume.status?.phase === phase && (message === undefined || volume.status?.message === message)) return [];
  const status = { ...volume.status, phase, lastPhaseTransitionTime: formatTime(now) };
  if (message !== undefined) status.message = message;
  else delete status.message;
  return [{ kind: 'updateStatus', resource: VOLUMES, namespace: '', object: toKube({ ...volume, metadata: { ...volume.metadata, resourceVersion: undefined }, status }) }];
}

/** A claim's phase change as a status update; none when unchanged. */
export function claimPhase(claim: PersistentVolumeClaim, status: PersistentVolumeClaim['status']): Action[] {
  const next = { ...claim.status, ...status };
  if (same(next, claim.status)) return [];
  return [{ kind: 'updateStatus', resource: CLAIMS, namespace: claim.metadata?.namespace ?? '', object: toKube({ ...claim, metadata: { ...claim.metadata, resourceVersion: undefined }, status: next }) }];
}

/**
 * PersistentVolumeController.bind: the volume's claimRef (marked bound-by-controller when the
 * controller made the link), the volume Bound, the claim's volumeName with bind-completed (and
 * bound-by-controller when the claim named no volume), the claim Bound with the volume's capacity
 * and access modes. Each write only when something changes, so binding again is a no-op.
 */
export function bind(volume: PersistentVolume, claim: PersistentVolumeClaim, now: number): Action[] {
  const actions: Action[] = [];
  const ref = volume.spec?.claimRef;
  const refMatches = isVolumeBoundToClaim(volume, claim) && !!ref?.uid;
  if (!refMatches) {
    const annotations = { ...volume.metadata?.annotations };
    // the link is the controller's own unless the volume was pre-bound to this claim by name
    if (!isVolumeBoundToClaim(volume, claim)) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
    const claimRef = { kind: 'PersistentVolumeClaim', namespace: claim.metadata?.namespace, name: claim.metadata?.name, uid: claim.metadata?.uid, apiVersion: 'v1', resourceVersion: claim.metadata?.resourceVersion };
    actions.push({ kind: 'update', resource: VOLUMES, namespace: '', object: toKube({ ...volume, metadata: withAnnotations(volume.metadata, annotations), spec: { ...volume.spec, claimRef } }) });
  }
  actions.push(...volumePhase(volume, 'Bound', now));
  const annotations = { ...claim.metadata?.annotations };
  const volumeName = volume.metadata?.name ?? '';
  if (claim.spec?.volumeName !== volumeName) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
  annotations[ANN_BIND_COMPLETED] = 'yes';
  if (claim.spec?.volumeName !== volumeName || !same(annotations, claim.metadata?.annotations)) {
    actions.push({ kind: 'update', resource: CLAIMS, namespace: claim.metadata?.namespace ?? '', object: toKube({ ...claim, metadata: { ...claim.metadata, annotations }, spec: { ...claim.spec, volumeName } }) });
  }
  actions.push(...claimPhase(claim, { phase: 'Bound', capacity: volume.spec?.capacity, accessModes: volume.spec?.accessModes }));
  return actions;
}
