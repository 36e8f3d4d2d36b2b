import { EVICTION_RATE_LIMITER_BURST } from './config';
import type { EntryStore } from './entry-store';
import { newTokenBucket, nextTokenAt, tryAccept, type TokenBucketState } from './token-bucket';

/**
 * scheduler.TimedValue plus UniqueQueue's bookkeeping, one entry per node: an entry with
 * `queued: false` has been processed and stays in the set, so `add` ignores the node until
 * `remove` is called (the node became Ready again, or its taint must be re-applied).
 */
export interface TimedValue {
  value: string;
  /** The node's uid when it was added. */
  uid: string;
  addedAt: number;
  processAt: number;
  queued: boolean;
}

/** What a `try` callback decides for one value: done (drop it from the queue) or retry after a wait. */
export type TryOutcome = { done: true } | { done: false; retryAfterMs: number };

/** The queue's order: lowest processAt first; ties by addedAt then value so a replay is deterministic. */
function compare(a: TimedValue, b: TimedValue): number {
  return a.processAt - b.processAt || a.addedAt - b.addedAt || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/**
 * scheduler.RateLimitedTimedQueue over an EntryStore (one row per node) and a token bucket state
 * (one small value per zone): the zone's NoExecute tainting queue. `now` is always passed in.
 * @example
 * const q = new RateLimitedTimedQueue(rows, zone.limiter);
 * q.add(node.metadata.name, node.metadata.uid, now);
 * q.try(now, (v) => ({ done: true }));
 * const wake = q.nextTryAt(now); // arm the alarm
 */
export class RateLimitedTimedQueue {
  constructor(
    readonly entries: EntryStore<TimedValue>,
    public limiter: TokenBucketState,
  ) {}

  /** A queue state for a new zone: empty, with a full bucket at `qps`. */
  static newLimiter(qps: number, now: number): TokenBucketState {
    return newTokenBucket(qps, EVICTION_RATE_LIMITER_BURST, now);
  }

  /** Add: queue `value` to be processed now unless it is already in the set; true when added. */
  add(value: string, uid: string, now: number): boolean {
    if (this.entries.get(value)) return false;
    this.entries.put(value, { value, uid, addedAt: now, processAt: now, queued: true });
    return true;
  }

  /** Remove: drop `value` from the queue and the set, so it can be added again; true if it was in the set. */
  remove(value: string): boolean {
    if (!this.entries.get(value)) return false;
    this.entries.delete(value);
    return true;
  }

  /** Clear: empty the queue and the set. */
  clear(): void {
    for (const [k] of [...this.entries.scan()]) this.entries.delete(k);
  }

  /** Whether `value` is in the set (queued or already processed). */
  has(value: string): boolean {
    return this.entries.get(value) !== undefined;
  }

  /** The queued value with the lowest processAt (UniqueQueue.Head). */
  head(): TimedValue | undefined {
    let best: TimedValue | undefined;
    for (const [, v] of this.entries.scan()) if (v.queued && (!best || compare(v, best) < 0)) best = v;
    return best;
  }

  /**
   * Try: while the head exists, take a token (stop when none — upstream takes it before looking at
   * processAt), stop if the head is not due, else call `fn`. Done values leave the queue but stay in
   * the set; others come back at now + retryAfterMs + 1 ns. Returns the values `fn` saw.
   */
  try(now: number, fn: (value: TimedValue) => TryOutcome): TimedValue[] {
    const seen: TimedValue[] = [];
    for (let v = this.head(); v; v = this.head()) {
      if (!tryAccept(this.limiter, now)) break;
      if (now < v.processAt) break;
      seen.push(v);
      const outcome = fn(v);
      // fn may have removed the value (Remove while processing): then it is not re-queued.
      const current = this.entries.get(v.value);
      if (!current) continue;
      if (outcome.done) this.entries.put(v.value, { ...current, queued: false });
      else this.entries.put(v.value, { ...current, processAt: now + outcome.retryAfterMs + 1e-6 });
    }
    return seen;
  }

  /** Put a processed value back in the queue at now + waitMs (an action that failed after `try` said done). */
  retry(value: string, now: number, waitMs = 0): boolean {
    const current = this.entries.get(value);
    if (!current) return false;
    this.entries.put(value, { ...current, queued: true, processAt: now + waitMs + 1e-6 });
    return true;
  }

  /**
   * SwapLimiter: a new full bucket at `qps` (never accepting for qps ≤ 0) unless the rate is
   * unchanged; when the old bucket had no token left, the new one starts drained too.
   */
  swapLimiter(qps: number, now: number): void {
    if (this.limiter.qps === Math.max(0, qps)) return;
    const next = newTokenBucket(qps, EVICTION_RATE_LIMITER_BURST, now);
    if (qps > 0 && !tryAccept(this.limiter, now)) tryAccept(next, now);
    this.limiter = next;
  }

  /** When `try` can next make progress: the later of the head's processAt and the next token; undefined when idle or stopped. */
  nextTryAt(now: number): number | undefined {
    const head = this.head();
    if (!head) return undefined;
    const token = nextTokenAt(this.limiter, now);
    if (token === undefined) return undefined;
    return Math.max(head.processAt, token);
  }
}
