import type { CorrelatorBacking } from '../../shared/controllers/event-correlation';
import { emptyWorkQueueState, WorkQueue, workQueueStateFromRows, type WorkQueueMeta, type WorkQueueRow, type WorkQueueState } from '../../shared/controllers/work-queue';
import { rowsToWrite } from '../../shared/controllers/work-queue-rows';

/**
 * A controller's table of JSON rows, one per key: read once into memory, written back only where
 * changed (at the end of the alarm, in one transaction with the work queue). State that grows with
 * the cluster lives here, one row per pod, node or queued item, never as one value (DESIGN.md 10).
 * @example
 * const pods = ctx.rows<PodEntry>('pods');
 * const e = pods.get(key) ?? { uid, node };
 * e.ip = ip;
 * pods.put(key, e); // the row is written as the value is at the end of the alarm
 */
export interface Rows<T> {
  get(key: string): T | undefined;
  /** Stores `value` for `key`; it is serialized when the alarm ends, so later in-place changes are kept. */
  put(key: string, value: T): void;
  /**
   * Holds `value` for `key` in memory only: the stored row stays as it was until a `put` (or is written
   * as a `put` when there is none). For changes a restarted host can do without (a Lease renewal seen).
   */
  keep(key: string, value: T): void;
  delete(key: string): void;
  /** Every row, in no particular order. */
  scan(): IterableIterator<[string, T]>;
  readonly size: number;
}

/** The host's own rows (resync time, queue counters); controllers' table names cannot start with '#'. */
const HOST_TABLE = '#host';

/** What the host keeps besides the queue's per-key rows. */
export interface HostMeta extends WorkQueueMeta {
  nextResync: number;
  /** When the controller's upstream period (`periodMs`) is next due, in cluster ms. */
  nextPeriod?: number;
  /** When a repair resync on the wall clock (`resyncOnWallClock`) is next due, in wall ms (`nextResync` is cluster time). */
  resyncWallAt?: number;
}

/** JSON rows per (table, key), cached in memory per table and written back where changed. */
class RowTables {
  private readonly tables = new Map<string, { rows: Map<string, unknown>; dirty: Set<string> }>();

  constructor(private readonly sql: SqlStorage) {}

  table<T>(name: string): Rows<T> {
    let t = this.tables.get(name);
    if (!t) {
      const rows = new Map<string, unknown>();
      for (const [key, value] of this.sql.exec<{ key: string; value: string }>('SELECT key, value FROM state_rows WHERE tbl = ?', name).raw()) {
        rows.set(key as string, JSON.parse(value as string));
      }
      t = { rows, dirty: new Set() };
      this.tables.set(name, t);
    }
    const { rows, dirty } = t;
    return {
      get: (key) => rows.get(key) as T | undefined,
      put: (key, value) => {
        rows.set(key, value);
        dirty.add(key);
      },
      keep: (key, value) => {
        if (!rows.has(key)) dirty.add(key);
        rows.set(key, value);
      },
      delete: (key) => {
        if (rows.delete(key)) dirty.add(key);
      },
      scan: () => rows.entries() as IterableIterator<[string, T]>,
      get size() {
        return rows.size;
      },
    };
  }

  /** Whether any row changed since the last flush. */
  get dirty(): boolean {
    for (const t of this.tables.values()) if (t.dirty.size) return true;
    return false;
  }

  /** Writes the changed rows, a statement or two per table; returns how many. Call inside a transaction. */
  flush(): number {
    let written = 0;
    for (const [name, { rows, dirty }] of this.tables) {
      if (!dirty.size) continue;
      const put: [string, string][] = [];
      const gone: string[] = [];
      for (const key of dirty) {
        const value = rows.get(key);
        if (value === undefined) gone.push(key);
        else put.push([key, JSON.stringify(value)]);
      }
      deleteRows(this.sql, 'DELETE FROM state_rows WHERE tbl = ? AND key', gone, name);
      if (put.length === 1) this.sql.exec('INSERT OR REPLACE INTO state_rows (tbl, key, value) VALUES (?, ?, ?)', name, ...put[0]!);
      else {
        for (const chunk of jsonChunks(put)) {
          this.sql.exec("INSERT OR REPLACE INTO state_rows (tbl, key, value) SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)", name, chunk);
        }
      }
      written += dirty.size;
      dirty.clear();
    }
    return written;
  }
}

