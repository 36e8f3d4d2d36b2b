import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { Action, GroupResource, PatchAction, PropagationPolicy } from './actions';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** One object of the ownership graph, as the garbage collector sees it. */
export interface GraphObject {
  uid: string;
  /** API group ('' for core). */
  group: string;
  kind: string;
  /** Resource plural; derived from `kind` when absent. */
  plural?: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  resourceVersion?: string;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  deletionTimestamp?: string | null;
}

/** What the garbage collector observes: every object that owns or is owned, across the cluster. */
export interface GcInput {
  objects: GraphObject[];
  now: number;
}

/** Lower-cased kind with English plural rules, for kinds whose plural the caller did not give. */
export function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

function resourceOf(o: GraphObject): GroupResource {
  return { group: o.group, plural: o.plural ?? pluralOf(o.kind) };
}

function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  return v.includes('/') ? (v.split('/')[0] as string) : '';
}

function isDeletingDependents(o: GraphObject): boolean {
  return !!o.deletionTimestamp && !!o.finalizers?.includes(FOREGROUND_FINALIZER);
}

function patch(o: GraphObject, metadata: Record<string, unknown>): PatchAction {
  return {
    kind: 'patch',
    resource: resourceOf(o),
    namespace: o.namespace,
    name: o.name,
    patchType: 'application/merge-patch+json',
    patch: { metadata: { uid: o.uid, resourceVersion: o.resourceVersion, ...metadata } },
  };
}

function removeOwnerRefs(o: GraphObject, ownerUids: Set<string>): PatchAction {
  return patch(o, { ownerReferences: (o.ownerReferences ?? []).filter((r) => !ownerUids.has(r.uid)) });
}

function removeFinalizer(o: GraphObject, finalizer: string): PatchAction {
  return patch(o, { finalizers: (o.finalizers ?? []).filter((f) => f !== finalizer) });
}

function deleteObject(o: GraphObject, policy: PropagationPolicy): Action {
  return { kind: 'delete', resource: resourceOf(o), namespace: o.namespace, name: o.name, preconditions: { uid: o.uid }, propagationPolicy: policy };
}

/**
 * The garbage collector's decisions over the ownership graph (attemptToDeleteItem, orphanDependents,
 * processDeletingDependentsItem), level-triggered:
 * - an owner reference resolves only to an object with that uid, kind, group, name and a compatible
 *   namespace (a namespaced owner in the dependent's namespace, or a cluster-scoped one); otherwise the
 *   owner is gone — including a namesake re-created with another uid;
 * - a dependent with no remaining owner is deleted with the policy its finalizers imply (Background by default);
 * - a dependent of an owner being deleted in the foreground is deleted in the foreground if it has
 *   dependents itself (else Background), or loses that reference if it has another live owner;
 * - an owner in foreground deletion loses `foregroundDeletion` once no blockOwnerDeletion dependent remains;
 * - an owner with `orphan` has its references removed from every dependent, then loses `orphan`.
 */
export function gcDecisions(input: GcInput): Action[] {
  const byUid = new Map(input.objects.map((o) => [o.uid, o]));
  const dependents = new Map<string, { dep: GraphObject; ref: OwnerReference }[]>();
  const resolve = (dep: GraphObject, ref: OwnerReference): GraphObject | undefined => {
    const owner = byUid.get(ref.uid);
    if (!owner || owner.kind !== ref.kind || owner.group !== groupOf(ref.apiVersion) || owner.name !== ref.name) return undefined;
    return owner.namespace === '' || owner.namespace === dep.namespace ? owner : undefined;
  };
  for (const dep of input.objects) {
    for (const ref of dep.ownerReferences ?? []) {
      const owner = resolve(dep, ref);
      if (owner) dependents.set(owner.uid, [...(dependents.get(owner.uid) ?? []), { dep, ref }]);
    }
  }

  const actions: Action[] = [];
  const orphaned = new Set<string>();
  for (const owner of input.objects) {
    if (!owner.deletionTimestamp) continue;
    if (owner.finalizers?.includes(ORPHAN_FINALIZER)) {
      const deps = dependents.get(owner.uid) ?? [];
      for (const { dep } of deps) actions.push(removeOwnerRefs(dep, new Set([owner.uid])));
      // After the reference removals: the adapter stops at the first failure, so the finalizer only
      // goes once every dependent is orphaned (as upstream's attemptToOrphan).
      actions.push(removeFinalizer(owner, ORPHAN_FINALIZER));
      for (const { dep } of deps) orphaned.add(dep.uid);
      continue;
    }
    if (isDeletingDependents(owner)) {
      const blocking = (dependents.get(owner.uid) ?? []).filter(({ ref }) => ref.blockOwnerDeletion === true);
      if (blocking.length === 0) actions.push(removeFinalizer(owner, FOREGROUND_FINALIZER));
    }
  }

  for (const item of input.objects) {
    if (orphaned.has(item.uid)) continue;
    if (item.deletionTimestamp) continue; // one-way trip; a deleting-dependents owner was handled above
    const refs = item.ownerReferences ?? [];
    if (refs.length === 0) continue;
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = resolve(item, ref);
      if (!owner) dangling.push(ref);
      else if (isDeletingDependents(owner)) waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) continue;
      actions.push(removeOwnerRefs(item, new Set([...dangling, ...waiting].map((r) => r.uid))));
    } else if (waiting.length > 0 && (dependents.get(item.uid) ?? []).length > 0) {
      actions.push(deleteObject(item, 'Foreground'));
    } else {
      const policy: PropagationPolicy = item.finalizers?.includes(ORPHAN_FINALIZER)
        ? 'Orphan'
        : item.finalizers?.includes(FOREGROUND_FINALIZER)
          ? 'Foreground'
          : 'Background';
      actions.push(deleteObject(item, policy));
    }
  }
  return actions;
}
