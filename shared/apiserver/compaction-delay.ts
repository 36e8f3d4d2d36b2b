import { EVENT_RETENTION_MS } from './store-table';

/** How long after a write a store compacts its event log (wall ms). */
export const COMPACTION_DELAY_MS = 60_000;

/**
 * Wall ms from one compaction of a store's event log to the next; undefined for none (the next write
 * arms it). A store written since the last pass compacts again after COMPACTION_DELAY_MS. One not
 * written since holds only events compaction cannot drop yet (they are younger than
 * EVENT_RETENTION_MS): a single pass once they are that old drops them all, and then, its log empty,
 * it sleeps until written. Re-arming every minute regardless woke every store ever written once a
 * minute for good, each wake-up a round of SQLite calls on the isolate's one thread (40 idle stores:
 * a 1 s GET every minute).
 * @example nextCompactionDelayMs({ writtenSince: false, logEmpty: false }) === EVENT_RETENTION_MS
 */
export function nextCompactionDelayMs({ writtenSince, logEmpty }: { writtenSince: boolean; logEmpty: boolean }): number | undefined {
  if (writtenSince) return COMPACTION_DELAY_MS;
  return logEmpty ? undefined : EVENT_RETENTION_MS;
}
