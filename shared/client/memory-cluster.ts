import { INITIAL_NAMESPACES } from '../apiserver/namespace-lifecycle';
import type { WriteContext } from '../apiserver/object-meta';
import { writeContext } from '../apiserver/write-context';
import type { StoreApi } from '../apiserver/store-protocol';
import { DEFAULT_RETENTION_MS } from './memory-table';
import { MemoryStore } from './memory-store';
import { realTimeSchedule, type Schedule } from '../clock/clock';
import { unwrap } from './store-result';

/** The store of cluster-scoped objects; namespace stores are `ns:<namespace>` (workers/env.ts). */
export const CLUSTER_STORE = 'cluster';

export { INITIAL_NAMESPACES };

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

export { rfc3339 } from '../apiserver/write-context';

/** A deterministic UUID-shaped id generator: 00000000-0000-4000-8000-000000000001, … */
export function counterUids(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

/** Seeded randomness, so generated names repeat run to run. */
import { seededRandom as seededRand } from '../api/seeded-random';
export { seededRand };

/**
 * A whole cluster's stores in memory: the cluster store plus one store per namespace, created on
 * first use like Durable Objects, wired to each other as the Durable Objects are (namespace phase,
 * service IPs). `storeOf` and `namespaces` are what RpcClient takes.
 */
export class MemoryCluster {
  private readonly stores = new Map<string, MemoryStore>();
  private readonly now: () => number;
  private readonly context: () => WriteContext;
  private readonly schedule: Schedule;
  private readonly retentionMs: number;

  constructor(opts: MemoryClusterOptions = {}) {
    const now = opts.now ?? (() => 0);
    const newUid = opts.newUid ?? counterUids();
    const rand = opts.rand ?? seededRand();
    this.now = now;
    this.context = () => writeContext(now(), newUid, rand);
    this.schedule = opts.schedule ?? realTimeSchedule;
    this.retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
    this.store(CLUSTER_STORE).engine.bootstrap(opts.namespaces ?? INITIAL_NAMESPACES);
  }

  /** The store with this name ('cluster' or 'ns:<namespace>'), created on first use. */
  store(name: string): MemoryStore {
    let store = this.stores.get(name);
    if (!store) {
      const cluster = (): MemoryStore => this.store(CLUSTER_STORE);
      store = new MemoryStore(name, {
        now: this.now,
        context: this.context,
        schedule: this.schedule,
        retentionMs: this.retentionMs,
        namespace: name.startsWith('ns:') ? name.slice(3) : undefined,
        isClusterStore: name === CLUSTER_STORE,
        lookupNamespacePhase: (ns) => cluster().namespacePhase(ns),
        allocateServiceIP: async (owner, requested) => unwrap(await cluster().allocateServiceIP(owner, requested)),
        releaseServiceIP: (ip) => cluster().engine.releaseServiceIP(ip),
        allocateNodePorts: async (owner, old, next, dryRun) => unwrap(await cluster().allocateNodePorts(owner, old, next, dryRun)),
        releaseNodePorts: (ports) => cluster().engine.releaseNodePorts(ports),
        setNamespacePhaseOf: (ns, phase) => void this.store(`ns:${ns}`).setNamespacePhase(phase),
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
  finalizeNamespaces(): Promise<boolean> {
    return this.store(CLUSTER_STORE).engine.finalizeNamespaces((ns) => this.store(`ns:${ns}`));
  }
}
