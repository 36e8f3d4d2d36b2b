import { ApiError, badRequest, conflict } from '../api/errors';
import { isPlainObject, setOwn, type KubeObject, type StoredObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import { storageApiVersionOf } from './storage-resource';
import { generateJobSelector } from './job-selector';
import type { Pod } from 'kubernetes-types/core/v1';
import { computePodQOS } from '../nodes/pod-resources';

/** What a write needs from its surroundings: time and randomness come in, never read here. */
export interface WriteContext {
  /** RFC 3339, second precision, as upstream serializes metav1.Time (cluster time). */
  now: string;
  /** Wall time in ms (default: `now`): the cluster clock's anchors are wall times (ClusterClock admission). */
  wallMs?: number;
  newUid: () => string;
  rand: () => number;
}

/** Upstream's message (rest.BeforeCreate/BeforeUpdate) when the body's namespace is not the URL's. */
export const NAMESPACE_MISMATCH = 'the namespace of the provided object does not match the namespace sent on the request';

/** Upstream's generateName alphabet (k8s.io/apiserver/pkg/storage/names): no vowels, no look-alikes. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateName(prefix: string, rand: () => number): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(rand() * NAME_ALPHABET.length)];
  // upstream truncates the prefix so the name stays within 63 characters
  return prefix.slice(0, 58) + suffix;
}

/** Kinds whose metadata.generation counts spec changes (upstream: workloads, HPA, PDB, custom resources). */
export function tracksGeneration(def: ResourceDef): boolean {
  return def.group !== '' && def.hasStatus;
}

/** Everything but metadata and status: what a "spec change" means for generation. */
export function specPart(obj: KubeObject): string {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return stableStringify(rest);
}

export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The status a kind starts with, whatever the client sent (upstream PrepareForCreate). */
function initialStatus(def: ResourceDef, obj: KubeObject): unknown {
  if (def.group === '' && def.kind === 'Namespace') return { phase: 'Active' };
  if (def.group === '' && def.kind === 'Pod') return { phase: 'Pending', qosClass: computePodQOS(obj as { spec?: Pod['spec'] }) };
  // upstream resets a claim's status on create and its defaulting (applied on every read) makes it Pending
  if (def.group === '' && def.kind === 'PersistentVolumeClaim') return { phase: 'Pending' };
  // nodes report their own status through the kubelet; keep what the registering client sent
  // a volume starts Pending (its defaulting), whatever the client sent
  if (def.group === '' && def.kind === 'PersistentVolume') return { phase: 'Pending' };
  if (def.group === '' && def.kind === 'Node') return obj.status;
  // custom objects are unstructured: with a status subresource, a create stores no status at all
  if (def.crd) return def.hasStatus ? undefined : obj.status;
  return def.hasStatus ? {} : obj.status;
}

/**
 * Fills in server-owned metadata of a new object (upstream BeforeCreate). Returns a new object;
 * `own`: nothing in `input` is anyone else's (admission's decoded copy), so only its top level is copied.
 */
export function prepareCreate(def: ResourceDef, input: KubeObject, namespace: string | undefined, ctx: WriteContext, own = false): KubeObject {
  const obj = own ? { ...input } : structuredClone(input);
  const meta = { ...(obj.metadata ?? {}) };
  if (def.namespaced) {
    if (meta.namespace && namespace && meta.namespace !== namespace) {
      throw badRequest(NAMESPACE_MISMATCH);
    }
    meta.namespace = namespace;
  } else {
    delete meta.namespace;
  }
  // upstream's storage refuses this with a plain error (a 500 without a reason); the client is at fault: 400
  if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName, ctx.rand);
  meta.uid = ctx.newUid();
  meta.creationTimestamp = ctx.now;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  if (tracksGeneration(def)) meta.generation = 1;
  else delete meta.generation;
  obj.metadata = dropEmpty(meta);
  obj.apiVersion = storageApiVersionOf(def);
  obj.kind = def.kind;
  const status = initialStatus(def, obj);
  if (status === undefined) delete obj.status;
  else obj.status = status;
  return def.group === 'batch' && def.kind === 'Job' ? generateJobSelector(obj) : obj;
}

/** What a write replaces: the object, its status, or (pods) its ephemeral containers. */
export type UpdateTarget = 'main' | 'status' | 'ephemeralcontainers';

/**
 * Merges a client's full replacement into the stored object the way upstream does:
 * the main resource cannot change status, /status cannot change anything but status,
 * server-owned metadata is kept, and generation moves only with the spec.
 * `own`: nothing in `input` is anyone else's (admission's defaulted copy), so its parts are taken, not copied.
 */
