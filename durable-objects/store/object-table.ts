import type { StoredObject } from '../../shared/api/object';
import { checkStoredSize, fitsBytes } from '../../shared/apiserver/size-limits';
import { EVENT_RETENTION_MS, type LoggedEvent, type StoreTable } from '../../shared/apiserver/store-table';
import { selectorsTellApart } from '../../shared/apiserver/watch-event';

export type { LoggedEvent };

/** Cloudflare's limit for one row (and so any one value) of a Durable Object's SQLite: 2 MB. */
const MAX_ROW_BYTES = 2_000_000;
/** An event keeps its body and prev in its own row up to this much (room left for the other columns). */
const INLINE_EVENT_BYTES = MAX_ROW_BYTES - 64 * 1024;
/** Bytes per row of event_chunks. */
const CHUNK_BYTES = 1024 * 1024;
/** In the events row, a body or prev of '' (never valid JSON) means: read it from event_chunks. */
const CHUNKED = '';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The SQLite tables of one store: current objects, the event log, and the counter.
 * Every method is synchronous, so a store's writes are serialised by the object itself; each
 * commit runs in one SQLite transaction, so it is written whole or not at all.
 */
export class ObjectTable implements StoreTable {
  private readonly sql: SqlStorage;
  private counter: number;
  private compacted: number;
  /**
   * Resources known to hold no object, so that scanning them takes no SELECT (a create in a
   * namespace scans its LimitRanges and ResourceQuotas, which most namespaces have none of).
   * Exact, never stale: only `commit` adds rows, and it forgets the resource before writing;
   * a rollback forgets them all, since it may bring rows back.
   */
  private readonly empty = new Set<string>();
  /**
   * The stored JSON text of objects `get` and `commit` returned, so that a commit whose previous state
   * is one of them logs that text instead of serializing the object again (an update logs body and
   * prev), and a create answered as text (ApiStoreApi.createJson) is not serialized twice.
   */
  private readonly storedText = new WeakMap<StoredObject, string>();

  constructor(private readonly storage: DurableObjectStorage) {
    const sql = (this.sql = storage.sql);
    sql.exec(`CREATE TABLE IF NOT EXISTS objects (
      resource TEXT NOT NULL, name TEXT NOT NULL, rv INTEGER NOT NULL, body TEXT NOT NULL,
      PRIMARY KEY (resource, name))`);
    sql.exec(`CREATE TABLE IF NOT EXISTS events (
      rv INTEGER PRIMARY KEY, resource TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
      prev TEXT, ts INTEGER NOT NULL)`);
    // an event whose object and previous state do not fit one row (each may be up to 1.5 MiB)
    sql.exec(`CREATE TABLE IF NOT EXISTS event_chunks (
      rv INTEGER NOT NULL, part TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL,
      PRIMARY KEY (rv, part, seq))`);
    // One commit as one statement: the object row and its event are written by a single INSERT,
    // which SQLite applies whole or not at all, with no savepoint around two statements. A store
    // keeps the trigger it first created: a change to its body must DROP TRIGGER commits_insert first.
    sql.exec(`CREATE VIEW IF NOT EXISTS commits AS SELECT rv, resource, '' AS name, type, body, prev, ts FROM events`);
    sql.exec(`CREATE TRIGGER IF NOT EXISTS commits_insert INSTEAD OF INSERT ON commits BEGIN
      INSERT INTO events (rv, resource, type, body, prev, ts) VALUES (NEW.rv, NEW.resource, NEW.type, NEW.body, NEW.prev, NEW.ts);
      DELETE FROM objects WHERE NEW.type = 'DELETED' AND resource = NEW.resource AND name = NEW.name;
      INSERT INTO objects (resource, name, rv, body) SELECT NEW.resource, NEW.name, NEW.rv, NEW.body WHERE NEW.type <> 'DELETED'
        ON CONFLICT(resource, name) DO UPDATE SET rv = excluded.rv, body = excluded.body;
      END`);
    // A create's commit: the object row is inserted without ON CONFLICT, so a name already taken
    // aborts the whole statement (its event too) and no SELECT has to ask first (ObjectTable.commitNew).
    sql.exec(`CREATE VIEW IF NOT EXISTS creates AS SELECT rv, resource, '' AS name, body, ts FROM events`);
    sql.exec(`CREATE TRIGGER IF NOT EXISTS creates_insert INSTEAD OF INSERT ON creates BEGIN
      INSERT INTO events (rv, resource, type, body, prev, ts) VALUES (NEW.rv, NEW.resource, 'ADDED', NEW.body, NULL, NEW.ts);
      INSERT INTO objects (resource, name, rv, body) VALUES (NEW.resource, NEW.name, NEW.rv, NEW.body);
      END`);
    sql.exec(`CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS allocations (pool TEXT NOT NULL, item TEXT NOT NULL, owner TEXT NOT NULL, PRIMARY KEY (pool, item))`);
    this.compacted = Number(this.kv('compacted') ?? '0');
    // The counter is the last commit's: every commit logs an event, and only compaction drops events
    // (remembering the newest it dropped), so it need not be written on each commit. The kv row is
    // what stores written before that keep.
    const logged = sql.exec<{ m: number | null }>('SELECT MAX(rv) AS m FROM events').one().m ?? 0;
    this.counter = Math.max(Number(this.kv('rv') ?? '0'), this.compacted, logged);
  }

