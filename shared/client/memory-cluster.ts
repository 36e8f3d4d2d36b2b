import type { StoredObject } from '../api/object';
import { BUILTIN_RESOURCES } from '../api/registry';
import { admitCreate } from '../apiserver/admission';
import type { WriteContext } from '../apiserver/object-meta';
import type { StoreApi } from '../apiserver/store-protocol';
import { DEFAULT_RETENTION_MS, type LoggedEvent } from './memory-table';
import { MemoryStore, type NamespacePhase } from './memory-store';
import { realTimeSchedule, type Schedule } from './memory-watchers';
import { ServiceIPPool } from './service-ip-pool';

/** The store of cluster-scoped objects; namespace stores are `ns:<namespace>` (workers/env.ts). */
export const CLUSTER_STORE = 'cluster';

/** Namespaces every upstream cluster starts with. */
export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const NAMESPACE_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Namespace')!;
const SERVICE_ACCOUNT_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'ServiceAccount')!;

export interface MemoryClusterOptions {
  /** Milliseconds since the epoch; tests pass a stepped clock. */
  now?: () => number;
  /** New object uids; defaults to a counter rendered as a UUID, so runs are reproducible. */
  newUid?: () => string;
  /** In [0, 1), for generateName; defaults to a seeded generator. */
  rand?: () => number;
  /** Timers for watch timeouts and bookmarks; defaults to setTimeout. */
  schedule?: Schedule;
  /** Event log retention before compaction (default 10 minutes, as the stores keep). */
  retentionMs?: number;
  /** Namespaces created at start (default: default, kube-system, kube-public, kube-node-lease). */
  namespaces?: string[];
}

/** RFC 3339 at second precision, as upstream serializes metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A deterministic UUID-shaped id generator: 00000000-0000-4000-8000-000000000001, … */
export function counterUids(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

/** A small seeded PRNG (mulberry32), so generated names repeat run to run. */
export function seededRand(seed = 1): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A whole cluster's stores in memory: the cluster store plus one store per namespace, created on
 * first use like Durable Objects. `storeOf` and `namespaces` are what RpcClient takes.
 */
export class MemoryCluster {
  private readonly stores = new Map<string, MemoryStore>();
  private readonly now: () => number;
  private readonly context: () => WriteContext;
  private readonly schedule: Schedule;
  private readonly retentionMs: number;
  private readonly serviceIPs: ServiceIPPool;

  constructor(opts: MemoryClusterOptions = {}) {
    const now = opts.now ?? (() => 0);
    const newUid = opts.newUid ?? counterUids();
    const rand = opts.rand ?? seededRand();
    this.now = now;
    this.context = () => ({ now: rfc3339(now()), newUid, rand });
    this.schedule = opts.schedule ?? realTimeSchedule;
    this.retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
    this.serviceIPs = new ServiceIPPool(rand);
    const cluster = this.store(CLUSTER_STORE);
    for (const name of opts.namespaces ?? INITIAL_NAMESPACES) {
      const { object } = admitCreate(NAMESPACE_DEF, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, undefined, this.context(), {
        version: 'v1',
        fieldManager: 'kube-apiserver',
      });
      cluster.commit('namespaces', 'ADDED', object as StoredObject, null);
    }
  }

  /** The store with this name ('cluster' or 'ns:<namespace>'), created on first use. */
  store(name: string): MemoryStore {
    let store = this.stores.get(name);
    if (!store) {
      const ns = name.startsWith('ns:') ? name.slice(3) : undefined;
      store = new MemoryStore(name, {
        nowMs: this.now,
        context: this.context,
        schedule: this.schedule,
        retentionMs: this.retentionMs,
        namespacePhase: ns === undefined ? undefined : () => this.phaseOf(ns),
        serviceIPs: this.serviceIPs,
        onCommit: ns === undefined ? (e) => this.afterClusterCommit(e) : undefined,
      });
      this.stores.set(name, store);
    }
    return store;
  }

  /** The StoreApi of a store, for RpcClient. */
  readonly storeOf = (name: string): StoreApi => this.store(name);

  /** Names of the namespaces that exist, for RpcClient's all-namespace lists. */
  readonly namespaces = async (): Promise<string[]> => this.store(CLUSTER_STORE).table.scan('namespaces').map((n) => n.metadata.name);

  /** Compacts every store's event log against the clock (the stores' alarm). Returns events dropped. */
  compact(): number {
    let dropped = 0;
    for (const s of this.stores.values()) dropped += s.compact();
    return dropped;
  }

  /**
   * The namespace controller's pass (the cluster store's alarm): empties every terminating
   * namespace and removes it once finalizers hold nothing. Returns true while some still wait.
   */
  async finalizeNamespaces(): Promise<boolean> {
    const cluster = this.store(CLUSTER_STORE);
    let pending = false;
    for (const ns of cluster.table.scan('namespaces')) {
      if (!ns.metadata.deletionTimestamp) continue;
      const store = this.store(`ns:${ns.metadata.name}`);
      if ((await store.purge()) > 0) {
        pending = true;
        continue;
      }
      cluster.commit('namespaces', 'DELETED', { ...ns, spec: { ...(ns.spec as object), finalizers: [] } } as StoredObject, ns);
      await store.setNamespacePhase('Gone');
    }
    return pending;
  }

  /** A new namespace gets its `default` ServiceAccount, as the stores' namespace setup does. */
  private afterClusterCommit(e: LoggedEvent): void {
    if (e.resource !== 'namespaces' || e.type !== 'ADDED') return;
    const store = this.store(`ns:${e.object.metadata.name}`);
    if (store.table.get('serviceaccounts', 'default')) return;
    const body = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } };
    const { object } = admitCreate(SERVICE_ACCOUNT_DEF, body, e.object.metadata.name, this.context(), { version: 'v1', fieldManager: 'kube-controller-manager' });
    store.commit('serviceaccounts', 'ADDED', object as StoredObject, null);
  }

  private phaseOf(ns: string): NamespacePhase {
    const obj = this.store(CLUSTER_STORE).table.get('namespaces', ns);
    if (!obj) return 'Gone';
    return obj.metadata.deletionTimestamp ? 'Terminating' : 'Active';
  }
}
