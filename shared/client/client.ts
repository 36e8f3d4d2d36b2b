import type { Scale } from 'kubernetes-types/autoscaling/v1';
import type { Json, KubeObject, ObjectMeta, WatchEvent } from '../api/object';
import type { ResourceDef } from '../api/registry';

/** The narrowest object shape a typed resource client accepts (kubernetes-types kinds fit it). */
export interface ObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** Which resource to talk to: a registry entry, or its group/version/plural as in a URL. */
export type ResourceRef = ResourceDef | { group: string; version: string; plural: string };

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WatchOptions {
  /** Resume after this version; unset or '0' starts with ADDED for every current object. */
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  /** Ends the watch: the iterator returns and the stream is released. */
  signal?: AbortSignal;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
  subresource?: 'status' | 'scale';
}

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteCollectionOptions extends Omit<DeleteOptions, 'preconditions'> {
  labelSelector?: string;
  fieldSelector?: string;
}

/** A list as the API returns it (`PodList`, …), items typed. */
export interface ObjectList<T> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

/**
 * One resource, optionally scoped to a namespace. Failures are thrown as ApiError with the
 * server's Status (code, reason, details); a watch throws the ERROR event's Status (410 Expired…).
 */
export interface ResourceClient<T extends ObjectLike = KubeObject> {
  /** The same resource scoped to one namespace (namespaced kinds only). */
  namespace(ns: string): ResourceClient<T>;
  get(name: string): Promise<T>;
  /** Without a namespace, a namespaced kind lists across all namespaces. */
  list(opts?: ListOptions): Promise<ObjectList<T>>;
  watch(opts?: WatchOptions): AsyncIterable<WatchEvent<T>>;
  /** Namespace comes from the scope, else from obj.metadata.namespace. */
  create(obj: T, opts?: WriteOptions): Promise<T>;
  /** Full replacement of the main resource; status is kept. Stale resourceVersion → 409. */
  update(obj: T, opts?: WriteOptions): Promise<T>;
  /** Full replacement of the status subresource; the rest is kept. */
  updateStatus(obj: T, opts?: WriteOptions): Promise<T>;
  patch(name: string, type: PatchType, body: Json, opts?: PatchOptions): Promise<T>;
  /** The object as deleted, or as marked with deletionTimestamp when finalizers keep it. */
  delete(name: string, opts?: DeleteOptions): Promise<T>;
  deleteCollection(opts?: DeleteCollectionOptions): Promise<ObjectList<T>>;
  getScale(name: string): Promise<Scale>;
  updateScale(name: string, scale: Scale, opts?: WriteOptions): Promise<Scale>;
  /** pods/binding: the scheduler's write. */
  bind(name: string, binding: KubeObject, opts?: { dryRun?: boolean }): Promise<void>;
  /** pods/eviction: delete a pod if its disruption budget allows. */
  evict(name: string, eviction: KubeObject, opts?: { dryRun?: boolean }): Promise<void>;
}

/**
 * The one way components talk to the API, whatever the transport.
 * @example const deploys = client.resource<Deployment>({ group: 'apps', version: 'v1', plural: 'deployments' }).namespace('default');
 */
export interface Client {
  resource<T extends ObjectLike = KubeObject>(ref: ResourceRef): ResourceClient<T>;
}
