import { ApiError, notFound } from '../api/errors';
import type { KubeObject, StoredObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import { admitCreate } from './admission';
import type { WriteContext } from './object-meta';
import type { StoreTable, LoggedEvent } from './store-table';
import { NAMESPACE_DEF, SERVICE_ACCOUNT_DEF } from '../api/resource-defs';

/** What a namespace store believes about its namespace ('Unknown' until it asks or is told). */
export type NamespacePhase = 'Unknown' | 'Active' | 'Terminating' | 'Gone';

/** Namespaces that exist from the start, as in every upstream cluster. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Storage key of Namespace objects in the cluster store. */
export const NAMESPACES = 'namespaces';

export type WriteVerb = 'create' | 'update' | 'patch' | 'delete';

/**
 * Namespaces that may not be deleted. Upstream's NamespaceLifecycle admission protects default,
 * kube-system and kube-public, and lets kube-node-lease go because its system-namespaces
 * controller recreates it; nothing here recreates it, and node heartbeats live in it, so it is
 * protected too.
 */
export const IMMORTAL_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Refuses deleting an immortal namespace with upstream's 403 (`this namespace may not be deleted`). */
export function checkNamespaceDeletable(name: string): void {
  if (!IMMORTAL_NAMESPACES.includes(name)) return;
  throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
}

/** Whether a phase is settled knowledge (else the store asks the cluster store). */
export function phaseKnown(phase: NamespacePhase): boolean {
  return phase === 'Active' || phase === 'Terminating';
}

/**
 * Refuses new content in a namespace that is missing (404 on the namespace, as upstream's
 * NamespaceLifecycle admission) or terminating (403); updates and deletes still go through, so
 * finalizers can be removed while the namespace drains.
 */
export function checkNamespaceWritable(namespace: string, phase: NamespacePhase, def: ResourceDef, verb: WriteVerb, name?: string): void {
  if (verb !== 'create') return;
  if (phase === 'Gone' || phase === 'Unknown') throw notFound('namespaces', '', namespace);
  if (phase === 'Terminating') {
    const what = def.group ? `${def.plural}.${def.group}` : def.plural;
    throw new ApiError(403, 'Forbidden', `${what}${name ? ` "${name}"` : ''} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
      name,
      kind: def.plural,
      group: def.group || undefined,
      // upstream's NamespaceTerminatingCause: controllers record no FailedCreate event for it
      causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
    });
  }
}

/** The phase a namespace store should believe, from the cluster store's Namespace object. */
export function phaseOfNamespace(ns: StoredObject | null): NamespacePhase {
  if (!ns) return 'Gone';
  return ns.metadata.deletionTimestamp ? 'Terminating' : 'Active';
}

/** DELETE of a Namespace: marked Terminating; the cluster store's alarm empties and removes it. */
export function markTerminating(old: StoredObject, now: string): StoredObject {
  return {
    ...old,
    metadata: { ...old.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0 },
    status: { ...(old.status as object), phase: 'Terminating' },
  } as StoredObject;
}

/** A Namespace as the apiserver creates it at bootstrap. */
export function initialNamespace(name: string, ctx: WriteContext): KubeObject {
  return admitCreate(NAMESPACE_DEF, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, undefined, ctx, { version: 'v1', fieldManager: 'kube-apiserver' }).object;
}

/** The `default` ServiceAccount every namespace gets (upstream's serviceaccounts controller). */
export function defaultServiceAccount(namespace: string, ctx: WriteContext): KubeObject {
  const body = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } };
  return admitCreate(SERVICE_ACCOUNT_DEF, body, namespace, ctx, { version: 'v1', fieldManager: 'kube-controller-manager' }).object;
}

/** A namespace store as the cluster store drives it during namespace deletion. */
export interface NamespaceStoreHandle {
  setNamespacePhase(phase: NamespacePhase): Promise<void>;
  /** Deletes everything; returns how many objects finalizers still hold. */
  purge(): Promise<number>;
}

type Commit = (resource: string, type: LoggedEvent['type'], obj: StoredObject, prev: StoredObject | null) => StoredObject;

/**
 * The namespace controller's pass, run by the cluster store: empties every terminating namespace
 * and removes it once nothing is left and no finalizer holds it. Returns true while some
 * namespace still waits on its contents. Idempotent: alarms run at least once.
 */
export async function finalizeNamespaces(table: StoreTable, commit: Commit, storeOf: (ns: string) => NamespaceStoreHandle): Promise<boolean> {
  let pending = false;
  for (const ns of [...table.scan(NAMESPACES)]) {
    if (!ns.metadata.deletionTimestamp) continue;
    const store = storeOf(ns.metadata.name);
    await store.setNamespacePhase('Terminating');
    if ((await store.purge()) > 0) {
      pending = true;
      continue;
    }
    // re-read after the awaits: the namespace may have changed meanwhile
    const current = table.get(NAMESPACES, ns.metadata.name);
    if (!current) continue;
    const specFinalizers = (current.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
    const finalized = { ...current, spec: { ...(current.spec as object), finalizers: [] } } as StoredObject;
    if ((current.metadata.finalizers ?? []).length === 0) {
      commit(NAMESPACES, 'DELETED', finalized, current);
      await store.setNamespacePhase('Gone');
    } else if (specFinalizers.length > 0) {
      // metadata finalizers still hold it: removing the last one deletes it (readyToRemove)
      commit(NAMESPACES, 'MODIFIED', finalized, current);
    }
  }
  return pending;
}
