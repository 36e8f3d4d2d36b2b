import type { StoredObject } from '../api/object';

/** Events kept for watch replay: at least this long, so a client may resume a watch 5 minutes late. */
export const EVENT_RETENTION_MS = 10 * 60 * 1000;

/** One committed change, as a store's event log keeps it (for watch replay). */
export interface LoggedEvent {
  rv: number;
  /** Storage key of the resource: `pods`, `replicasets.apps`. */
  resource: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: StoredObject;
  /** The object before the change (filters decide ADDED/DELETED transitions from it). */
  prev: StoredObject | null;
}

/**
 * The storage of one store, as the store engine needs it: current objects, an event log, one
 * counter, a small key/value table and allocation pools. Every method is synchronous, so an engine
 * step that does not await is never interleaved with another. Each commit is all or nothing (object,
 * event and counter), and `transaction` makes several writes one such unit. Implemented over SQLite
 * in the Durable Object (durable-objects/store/object-table.ts) and over Maps in memory
 * (shared/client/memory-table.ts).
 */
export interface StoreTable {
  /** The store's current resourceVersion: the counter of its last commit. */
  readonly resourceVersion: number;
  /** Events at or below this counter are gone from the log: a watch from there is 410 Expired. */
  readonly compactedVersion: number;
  get(resource: string, name: string): StoredObject | null;
  /** One object's stored JSON text, for a get served as stored (no parse); optional: `get` and serialize otherwise. */
  getJson?(resource: string, name: string): string | null;
  /** Several objects of a resource by name, read at once (absent names are left out); optional: `get` each otherwise. */
  getMany?(resource: string, names: string[]): Map<string, StoredObject>;
  /** The resourceVersions of several objects by name, without their bodies (absent names are left out); optional. */
  versionsOf?(resource: string, names: string[]): Map<string, string>;
  /** Objects of a resource in name order, starting after `after`. Copy before mutating the table. */
  scan(resource: string, after?: string): Iterable<StoredObject>;
  /** The same objects as their stored JSON text, for lists served without a parse and re-serialization. */
  scanJson(resource: string, after?: string): Iterable<{ name: string; json: string }>;
  /** Up to `limit` of the same (all when limit < 0) as one array: the list fast path's single read. */
  pageJson(resource: string, after: string, limit: number): { name: string; body: string }[];
  count(resource: string, after?: string): number;
  countAll(): number;
  /** Resources that hold at least one object. */
  resources(): string[];
  /**
   * Bumps the counter, stamps the object with it, stores (or removes) it and logs the event, all or
   * nothing. Throws 413 (size-limits.ts checkStoredSize) for an object too large to store, and
   * leaves everything, the counter included, as it was whenever it throws.
   */
  commit(resource: string, type: LoggedEvent['type'], object: StoredObject, prev: StoredObject | null, nowMs: number): LoggedEvent;
  /**
   * A create's commit: `commit(resource, 'ADDED', object, null, nowMs)`, or null with nothing written
   * when an object of that name exists; optional (a `get` first otherwise). SQLite finds the taken
   * name in the INSERT itself, one statement instead of two.
   */
  commitNew?(resource: string, object: StoredObject, nowMs: number): LoggedEvent | null;
  /** The JSON text an object `get` or `commit` returned is stored as, when the table keeps it (SQLite does). */
  textOf?(object: StoredObject): string | undefined;
  /**
   * Logged events of a resource after a counter, oldest first. A MODIFIED event's `prev` may be its
   * new state when the log kept no previous state: it does so only where no selector could tell the
   * two apart (watch-event.ts selectorsTellApart), so a filtered replay decides the same.
   */
  eventsSince(resource: string, rv: number): Iterable<LoggedEvent>;
  /**
   * Runs `fn` as one transaction: when it throws, every write it made (commits, kv, allocations) is
   * undone and the counter restored, then the error is rethrown. Transactions nest; an inner one
   * that throws undoes only its own writes.
   */
  transaction<T>(fn: () => T): T;
  kv(key: string): string | undefined;
  setKv(key: string, value: string): void;
  /** Items handed out from a pool (service IPs …), for allocators that must be unique. */
  allocated(pool: string): Set<string>;
  allocate(pool: string, item: string, owner: string): void;
  release(pool: string, item: string): void;
}