export function prepareUpdate(def: ResourceDef, old: StoredObject, input: KubeObject, target: UpdateTarget, own = false): KubeObject {
  const name = old.metadata.name;
  const inMeta = input.metadata ?? {};
  if (inMeta.name && inMeta.name !== name) {
    throw badRequest(`the name of the object (${inMeta.name}) does not match the name on the URL (${name})`);
  }
  // upstream's BeforeUpdate (rest.ValidNamespace); a cluster-scoped object's namespace is just cleared
  if (def.namespaced && inMeta.namespace && inMeta.namespace !== old.metadata.namespace) {
    throw badRequest(NAMESPACE_MISMATCH);
  }
  if (inMeta.uid && inMeta.uid !== old.metadata.uid) {
    throw conflict(def.plural, def.group, name, `Precondition failed: UID in precondition: ${inMeta.uid}, UID in object meta: ${old.metadata.uid}`);
  }
  let obj: KubeObject;
  if (target === 'status') {
    obj = withStatusOf(old, own ? input.status : structuredClone(input.status));
  } else if (target === 'ephemeralcontainers') {
    obj = withEphemeralContainersOf(old, input);
  } else {
    obj = own ? { ...input } : structuredClone(input);
    if (def.hasStatus) {
      if (old.status === undefined) delete obj.status;
      else obj.status = structuredClone(old.status);
    }
  }
  const meta = { ...(target === 'main' ? obj.metadata ?? {} : old.metadata) };
  meta.name = name;
  meta.namespace = old.metadata.namespace;
  meta.uid = old.metadata.uid;
  meta.creationTimestamp = old.metadata.creationTimestamp;
  if (old.metadata.deletionTimestamp) {
    meta.deletionTimestamp = old.metadata.deletionTimestamp;
    meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  } else {
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
  }
  if (meta.generateName === undefined && old.metadata.generateName) meta.generateName = old.metadata.generateName;
  delete meta.resourceVersion;
  if (tracksGeneration(def)) {
    const changed = target === 'main' && specPart(obj) !== specPart(old);
    meta.generation = (old.metadata.generation ?? 1) + (changed ? 1 : 0);
  }
  obj.metadata = dropEmpty(meta);
  obj.apiVersion = old.apiVersion;
  obj.kind = old.kind;
  return obj;
}

/**
 * A copy of the stored object with `status` (absent when undefined) in its place: the old status it
 * replaces and the metadata the caller rebuilds are not copied, the rest is, keys in the old order.
 */
function withStatusOf(old: StoredObject, status: unknown): KubeObject {
  const obj = {} as KubeObject;
  for (const k of Object.keys(old)) {
    const v = (old as Record<string, unknown>)[k];
    setOwn(obj, k, k === 'metadata' || k === 'status' || typeof v !== 'object' || v === null ? v : structuredClone(v));
  }
  if (status === undefined) delete obj.status;
  else obj.status = status;
  return obj;
}

/**
 * pods/ephemeralcontainers keeps everything of the stored pod but `spec.ephemeralContainers`, which
 * comes from the request (upstream's dropNonEphemeralContainerUpdates).
 */
function withEphemeralContainersOf(old: StoredObject, input: KubeObject): KubeObject {
  const obj: KubeObject = structuredClone(old);
  const given = isPlainObject(input.spec) ? input.spec['ephemeralContainers'] : undefined;
  const spec = { ...(isPlainObject(obj.spec) ? obj.spec : {}) };
  if (given === undefined || given === null) delete spec['ephemeralContainers'];
  else spec['ephemeralContainers'] = structuredClone(given);
  obj.spec = spec;
  return obj;
}

/** Go's omitempty: empty label, annotation, finalizer and owner lists are not serialized. */
function dropEmpty<T extends Record<string, unknown>>(meta: T): T {
  for (const key of ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const) {
    const v = meta[key];
    if (v !== undefined && v !== null && typeof v === 'object' && Object.keys(v).length === 0) delete meta[key];
    if (v === null) delete meta[key];
  }
  return meta;
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  /** Whether a garbage collector runs to honour orphan/foregroundDeletion finalizers. */
  garbageCollector: boolean;
}

export type DeleteDecision = { action: 'remove' } | { action: 'mark'; object: KubeObject } | { action: 'none' };

/**
 * What a DELETE does to a stored object (upstream BeforeDelete + finalizers): objects with
 * finalizers are only marked with deletionTimestamp; the store removes them when the last goes.
 */
