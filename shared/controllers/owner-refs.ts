import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { ObjectLike } from './object-like';
import type { GroupResource, PatchAction } from './actions';

/** The controller ownerReference of `obj` (metav1.GetControllerOf), if any. */
export function controllerOf(obj: ObjectLike): OwnerReference | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
}

/** metav1.NewControllerRef: controller and blockOwnerDeletion both true. */
export function newControllerRef(owner: ObjectLike, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * A merge patch replacing `obj`'s ownerReferences with `refs`. It carries `uid` and
 * `resourceVersion` so the API refuses it (409) if the object changed since it was read.
 */
export function ownerRefsPatch(resource: GroupResource, obj: ObjectLike, refs: OwnerReference[]): PatchAction {
  const meta = obj.metadata ?? {};
  return {
    kind: 'patch',
    resource,
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    patchType: 'application/merge-patch+json',
    patch: { metadata: { uid: meta.uid, resourceVersion: meta.resourceVersion, ownerReferences: refs } },
  };
}

/** Adopt `obj`: add `controllerRef` (ControllerRefManager.AdoptPod/AdoptReplicaSet). */
export function adoptPatch(resource: GroupResource, obj: ObjectLike, controllerRef: OwnerReference): PatchAction {
  return ownerRefsPatch(resource, obj, [...(obj.metadata?.ownerReferences ?? []), controllerRef]);
}

/** Release `obj`: drop the ownerReference to `ownerUid` (ControllerRefManager.ReleasePod). */
export function releasePatch(resource: GroupResource, obj: ObjectLike, ownerUid: string): PatchAction {
  return ownerRefsPatch(resource, obj, (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== ownerUid));
}

/** Claim result: objects controlled by the owner afterwards, and the patches to get there. */
export interface Claim<T> {
  claimed: T[];
  patches: PatchAction[];
}

/**
 * ControllerRefManager.Claim*: keep owned matches, release owned non-matches (unless the owner is being
 * deleted), adopt matching orphans that are not being deleted. Adoptions count as claimed right away.
 */
export function claimObjects<T extends ObjectLike>(
  owner: ObjectLike,
  controllerRef: OwnerReference,
  resource: GroupResource,
  objects: T[],
  matches: (obj: T) => boolean,
): Claim<T> {
  const claimed: T[] = [];
  const patches: PatchAction[] = [];
  const ownerUid = owner.metadata?.uid;
  const ownerDeleting = !!owner.metadata?.deletionTimestamp;
  for (const obj of objects) {
    const ref = controllerOf(obj);
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (matches(obj)) claimed.push(obj);
      else if (!ownerDeleting) patches.push(releasePatch(resource, obj, ownerUid ?? ''));
      continue;
    }
    if (ownerDeleting || !matches(obj) || obj.metadata?.deletionTimestamp) continue;
    if ((owner.metadata?.namespace ?? '') !== (obj.metadata?.namespace ?? '')) continue;
    patches.push(adoptPatch(resource, obj, controllerRef));
    claimed.push(obj);
  }
  return { claimed, patches };
}
