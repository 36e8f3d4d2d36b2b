/**
 * flowcontrol.NewTokenBucketRateLimiter (golang.org/x/time/rate) as plain JSON: `qps` tokens per
 * second up to `burst`, full when created; qps 0 is flowcontrol's FakeNeverRateLimiter.
 */
export interface TokenBucketState {
  qps: number;
  burst: number;
  /** Tokens available at time `at` (ms). */
  tokens: number;
  at: number;
}

/** A full bucket (x/time/rate starts with `burst` tokens). */
export function newTokenBucket(qps: number, burst: number, now: number): TokenBucketState {
  return { qps: Math.max(0, qps), burst, tokens: qps > 0 ? burst : 0, at: now };
}

function tokensAt(b: TokenBucketState, now: number): number {
  const elapsed = Math.max(0, now - b.at);
  return Math.min(b.burst, b.tokens + (elapsed / 1000) * b.qps);
}

/** RateLimiter.TryAccept (AllowN(now, 1)): take a token if one is there; never waits. */
export function tryAccept(b: TokenBucketState, now: number): boolean {
  if (b.qps <= 0) return false;
  const tokens = tokensAt(b, now);
  if (tokens < 1) return false;
  b.tokens = tokens - 1;
  b.at = Math.max(b.at, now);
  return true;
}

/** When the next token is available (ms); undefined for a bucket that never fills (qps 0). */
export function nextTokenAt(b: TokenBucketState, now: number): number | undefined {
  if (b.qps <= 0) return undefined;
  const tokens = tokensAt(b, now);
  if (tokens >= 1) return now;
  return now + ((1 - tokens) / b.qps) * 1000;
}