  /** The store's current resourceVersion. */
  get resourceVersion(): number {
    return this.counter;
  }

  /** Events at or below this counter are gone from the log: a watch from there is 410 Expired. */
  get compactedVersion(): number {
    return this.compacted;
  }

  transaction<T>(fn: () => T): T {
    const counter = this.counter;
    const compacted = this.compacted;
    try {
      return this.storage.transactionSync(fn);
    } catch (e) {
      // SQLite rolled back; the copies in memory must agree, or the next write would reuse a counter
      this.counter = counter;
      this.compacted = compacted;
      this.empty.clear();
      throw e;
    }
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
    if (this.empty.has(resource)) return null;
    const row = this.sql.exec<{ body: string }>('SELECT body FROM objects WHERE resource = ? AND name = ?', resource, name).toArray()[0];
    if (!row) return null;
    const obj = JSON.parse(row.body) as StoredObject;
    this.storedText.set(obj, row.body);
    return obj;
  }

  /** One object's stored JSON text, unparsed: a get served as stored passes it through as the response body. */
  getJson(resource: string, name: string): string | null {
    if (this.empty.has(resource)) return null;
    const row = this.sql.exec<{ body: string }>('SELECT body FROM objects WHERE resource = ? AND name = ?', resource, name).toArray()[0];
    return row?.body ?? null;
  }

  /**
   * Several objects by name in one statement (updateMany's old objects: a shard's Lease renewals read
   * as one SELECT instead of one each). The names go as one JSON array, not as bound parameters.
   */
  getMany(resource: string, names: string[]): Map<string, StoredObject> {
    const out = new Map<string, StoredObject>();
    if (this.empty.has(resource) || names.length === 0) return out;
    const rows = this.sql.exec<{ name: string; body: string }>('SELECT name, body FROM objects WHERE resource = ? AND name IN (SELECT value FROM json_each(?))', resource, JSON.stringify(names)).toArray();
    for (const row of rows) {
      const obj = JSON.parse(row.body) as StoredObject;
      this.storedText.set(obj, row.body);
      out.set(row.name, obj);
    }
    return out;
  }

  /** The resourceVersions of several objects by name, in one statement and with no body read (absent names are left out). */
  versionsOf(resource: string, names: string[]): Map<string, string> {
    const out = new Map<string, string>();
    if (this.empty.has(resource) || names.length === 0) return out;
    const rows = this.sql.exec<{ name: string; rv: number }>('SELECT name, rv FROM objects WHERE resource = ? AND name IN (SELECT value FROM json_each(?))', resource, JSON.stringify(names)).toArray();
    for (const row of rows) out.set(row.name, String(row.rv));
    return out;
  }

  /** Objects of a resource in name order, starting after `after`. */
  *scan(resource: string, after = ''): Generator<StoredObject> {
    if (this.empty.has(resource)) return;
    const cursor = this.sql.exec<{ body: string }>(
      'SELECT body FROM objects WHERE resource = ? AND name > ? ORDER BY name',
      resource,
      after,
    );
    let rows = 0;
    for (const row of cursor) {
      rows++;
      yield JSON.parse(row.body) as StoredObject;
    }
    if (rows === 0 && after === '') this.empty.add(resource);
  }

  /** Objects of a resource in name order as stored: no parse for a list that passes them through. */
  *scanJson(resource: string, after = ''): Generator<{ name: string; json: string }> {
    if (this.empty.has(resource)) return;
    const cursor = this.sql.exec<{ name: string; body: string }>('SELECT name, body FROM objects WHERE resource = ? AND name > ? ORDER BY name', resource, after);
    for (const row of cursor) yield { name: row.name, json: row.body };
  }

