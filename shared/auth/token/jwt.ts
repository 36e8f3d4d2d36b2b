import { base64urlDecode, base64urlEncode } from './base64url';

/** An HMAC-SHA256 key for signing tokens, imported once per isolate. */
export function importHmacKey(subtle: SubtleCrypto, raw: Uint8Array): Promise<CryptoKey> {
  return subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

const text = (s: string) => new TextEncoder().encode(s);
const json = (v: unknown) => base64urlEncode(text(JSON.stringify(v)));

/** A compact JWS (`header.payload.signature`) signed with HS256. */
export async function signJwt(subtle: SubtleCrypto, key: CryptoKey, kid: string, claims: object): Promise<string> {
  const input = `${json({ alg: 'HS256', kid })}.${json(claims)}`;
  const sig = new Uint8Array(await subtle.sign('HMAC', key, text(input)));
  return `${input}.${base64urlEncode(sig)}`;
}

/**
 * The claims of an HS256 JWT whose signature `key` verifies, or undefined for anything else
 * (another algorithm, `none`, a bad signature, malformed parts). The signature is checked by
 * WebCrypto's verify, which compares in constant time.
 */
export async function verifyJwt(subtle: SubtleCrypto, key: CryptoKey, token: string): Promise<Record<string, unknown> | undefined> {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const header = parseJson(base64urlDecode(h));
  if (!header || header.alg !== 'HS256') return undefined;
  const sig = base64urlDecode(s);
  if (!sig || !(await subtle.verify('HMAC', key, sig, text(`${h}.${p}`)))) return undefined;
  return parseJson(base64urlDecode(p));
}

function parseJson(bytes: Uint8Array | undefined): Record<string, unknown> | undefined {
  if (!bytes) return undefined;
  try {
    const v = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
