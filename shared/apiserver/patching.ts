import { ApiError, badRequest } from '../api/errors';
import { isPlainObject, type Json, type KubeObject, type StoredObject } from '../api/object';
import { apiVersionOf, type ResourceDef } from '../api/registry';
import { builtinSchemas } from '../openapi';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, serverSideApply } from '../patch';
import { fromStorageVersion } from './conversion';
import type { PatchType } from './store-protocol';

export interface PatchInput {
  patchType: PatchType;
  patch: Json;
  version: string;
  fieldManager?: string;
  force?: boolean;
  now: string;
  subresource?: string;
}

/**
 * Applies a patch to the current object as the client sees it (in the request's version).
 * Returns the patched object, and for server-side apply the new managedFields.
 */
export function patchObject(def: ResourceDef, current: StoredObject | undefined, input: PatchInput): { object: KubeObject; managedFields?: unknown[] } {
  const view = current ? (fromStorageVersion(def, current, input.version) as Json) : undefined;
  const typeName = def.typeNames?.[input.version];
  switch (input.patchType) {
    case 'json':
      return { object: asObject(applyJsonPatch(view ?? {}, input.patch)) };
    case 'merge':
      return { object: asObject(applyMergePatch(view ?? {}, input.patch)) };
    case 'strategic': {
      if (!typeName || !builtinSchemas.type(typeName)) {
        // upstream's answer for kinds without a Go schema (custom resources)
        throw new ApiError(
          415,
          'UnsupportedMediaType',
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      }
      return { object: asObject(applyStrategicMergePatch(view ?? {}, input.patch, builtinSchemas, typeName)) };
    }
    case 'apply': {
      if (!input.fieldManager) {
        throw badRequest('PATCH, application/apply-patch+yaml requests require fieldManager to be set (fieldManager is required for apply requests)');
      }
      const result = serverSideApply(view, input.patch, {
        manager: input.fieldManager,
        force: Boolean(input.force),
        schema: builtinSchemas,
        typeName,
        apiVersion: apiVersionOf(def.group, input.version),
        now: input.now,
        subresource: input.subresource,
        // kinds without a status subresource keep their status under apply (upstream resets nothing)
        ...(def.hasStatus ? {} : { resetFields: [] }),
      });
      return { object: asObject(result.object), managedFields: result.managedFields as unknown[] };
    }
  }
}

function asObject(v: Json): KubeObject {
  if (!isPlainObject(v)) throw badRequest('the patched object is not a JSON object');
  return v as KubeObject;
}
