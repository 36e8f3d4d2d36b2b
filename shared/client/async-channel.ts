/**
 * An unbounded queue read as an async iterator: producers push, fail or close; the one consumer
 * awaits. `onDone` runs once when the consumer stops (return/throw) or the channel ends.
 */
export class AsyncChannel<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  private error: unknown = undefined;
  private ended = false;
  private finished = false;

  constructor(private readonly onDone: () => void = () => undefined) {}

  get closed(): boolean {
    return this.ended;
  }

  push(value: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.resolve({ value, done: false });
    } else this.queue.push(value);
  }

  /** Ends the channel with an error, delivered after the values already queued. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.error = error ?? new Error('channel failed');
    this.end();
  }

  close(): void {
    if (!this.ended) this.end();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.ended) {
      if (this.error !== undefined) {
        const e = this.error;
        this.error = undefined;
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.error = undefined;
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private end(): void {
    this.ended = true;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      if (this.error !== undefined) {
        const e = this.error;
        this.error = undefined;
        w.reject(e);
      } else w.resolve({ value: undefined, done: true });
    }
    if (!this.finished) {
      this.finished = true;
      this.onDone();
    }
  }
}
