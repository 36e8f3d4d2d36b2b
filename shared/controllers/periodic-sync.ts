/**
 * The cluster time a periodic sync running at `now` stands for, what its next period counts from.
 *
 * Upstream's periodic loops (the HPA's fixed-interval queue, the kubelet's lease controller) wait their
 * period after a sync that takes milliseconds. A simulated loop's alarm can run seconds of a fast clock
 * late (the simulator's own latency, not part of the model); a period counted from the late run would
 * stretch every period by that latency. So a sync that runs less than a period after it was due (`lastMs
 * + periodMs`) stands for its due time, and one a whole period late or more (a stall) for `now`: the loop
 * starts afresh with one sync, not a burst of catch-up syncs. A first sync (`lastMs` undefined), or one
 * before it was due (asked for early), is `now`, as upstream's next period counts from any sync.
 * The decisions themselves still use `now` (what the cluster sees); only the schedule counts from this.
 * @example periodicSyncTime(0, 18_000, 15_000) === 15_000 // due at 15 s, ran 3 s late: the next is due at 30 s
 * @example periodicSyncTime(0, 31_000, 15_000) === 31_000 // more than a period late: afresh
 */
export function periodicSyncTime(lastMs: number | undefined, now: number, periodMs: number): number {
  if (lastMs === undefined) return now;
  const due = lastMs + periodMs;
  return now >= due && now - due < periodMs ? due : now;
}
