/**
 * A keyed store of JSON entries, the shape of a controller host's row table (`get`/`put`/`delete`/
 * `scan`), so state that grows with the cluster (one entry per node) is persisted row by row.
 * `recordStore` backs it with a plain object for tests and simple hosts.
 */
export interface EntryStore<T> {
  get(key: string): T | undefined;
  put(key: string, value: T): void;
  /** As `put`, but the stored row may stay as it was (a change a restart can do without); `put` where there is no such row. */
  keep?(key: string, value: T): void;
  delete(key: string): void;
  scan(): Iterable<[string, T]>;
}

/** An EntryStore over a plain object (mutated in place). */
export function recordStore<T>(record: Record<string, T> = {}): EntryStore<T> & { readonly record: Record<string, T> } {
  return {
    record,
    get: (key) => (Object.hasOwn(record, key) ? record[key] : undefined),
    put: (key, value) => {
      record[key] = value;
    },
    delete: (key) => {
      delete record[key];
    },
    scan: () => Object.entries(record),
  };
}

/** The entries of `store` whose keys start with `prefix`, seen with the prefix stripped. */
export function prefixedStore<T>(store: EntryStore<T>, prefix: string): EntryStore<T> {
  return {
    get: (key) => store.get(prefix + key),
    put: (key, value) => store.put(prefix + key, value),
    keep: (key, value) => (store.keep ? store.keep(prefix + key, value) : store.put(prefix + key, value)),
    delete: (key) => store.delete(prefix + key),
    *scan() {
      for (const [k, v] of store.scan()) if (k.startsWith(prefix)) yield [k.slice(prefix.length), v] as [string, T];
    },
  };
}