/** The state a host kept as one storage value `data` before rows, imported once. */
export interface SingleValueState {
  queue: WorkQueueState;
  nextResync: number;
  state?: Record<string, unknown>;
}

/**
 * A ControllerHost's persisted state in its SQLite storage: the work queue one row per key
 * (`work_queue`: key, due time, FIFO sequence, failures) and the controller's own row tables
 * (`state_rows`). Everything lives in memory between alarms; `flush` writes only what changed.
 */
export class StateRows {
  readonly queue: WorkQueue;
  readonly meta: HostMeta;
  private readonly tables: RowTables;
  private readonly sql: SqlStorage;
  /** The host row as last read or written (less its FIFO counter), so a flush writes it only when it changed. */
  private metaWritten: string;
  /** Each queue key's row as stored, so a flush writes only what a restart would need (rowsToWrite). */
  private readonly storedRows = new Map<string, WorkQueueRow>();

  constructor(private readonly storage: DurableObjectStorage) {
    const sql = (this.sql = storage.sql);
    sql.exec('CREATE TABLE IF NOT EXISTS work_queue (key TEXT PRIMARY KEY, due INTEGER, seq INTEGER, failures INTEGER NOT NULL) WITHOUT ROWID');
    sql.exec('CREATE TABLE IF NOT EXISTS state_rows (tbl TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (tbl, key)) WITHOUT ROWID');
    this.tables = new RowTables(sql);
    const meta = this.tables.table<HostMeta>(HOST_TABLE).get('meta');
    this.meta = meta ?? { nextResync: 0, nextSeq: 0, bucket: null };
    this.metaWritten = meta ? metaText(meta) : '';
    for (const [key, due, seq, failures] of sql.exec('SELECT key, due, seq, failures FROM work_queue').raw()) {
      this.storedRows.set(key as string, { key: key as string, due: (due as number | null) ?? undefined, seq: (seq as number | null) ?? undefined, failures: failures as number });
    }
    this.queue = new WorkQueue(workQueueStateFromRows(this.storedRows.values(), this.meta), { trackChanges: true });
  }

  /** Whether a row of any table changed since the last flush (the queue's changes are `queue.hasChanges`). */
  get tablesDirty(): boolean {
    return this.tables.dirty;
  }

  /** A controller's table of rows by name. */
  table<T>(name: string): Rows<T> {
    if (name.startsWith('#')) throw new Error(`row table names starting with '#' are the host's: ${JSON.stringify(name)}`);
    return this.tables.table<T>(name);
  }

  /**
   * The host's event recorder's three caches (shared/controllers/event-correlation), one row per entry:
   * a host's isolate is evicted after a few idle seconds, far sooner than upstream's recorder restarts.
   */
  eventCaches(): CorrelatorBacking {
    return {
      aggregates: this.tables.table(`${HOST_TABLE}:event-aggregates`),
      logs: this.tables.table(`${HOST_TABLE}:event-logs`),
      spam: this.tables.table(`${HOST_TABLE}:event-spam`),
    };
  }

  /** The keys the controller's upstream period queues again (one row each), the host's own table. */
  periodicKeys(): Rows<true> {
    return this.tables.table<true>(`${HOST_TABLE}:periodic`);
  }

  /**
   * Writes the queue keys and rows changed since the last flush, atomically; returns how many rows.
   * Nothing changed (a notice for a key already queued): no transaction at all.
   */
  flush(): number {
    const rows = rowsToWrite(this.queue.takeChanged(), (key) => this.queue.row(key), this.storedRows);
    this.syncMeta();
    if (!rows.length && !this.tables.dirty) return 0;
    const written = this.storage.transactionSync(() => this.write(rows));
    this.stored(rows);
    return written;
  }

