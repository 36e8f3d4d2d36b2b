/** kube-controller-manager's failedPodsBackoff for DaemonSets: flowcontrol.NewBackOff(1s, 15m). */
export const FAILED_PODS_BACKOFF = { initialMs: 1_000, maxMs: 15 * 60_000 } as const;

/** One flowcontrol.Backoff entry: the current delay and when it was last bumped. */
export interface BackoffEntry {
  delayMs: number;
  lastUpdate: number;
}

/** Entries by key (`<ds uid>/<observedGeneration>/<node>`, failedPodsBackoffKey). */
export type BackoffEntries = Record<string, BackoffEntry>;

/** hasExpired: an entry untouched for twice the maximum delay starts over. */
function expired(e: BackoffEntry, now: number): boolean {
  return now - e.lastUpdate > 2 * FAILED_PODS_BACKOFF.maxMs;
}

/** Backoff.IsInBackOffSinceUpdate: still within the delay since the last bump. */
export function inBackoff(entries: BackoffEntries, key: string, now: number): boolean {
  const e = entries[key];
  return !!e && !expired(e, now) && now - e.lastUpdate < e.delayMs;
}

/** Backoff.Next: the first delay for a new (or expired) key, else double it up to the maximum. */
export function nextBackoff(entries: BackoffEntries, key: string, now: number): BackoffEntries {
  const e = entries[key];
  const delayMs = !e || expired(e, now) ? FAILED_PODS_BACKOFF.initialMs : Math.min(e.delayMs * 2, FAILED_PODS_BACKOFF.maxMs);
  return { ...entries, [key]: { delayMs, lastUpdate: now } };
}

/** Backoff.GC: drop entries that have expired. */
export function gcBackoff(entries: BackoffEntries, now: number): BackoffEntries {
  return Object.fromEntries(Object.entries(entries).filter(([, e]) => !expired(e, now)));
}
