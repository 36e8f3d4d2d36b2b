export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch';
export { applyMergePatch } from './merge-patch';
export { applyStrategicMergePatch } from './strategic-merge-patch';
export {
  decodePatchBody,
  PATCH_CONTENT_TYPES,
  type DecodedPatch,
  type PatchContentType,
  type PatchStrategy,
} from './decode-patch-body';
export {
  serverSideApply,
  setManagedFields,
  type ServerSideApplyOptions,
  type ServerSideApplyResult,
} from './server-side-apply';
export { trackUpdate, type TrackUpdateOptions } from './track-update';
export type { ManagedFieldsEntry } from './managed-fields';
export { fromFieldsV1, toFieldsV1, pathString, type FieldSet } from './field-set';
