import type { KubeObject } from '../api/object';
import type { Client, ObjectLike, ResourceClient, ResourceRef } from './client';
import { MemoryCluster, type MemoryClusterOptions } from './memory-cluster';
import { RpcClient } from './rpc-client';

export interface MemoryClientOptions extends MemoryClusterOptions {
  /** Field manager for writes that name none. */
  fieldManager?: string;
}

/**
 * A Client over an in-memory cluster, for controller and scheduler tests. It is the RpcClient
 * wired to MemoryStores, so list/watch/write semantics are the stores' own; `cluster` exposes
 * the stores for test control (compaction, namespace finalization, raw counters).
 * @example const c = new MemoryClient({ now: () => clock.now }); await c.resource(PODS).namespace('default').create(pod);
 */
export class MemoryClient implements Client {
  readonly cluster: MemoryCluster;
  private readonly rpc: RpcClient;

  constructor(opts: MemoryClientOptions = {}) {
    this.cluster = new MemoryCluster(opts);
    this.rpc = new RpcClient({
      storeOf: this.cluster.storeOf,
      namespaces: this.cluster.namespaces,
      schedule: opts.schedule,
      fieldManager: opts.fieldManager,
    });
  }

  resource<T extends ObjectLike = KubeObject>(ref: ResourceRef): ResourceClient<T> {
    return this.rpc.resource<T>(ref);
  }
}
