import { WorkQueue, type RateLimiterOptions } from '../controllers/work-queue';
import { realClock, type Clock } from '../clock/clock';

export { WorkQueue, emptyWorkQueueState, DEFAULT_RATE_LIMITER, type RateLimiterOptions, type WorkQueueState } from '../controllers/work-queue';

/** What a reconcile returns: nothing (done), or a time to look again. Throwing means retry with backoff. */
export type ReconcileResult = void | { requeueAfterMs?: number };

/**
 * The work queue for controller loops (client-go's rate-limiting workqueue): keys are
 * deduplicated; a key handed out by get() is not handed out again until done(), and a key added
 * meanwhile is queued again at done(); failures back off per key (5ms×2ⁿ up to 1000s) under an
 * overall 10 qps / 100 burst bucket. Built on the plain-state WorkQueue Durable Objects persist.
 * @example
 * const q = new ControllerQueue({ clock });
 * informer.addEventHandler({ onAdd: (o) => q.add(metaNamespaceKey(o)) });
 * void runWorker(q, async (key) => reconcile(key), signal);
 */
export class ControllerQueue {
  readonly queue: WorkQueue;
  private readonly clock: Clock;
  private readonly ready: string[] = [];
  private readonly processing = new Set<string>();
  /** Keys added while processing, with the earliest due time asked for. */
  private readonly dirty = new Map<string, number>();
  private wake: AbortController = new AbortController();
  private shutting = false;

  constructor(opts: { clock?: Clock; rateLimiter?: Partial<RateLimiterOptions> } = {}) {
    this.clock = opts.clock ?? realClock;
    this.queue = new WorkQueue(undefined, opts.rateLimiter);
  }

  add(key: string): void {
    this.addAt(key, this.clock.now());
  }

  addAfter(key: string, delayMs: number): void {
    this.addAt(key, this.clock.now() + Math.max(0, delayMs));
  }

  /** Re-queue after the key's backoff (counts a failure). */
  addRateLimited(key: string): void {
    this.addAfter(key, this.queue.when(key, this.clock.now()));
  }

  /** Reset the key's failure count (after a success). */
  forget(key: string): void {
    this.queue.forget(key);
  }

  numRequeues(key: string): number {
    return this.queue.numRequeues(key);
  }

  /** Keys waiting (ready or delayed), not counting those being processed. */
  get length(): number {
    return this.ready.length + this.queue.length;
  }

  get shuttingDown(): boolean {
    return this.shutting;
  }

  /** The next due key, waiting for one; undefined once shut down or `signal` aborts. */
  async get(signal?: AbortSignal): Promise<string | undefined> {
    for (;;) {
      if (this.shutting || signal?.aborted) return undefined;
      this.promoteDue();
      const key = this.ready.shift();
      if (key !== undefined) {
        this.processing.add(key);
        return key;
      }
      const next = this.queue.nextDue();
      const both = signal ? AbortSignal.any([this.wake.signal, signal]) : this.wake.signal;
      await this.clock.sleep(next === undefined ? 2 ** 31 - 1 : next - this.clock.now(), both);
    }
  }

  /** Marks a key processed; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    this.processing.delete(key);
    const at = this.dirty.get(key);
    if (at !== undefined) {
      this.dirty.delete(key);
      this.addAt(key, at);
    }
  }

  /** Stops handing out keys; waiting get() calls return undefined. */
  shutDown(): void {
    this.shutting = true;
    this.notify();
  }

  private addAt(key: string, at: number): void {
    if (this.shutting) return;
    if (this.processing.has(key)) {
      const prev = this.dirty.get(key);
      this.dirty.set(key, prev === undefined ? at : Math.min(prev, at));
      return;
    }
    if (this.ready.includes(key)) return;
    this.queue.addAfter(key, at - this.clock.now(), this.clock.now());
    this.notify();
  }

  private promoteDue(): void {
    for (const k of this.queue.popDue(this.clock.now())) if (!this.ready.includes(k)) this.ready.push(k);
  }

  private notify(): void {
    const w = this.wake;
    this.wake = new AbortController();
    w.abort();
  }
}

/**
 * A controller worker: takes keys, reconciles, and applies client-go's rules: success forgets
 * the key's failures; a thrown error re-queues it rate-limited (reported to `onError`);
 * `requeueAfterMs` re-queues it after that delay. Ends when the queue shuts down or `signal` aborts.
 */
export async function runWorker(
  queue: ControllerQueue,
  reconcile: (key: string) => Promise<ReconcileResult> | ReconcileResult,
  signal?: AbortSignal,
  onError?: (key: string, err: unknown) => void,
): Promise<void> {
  for (;;) {
    const key = await queue.get(signal);
    if (key === undefined) return;
    try {
      const result = await reconcile(key);
      queue.forget(key);
      if (result && result.requeueAfterMs !== undefined) queue.addAfter(key, result.requeueAfterMs);
    } catch (e) {
      onError?.(key, e);
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}
