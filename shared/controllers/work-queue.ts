/**
 * A deduplicating work queue with client-go's DefaultControllerRateLimiter, kept as plain JSON
 * state so a Durable Object can persist it between alarms and arm its alarm at `nextDue()`.
 */

/** Rate limiter settings; defaults are client-go's DefaultControllerRateLimiter. */
export interface RateLimiterOptions {
  /** Per-item failure backoff base (5ms), doubled per failure. */
  baseDelayMs: number;
  /** Per-item failure backoff cap (1000s). */
  maxDelayMs: number;
  /** Overall token bucket refill rate (10 qps). */
  qps: number;
  /** Overall token bucket size (100). */
  burst: number;
}

export const DEFAULT_RATE_LIMITER: RateLimiterOptions = {
  baseDelayMs: 5,
  maxDelayMs: 1000 * 1000,
  qps: 10,
  burst: 100,
};

/** The serializable state of a work queue. */
export interface WorkQueueState {
  /** Queued keys and the time (ms) each becomes due; a key appears at most once. */
  due: Record<string, number>;
  /** Insertion sequence per queued key, so keys due at the same time pop first-in first-out. */
  seq: Record<string, number>;
  nextSeq: number;
  /** Consecutive failures per key (`addRateLimited` since the last `forget`). */
  failures: Record<string, number>;
  /** Token bucket: tokens available at time `at` (negative: reserved ahead); null until first used (full). */
  bucket: { tokens: number; at: number } | null;
}

/** One key as stored in a row: its due time and FIFO sequence while queued, and its failure count. */
export interface WorkQueueRow {
  key: string;
  due?: number;
  seq?: number;
  failures: number;
}

/** The queue-wide part of the state, stored apart from the per-key rows. */
export type WorkQueueMeta = Pick<WorkQueueState, 'nextSeq' | 'bucket'>;

/** Rebuilds a queue state from its per-key rows and queue-wide part (as `WorkQueue.row` and `state` wrote them). */
export function workQueueStateFromRows(rows: Iterable<WorkQueueRow>, meta?: WorkQueueMeta): WorkQueueState {
  const state = emptyWorkQueueState();
  let maxSeq = -1;
  for (const r of rows) {
    if (r.due !== undefined) {
      state.due[r.key] = r.due;
      state.seq[r.key] = r.seq ?? 0;
      maxSeq = Math.max(maxSeq, r.seq ?? 0);
    }
    if (r.failures > 0) state.failures[r.key] = r.failures;
  }
  state.nextSeq = Math.max(meta?.nextSeq ?? 0, maxSeq + 1);
  state.bucket = meta?.bucket ?? null;
  return state;
}

/** A fresh, empty queue state. */
export function emptyWorkQueueState(): WorkQueueState {
  return { due: {}, seq: {}, nextSeq: 0, failures: {}, bucket: null };
}

/** A queued key's due time and FIFO sequence, as the heap orders them. */
interface DueEntry {
  at: number;
  seq: number;
  key: string;
}

function entryOrder(a: DueEntry, b: DueEntry): number {
  return a.at - b.at || a.seq - b.seq;
}

function heapPush(heap: DueEntry[], e: DueEntry): void {
  let i = heap.push(e) - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (entryOrder(heap[p]!, e) <= 0) break;
    heap[i] = heap[p]!;
    i = p;
  }
  heap[i] = e;
}

function heapPop(heap: DueEntry[]): DueEntry {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const c = l + 1 < heap.length && entryOrder(heap[l + 1]!, heap[l]!) < 0 ? l + 1 : l;
      if (entryOrder(heap[c]!, last) >= 0) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
  }
  return top;
}

/**
 * Work queue over a plain state object (mutated in place; `state` is what to persist).
 * @example
 * const q = new WorkQueue(stored ?? emptyWorkQueueState());
 * q.add('default/web', now);
 * for (const key of q.popDue(now)) reconcile(key);
 * const at = q.nextDue(); if (at !== undefined) setAlarm(at);
 */
export class WorkQueue {
  readonly state: WorkQueueState;
  private readonly opts: RateLimiterOptions;
  /**
   * Keys whose row changed since the last `takeChanged`, so a Durable Object writes only those;
   * tracked only when asked for (an in-process queue never takes them, and must not grow).
   */
  private readonly changed?: Set<string>;
  private heap?: DueEntry[];
  /** The `state.due` object the heap was built over. */
  private heapOf?: Record<string, number>;

  constructor(state: WorkQueueState = emptyWorkQueueState(), opts: Partial<RateLimiterOptions> & { trackChanges?: boolean } = {}) {
    const { trackChanges, ...limiter } = opts;
    this.state = state;
    this.opts = { ...DEFAULT_RATE_LIMITER, ...limiter };
    if (trackChanges) this.changed = new Set();
  }

  /** Queue `key` now; a key already queued keeps its place (deduplication). */
  add(key: string, now: number): void {
    this.enqueue(key, now);
  }

