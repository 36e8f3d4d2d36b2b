/** Exponential backoff settings; defaults are client-go's reflector backoff. */
export interface BackoffOptions {
  /** First delay (800ms). */
  initialMs: number;
  /** Cap (30s). */
  maxMs: number;
  /** Growth per failure (2). */
  factor: number;
  /** A quiet period after which the delay starts over (2 minutes). */
  resetAfterMs: number;
}

export const REFLECTOR_BACKOFF: BackoffOptions = { initialMs: 800, maxMs: 30_000, factor: 2, resetAfterMs: 120_000 };

/**
 * client-go's exponential backoff manager: each failure waits longer, up to the cap; after
 * `resetAfterMs` without a failure the next one waits `initialMs` again.
 * @example const b = new Backoff(); await clock.sleep(b.next(clock.now()));
 */
export class Backoff {
  private readonly opts: BackoffOptions;
  private delay = 0;
  private lastAt: number | undefined;

  constructor(opts: Partial<BackoffOptions> = {}) {
    this.opts = { ...REFLECTOR_BACKOFF, ...opts };
  }

  /** The delay before the next attempt after a failure at `now`. */
  next(now: number): number {
    if (this.lastAt === undefined || now - this.lastAt > this.opts.resetAfterMs) this.delay = this.opts.initialMs;
    else this.delay = Math.min(this.opts.maxMs, this.delay * this.opts.factor);
    this.lastAt = now;
    return this.delay;
  }
}
