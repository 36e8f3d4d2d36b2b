import type { StoredObject } from '../../shared/api/object';
import { EVENT_RETENTION_MS, type LoggedEvent, type StoreTable } from '../../shared/apiserver/store-table';

export type { LoggedEvent };

/**
 * The SQLite tables of one store: current objects, the event log, and the counter.
 * Every method is synchronous, so a store's writes are serialised by the object itself.
 */
export class ObjectTable implements StoreTable {
  private counter: number;
  private compacted: number;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS objects (
      resource TEXT NOT NULL, name TEXT NOT NULL, rv INTEGER NOT NULL, body TEXT NOT NULL,
      PRIMARY KEY (resource, name))`);
    sql.exec(`CREATE TABLE IF NOT EXISTS events (
      rv INTEGER PRIMARY KEY, resource TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
      prev TEXT, ts INTEGER NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS allocations (pool TEXT NOT NULL, item TEXT NOT NULL, owner TEXT NOT NULL, PRIMARY KEY (pool, item))`);
    this.counter = Number(this.kv('rv') ?? '0');
    this.compacted = Number(this.kv('compacted') ?? '0');
  }

  /** The store's current resourceVersion. */
  get resourceVersion(): number {
    return this.counter;
  }

  /** Events at or below this counter are gone from the log: a watch from there is 410 Expired. */
  get compactedVersion(): number {
    return this.compacted;
  }

  kv(key: string): string | undefined {
    const row = this.sql.exec<{ v: string }>('SELECT v FROM kv WHERE k = ?', key).toArray()[0];
    return row?.v;
  }

  setKv(key: string, value: string): void {
    this.sql.exec('INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v', key, value);
  }

  /** Items handed out from a pool (service IPs …), for allocators that must be cluster-unique. */
  allocated(pool: string): Set<string> {
    return new Set(this.sql.exec<{ item: string }>('SELECT item FROM allocations WHERE pool = ?', pool).toArray().map((r) => r.item));
  }

  allocate(pool: string, item: string, owner: string): void {
    this.sql.exec('INSERT INTO allocations (pool, item, owner) VALUES (?, ?, ?)', pool, item, owner);
  }

  release(pool: string, item: string): void {
    this.sql.exec('DELETE FROM allocations WHERE pool = ? AND item = ?', pool, item);
  }

  get(resource: string, name: string): StoredObject | null {
    const row = this.sql.exec<{ body: string }>('SELECT body FROM objects WHERE resource = ? AND name = ?', resource, name).toArray()[0];
    return row ? (JSON.parse(row.body) as StoredObject) : null;
  }

  /** Objects of a resource in name order, starting after `after`. */
  *scan(resource: string, after = ''): Generator<StoredObject> {
    const cursor = this.sql.exec<{ body: string }>(
      'SELECT body FROM objects WHERE resource = ? AND name > ? ORDER BY name',
      resource,
      after,
    );
    for (const row of cursor) yield JSON.parse(row.body) as StoredObject;
  }

  count(resource: string, after = ''): number {
    const row = this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM objects WHERE resource = ? AND name > ?', resource, after).one();
    return row.n;
  }

  countAll(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM objects').one().n;
  }

  resources(): string[] {
    return this.sql.exec<{ resource: string }>('SELECT DISTINCT resource FROM objects').toArray().map((r) => r.resource);
  }

  /**
   * Commits one change: bumps the counter, stamps the object, writes it (or removes it) and logs
   * the event. Returns the stored object as clients will see it.
   */
  commit(resource: string, type: LoggedEvent['type'], object: StoredObject, prev: StoredObject | null, now: number): LoggedEvent {
    const rv = ++this.counter;
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } } as StoredObject;
    const body = JSON.stringify(stored);
    const name = stored.metadata.name;
    if (type === 'DELETED') this.sql.exec('DELETE FROM objects WHERE resource = ? AND name = ?', resource, name);
    else {
      this.sql.exec(
        'INSERT INTO objects (resource, name, rv, body) VALUES (?, ?, ?, ?) ON CONFLICT(resource, name) DO UPDATE SET rv = excluded.rv, body = excluded.body',
        resource,
        name,
        rv,
        body,
      );
    }
    this.sql.exec(
      'INSERT INTO events (rv, resource, type, body, prev, ts) VALUES (?, ?, ?, ?, ?, ?)',
      rv,
      resource,
      type,
      body,
      prev ? JSON.stringify(prev) : null,
      now,
    );
    this.setKv('rv', String(rv));
    return { rv, resource, type, object: stored, prev };
  }

  /** Logged events of a resource after a counter, oldest first. */
  *eventsSince(resource: string, rv: number): Generator<LoggedEvent> {
    const cursor = this.sql.exec<{ rv: number; type: LoggedEvent['type']; body: string; prev: string | null }>(
      'SELECT rv, type, body, prev FROM events WHERE resource = ? AND rv > ? ORDER BY rv',
      resource,
      rv,
    );
    for (const row of cursor) {
      yield {
        rv: row.rv,
        resource,
        type: row.type,
        object: JSON.parse(row.body) as StoredObject,
        prev: row.prev ? (JSON.parse(row.prev) as StoredObject) : null,
      };
    }
  }

  /** Drops events older than the retention window; remembers the newest dropped counter. */
  compact(now: number): number {
    const cutoff = now - EVENT_RETENTION_MS;
    const row = this.sql.exec<{ m: number | null }>('SELECT MAX(rv) AS m FROM events WHERE ts < ?', cutoff).one();
    if (row.m === null) return 0;
    const dropped = this.sql.exec('DELETE FROM events WHERE rv <= ?', row.m).rowsWritten;
    this.compacted = Math.max(this.compacted, row.m);
    this.setKv('compacted', String(this.compacted));
    return dropped;
  }
}
