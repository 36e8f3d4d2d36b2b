import type { StoredObject } from '../api/object';
import { EVENT_RETENTION_MS, type LoggedEvent as StoreEvent, type StoreTable } from '../apiserver/store-table';

/** Events kept for watch replay, as the SQLite store keeps them (10 minutes). */
export const DEFAULT_RETENTION_MS = EVENT_RETENTION_MS;

/** One committed change, as the event log keeps it. */
export interface LoggedEvent extends StoreEvent {
  ts: number;
}

/**
 * The in-memory twin of the store's SQLite tables: current objects, the event log and the
 * counter. Same StoreTable contract as durable-objects/store/object-table.ts: every write bumps the one
 * counter, is stamped with it and logged; objects are copied in and out so callers never alias.
 */
export class MemoryTable implements StoreTable {
  private counter = 0;
  private compacted = 0;
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private events: LoggedEvent[] = [];
  private readonly values = new Map<string, string>();
  private readonly pools = new Map<string, Map<string, string>>();

  /** The store's current resourceVersion. */
  get resourceVersion(): number {
    return this.counter;
  }

  /** Events at or below this counter are gone from the log: a watch from there is 410 Expired. */
  get compactedVersion(): number {
    return this.compacted;
  }

  kv(key: string): string | undefined {
    return this.values.get(key);
  }

  setKv(key: string, value: string): void {
    this.values.set(key, value);
  }

  allocated(pool: string): Set<string> {
    return new Set(this.pools.get(pool)?.keys());
  }

  allocate(pool: string, item: string, owner: string): void {
    let items = this.pools.get(pool);
    if (!items) this.pools.set(pool, (items = new Map()));
    items.set(item, owner);
  }

  release(pool: string, item: string): void {
    this.pools.get(pool)?.delete(item);
  }

  get(resource: string, name: string): StoredObject | null {
    const obj = this.objects.get(resource)?.get(name);
    return obj ? structuredClone(obj) : null;
  }

  /** Objects of a resource in name order, starting after `after`. */
  scan(resource: string, after = ''): StoredObject[] {
    const byName = this.objects.get(resource);
    if (!byName) return [];
    return [...byName.keys()]
      .filter((n) => n > after)
      .sort()
      .map((n) => structuredClone(byName.get(n)!));
  }

  count(resource: string, after = ''): number {
    return [...(this.objects.get(resource)?.keys() ?? [])].filter((n) => n > after).length;
  }

  countAll(): number {
    let n = 0;
    for (const m of this.objects.values()) n += m.size;
    return n;
  }

  resources(): string[] {
    return [...this.objects.keys()].filter((r) => this.objects.get(r)!.size > 0);
  }

  /** Commits one change: bumps the counter, stamps the object, stores or removes it, logs it. */
  commit(resource: string, type: LoggedEvent['type'], object: StoredObject, prev: StoredObject | null, now: number): LoggedEvent {
    const rv = ++this.counter;
    const stored = structuredClone({ ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } }) as StoredObject;
    let byName = this.objects.get(resource);
    if (!byName) this.objects.set(resource, (byName = new Map()));
    if (type === 'DELETED') byName.delete(stored.metadata.name);
    else byName.set(stored.metadata.name, stored);
    const event: LoggedEvent = { rv, resource, type, object: stored, prev: prev ? structuredClone(prev) : null, ts: now };
    this.events.push(event);
    return structuredClone(event);
  }

  /** Logged events of a resource after a counter, oldest first. */
  eventsSince(resource: string, rv: number): LoggedEvent[] {
    return this.events.filter((e) => e.resource === resource && e.rv > rv).map((e) => structuredClone(e));
  }

  /** Drops events older than the retention window; remembers the newest dropped counter. */
  compact(now: number, retentionMs = DEFAULT_RETENTION_MS): number {
    const cutoff = now - retentionMs;
    const dropped = this.events.filter((e) => e.ts < cutoff);
    if (dropped.length === 0) return 0;
    const max = Math.max(...dropped.map((e) => e.rv));
    this.events = this.events.filter((e) => e.rv > max);
    this.compacted = Math.max(this.compacted, max);
    return dropped.length;
  }
}
