import type { StoredObject } from '../api/object';
import { checkStoredSize } from '../apiserver/size-limits';
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
 * A transaction keeps an undo list of its writes, replayed backwards when it throws.
 */
export class MemoryTable implements StoreTable {
  private counter = 0;
  private compacted = 0;
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private events: LoggedEvent[] = [];
  private readonly values = new Map<string, string>();
  private readonly pools = new Map<string, Map<string, string>>();
  /** Undo steps of the innermost open transaction, oldest first. */
  private undo?: (() => void)[];

  /** The store's current resourceVersion. */
  get resourceVersion(): number {
    return this.counter;
  }

  /** Events at or below this counter are gone from the log: a watch from there is 410 Expired. */
  get compactedVersion(): number {
    return this.compacted;
  }

  transaction<T>(fn: () => T): T {
    const outer = this.undo;
    const undo: (() => void)[] = (this.undo = []);
    try {
      const result = fn();
      // an enclosing transaction that throws later must undo these writes too
      if (outer) for (const step of undo) outer.push(step);
      return result;
    } catch (e) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      throw e;
    } finally {
      this.undo = outer;
    }
  }

  kv(key: string): string | undefined {
    return this.values.get(key);
  }

  setKv(key: string, value: string): void {
    this.record(restoreEntry(this.values, key));
    this.values.set(key, value);
  }

  allocated(pool: string): Set<string> {
    return new Set(this.pools.get(pool)?.keys());
  }

  allocate(pool: string, item: string, owner: string): void {
    let items = this.pools.get(pool);
    if (!items) this.pools.set(pool, (items = new Map()));
    this.record(restoreEntry(items, item));
    items.set(item, owner);
  }

  release(pool: string, item: string): void {
    const items = this.pools.get(pool);
    if (!items) return;
    this.record(restoreEntry(items, item));
    items.delete(item);
  }

  get(resource: string, name: string): StoredObject | null {
    const obj = this.objects.get(resource)?.get(name);
    return obj ? structuredClone(obj) : null;
  }

  /** Objects of a resource in name order, starting after `after`. */
  scanJson(resource: string, after = ''): { name: string; json: string }[] {
    return this.scan(resource, after).map((o) => ({ name: o.metadata.name, json: JSON.stringify(o) }));
  }

  pageJson(resource: string, after: string, limit: number): { name: string; body: string }[] {
    const rows = this.scanJson(resource, after).map((r) => ({ name: r.name, body: r.json }));
    return limit < 0 ? rows : rows.slice(0, limit);
  }

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

  /**
   * Commits one change: bumps the counter, stamps the object, stores or removes it, logs it. Checks
   * come first (413 for an object too large to store), so a commit that throws changed nothing.
   */
  commit(resource: string, type: LoggedEvent['type'], object: StoredObject, prev: StoredObject | null, now: number): LoggedEvent {
    const rv = this.counter + 1;
    const stored = structuredClone({ ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } }) as StoredObject;
    if (type !== 'DELETED') checkStoredSize(JSON.stringify(stored));
    const event: LoggedEvent = { rv, resource, type, object: stored, prev: prev ? structuredClone(prev) : null, ts: now };
    let byName = this.objects.get(resource);
    if (!byName) this.objects.set(resource, (byName = new Map()));
    const name = stored.metadata.name;
    const restoreObject = restoreEntry(byName, name);
    this.record(() => {
      restoreObject();
      this.events = this.events.filter((e) => e !== event);
      this.counter = rv - 1;
    });
    this.counter = rv;
    if (type === 'DELETED') byName.delete(name);
    else byName.set(name, stored);
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
    const [events, compacted] = [this.events, this.compacted];
    this.record(() => ([this.events, this.compacted] = [events, compacted]));
    this.events = this.events.filter((e) => e.rv > max);
    this.compacted = Math.max(this.compacted, max);
    return dropped.length;
  }

  private record(step: () => void): void {
    this.undo?.push(step);
  }
}

/** An undo step that puts a map's entry back as it is now (present with its value, or absent). */
function restoreEntry<K, V>(map: Map<K, V>, key: K): () => void {
  const had = map.has(key);
  const value = map.get(key);
  return () => (had ? map.set(key, value as V) : map.delete(key));
}
