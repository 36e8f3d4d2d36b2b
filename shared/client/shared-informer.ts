import { ApiError, type Status } from '../api/errors';
import type { KubeObject, WatchEvent } from '../api/object';
import { Backoff, type BackoffOptions } from './backoff';
import type { Client, ObjectLike, ResourceClient, ResourceRef } from './client';
import { Indexer, metaNamespaceKey, type IndexFunc } from './indexer';
import { realClock, type Clock } from '../clock/clock';
import { statusToError } from './store-result';

/** What an informer tells its handlers. Handlers run in event order and must not mutate objects. */
export interface EventHandler<T> {
  /** `isInInitialList`: the object came from a list (start, relist, or a late-added handler). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** On a change, and on resync with old === new. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** `finalStateUnknown`: the deletion was inferred on relist; `obj` is the last state seen. */
  onDelete?(obj: T, info: { finalStateUnknown: boolean }): void;
}

export interface InformerOptions<T = KubeObject> {
  /** Watch one namespace; all namespaces when unset. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Re-deliver every cached object as onUpdate(obj, obj) this often; 0 or unset: never. */
  resyncMs?: number;
  clock?: Clock;
  /** Reflector backoff on list/watch failures (default 800ms ×2 up to 30s, reset after 2 min). */
  backoff?: Partial<BackoffOptions>;
  /** Server-side watch timeout; the informer re-watches from the last version after it. */
  watchTimeoutSeconds?: number;
  /** Extra indexes beside `namespace` and `labels`. */
  indexers?: Record<string, IndexFunc<T>>;
  /** Hears list/watch failures (retried) and handler exceptions (swallowed so others still run). */
  onError?(err: unknown): void;
}

/** A watch that ends this soon with no event is treated as a failure, so a broken server is not hammered. */
const SHORT_WATCH_MS = 1000;

/**
 * One list-and-watch of one resource, shared by all its handlers, with a local indexed cache
 * (client-go's sharedIndexInformer + Reflector). Relists on 410 Expired and diffs the new list
 * against the cache, so handlers see every change once: adds, updates, and deletions of objects
 * that vanished meanwhile (finalStateUnknown).
 * @example
 * const pods = factory.forResource<Pod>(PODS);
 * pods.addEventHandler({ onAdd: (p) => queue.add(metaNamespaceKey(p)) });
 * factory.start(signal); await factory.waitForCacheSync();
 */
export class SharedIndexInformer<T extends ObjectLike = KubeObject> {
  readonly indexer: Indexer<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly rc: ResourceClient<T>;
  private controller: AbortController | undefined;
  private synced = false;
  private rv = '';
  private syncWaiters: (() => void)[] = [];
  private loops: Promise<void> | undefined;

  constructor(
    client: Client,
    readonly ref: ResourceRef,
    private readonly opts: InformerOptions<T> = {},
  ) {
    const rc = client.resource<T>(ref);
    this.rc = opts.namespace ? rc.namespace(opts.namespace) : rc;
    this.clock = opts.clock ?? realClock;
    this.backoff = new Backoff(opts.backoff);
    this.indexer = new Indexer<T>(opts.indexers);
  }

  /** Registers handlers; once synced, they first get onAdd for every cached object. */
  addEventHandler(h: EventHandler<T>): { remove(): void } {
    this.handlers.add(h);
    if (this.synced) for (const obj of this.indexer.list()) this.call(() => h.onAdd?.(obj, true));
    return { remove: () => void this.handlers.delete(h) };
  }

