import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../api/object';

/**
 * The part of any object controllers read. kubernetes-types interfaces (Pod, ReplicaSet…) have no
 * index signature, so they are assignable to this but not to `KubeObject`.
 */
export interface ObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** View a typed object as the generic `KubeObject` actions carry (a type-level cast only). */
export function asKube(obj: ObjectLike): KubeObject {
  return obj as KubeObject;
}