  /** Queue `key` after `delayMs`; an earlier pending due time wins, as in client-go's delaying queue. */
  addAfter(key: string, delayMs: number, now: number): void {
    this.enqueue(key, now + Math.max(0, delayMs));
  }

  /** Queue `key` after max(per-item exponential backoff, token bucket delay); counts a failure. */
  addRateLimited(key: string, now: number): void {
    this.addAfter(key, this.when(key, now), now);
  }

  /** The delay `addRateLimited` would apply now, consuming a failure and a token like client-go's `When`. */
  when(key: string, now: number): number {
    const failures = this.state.failures[key] ?? 0;
    this.state.failures[key] = failures + 1;
    this.changed?.add(key);
    const backoff = Math.min(this.opts.baseDelayMs * 2 ** failures, this.opts.maxDelayMs);
    return Math.max(backoff, this.reserveToken(now));
  }

  /** Reset the failure count of `key` (after a successful reconcile). */
  forget(key: string): void {
    if (!(key in this.state.failures)) return;
    delete this.state.failures[key];
    this.changed?.add(key);
  }

  /** Failures recorded for `key` since the last `forget`. */
  numRequeues(key: string): number {
    return this.state.failures[key] ?? 0;
  }

  /** Remove and return the keys due at `now`, earliest first; at most `limit` (the rest keep their place). */
  popDue(now: number, limit = Infinity): string[] {
    const heap = this.dueHeap();
    const ready: string[] = [];
    while (ready.length < limit && heap.length && heap[0]!.at <= now) {
      const e = heapPop(heap);
      if (!this.live(e)) continue;
      const key = e.key;
      ready.push(key);
      delete this.state.due[key];
      delete this.state.seq[key];
      this.changed?.add(key);
    }
    return ready;
  }

  /** What to store for `key`; undefined when there is nothing (not queued, no failures), so its row goes. */
  row(key: string): WorkQueueRow | undefined {
    const due = this.state.due[key];
    const failures = this.state.failures[key] ?? 0;
    if (due === undefined && failures === 0) return undefined;
    return due === undefined ? { key, failures } : { key, due, seq: this.state.seq[key], failures };
  }

  /** Whether some key's `row` changed since the last `takeChanged` (a notice for a key already queued changes none). */
  get hasChanges(): boolean {
    if (!this.changed) throw new Error('WorkQueue: hasChanges needs { trackChanges: true }');
    return this.changed.size > 0;
  }

  /** The keys whose `row` changed since the last call (and forgets them). */
  takeChanged(): string[] {
    if (!this.changed) throw new Error('WorkQueue: takeChanged needs { trackChanges: true }');
    const keys = [...this.changed];
    this.changed.clear();
    return keys;
  }

  /** The earliest due time (ms) of any queued key, for the alarm; undefined when empty. */
  nextDue(): number | undefined {
    const heap = this.dueHeap();
    while (heap.length && !this.live(heap[0]!)) heapPop(heap);
    return heap[0]?.at;
  }

  /** Number of queued keys. */
  get length(): number {
    return Object.keys(this.state.due).length;
  }

  private enqueue(key: string, at: number): void {
    const current = this.state.due[key];
    if (current !== undefined && current <= at) return;
    this.state.due[key] = at;
    if (current === undefined) this.state.seq[key] = this.state.nextSeq++;
    this.changed?.add(key);
    if (this.heap && this.heapOf === this.state.due) heapPush(this.heap, { at, seq: this.state.seq[key]!, key });
  }

  /** Whether a heap entry is still the key's current due time (a key queued again earlier leaves its old entry behind). */
  private live(e: DueEntry): boolean {
    return this.state.due[e.key] === e.at && this.state.seq[e.key] === e.seq;
  }

  /**
   * The due keys as a min-heap by (due, seq), built on first use and kept up as keys are queued, so a
   * pop costs O(log n) instead of sorting every queued key (a kubelet shard queues thousands of keys
   * and pops a few at each of its many alarms). Rebuilt when `state.due` was replaced from outside.
   */
  private dueHeap(): DueEntry[] {
    if (this.heap && this.heapOf === this.state.due) return this.heap;
    const heap: DueEntry[] = Object.entries(this.state.due).map(([key, at]) => ({ at, seq: this.state.seq[key] ?? 0, key }));
    heap.sort(entryOrder); // a sorted array is a valid heap
    this.heap = heap;
    this.heapOf = this.state.due;
    return heap;
  }

  /** golang.org/x/time/rate Reserve(): refill, take one token, wait for the deficit. */
  private reserveToken(now: number): number {
    const { qps, burst } = this.opts;
    const b = (this.state.bucket ??= { tokens: burst, at: now });
    const elapsed = Math.max(0, now - b.at);
    b.tokens = Math.min(burst, b.tokens + (elapsed / 1000) * qps) - 1;
    b.at = Math.max(b.at, now);
    return b.tokens >= 0 ? 0 : (-b.tokens / qps) * 1000;
  }
}
