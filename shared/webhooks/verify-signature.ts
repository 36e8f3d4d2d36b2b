import { constantTimeEqual } from '../auth/token/token-hash';
import { base64ToBytes, bytesToBase64, bytesToHex, concatBytes, hmacSha256 } from './hmac';
import type { SignatureScheme } from './webhook-trigger';

/** Standard Webhooks' tolerance for webhook-timestamp, either way (the reference libraries' 5 minutes). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** Why a delivery failed verification; the sender is told none of this (one 401 for all). */
export type SignatureFailure = 'Unsigned' | 'BadSignature' | 'Stale' | 'BadSecret';

export type SignatureCheck = { ok: true; deliveryId: string | undefined } | { ok: false; reason: SignatureFailure };

/** The request headers verification reads (a `Headers`, or a plain lookup in tests). */
export interface HeaderLookup {
  get(name: string): string | null;
}

const encoder = new TextEncoder();

/**
 * GitHub's scheme: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the
 * secret's bytes; the delivery id is X-GitHub-Delivery (not covered by the signature).
 */
export async function verifyGithub(subtle: SubtleCrypto, secret: Uint8Array, headers: HeaderLookup, body: Uint8Array): Promise<SignatureCheck> {
  const header = headers.get('x-hub-signature-256');
  if (!header) return { ok: false, reason: 'Unsigned' };
  if (!secret.length) return { ok: false, reason: 'BadSecret' };
  const expected = `sha256=${bytesToHex(await hmacSha256(subtle, secret, body))}`;
  if (!constantTimeEqual(header.trim().toLowerCase(), expected)) return { ok: false, reason: 'BadSignature' };
  return { ok: true, deliveryId: headers.get('x-github-delivery') ?? undefined };
}

/**
 * The key of a Standard Webhooks secret: `whsec_` and base64 (the prefix optional, as the
 * reference libraries accept); undefined when it is not base64 or empty.
 */
export function standardWebhooksKey(secret: string): Uint8Array | undefined {
  const key = base64ToBytes(secret.trim().replace(/^whsec_/, ''));
  return key?.length ? key : undefined;
}

/** The `v1,<base64>` signature of a Standard Webhooks message (what a sender puts in webhook-signature). */
export async function signStandardWebhook(subtle: SubtleCrypto, key: Uint8Array, id: string, timestamp: number | string, body: Uint8Array): Promise<string> {
  const signed = concatBytes(encoder.encode(`${id}.${timestamp}.`), body);
  return `v1,${bytesToBase64(await hmacSha256(subtle, key, signed))}`;
}

/**
 * Standard Webhooks: HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the
 * secret's base64 key, any one `v1,<base64>` of the space-separated webhook-signature matching,
 * and webhook-timestamp within 5 minutes of `nowSeconds` either way. The signature is checked
 * first, so a forgery is recorded as one whatever its timestamp.
 */
export async function verifyStandardWebhook(subtle: SubtleCrypto, secret: string, headers: HeaderLookup, body: Uint8Array, nowSeconds: number): Promise<SignatureCheck> {
  const id = headers.get('webhook-id');
  const timestamp = headers.get('webhook-timestamp');
  const signatures = headers.get('webhook-signature');
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'Unsigned' };
  const key = standardWebhooksKey(secret);
  if (!key) return { ok: false, reason: 'BadSecret' };
  const expected = await signStandardWebhook(subtle, key, id, timestamp, body);
  let matched = false;
  // every candidate is compared, so the time taken does not say which one matched
  for (const candidate of signatures.split(' ')) if (candidate.startsWith('v1,') && constantTimeEqual(candidate, expected)) matched = true;
  if (!matched) return { ok: false, reason: 'BadSignature' };
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) return { ok: false, reason: 'Stale' };
  return { ok: true, deliveryId: id };
}

/** Verifies a delivery with its trigger's scheme; `secret` is the Secret key's bytes. */
export function verifyDelivery(subtle: SubtleCrypto, scheme: SignatureScheme, secret: Uint8Array, headers: HeaderLookup, body: Uint8Array, nowSeconds: number): Promise<SignatureCheck> {
  if (scheme === 'github') return verifyGithub(subtle, secret, headers, body);
  return verifyStandardWebhook(subtle, new TextDecoder().decode(secret), headers, body, nowSeconds);
}
