import type { KubeObject, StoredObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import type { NamespacePhase } from '../apiserver/namespace-lifecycle';
import { StoreEngine, type StoreHooks } from '../apiserver/store-engine';
import type * as P from '../apiserver/store-protocol';
import type { NodePortAllocation } from '../apiserver/node-port';
import { DEFAULT_RETENTION_MS, MemoryTable } from './memory-table';
import { errorStream } from '../apiserver/watch-event';
import type { Schedule } from '../clock/clock';
import { MemoryWatchers } from './memory-watchers';
import { batchResults, settle, toResult, toStatus } from './store-result';

export type { NamespacePhase };

/** What an in-memory store needs from its cluster: the engine's hooks, timers and retention. */
export interface MemoryStoreEnv extends Omit<StoreHooks, 'publish'> {
  schedule: Schedule;
  retentionMs?: number;
}

/**
 * One store held in memory: the same StoreEngine the ObjectStore Durable Object runs, over a
 * MemoryTable, with MemoryWatchers for streams. For controller, scheduler and client tests.
 */
export class MemoryStore implements P.StoreApi {
  readonly table = new MemoryTable();
  readonly engine: StoreEngine;
  private readonly watchers: MemoryWatchers;

  constructor(
    readonly name: string,
    private readonly env: MemoryStoreEnv,
  ) {
    this.watchers = new MemoryWatchers(env.schedule);
    this.engine = new StoreEngine(this.table, { ...env, publish: (e) => this.watchers.publish(e) });
  }

  async get(def: ResourceDef, name: string): Promise<P.StoreResult<StoredObject>> {
    return toResult(() => this.engine.get(def, name));
  }

  async getMany(def: ResourceDef, names: string[]): Promise<P.StoreResult<StoredObject>[]> {
    return batchResults(toResult(() => this.engine.getMany(def, names)), names.length);
  }

  async list(req: P.ListRequest): Promise<P.StoreResult<P.ListResult>> {
    return toResult(() => this.engine.list(req));
  }

  async watch(req: P.WatchRequest): Promise<ReadableStream<Uint8Array>> {
    try {
      return this.watchers.open(this.engine.watch(req));
    } catch (e) {
      return errorStream(toStatus(e));
    }
  }

  async currentVersion(): Promise<number> {
    return this.table.resourceVersion;
  }

  create(req: P.CreateRequest): Promise<P.StoreResult<P.WriteResult>> {
    return settle(() => this.engine.create(req));
  }

  update(req: P.UpdateRequest): Promise<P.StoreResult<P.WriteResult>> {
    return settle(() => this.engine.update(req));
  }

  async updateMany(reqs: P.UpdateRequest[]): Promise<P.StoreResult<P.WriteResult>[]> {
    const results: P.StoreResult<P.WriteResult>[] = [];
    for (const req of reqs) results.push(await settle(() => this.engine.update(req)));
    return results;
  }

  async createMany(reqs: P.CreateRequest[]): Promise<P.StoreResult<P.WriteResult>[]> {
    return batchResults(await settle(() => this.engine.createMany(reqs)), reqs.length);
  }

  patch(req: P.PatchRequest): Promise<P.StoreResult<P.WriteResult>> {
    return settle(() => this.engine.patch(req));
  }

  async getScale(def: ResourceDef, name: string): Promise<P.StoreResult<KubeObject>> {
    return toResult(() => this.engine.getScale(def, name));
  }

  updateScale(req: P.ScaleUpdateRequest): Promise<P.StoreResult<KubeObject>> {
    return settle(() => this.engine.updateScale(req));
  }

  bind(def: ResourceDef, name: string, binding: KubeObject, dryRun?: boolean): Promise<P.StoreResult<StoredObject>> {
    return settle(() => this.engine.bind(def, name, binding, dryRun));
  }

  async bindMany(def: ResourceDef, bindings: P.BindRequest[]): Promise<P.StoreResult<StoredObject>[]> {
    return batchResults(await settle(() => this.engine.bindMany(def, bindings)), bindings.length);
  }

  evict(def: ResourceDef, name: string, eviction: KubeObject, dryRun?: boolean): Promise<P.StoreResult<boolean>> {
    return settle(() => this.engine.evict(def, name, eviction, dryRun));
  }

  delete(req: P.DeleteRequest): Promise<P.StoreResult<P.DeleteResult>> {
    return settle(() => this.engine.delete(req));
  }

  deleteCollection(req: P.DeleteCollectionRequest): Promise<P.StoreResult<P.ListResult>> {
    return settle(() => this.engine.deleteCollection(req));
  }

  async setNamespacePhase(phase: NamespacePhase): Promise<void> {
    this.engine.setNamespacePhase(phase);
    if (phase === 'Gone') this.watchers.closeAll();
  }

  async purge(): Promise<number> {
    return this.engine.purge();
  }

  async allocateServiceIP(owner: string, requested?: string): Promise<P.StoreResult<string>> {
    return toResult(() => this.engine.allocateServiceIP(owner, requested));
  }

  async releaseServiceIP(ip: string): Promise<void> {
    this.engine.releaseServiceIP(ip);
  }

  async allocateNodePorts(owner: string, old: KubeObject | null, next: KubeObject, dryRun: boolean): Promise<P.StoreResult<NodePortAllocation>> {
    return toResult(() => this.engine.allocateNodePorts(owner, old, next, dryRun));
  }

  async releaseNodePorts(ports: number[]): Promise<void> {
    this.engine.releaseNodePorts(ports);
  }

  async namespacePhase(namespace: string): Promise<NamespacePhase> {
    return this.engine.namespacePhase(namespace);
  }

  /** Drops log events past the retention window (the store's alarm does this). */
  compact(): number {
    return this.table.compact(this.env.now(), this.env.retentionMs ?? DEFAULT_RETENTION_MS);
  }
}
