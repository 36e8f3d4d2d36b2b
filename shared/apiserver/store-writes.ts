import { conflict, notFound } from '../api/errors';
import type { KubeObject, StoredObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import { admitCreate, admitUpdate, type AdmitOptions, type Admitted } from './admission';
import { applyBinding } from './binding';
import type { WriteContext } from './object-meta';
import { patchObject } from './patching';
import { applyScale, toScale } from './scale';
import type { PatchRequest, ScaleUpdateRequest, UpdateRequest } from './store-protocol';

/**
 * The pure middle of each write: the stored object (if any) and the request in, the admitted
 * object out, or an ApiError thrown. The store engine reads before and commits after, without
 * awaiting in between.
 */

/** The Scale subresource's own ResourceDef, for patching a Scale view. */
function scaleDef(def: ResourceDef): ResourceDef {
  return { ...def, group: 'autoscaling', storageVersion: 'v1', typeNames: { v1: 'io.k8s.api.autoscaling.v1.Scale' } };
}

/** PUT: a resourceVersion in the body is a precondition, then the update's admission. */
export function admitReplace(req: UpdateRequest, old: StoredObject, ctx: WriteContext): Admitted {
  const rv = req.object.metadata?.resourceVersion;
  if (rv && rv !== old.metadata.resourceVersion) throw conflict(req.def.plural, req.def.group, req.name);
  return admitUpdate(req.def, old, req.object, req.target, ctx, req);
}

/** Server-side apply of a missing object creates it (other patch types answer 404). */
export function admitApplyCreate(req: PatchRequest & Pick<AdmitOptions, 'serviceAccount'>, namespace: string | undefined, ctx: WriteContext): Admitted {
  if (req.patchType !== 'apply' || req.target !== 'main') throw notFound(req.def.plural, req.def.group, req.name);
  const applied = patchObject(req.def, undefined, { ...req, now: ctx.now });
  const body = { ...applied.object, metadata: { ...applied.object.metadata, name: req.name } };
  const admitted = admitCreate(req.def, body, namespace, ctx, req);
  admitted.object.metadata!.managedFields = applied.managedFields as never;
  return admitted;
}

/** PATCH of an existing object, its status, or its scale. */
export function admitPatch(req: PatchRequest, old: StoredObject, ctx: WriteContext): Admitted {
  if (req.target === 'scale') {
    const patched = patchObject(scaleDef(req.def), toScale(req.def, old) as StoredObject, { ...req, version: 'v1', now: ctx.now });
    const next = applyScale(req.def, old, patched.object);
    return admitUpdate(req.def, old, next, 'main', ctx, { ...req, version: req.def.storageVersion, skipBodyCheck: !req.def.crd });
  }
  const subresource = req.target === 'main' ? undefined : req.target;
  const patched = patchObject(req.def, old, { ...req, now: ctx.now, subresource });
  const admitted = admitUpdate(req.def, old, patched.object, req.target, ctx, { ...req, skipManagedFields: req.patchType === 'apply' });
  if (req.patchType === 'apply') admitted.object.metadata!.managedFields = patched.managedFields as never;
  return admitted;
}

/** PUT of the scale subresource. */
export function admitScale(req: ScaleUpdateRequest, old: StoredObject, ctx: WriteContext): Admitted {
  const next = applyScale(req.def, old, req.scale);
  // a custom resource's new replica count must still satisfy its schema (e.g. maximum)
  return admitUpdate(req.def, old, next, 'main', ctx, { ...req, version: req.def.storageVersion, skipBodyCheck: !req.def.crd });
}

/** pods/binding: the pod with its node set; the binding's own resourceVersion is not a precondition. */
export function admitBinding(old: StoredObject, binding: KubeObject, ctx: WriteContext): KubeObject {
  const next = applyBinding(old, binding, ctx.now);
  return { ...next, metadata: { ...next.metadata, resourceVersion: undefined } };
}

/** What a dry-run update answers: the admitted object at the stored resourceVersion. */
export function dryRunResult(old: StoredObject, next: KubeObject): StoredObject {
  return { ...next, metadata: { ...next.metadata, resourceVersion: old.metadata.resourceVersion } } as StoredObject;
}
