import type { WebhookRateLimit } from './webhook-trigger';

/** A trigger without spec.rateLimit takes a delivery a second on average, ten at once. */
export const DEFAULT_RATE_LIMIT: Required<WebhookRateLimit> = { deliveriesPerMinute: 60, burst: 10 };

/**
 * How long a delivery id is remembered (wall time), and how many per trigger: a replay within a
 * day and within the last 10 000 deliveries is refused. Standard Webhooks deliveries are refused
 * as stale after 5 minutes anyway; GitHub's carry no timestamp, so this window is all there is.
 */
export const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_REMEMBERED_DELIVERIES = 10_000;
/** Longer delivery ids are refused (400) rather than stored. */
export const MAX_DELIVERY_ID_LENGTH = 256;

/** A token bucket's state: tokens left at a wall time. */
export interface TokenBucket {
  tokens: number;
  atMs: number;
}

/** What a store is asked for one delivery that passed verification (wire type of claimWebhookDelivery). */
export interface DeliveryClaimRequest {
  /** The trigger's uid: a trigger deleted and created again starts afresh. */
  trigger: string;
  deliveryId: string;
  rateLimit?: WebhookRateLimit;
}

export type DeliveryClaim = { ok: true } | { ok: false; reason: 'Replayed' } | { ok: false; reason: 'RateLimited'; retryAfterSeconds: number };

/** The store RPCs of webhook deliveries (durable-objects/store/webhook-deliveries.ts). */
export interface WebhookDeliveryStore {
  /** Claims a delivery id and a rate-limit token at once. */
  claimWebhookDelivery(req: DeliveryClaimRequest): Promise<DeliveryClaim>;
  /** Whether to write an outcome to the trigger (refusals are throttled), with the refusals not yet written. */
  noteWebhookOutcome(req: OutcomeNote): Promise<OutcomeRecord>;
}

/** The limit in force: spec.rateLimit with its burst defaulted to the per-minute rate (at most 1000). */
export function effectiveRateLimit(limit: WebhookRateLimit | undefined): Required<WebhookRateLimit> {
  if (!limit) return DEFAULT_RATE_LIMIT;
  return { deliveriesPerMinute: limit.deliveriesPerMinute, burst: limit.burst ?? Math.min(limit.deliveriesPerMinute, 1000) };
}

/**
 * Takes one token from the bucket at `nowMs`: it refills continuously at deliveriesPerMinute up to
 * burst. When empty, says how many whole seconds until a token is there (Retry-After).
 * @example takeToken(undefined, { deliveriesPerMinute: 60, burst: 1 }, 0) → allowed, 0 tokens left
 */
export function takeToken(
  bucket: TokenBucket | undefined,
  limit: WebhookRateLimit | undefined,
  nowMs: number,
): { allowed: true; bucket: TokenBucket } | { allowed: false; bucket: TokenBucket; retryAfterSeconds: number } {
  const { deliveriesPerMinute, burst } = effectiveRateLimit(limit);
  const perMs = deliveriesPerMinute / 60_000;
  // a wall clock that stepped back refills nothing, and takes nothing away
  const elapsed = bucket ? Math.max(0, nowMs - bucket.atMs) : 0;
  const tokens = bucket ? Math.min(burst, bucket.tokens + elapsed * perMs) : burst;
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, atMs: nowMs } };
  const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
  return { allowed: false, bucket: { tokens, atMs: nowMs }, retryAfterSeconds };
}

/**
 * One delivery's claim: a replayed id is refused without spending a token; otherwise a token is
 * taken, and the id is to be remembered only when the delivery is let through.
 */
export function claimDelivery(
  seen: boolean,
  bucket: TokenBucket | undefined,
  limit: WebhookRateLimit | undefined,
  nowMs: number,
): { claim: DeliveryClaim; bucket?: TokenBucket; remember: boolean } {
  if (seen) return { claim: { ok: false, reason: 'Replayed' }, remember: false };
  const t = takeToken(bucket, limit, nowMs);
  if (!t.allowed) return { claim: { ok: false, reason: 'RateLimited', retryAfterSeconds: t.retryAfterSeconds }, bucket: t.bucket, remember: false };
  return { claim: { ok: true }, bucket: t.bucket, remember: true };
}

/**
 * How fast refusals are written to a trigger (status and an Event each): a flood of bad deliveries
 * must not become a flood of writes. Past this, refusals are only counted in the store and folded
 * into status with the next delivery that is written.
 */
export const REJECTION_RECORD_LIMIT: Required<WebhookRateLimit> = { deliveriesPerMinute: 60, burst: 20 };

/** What a store is told of one delivery's outcome (wire type of noteWebhookOutcome). */
export interface OutcomeNote {
  trigger: string;
  /** Set for a refused delivery: its reason. Accepted and failed deliveries are always written. */
  rejectedFor?: string;
}

/** Whether to write this outcome, and the refusals counted but not written since the last write. */
export interface OutcomeRecord {
  record: boolean;
  unrecorded: Record<string, number>;
}

/**
 * One outcome against the trigger's recording bucket: a refusal takes a token or, when none is
 * left, is added to the unrecorded counts; anything written takes the unrecorded counts with it.
 */
export function noteOutcome(
  bucket: TokenBucket | undefined,
  unrecorded: Record<string, number>,
  rejectedFor: string | undefined,
  nowMs: number,
): { result: OutcomeRecord; bucket?: TokenBucket; unrecorded: Record<string, number> } {
  if (rejectedFor === undefined) return { result: { record: true, unrecorded }, unrecorded: {} };
  const t = takeToken(bucket, REJECTION_RECORD_LIMIT, nowMs);
  if (t.allowed) return { result: { record: true, unrecorded }, bucket: t.bucket, unrecorded: {} };
  return { result: { record: false, unrecorded: {} }, bucket: t.bucket, unrecorded: { ...unrecorded, [rejectedFor]: (unrecorded[rejectedFor] ?? 0) + 1 } };
}