  /** Adds indexes (existing objects are indexed at once). */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers);
  }

  /** True once the first list is in the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion of the last list, event or bookmark seen. */
  lastSyncResourceVersion(): string {
    return this.rv;
  }

  get running(): boolean {
    return this.controller !== undefined && !this.controller.signal.aborted;
  }

  /** Starts list-and-watch (and resync); idempotent. Aborting `signal` stops it like stop(). */
  start(signal?: AbortSignal): void {
    if (this.controller) return;
    const controller = (this.controller = new AbortController());
    signal?.addEventListener('abort', () => this.stop(), { once: true });
    if (signal?.aborted) controller.abort();
    this.loops = Promise.all([this.reflect(controller.signal), this.resync(controller.signal)]).then(() => undefined);
  }

  /** Stops the loops and the open watch. The cache keeps its last state. */
  stop(): void {
    this.controller?.abort();
    for (const w of this.syncWaiters.splice(0)) w();
  }

  /** Resolves when the loops have ended after stop(). */
  async stopped(): Promise<void> {
    await this.loops;
  }

  /** Resolves true once synced, false if stopped (or `signal` aborted) first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => resolve(this.synced);
      this.syncWaiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private async reflect(signal: AbortSignal): Promise<void> {
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.listAndReplace();
          needList = false;
        }
        const started = this.clock.now();
        const events = await this.watch(signal);
        if (events === 0 && this.clock.now() - started < SHORT_WATCH_MS && !signal.aborted) {
          await this.clock.sleep(this.backoff.next(this.clock.now()), signal);
        }
      } catch (e) {
        if (signal.aborted) break;
        // 410: the version left the server's window; relist at once and diff against the cache
        if (e instanceof ApiError && (e.code === 410 || e.reason === 'Expired' || e.reason === 'Gone')) {
          needList = true;
          continue;
        }
        this.opts.onError?.(e);
        if (!this.rv) needList = true;
        await this.clock.sleep(this.backoff.next(this.clock.now()), signal);
      }
    }
  }

  private async listAndReplace(): Promise<void> {
    const list = await this.rc.list({ labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector });
    this.replace(list.items, list.metadata.resourceVersion);
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  /** client-go's Replace: vanished objects are deleted (final state unknown), the rest upserted. */
  private replace(items: T[], rv: string): void {
    const keep = new Set(items.map(metaNamespaceKey));
    for (const key of this.indexer.listKeys()) {
      if (keep.has(key)) continue;
      const old = this.indexer.delete(key)!;
      this.emit((h) => h.onDelete?.(old, { finalStateUnknown: true }));
    }
    for (const obj of items) this.upsert(obj, true);
    this.rv = rv;
  }

  private async watch(signal: AbortSignal): Promise<number> {
    let n = 0;
    const stream = this.rc.watch({
      resourceVersion: this.rv,
      allowWatchBookmarks: true,
      labelSelector: this.opts.labelSelector,
      fieldSelector: this.opts.fieldSelector,
      timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300,
      signal,
    });
    for await (const e of stream) {
      if (signal.aborted) break;
      n++;
      this.handle(e);
    }
    return n;
  }

  private handle(e: WatchEvent<T>): void {
    const rv = e.object?.metadata?.resourceVersion;
    switch (e.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.upsert(e.object, false);
        break;
      case 'DELETED': {
        const old = this.indexer.delete(metaNamespaceKey(e.object));
        // not cached: a relist already reported it, so a second delete would be a duplicate
        if (old) this.emit((h) => h.onDelete?.(e.object, { finalStateUnknown: false }));
        break;
      }
      case 'BOOKMARK':
        break;
      case 'ERROR':
        // transports normally throw these; a raw ERROR event carries the Status
        throw statusToError(e.object as unknown as Partial<Status>);
    }
    if (rv) this.rv = rv;
  }

  private upsert(obj: T, fromList: boolean): void {
    const old = this.indexer.get(metaNamespaceKey(obj));
    // the same version again (watch replay, relist of an unchanged object) is not an event
    if (old && old.metadata?.resourceVersion === obj.metadata?.resourceVersion) return;
    this.indexer.upsert(obj);
    if (old) this.emit((h) => h.onUpdate?.(old, obj));
    else this.emit((h) => h.onAdd?.(obj, fromList));
  }

  private async resync(signal: AbortSignal): Promise<void> {
    const every = this.opts.resyncMs ?? 0;
    if (every <= 0) return;
    while (!signal.aborted) {
      await this.clock.sleep(every, signal);
      if (signal.aborted || !this.synced) continue;
      for (const obj of this.indexer.list()) this.emit((h) => h.onUpdate?.(obj, obj));
    }
  }

  private emit(fn: (h: EventHandler<T>) => void): void {
    for (const h of [...this.handlers]) this.call(() => fn(h));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.opts.onError?.(e);
    }
  }
}
