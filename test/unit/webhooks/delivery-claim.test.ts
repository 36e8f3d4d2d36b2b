import { describe, expect, it } from 'vitest';
import { claimDelivery, DEFAULT_RATE_LIMIT, effectiveRateLimit, noteOutcome, REJECTION_RECORD_LIMIT, takeToken, type TokenBucket } from '../../../shared/webhooks';

describe('takeToken', () => {
  const limit = { deliveriesPerMinute: 6, burst: 2 }; // a token every 10 s

  it('a new bucket is full: burst deliveries pass at once, the next waits for a token', () => {
    let r = takeToken(undefined, limit, 0);
    expect(r).toEqual({ allowed: true, bucket: { tokens: 1, atMs: 0 } });
    r = takeToken(r.bucket, limit, 0);
    expect(r).toEqual({ allowed: true, bucket: { tokens: 0, atMs: 0 } });
    r = takeToken(r.bucket, limit, 0);
    expect(r).toEqual({ allowed: false, bucket: { tokens: 0, atMs: 0 }, retryAfterSeconds: 10 });
  });

  it('refills continuously and says how long until the next token', () => {
    expect(takeToken({ tokens: 0, atMs: 0 }, limit, 4_000)).toMatchObject({ allowed: false, retryAfterSeconds: 6 });
    expect(takeToken({ tokens: 0, atMs: 0 }, limit, 10_000)).toMatchObject({ allowed: true });
    // never above burst, however long it was idle
    expect(takeToken({ tokens: 0, atMs: 0 }, limit, 3_600_000)).toEqual({ allowed: true, bucket: { tokens: 1, atMs: 3_600_000 } });
  });

  it('Retry-After is at least a second', () => {
    expect(takeToken({ tokens: 0.999, atMs: 0 }, { deliveriesPerMinute: 1000 }, 0)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(takeToken({ tokens: 0.5, atMs: 0 }, { deliveriesPerMinute: 6000, burst: 1 }, 0)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it('a wall clock that steps back refills nothing', () => {
    expect(takeToken({ tokens: 0, atMs: 50_000 }, limit, 0)).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
  });

  it('defaults: 60 a minute with a burst of 10; burst defaults to the per-minute rate', () => {
    expect(effectiveRateLimit(undefined)).toEqual(DEFAULT_RATE_LIMIT);
    expect(effectiveRateLimit({ deliveriesPerMinute: 30 })).toEqual({ deliveriesPerMinute: 30, burst: 30 });
    expect(effectiveRateLimit({ deliveriesPerMinute: 6000 })).toEqual({ deliveriesPerMinute: 6000, burst: 1000 });
  });
});

describe('claimDelivery', () => {
  it('a replay is refused without spending a token', () => {
    expect(claimDelivery(true, { tokens: 1, atMs: 0 }, undefined, 0)).toEqual({ claim: { ok: false, reason: 'Replayed' }, remember: false });
  });
  it('a rate-limited delivery is not remembered, so it may be sent again later', () => {
    expect(claimDelivery(false, { tokens: 0, atMs: 0 }, { deliveriesPerMinute: 1, burst: 1 }, 0)).toEqual({
      claim: { ok: false, reason: 'RateLimited', retryAfterSeconds: 60 },
      bucket: { tokens: 0, atMs: 0 },
      remember: false,
    });
  });
  it('an accepted delivery takes a token and is remembered', () => {
    expect(claimDelivery(false, undefined, { deliveriesPerMinute: 1, burst: 1 }, 5)).toEqual({ claim: { ok: true }, bucket: { tokens: 0, atMs: 5 }, remember: true });
  });
});

describe('noteOutcome', () => {
  it('accepted and failed deliveries are always written, taking the unrecorded refusals with them', () => {
    expect(noteOutcome({ tokens: 0, atMs: 0 }, { Unsigned: 3 }, undefined, 0)).toEqual({ result: { record: true, unrecorded: { Unsigned: 3 } }, unrecorded: {} });
  });

  it('refusals are written while the recording bucket has tokens, then only counted', () => {
    let bucket: TokenBucket | undefined;
    let unrecorded: Record<string, number> = {};
    const written: boolean[] = [];
    for (let i = 0; i < REJECTION_RECORD_LIMIT.burst + 3; i++) {
      const r = noteOutcome(bucket, unrecorded, i % 2 ? 'BadSignature' : 'Unsigned', 0);
      bucket = r.bucket;
      unrecorded = r.unrecorded;
      written.push(r.result.record);
    }
    expect(written.filter(Boolean)).toHaveLength(REJECTION_RECORD_LIMIT.burst);
    expect(unrecorded).toEqual({ Unsigned: 2, BadSignature: 1 });
    // a second later a token is back: the next refusal is written with the three counted ones
    expect(noteOutcome(bucket, unrecorded, 'Stale', 1000)).toMatchObject({ result: { record: true, unrecorded: { Unsigned: 2, BadSignature: 1 } }, unrecorded: {} });
  });
});