  /**
   * Imports the state an older version kept as the one value `data` (queue, resync time, and the
   * controller's rows via `importState`) and deletes that value, in one transaction.
   */
  importSingleValue(old: SingleValueState, importState?: (state: Record<string, unknown>, table: <T>(name: string) => Rows<T>) => void): void {
    this.storage.transactionSync(() => {
      const q = Object.assign(this.queue.state, { ...emptyWorkQueueState(), ...old.queue });
      const rows = [...new Set([...Object.keys(q.due), ...Object.keys(q.failures)])].map((key): [string, WorkQueueRow | undefined] => [key, this.queue.row(key)]);
      this.meta.nextResync = old.nextResync ?? 0;
      importState?.(old.state ?? {}, (name) => this.table(name));
      this.queue.takeChanged();
      this.syncMeta();
      this.write(rows);
      this.stored(rows);
      this.storage.kv.delete('data');
    });
  }

  /** Writes queue rows and the tables' changed rows; call inside a transaction. */
  private write(rows: [string, WorkQueueRow | undefined][]): number {
    writeQueueRows(this.sql, rows);
    return rows.length + this.tables.flush();
  }

  /** Remembers queue rows as written (after their transaction). */
  private stored(rows: [string, WorkQueueRow | undefined][]): void {
    for (const [key, row] of rows) {
      if (row) this.storedRows.set(key, row);
      else this.storedRows.delete(key);
    }
  }

  /**
   * Marks the host row for writing when the token bucket or a due time in it moved since it was last
   * written. The FIFO counter alone moves at every new key and is not worth a write: a restarted queue
   * numbers on from the highest sequence it reads (workQueueStateFromRows).
   */
  private syncMeta(): void {
    this.meta.nextSeq = this.queue.state.nextSeq;
    this.meta.bucket = this.queue.state.bucket;
    const text = metaText(this.meta);
    if (text === this.metaWritten) return;
    this.metaWritten = text;
    this.tables.table(HOST_TABLE).put('meta', this.meta);
  }
}

/** The host row as compared between flushes: everything but the FIFO counter. */
function metaText(meta: HostMeta): string {
  return JSON.stringify({ ...meta, nextSeq: undefined });
}

/**
 * Writes queue rows (undefined: the key's row goes), one statement for the rows written and one for
 * those deleted however many there are: a flush after a notify batch or an alarm writes dozens, and
 * each statement costs a call into SQLite of its own.
 */
function writeQueueRows(sql: SqlStorage, rows: [string, WorkQueueRow | undefined][]): void {
  const put: [string, number | null, number | null, number][] = [];
  const gone: string[] = [];
  for (const [key, row] of rows) {
    if (row) put.push([key, row.due ?? null, row.seq ?? null, row.failures]);
    else gone.push(key);
  }
  deleteRows(sql, 'DELETE FROM work_queue WHERE key', gone);
  if (put.length === 1) sql.exec('INSERT OR REPLACE INTO work_queue (key, due, seq, failures) VALUES (?, ?, ?, ?)', ...put[0]!);
  else {
    for (const chunk of jsonChunks(put)) {
      sql.exec(
        "INSERT OR REPLACE INTO work_queue (key, due, seq, failures) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?)",
        chunk,
      );
    }
  }
}

/** `DELETE … WHERE <…> key` for these keys: `= ?` for one, `IN` over a JSON array for more. */
function deleteRows(sql: SqlStorage, statement: string, keys: string[], ...before: string[]): void {
  if (keys.length === 1) sql.exec(`${statement} = ?`, ...before, keys[0]!);
  else for (const chunk of jsonChunks(keys)) sql.exec(`${statement} IN (SELECT value FROM json_each(?))`, ...before, chunk);
}

/** Well under the 2 MB a SQLite value may hold in a Durable Object (a kubelet shard's rows run to KiB each). */
const CHUNK_CHARS = 256 * 1024;

/** The items as JSON arrays of at most about CHUNK_CHARS characters each (an item larger than that alone). */
function* jsonChunks(items: unknown[]): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const item of items) {
    const text = JSON.stringify(item);
    if (parts.length && size + text.length > CHUNK_CHARS) {
      yield `[${parts.join(',')}]`;
      parts = [];
      size = 0;
    }
    parts.push(text);
    size += text.length + 1;
  }
  if (parts.length) yield `[${parts.join(',')}]`;
}