  /**
   * Up to `limit` objects of a resource in name order as stored, read in one statement and one
   * `toArray()` (a cursor read row by row cost a list of 500 a third of its time); limit < 0: all.
   */
  pageJson(resource: string, after: string, limit: number): { name: string; body: string }[] {
    if (this.empty.has(resource)) return [];
    const rows = this.sql.exec<{ name: string; body: string }>('SELECT name, body FROM objects WHERE resource = ? AND name > ? ORDER BY name LIMIT ?', resource, after, limit).toArray();
    if (rows.length === 0 && after === '' && limit !== 0) this.empty.add(resource);
    return rows;
  }

  count(resource: string, after = ''): number {
    if (this.empty.has(resource)) return 0;
    const row = this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM objects WHERE resource = ? AND name > ?', resource, after).one();
    if (row.n === 0 && after === '') this.empty.add(resource);
    return row.n;
  }

  countAll(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM objects').one().n;
  }

  resources(): string[] {
    return this.sql.exec<{ resource: string }>('SELECT DISTINCT resource FROM objects').toArray().map((r) => r.resource);
  }

  textOf(object: StoredObject): string | undefined {
    return this.storedText.get(object);
  }

  /**
   * Commits one change in one transaction: bumps the counter, stamps the object, writes it (or
   * removes it) and logs the event. Returns the stored object as clients will see it. Throws 413
   * for an object too large to store, and leaves nothing written whenever it throws.
   */
  commit(resource: string, type: LoggedEvent['type'], object: StoredObject, prev: StoredObject | null, now: number): LoggedEvent {
    const rv = this.counter + 1;
    const { stored, body } = this.stamped(object, rv);
    const name = stored.metadata.name;
    if (type !== 'DELETED') checkStoredSize(body);
    // the log keeps the previous state only where a filtered watch's replay needs it (eventsSince)
    const prevText = type === 'MODIFIED' && prev && selectorsTellApart(prev, stored) ? (this.storedText.get(prev) ?? JSON.stringify(prev)) : null;
    this.empty.delete(resource);
    if (fitsBytes(INLINE_EVENT_BYTES, body, prevText ?? '')) {
      // the usual case: object and event in one statement (the commits view's trigger)
      this.sql.exec('INSERT INTO commits (rv, resource, name, type, body, prev, ts) VALUES (?, ?, ?, ?, ?, ?, ?)', rv, resource, name, type, body, prevText, now);
      this.counter = rv;
    } else {
      this.transaction(() => {
        this.counter = rv;
        if (type === 'DELETED') this.sql.exec('DELETE FROM objects WHERE resource = ? AND name = ?', resource, name);
        else this.sql.exec('INSERT INTO objects (resource, name, rv, body) VALUES (?, ?, ?, ?) ON CONFLICT(resource, name) DO UPDATE SET rv = excluded.rv, body = excluded.body', resource, name, rv, body);
        this.logChunkedEvent(rv, resource, type, body, prevText, now);
      });
    }
    return { rv, resource, type, object: stored, prev };
  }

  /**
   * A create's commit (`commit` of an ADDED event with no previous state), or null when an object of
   * that name exists, with nothing written. The INSERT itself finds a taken name (the `creates`
   * trigger), so the usual create runs one statement, not a SELECT before it; the name is looked up
   * only when the write fails, so a failure for another reason (a taken name answers 409 before a
   * body too large answers 413, as a check first would) still throws as `commit` does.
   */
  commitNew(resource: string, object: StoredObject, now: number): LoggedEvent | null {
    const rv = this.counter + 1;
    const { stored, body } = this.stamped(object, rv);
    const name = stored.metadata.name;
    const taken = () => this.getJson(resource, name) !== null;
    try {
      checkStoredSize(body);
    } catch (e) {
      if (taken()) return null;
      throw e;
    }
    if (!fitsBytes(INLINE_EVENT_BYTES, body, '')) return taken() ? null : this.commit(resource, 'ADDED', object, null, now);
    try {
      this.sql.exec('INSERT INTO creates (rv, resource, name, body, ts) VALUES (?, ?, ?, ?, ?)', rv, resource, name, body, now);
    } catch (e) {
      // SQLite backed the whole statement out: no event, no object, the counter unused
      if (taken()) return null;
      throw e;
    }
    this.empty.delete(resource);
    this.counter = rv;
    return { rv, resource, type: 'ADDED', object: stored, prev: null };
  }

