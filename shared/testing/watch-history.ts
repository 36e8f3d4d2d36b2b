/**
 * Checks what one watcher of one store saw against the writes clients made: resourceVersions strictly
 * increasing (no reorder, no duplicate, across reconnects too), every acknowledged write delivered exactly
 * once with its resourceVersion, nothing delivered that nobody wrote, and the events, replayed, ending in
 * the state a final list returns. A watch that had to relist (410 Gone) resets the replay to that list.
 */

/** One line the watcher received, reduced to what the check needs (`value` identifies the write). */
export type WatchRecord =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; key: string; value: string; rv: number }
  /** The watcher relisted (after 410): writes up to `rv` may be missing from the events, the list has them. */
  | { type: 'RELIST'; rv: number; items: Record<string, { value: string; rv: number }> };

/** A write a client made. `acknowledged: false` when its outcome was lost: it may or may not show up. */
export interface WatchedWrite {
  op: 'create' | 'update' | 'delete';
  key: string;
  /** The value written (create/update) or the value the deleted object was last known to hold (delete: unused). */
  value?: string;
  /** The rv the server answered with (create/update), when acknowledged. */
  rv?: number;
  acknowledged: boolean;
}

export interface WatchCheckInput {
  /** The list the watch started from: its rv and the objects then. */
  start: { rv: number; items: Record<string, { value: string; rv: number }> };
  records: WatchRecord[];
  writes: WatchedWrite[];
  /** A list taken after every write finished and the watch caught up. */
  final: { rv: number; items: Record<string, { value: string; rv: number }> };
}

/**
 * Returns the violations found (empty when the stream is right).
 * @example checkWatchHistory({ start, records, writes, final }) // → []
 */
export function checkWatchHistory({ start, records, writes, final }: WatchCheckInput): string[] {
  const problems: string[] = [];
  const state = new Map(Object.entries(start.items));
  let last = start.rv;
  /** Writes before this rv may be absent from the events (a relist covered them). */
  let relistedUpTo = start.rv;
  const seen = new Map<number, number>();
  const deletes = new Map<string, number>();
  const known = new Set(writes.filter((w) => w.op !== 'delete').map((w) => `${w.key}\u0000${w.value}`));
  for (const r of records) {
    if (r.rv <= last) problems.push(`${r.type} at rv ${r.rv} after rv ${last}: resourceVersions must strictly increase`);
    last = Math.max(last, r.rv);
    if (r.type === 'RELIST') {
      state.clear();
      for (const [k, v] of Object.entries(r.items)) state.set(k, v);
      relistedUpTo = r.rv;
      continue;
    }
    seen.set(r.rv, (seen.get(r.rv) ?? 0) + 1);
    const had = state.get(r.key);
    if (r.type === 'ADDED' && had) problems.push(`ADDED ${r.key} at rv ${r.rv} while it existed (rv ${had.rv})`);
    if (r.type !== 'ADDED' && !had) problems.push(`${r.type} ${r.key} at rv ${r.rv} while it did not exist`);
    if (r.type === 'DELETED') {
      state.delete(r.key);
      deletes.set(r.key, (deletes.get(r.key) ?? 0) + 1);
    } else {
      state.set(r.key, { value: r.value, rv: r.rv });
      if (!known.has(`${r.key}\u0000${r.value}`)) problems.push(`${r.type} ${r.key} at rv ${r.rv} carries value ${JSON.stringify(r.value)} that no client wrote`);
    }
  }
  for (const w of writes) {
    if (!w.acknowledged || w.op === 'delete' || w.rv === undefined || w.rv <= relistedUpTo) continue;
    const n = seen.get(w.rv) ?? 0;
    if (n !== 1) problems.push(`acknowledged ${w.op} of ${w.key} at rv ${w.rv} was delivered ${n} times`);
    else {
      const r = records.find((x) => x.type !== 'RELIST' && x.rv === w.rv) as Extract<WatchRecord, { key: string }>;
      const type = w.op === 'create' ? 'ADDED' : 'MODIFIED';
      if (r.key !== w.key || r.value !== w.value || r.type !== type) {
        problems.push(`acknowledged ${w.op} of ${w.key}=${w.value} at rv ${w.rv} arrived as ${r.type} ${r.key}=${r.value}`);
      }
    }
  }
  if (relistedUpTo === start.rv) {
    for (const [key, n] of deletes) {
      const acked = writes.filter((w) => w.op === 'delete' && w.key === key && w.acknowledged).length;
      const maybe = writes.filter((w) => w.op === 'delete' && w.key === key && !w.acknowledged).length;
      if (n < acked || n > acked + maybe) problems.push(`${key} was deleted ${n} times in the stream, but ${acked} deletes were acknowledged (${maybe} lost)`);
    }
    for (const w of writes) {
      if (w.op === 'delete' && w.acknowledged && !deletes.has(w.key)) problems.push(`acknowledged delete of ${w.key} was never delivered`);
    }
  }
  if (final.rv < last) problems.push(`the final list's rv ${final.rv} is older than the last event's ${last}`);
  const finalKeys = new Set([...Object.keys(final.items), ...state.keys()]);
  for (const key of [...finalKeys].sort()) {
    const a = state.get(key);
    const b = final.items[key];
    if (a?.value !== b?.value || a?.rv !== b?.rv) {
      problems.push(`replaying the stream gives ${key}=${a ? `${a.value}@${a.rv}` : 'absent'}, the final list ${b ? `${b.value}@${b.rv}` : 'absent'}`);
    }
  }
  return problems;
}
