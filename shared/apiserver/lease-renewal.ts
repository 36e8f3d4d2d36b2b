import type { Lease } from 'kubernetes-types/coordination/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { conflict, notFound, type ApiError } from '../api/errors';
import { isPlainObject, type KubeObject, type StoredObject } from '../api/object';
import { apiVersionOf, type ResourceDef } from '../api/registry';
import { MAX_UPDATE_MANAGERS } from '../patch/cap-managers';
import { sortManagedFields, type ManagedFieldsEntry } from '../patch/managed-fields';
import { tracksGeneration } from './object-meta';

/**
 * One heartbeat renewal as a kubelet sends it: upstream's lease controller (component-helpers
 * apimachinery/lease) updates the Lease it last wrote, a copy with only `spec.renewTime` set to now,
 * and the Node as owner when the Lease has none (setNodeOwnerFunc). The resourceVersion of that
 * Lease is the update's precondition, so a Lease someone else changed since is a 409, as upstream.
 */
export interface LeaseRenewal {
  name: string;
  /** The resourceVersion of the Lease the renewal is built on; empty: unconditional, as a PUT without one. */
  resourceVersion: string;
  /** The new `spec.renewTime` (metav1.MicroTime). */
  renewTime: string;
  /** Set as `metadata.ownerReferences` when the Lease has none (upstream's setNodeOwnerFunc). */
  ownerReferences?: OwnerReference[];
  fieldManager: string;
}

/** What a renewal answers: the new resourceVersion, and the whole Lease when the generic update wrote it. */
export interface RenewedLease {
  resourceVersion: string;
  /** Present when the renewal went through the generic update (its result may differ from base + renewTime). */
  object?: StoredObject;
}

/**
 * What to do with one renewal: commit `renewed` (the stored Lease with its new renewTime and the
 * manager's managedFields time), refuse it as the generic update would (404, 409), or hand it to the
 * generic update, which then decides everything (`generic` says why; rare).
 */
export type RenewalDecision = { renewed: StoredObject } | { refused: ApiError } | { generic: string };

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Upstream's newLease(base): a copy of the Lease with renewTime set, and the owner when it has none.
 * Holder and duration stay as the base has them: a renewal does not take back a Lease whose holder
 * someone changed. The kubelet builds its next base with it, the store its generic update's body.
 * @example leaseRenewed(lease, '2026-01-01T00:00:10.000000Z', [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid }])
 */
export function leaseRenewed<T extends Lease | KubeObject>(base: T, renewTime: string, ownerReferences?: OwnerReference[]): T {
  const meta = base.metadata ?? {};
  const owned = Array.isArray(meta.ownerReferences) && meta.ownerReferences.length > 0;
  return {
    ...base,
    metadata: owned || !ownerReferences?.length ? meta : { ...meta, ownerReferences },
    spec: { ...(base.spec as object), renewTime },
  } as T;
}

/** The body the generic update gets for a renewal: the stored Lease renewed, its managedFields left out (kept). */
export function renewalBody(stored: StoredObject, r: LeaseRenewal): KubeObject {
  const { managedFields: _kept, ...meta } = stored.metadata;
  return leaseRenewed({ ...stored, metadata: { ...meta, resourceVersion: r.resourceVersion } } as KubeObject, r.renewTime, r.ownerReferences);
}

/**
 * A renewal decided without the generic update's admission: when it changes nothing but
 * `spec.renewTime`, a leaf the renewing manager's entry alone owns, the generic update's answer is
 * known (track-update.ts's shortcut for values changed in place by their only owner): the same
 * object with the new renewTime and every managedFields entry as it was, the manager's with `now`
 * as its time, in upstream's order. Anything else (an owner to add, a Lease being deleted, another
 * manager owning renewTime, renewTime unchanged or not yet set, managedFields not as the server
 * writes them) goes to the generic update. Admission that a user configures (webhooks,
 * ValidatingAdmissionPolicies) does not exist in this API server yet; when it does, a renewal that
 * any of it matches must go to the generic update too.
 * @example renewLease(LEASE_DEF, stored, { name: 'n1', resourceVersion: '7', renewTime, fieldManager: 'kubelet' }, '2026-01-01T00:00:10Z')
 */
export function renewLease(def: ResourceDef, stored: StoredObject | null, r: LeaseRenewal, now: string): RenewalDecision {
  if (def.group !== 'coordination.k8s.io' || def.plural !== 'leases' || tracksGeneration(def)) return { generic: 'not a Lease' };
  if (!stored) return { refused: notFound(def.plural, def.group, r.name) };
  if (r.resourceVersion && r.resourceVersion !== stored.metadata.resourceVersion) return { refused: conflict(def.plural, def.group, r.name) };
  if (!MICRO_TIME.test(r.renewTime)) return { generic: 'renewTime not a MicroTime' };
  if (stored.metadata.deletionTimestamp) return { generic: 'being deleted' };
  const owners = stored.metadata.ownerReferences;
  if (r.ownerReferences?.length && !(Array.isArray(owners) && owners.length > 0)) return { generic: 'owner to set' };
  const spec = stored.spec;
  if (!isPlainObject(spec) || typeof spec.renewTime !== 'string') return { generic: 'renewTime not set yet' };
  if (spec.renewTime === r.renewTime) return { generic: 'renewTime unchanged' };
  const entries = managedFieldsEntries(stored.metadata.managedFields);
  if (!entries) return { generic: 'managedFields not as written' };
  const apiVersion = apiVersionOf(def.group, 'v1');
  const mine = entries.filter((e) => e.manager === r.fieldManager && e.operation === 'Update' && e.apiVersion === apiVersion && !e.subresource);
  if (mine.length !== 1) return { generic: 'no entry of the manager' };
  if (entries.filter((e) => e.operation === 'Update').length > MAX_UPDATE_MANAGERS) return { generic: 'entries over the cap' };
  for (const e of entries) if (ownsRenewTime(e) !== (e === mine[0])) return { generic: 'renewTime not the manager’s alone' };
  const managedFields = sortManagedFields(entries.map((e) => (e === mine[0] ? { ...e, time: now } : e)));
  return { renewed: { ...stored, metadata: { ...stored.metadata, managedFields }, spec: { ...spec, renewTime: r.renewTime } } as StoredObject };
}

/** The stored entries when every one is shaped as the server writes it; undefined otherwise. */
function managedFieldsEntries(v: unknown): ManagedFieldsEntry[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  for (const e of v) {
    if (!isPlainObject(e) || typeof e.manager !== 'string' || (e.operation !== 'Update' && e.operation !== 'Apply')) return undefined;
    if (typeof e.apiVersion !== 'string' || typeof e.time !== 'string' || e.fieldsType !== 'FieldsV1' || !isPlainObject(e.fieldsV1)) return undefined;
  }
  return v as ManagedFieldsEntry[];
}

/** Whether an entry's set has spec.renewTime as a member (FieldsV1: an empty object, or one with "."). */
function ownsRenewTime(e: ManagedFieldsEntry): boolean {
  const spec = e.fieldsV1['f:spec'];
  const leaf = isPlainObject(spec) ? spec['f:renewTime'] : undefined;
  return isPlainObject(leaf) && (Object.keys(leaf).length === 0 || '.' in leaf);
}