  /** The object as committed at `rv`, and its stored text (kept for `textOf`). */
  private stamped(object: StoredObject, rv: number): { stored: StoredObject; body: string } {
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } } as StoredObject;
    const body = JSON.stringify(stored);
    this.storedText.set(stored, body);
    return { stored, body };
  }

  /** An event whose body and prev do not fit one row: both go to event_chunks ('' in the events row). */
  private logChunkedEvent(rv: number, resource: string, type: LoggedEvent['type'], body: string, prev: string | null, now: number): void {
    this.sql.exec('INSERT INTO events (rv, resource, type, body, prev, ts) VALUES (?, ?, ?, ?, ?, ?)', rv, resource, type, CHUNKED, prev === null ? null : CHUNKED, now);
    this.writeChunks(rv, 'body', body);
    if (prev !== null) this.writeChunks(rv, 'prev', prev);
  }

  private writeChunks(rv: number, part: string, text: string): void {
    const bytes = encoder.encode(text);
    for (let seq = 0, at = 0; at < bytes.length; seq++, at += CHUNK_BYTES) {
      this.sql.exec('INSERT INTO event_chunks (rv, part, seq, data) VALUES (?, ?, ?, ?)', rv, part, seq, bytes.slice(at, at + CHUNK_BYTES).buffer);
    }
  }

  private readChunks(rv: number, part: string): string {
    const rows = this.sql.exec<{ data: ArrayBuffer }>('SELECT data FROM event_chunks WHERE rv = ? AND part = ? ORDER BY seq', rv, part).toArray();
    const bytes = new Uint8Array(rows.reduce((n, r) => n + r.data.byteLength, 0));
    let at = 0;
    for (const r of rows) {
      bytes.set(new Uint8Array(r.data), at);
      at += r.data.byteLength;
    }
    return decoder.decode(bytes);
  }

  /** Logged events of a resource after a counter, oldest first. */
  *eventsSince(resource: string, rv: number): Generator<LoggedEvent> {
    const cursor = this.sql.exec<{ rv: number; type: LoggedEvent['type']; body: string; prev: string | null }>(
      'SELECT rv, type, body, prev FROM events WHERE resource = ? AND rv > ? ORDER BY rv',
      resource,
      rv,
    );
    for (const row of cursor) {
      const body = row.body === CHUNKED ? this.readChunks(row.rv, 'body') : row.body;
      const prev = row.prev === CHUNKED ? this.readChunks(row.rv, 'prev') : row.prev;
      const object = JSON.parse(body) as StoredObject;
      // a change logged without its previous state is one no selector tells apart from its new state
      // (selectorsTellApart), so the new state stands in for it: every filter decides both alike
      const before = prev !== null ? (JSON.parse(prev) as StoredObject) : row.type === 'MODIFIED' ? object : null;
      yield { rv: row.rv, resource, type: row.type, object, prev: before };
    }
  }

  /** Logged events of every resource after a counter, oldest first (what notices a restart must replay). */
  *eventsAfter(rv: number): Generator<LoggedEvent> {
    const cursor = this.sql.exec<{ rv: number; resource: string; type: LoggedEvent['type']; body: string }>(
      'SELECT rv, resource, type, body FROM events WHERE rv > ? ORDER BY rv',
      rv,
    );
    for (const row of cursor) {
      const body = row.body === CHUNKED ? this.readChunks(row.rv, 'body') : row.body;
      yield { rv: row.rv, resource: row.resource, type: row.type, object: JSON.parse(body) as StoredObject, prev: null };
    }
  }

  /** Drops events older than the retention window; remembers the newest dropped counter. */
  compact(now: number): number {
    const cutoff = now - EVENT_RETENTION_MS;
    const row = this.sql.exec<{ m: number | null }>('SELECT MAX(rv) AS m FROM events WHERE ts < ?', cutoff).one();
    const upTo = row.m;
    if (upTo === null) return 0;
    return this.transaction(() => {
      const dropped = this.sql.exec('DELETE FROM events WHERE rv <= ?', upTo).rowsWritten;
      this.sql.exec('DELETE FROM event_chunks WHERE rv <= ?', upTo);
      this.compacted = Math.max(this.compacted, upTo);
      this.setKv('compacted', String(this.compacted));
      return dropped;
    });
  }
}
