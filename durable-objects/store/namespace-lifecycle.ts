import type { StoredObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES, resourceKey } from '../../shared/api/registry';
import { admitCreate } from '../../shared/apiserver/admission';
import type { DeleteResult } from '../../shared/apiserver/store-protocol';
import type { LoggedEvent, ObjectTable } from './object-table';

export type NamespacePhase = 'Unknown' | 'Active' | 'Terminating' | 'Gone';

/** Namespaces that exist from the start, as in every upstream cluster. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const NAMESPACE_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Namespace')!;
const NAMESPACES = resourceKey('', 'namespaces');

interface NamespaceStoreHandle {
  setNamespacePhase(phase: NamespacePhase): Promise<void>;
  purge(): Promise<number>;
}

type Commit = (resource: string, type: LoggedEvent['type'], obj: StoredObject, prev: StoredObject | null) => StoredObject;

/**
 * The namespace controller's job, split over the stores: the cluster store owns Namespace objects
 * and drives deletion from its alarm; each namespace store remembers its namespace's phase so it
 * can refuse writes into a missing or terminating namespace without asking every time.
 */
export class NamespaceLifecycle {
  constructor(
    private readonly table: ObjectTable,
    private readonly nowMs: () => number,
  ) {}

  get phase(): NamespacePhase {
    return (this.table.kv('phase') as NamespacePhase | undefined) ?? 'Unknown';
  }

  setPhase(phase: NamespacePhase): void {
    this.table.setKv('phase', phase);
  }

  /** Cluster store: creates the initial namespaces once; returns the names it created. */
  bootstrapClusterStore(publish: (e: LoggedEvent) => void): string[] {
    if (this.table.kv('bootstrapped')) return [];
    const created: string[] = [];
    const now = new Date(Math.floor(this.nowMs() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    for (const name of INITIAL_NAMESPACES) {
      if (this.table.get(NAMESPACES, name)) continue;
      const { object } = admitCreate(
        NAMESPACE_DEF,
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        undefined,
        { now, newUid: () => crypto.randomUUID(), rand: Math.random },
        { version: 'v1', fieldManager: 'kube-apiserver' },
      );
      publish(this.table.commit(NAMESPACES, 'ADDED', object as StoredObject, null, this.nowMs()));
      created.push(name);
    }
    this.table.setKv('bootstrapped', '1');
    return created;
  }

  /** Cluster store: what a namespace store should believe about its namespace. */
  phaseOfNamespace(name: string): NamespacePhase {
    const ns = this.table.get(NAMESPACES, name);
    if (!ns) return 'Gone';
    return ns.metadata.deletionTimestamp ? 'Terminating' : 'Active';
  }

  /** Cluster store: DELETE of a namespace marks it Terminating; the alarm empties and removes it. */
  beginNamespaceDeletion(
    old: StoredObject,
    dryRun: boolean,
    commit: (type: LoggedEvent['type'], obj: StoredObject, prev: StoredObject) => StoredObject,
    armAlarm: () => Promise<void>,
  ): DeleteResult {
    if (old.metadata.deletionTimestamp) return { object: old, removed: false };
    const now = new Date(Math.floor(this.nowMs() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const marked = {
      ...old,
      metadata: { ...old.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0 },
      status: { ...(old.status as object), phase: 'Terminating' },
    } as StoredObject;
    if (dryRun) return { object: marked, removed: false };
    const object = commit('MODIFIED', marked, old);
    void armAlarm();
    return { object, removed: false };
  }

  /**
   * Cluster store alarm: for every terminating namespace, empty its store; remove the namespace
   * once nothing is left. Returns true while some namespace still waits on finalizers.
   */
  async finalizeNamespaces(storeOf: (ns: string) => NamespaceStoreHandle, commit: Commit): Promise<boolean> {
    let pending = false;
    for (const ns of [...this.table.scan(NAMESPACES)]) {
      if (!ns.metadata.deletionTimestamp) continue;
      const store = storeOf(ns.metadata.name);
      await store.setNamespacePhase('Terminating');
      const remaining = await store.purge();
      if (remaining > 0) {
        pending = true;
        continue;
      }
      const current = this.table.get(NAMESPACES, ns.metadata.name);
      if (!current) continue;
      const finalized = { ...current, spec: { ...(current.spec as object), finalizers: [] } } as StoredObject;
      if ((current.metadata.finalizers ?? []).length === 0) commit(NAMESPACES, 'DELETED', finalized, current);
      else {
        commit(NAMESPACES, 'MODIFIED', finalized, current);
        pending = true;
      }
      await store.setNamespacePhase('Gone');
    }
    return pending;
  }
}