export function decideDelete(def: ResourceDef, old: StoredObject, opts: DeleteOptions, now: string): DeleteDecision {
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== old.metadata.uid) {
    throw conflict(def.plural, def.group, old.metadata.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
    throw conflict(
      def.plural,
      def.group,
      old.metadata.name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
    );
  }
  if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) {
    throw new ApiError(422, 'Invalid', 'DeleteOptions.meta.k8s.io "" is invalid: gracePeriodSeconds: Invalid value: must be >= 0');
  }
  const grace = podGracePeriod(def, old, opts.gracePeriodSeconds);
  const finalizers = [...(old.metadata.finalizers ?? [])];
  if (opts.garbageCollector) {
    const policy = opts.propagationPolicy;
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
  }
  if (finalizers.length === 0 && grace === 0) return { action: 'remove' };
  const sameFinalizers = finalizers.length === (old.metadata.finalizers ?? []).length;
  const currentGrace = old.metadata.deletionGracePeriodSeconds ?? 0;
  // a repeated delete changes nothing unless it shortens a pod's grace period
  if (old.metadata.deletionTimestamp && sameFinalizers && !(grace < currentGrace)) return { action: 'none' };
  const object = structuredClone(old) as KubeObject;
  const { resourceVersion: _rv, ...meta } = old.metadata;
  const graceful = grace > 0 || currentGrace > 0;
  object.metadata = {
    ...meta,
    finalizers: finalizers.length ? finalizers : undefined,
    // upstream stamps a graceful deletion with the time the grace period ends
    deletionTimestamp: graceful ? addSeconds(now, grace) : (old.metadata.deletionTimestamp ?? now),
    deletionGracePeriodSeconds: graceful ? grace : currentGrace,
  };
  if (!object.metadata.finalizers) delete object.metadata.finalizers;
  return { action: 'mark', object };
}

/**
 * A pod bound to a node ends gracefully: the kubelet stops its containers and then deletes it with
 * grace 0 (upstream's CheckGracefulDelete). Unscheduled and finished pods go at once.
 */
function podGracePeriod(def: ResourceDef, pod: StoredObject, requested: number | undefined): number {
  if (def.group !== '' || def.kind !== 'Pod') return 0;
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return requested ?? spec.terminationGracePeriodSeconds ?? 30;
}

/** The latest time an RFC 3339 timestamp can carry (Go's metav1.Time cannot go past year 9999 either). */
const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

function addSeconds(rfc3339: string, seconds: number): string {
  // a grace period of int64's largest value must not overflow the timestamp into a 500
  return new Date(Math.min(Date.parse(rfc3339) + seconds * 1000, MAX_TIME_MS)).toISOString().replace('.000Z', 'Z');
}

/** An object marked for deletion goes away once its last finalizer is removed. */
export function readyToRemove(obj: KubeObject): boolean {
  const m = obj.metadata;
  // a graceful deletion (pods) waits for its final delete with grace 0
  return Boolean(m?.deletionTimestamp) && (m?.finalizers ?? []).length === 0 && !((m?.deletionGracePeriodSeconds ?? 0) > 0);
}

/**
 * Whether an update leaves the object as it was: everything equal but the resourceVersion and the
 * managedFields timestamps (upstream keeps a manager's old time when its fields did not change).
 */
export function unchanged(old: KubeObject, next: KubeObject): boolean {
  // compared in place, stopping at the first difference: building both objects' stable strings cost a
  // Lease renewal (whose renewTime always differs) a fifth of its update's admission
  const { resourceVersion: _ro, managedFields: fieldsOld, ...metaOld } = old.metadata ?? {};
  const { resourceVersion: _rn, managedFields: fieldsNext, ...metaNext } = next.metadata ?? {};
  const untimed = (m: typeof fieldsOld) => m?.map(({ time: _t, ...e }) => e);
  return sameJson({ ...old, metadata: metaOld }, { ...next, metadata: metaNext }) && sameJson(untimed(fieldsOld), untimed(fieldsNext));
}

/**
 * Whether two values give the same stableStringify (a key whose value is undefined counts as absent,
 * object key order does not matter, array order does), without building either string.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    let keys = 0;
    for (const k of Object.keys(a)) {
      if (a[k] === undefined) continue;
      keys++;
      if (!sameJson(a[k], b[k])) return false;
    }
    for (const k of Object.keys(b)) if (b[k] !== undefined) keys--;
    return keys === 0;
  }
  // two different strings, booleans or finite numbers (or a mix) are different JSON: no need to write them
  if (plainScalar(a) && plainScalar(b)) return false;
  // the rest of scalars and null, as JSON writes them (NaN and Infinity are null)
  return !Array.isArray(b) && !isObject(b) && JSON.stringify(a) === JSON.stringify(b);
}

function plainScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}
