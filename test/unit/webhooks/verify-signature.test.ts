// Signature verification against the schemes' own published examples: the Standard Webhooks reference
// vector and the cases of its reference library's test suite (libraries/javascript/src/webhook.test.ts),
// and the example in GitHub's "Validating webhook deliveries" documentation.
import { describe, expect, it } from 'vitest';
import { signStandardWebhook, standardWebhooksKey, verifyDelivery, verifyGithub, verifyStandardWebhook, type HeaderLookup } from '../../../shared/webhooks';

const subtle = crypto.subtle;
const utf8 = (s: string) => new TextEncoder().encode(s);
const headers = (h: Record<string, string>): HeaderLookup => new Headers(h);

describe('GitHub X-Hub-Signature-256', () => {
  const secret = utf8("It's a Secret to Everybody");
  const body = utf8('Hello, World!');
  const documented = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

  it("accepts GitHub's documented example and returns the delivery id", async () => {
    const r = await verifyGithub(subtle, secret, headers({ 'x-hub-signature-256': documented, 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' }), body);
    expect(r).toEqual({ ok: true, deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
  });

  it('refuses a missing signature, another body, another secret, and the SHA-1 header alone', async () => {
    expect(await verifyGithub(subtle, secret, headers({}), body)).toEqual({ ok: false, reason: 'Unsigned' });
    expect(await verifyGithub(subtle, secret, headers({ 'x-hub-signature-256': documented }), utf8('Hello, World?'))).toEqual({ ok: false, reason: 'BadSignature' });
    expect(await verifyGithub(subtle, utf8('another'), headers({ 'x-hub-signature-256': documented }), body)).toEqual({ ok: false, reason: 'BadSignature' });
    expect(await verifyGithub(subtle, secret, headers({ 'x-hub-signature': 'sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59' }), body)).toEqual({ ok: false, reason: 'Unsigned' });
    expect(await verifyGithub(subtle, secret, headers({ 'x-hub-signature-256': documented.slice(0, -1) }), body)).toEqual({ ok: false, reason: 'BadSignature' });
    expect(await verifyGithub(subtle, secret, headers({ 'x-hub-signature-256': documented.replace('sha256=', 'sha1=') }), body)).toEqual({ ok: false, reason: 'BadSignature' });
  });

  it('an empty secret verifies nothing', async () => {
    expect(await verifyGithub(subtle, new Uint8Array(), headers({ 'x-hub-signature-256': documented }), body)).toEqual({ ok: false, reason: 'BadSecret' });
  });
});

describe('Standard Webhooks', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const ts = 1614265330;
  const body = utf8('{"test": 2432232314}');
  const vector = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
  const valid = { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': vector };

  it('signs the reference vector ("sign function works")', async () => {
    expect(await signStandardWebhook(subtle, standardWebhooksKey(secret)!, id, ts, body)).toBe(vector);
  });

  it('verifies it, with and without the whsec_ prefix', async () => {
    expect(await verifyStandardWebhook(subtle, secret, headers(valid), body, ts)).toEqual({ ok: true, deliveryId: id });
    expect(await verifyStandardWebhook(subtle, secret.slice('whsec_'.length), headers(valid), body, ts)).toEqual({ ok: true, deliveryId: id });
  });

  it('refuses missing id, timestamp or signature', async () => {
    for (const h of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const { [h]: _, ...rest } = valid as Record<string, string>;
      expect(await verifyStandardWebhook(subtle, secret, headers(rest), body, ts)).toEqual({ ok: false, reason: 'Unsigned' });
    }
  });

  it('refuses an invalid timestamp, an invalid or partial signature, and a changed id or body', async () => {
    const bad = async (h: Record<string, string>, b = body) => (await verifyStandardWebhook(subtle, secret, headers({ ...valid, ...h }), b, ts)).ok;
    expect(await bad({ 'webhook-timestamp': 'hello' })).toBe(false);
    expect(await bad({ 'webhook-signature': 'v1,dawfeoifkpqwoekfpqoekf' })).toBe(false);
    expect(await bad({ 'webhook-signature': vector.slice(0, 8) })).toBe(false);
    expect(await bad({ 'webhook-signature': 'v1,' })).toBe(false);
    expect(await bad({ 'webhook-id': 'msg_other' })).toBe(false);
    expect(await bad({}, utf8('{"test": 2432232315}'))).toBe(false);
    // only v1 signatures count: the same bytes labelled v2 are ignored
    expect(await bad({ 'webhook-signature': vector.replace('v1,', 'v2,') })).toBe(false);
  });

  it('accepts a header with several signatures when one matches (secret rotation)', async () => {
    const sigs = ['v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=', 'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=', vector, 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc='];
    expect(await verifyStandardWebhook(subtle, secret, headers({ ...valid, 'webhook-signature': sigs.join(' ') }), body, ts)).toEqual({ ok: true, deliveryId: id });
  });

  it('a timestamp more than 5 minutes old or ahead is stale; at 5 minutes exactly it passes', async () => {
    const at = async (now: number) => verifyStandardWebhook(subtle, secret, headers(valid), body, now);
    expect(await at(ts + 300)).toMatchObject({ ok: true });
    expect(await at(ts - 300)).toMatchObject({ ok: true });
    expect(await at(ts + 301)).toEqual({ ok: false, reason: 'Stale' });
    expect(await at(ts - 301)).toEqual({ ok: false, reason: 'Stale' });
  });

  it('a forged signature is recorded as one, whatever its timestamp', async () => {
    expect(await verifyStandardWebhook(subtle, secret, headers({ ...valid, 'webhook-signature': 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=' }), body, ts + 3600)).toEqual({ ok: false, reason: 'BadSignature' });
  });

  it('a secret that is not base64 verifies nothing', async () => {
    expect(await verifyStandardWebhook(subtle, 'whsec_not base64!', headers(valid), body, ts)).toEqual({ ok: false, reason: 'BadSecret' });
    expect(await verifyStandardWebhook(subtle, 'whsec_', headers(valid), body, ts)).toEqual({ ok: false, reason: 'BadSecret' });
  });

  it('verifyDelivery picks the scheme; the Standard Webhooks secret is the Secret key as text', async () => {
    expect(await verifyDelivery(subtle, 'standard-webhooks', utf8(secret), headers(valid), body, ts)).toEqual({ ok: true, deliveryId: id });
    expect(await verifyDelivery(subtle, 'github', utf8(secret), headers(valid), body, ts)).toEqual({ ok: false, reason: 'Unsigned' });
  });
});
