import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/object';

/** A resource as the API addresses it; `group` is '' for the core group. */
export interface GroupResource {
  group: string;
  plural: string;
}

export const PODS: GroupResource = { group: '', plural: 'pods' };
export const REPLICA_SETS: GroupResource = { group: 'apps', plural: 'replicasets' };
export const DEPLOYMENTS: GroupResource = { group: 'apps', plural: 'deployments' };
export const EVENTS: GroupResource = { group: '', plural: 'events' };

export type PatchType =
  | 'application/merge-patch+json'
  | 'application/json-patch+json'
  | 'application/strategic-merge-patch+json';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/**
 * Create an object. Pods are created with `generateName`, so their final name is only known
 * afterwards: `event`, when set, is recorded after a successful create once `{{name}}` in its
 * message is replaced by the created name (see `eventAfterCreate`). `batch` is the slow-start
 * batch index: run batch n only when every create of batch n-1 succeeded. `failedEvent`, when set, is
 * recorded when the create is refused, `{{error}}` in its message replaced by the error's message (see
 * `eventAfterFailedCreate`).
 */
export interface CreateAction {
  kind: 'create';
  resource: GroupResource;
  namespace: string;
  object: KubeObject;
  event?: Event;
  failedEvent?: Event;
  batch?: number;
}

/** Replace an object (or its status). `object.metadata.resourceVersion`, when set, is a precondition (409 on mismatch). */
export interface UpdateAction {
  kind: 'update' | 'updateStatus';
  resource: GroupResource;
  namespace: string;
  object: KubeObject;
}

/**
 * Patch an object. Controllers use JSON merge patches carrying `metadata.uid` and, where a
 * stale read must not win, `metadata.resourceVersion`, which the API server checks as preconditions.
 */
export interface PatchAction {
  kind: 'patch';
  resource: GroupResource;
  namespace: string;
  name: string;
  patchType: PatchType;
  patch: unknown;
}

/** Delete an object; `preconditions.uid` guards against deleting a re-created namesake. */
export interface DeleteAction {
  kind: 'delete';
  resource: GroupResource;
  namespace: string;
  name: string;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: PropagationPolicy;
}

/** Record a core/v1 Event (create it in `event.metadata.namespace`). */
export interface EventAction {
  kind: 'event';
  event: Event;
}

/** Everything a reconciler can ask the adapter to do, executed in order. */
export type Action = CreateAction | UpdateAction | PatchAction | DeleteAction | EventAction;

/**
 * What a reconciler returns. The adapter executes `actions` in order; on a failure it stops and
 * re-adds the key with `addRateLimited`; on success it calls `forget` and, if `requeueAfterMs`
 * is set, `addAfter(key, requeueAfterMs)`.
 */
export interface ReconcileResult {
  actions: Action[];
  requeueAfterMs?: number;
}
