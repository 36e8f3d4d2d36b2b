import type { Rows } from '../../durable-objects/controllers/state-rows';

/** A controller context's `rows` over plain maps (one per table, created on first use in `tables`): a host's rows without SQLite. */
export function memoryRows(tables: Map<string, Map<string, unknown>>): <T>(name: string) => Rows<T> {
  return <T,>(name: string): Rows<T> => {
    const t = tables.get(name) ?? new Map<string, unknown>();
    tables.set(name, t);
    return {
      get: (k) => t.get(k) as T | undefined,
      put: (k, v) => void t.set(k, v),
      keep: (k, v) => void t.set(k, v),
      delete: (k) => void t.delete(k),
      scan: () => t.entries() as IterableIterator<[string, T]>,
      get size() {
        return t.size;
      },
    };
  };
}
