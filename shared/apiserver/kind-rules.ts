// Per-kind defaulting and validation, from shared/defaults and shared/validation.
import type { StatusCause } from '../api/errors';
import type { KubeObject } from '../api/object';

export function applyDefaults(_group: string, _version: string, _kind: string, obj: KubeObject): KubeObject {
  return obj;
}
export function validateCreate(_group: string, _kind: string, _obj: KubeObject): StatusCause[] {
  return [];
}
export function validateUpdate(_group: string, _kind: string, _obj: KubeObject, _old: KubeObject): StatusCause[] {
  return [];
}
