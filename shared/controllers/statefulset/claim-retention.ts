import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { newControllerRef } from '../owner-refs';
import { inOrdinalRange } from './stateful-pod-identity';

type Obj = { metadata?: { name?: string; uid?: string } };
const SET = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
const POD = { apiVersion: 'v1', kind: 'Pod' };

/** getPersistentVolumeClaimRetentionPolicy: Retain/Retain unless set. */
export function retentionPolicy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

/** matchesRef: same apiVersion, kind and name (the UID aside). */
const matchesRef = (ref: OwnerReference, obj: Obj, gvk: { apiVersion: string; kind: string }) => ref.apiVersion === gvk.apiVersion && ref.kind === gvk.kind && ref.name === obj.metadata?.name;
const refs = (c: PersistentVolumeClaim) => c.metadata?.ownerReferences ?? [];
/** hasOwnerRef: a reference to the owner's UID, controller or not. */
const hasOwnerRef = (c: PersistentVolumeClaim, owner: Obj) => refs(c).some((r) => r.uid === owner.metadata?.uid);

/** hasStaleOwnerRef: the claim refers to an object of this name whose UID is not this one's. */
export function hasStaleOwnerRef(claim: PersistentVolumeClaim, obj: Obj, gvk: { apiVersion: string; kind: string }): boolean {
  const ref = refs(claim).find((r) => matchesRef(r, obj, gvk));
  return !!ref && ref.uid !== (obj.metadata?.uid ?? '');
}

/** hasUnexpectedController: with a Delete policy, a controller other than the set or the pod (or a stale one of them). */
export function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  const policy = retentionPolicy(set);
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain') return false;
  for (const ref of refs(claim)) {
    if (matchesRef(ref, set, SET)) {
      if (ref.uid !== set.metadata?.uid) return true;
      continue;
    }
    if (matchesRef(ref, pod, POD)) {
      if (ref.uid !== (pod.metadata?.uid ?? '')) return true;
      continue;
    }
    if (ref.controller) return true;
  }
  return false;
}

function hasNonControllerOwner(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return refs(claim).some((r) => (r.uid === set.metadata?.uid || r.uid === pod.metadata?.uid) && !r.controller);
}

/**
 * isClaimOwnerUpToDate: the claim's references follow the policy — Retain/Retain none; whenDeleted Delete a
 * reference to the set; whenScaled Delete a reference to the pod once it is scaled down (and then none to
 * the set). Claims held by stale or foreign controllers are left alone.
 */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (hasStaleOwnerRef(claim, set, SET) || hasStaleOwnerRef(claim, pod, POD)) return true;
  if (hasUnexpectedController(claim, set, pod)) return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  if (whenScaled === 'Delete' && whenDeleted === 'Delete') return scaledDown !== hasOwnerRef(claim, set) && scaledDown === hasOwnerRef(claim, pod);
  if (whenScaled === 'Delete') return !hasOwnerRef(claim, set) && scaledDown === hasOwnerRef(claim, pod);
  if (whenDeleted === 'Delete') return hasOwnerRef(claim, set) && !hasOwnerRef(claim, pod);
  return !hasOwnerRef(claim, set) && !hasOwnerRef(claim, pod);
}

/** updateClaimOwnerRefForSetAndPod: the claim's references rewritten to follow the policy. */
export function claimOwnerRefsFor(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  let out = refs(claim).filter((r) => !matchesRef(r, set, SET) && !matchesRef(r, pod, POD));
  if (unexpected) return out;
  const add = (owner: Obj, apiVersion: string, kind: string) => {
    if (!out.some((r) => r.uid === owner.metadata?.uid)) out = [...out, newControllerRef(owner, apiVersion, kind)];
  };
  const { whenDeleted, whenScaled } = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  if (whenScaled === 'Delete' && scaledDown) add(pod, 'v1', 'Pod');
  if (whenDeleted === 'Delete' && !(whenScaled === 'Delete' && scaledDown)) add(set, 'apps/v1', 'StatefulSet');
  return out;
}
