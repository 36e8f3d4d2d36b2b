import type { WorkQueueRow } from './work-queue';

/**
 * Which of a work queue's changed keys a Durable Object must write back, given each key's row as
 * stored last. A stored row only has to make a restarted host do no less than the live queue would:
 * a key it stores as due at or before the key's live due time runs no later after a restart (sooner,
 * at worst: a reconcile is level-triggered, and running early is what a restart does upstream too).
 * So a key requeued for later with the same failure count (a kubelet's node every 10 s, an HPA
 * every 15 s) keeps its stored row, and a host whose alarm only moved keys forward writes nothing.
 * A key's failure count, a new key, a key due sooner than stored and a key gone are always written.
 */
export function queueRowNeedsWrite(stored: WorkQueueRow | undefined, live: WorkQueueRow | undefined): boolean {
  if (!live || !stored) return live !== stored;
  if (live.failures !== stored.failures) return true;
  // in flight (popped, not requeued) but still failing: its row must stop saying it is due
  if (live.due === undefined || stored.due === undefined) return live.due !== stored.due;
  return live.due < stored.due;
}

/**
 * The changed keys' rows to write (undefined: delete the row), given the rows as stored last.
 * @example
 * rowsToWrite(['n1'], (k) => queue.row(k), stored) // [] when n1 was only requeued for later
 */
export function rowsToWrite(keys: Iterable<string>, live: (key: string) => WorkQueueRow | undefined, stored: ReadonlyMap<string, WorkQueueRow>): [string, WorkQueueRow | undefined][] {
  const out: [string, WorkQueueRow | undefined][] = [];
  for (const key of keys) {
    const row = live(key);
    if (queueRowNeedsWrite(stored.get(key), row)) out.push([key, row]);
  }
  return out;
}
