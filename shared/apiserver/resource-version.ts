import { ApiError, badRequest } from '../api/errors';

/**
 * resourceVersion encoding. One store's list or watch uses its own counter, printed as a decimal.
 * A list or watch that spans stores (all namespaces) uses a composite: every store's counter,
 * encoded as an opaque token. Clients treat resourceVersion as opaque, so both are legal.
 */
export type StoreVersions = Record<string, number>;

const COMPOSITE_PREFIX = 'c.';

export function encodeComposite(versions: StoreVersions): string {
  return COMPOSITE_PREFIX + base64url(JSON.stringify(versions));
}

export function isComposite(rv: string): boolean {
  return rv.startsWith(COMPOSITE_PREFIX);
}

/** Decodes a composite; a plain number means "this counter everywhere" (what a client may echo back). */
export function decodeComposite(rv: string): StoreVersions | number {
  if (!isComposite(rv)) return parseStoreVersion(rv);
  try {
    const parsed = JSON.parse(unbase64url(rv.slice(COMPOSITE_PREFIX.length))) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const out: StoreVersions = {};
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error('bad counter');
        out[k] = v;
      }
      return out;
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest(`resourceVersion: Invalid value: ${JSON.stringify(rv)}: not a resourceVersion this server issued`);
}

const UINT64_MAX = 2n ** 64n - 1n;

/**
 * A single store's resourceVersion: a decimal counter, read as upstream's APIObjectVersioner reads
 * one (strconv.ParseUint). Its errors carry upstream's message: `resourceVersion: Invalid value:
 * "abc": strconv.ParseUint: parsing "abc": invalid syntax` (upstream answers them 500 from its
 * storage layer; here they are the 400 every bad input gets).
 */
export function parseStoreVersion(rv: string): number {
  if (!/^\d+$/.test(rv)) throw invalidResourceVersion(rv, 'invalid syntax');
  if (BigInt(rv) > UINT64_MAX) throw invalidResourceVersion(rv, 'value out of range');
  return Number(rv);
}

function invalidResourceVersion(rv: string, why: string): ApiError {
  return badRequest(`resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: ${why}`);
}

/** Checks a resourceVersion a client sent: a counter, or a composite this server issued. */
export function checkResourceVersion(rv: string): void {
  if (isComposite(rv)) decodeComposite(rv);
  else parseStoreVersion(rv);
}

/**
 * A list or watch from a resourceVersion the store has not reached: upstream's
 * NewTooLargeResourceVersionError (504 Timeout, cause ResourceVersionTooLarge, retry after 1s), on
 * which client-go's reflector relists.
 */
export function tooLargeResourceVersion(want: number, current: number): ApiError {
  return new ApiError(504, 'Timeout', `Timeout: Too large resource version: ${want}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

export interface ContinueToken {
  /** The resourceVersion of the list the token continues. */
  rv: string;
  /** Resume after this key: a name, or `namespace/name` for cross-store lists. */
  start: string;
}

export function encodeContinue(token: ContinueToken): string {
  return base64url(JSON.stringify({ v: 'kf1', rv: token.rv, start: token.start }));
}

/**
 * Decodes a continue token; a forged or malformed one is upstream's 400 `invalid continue token:
 * continue key is not valid: …`.
 */
export function decodeContinue(value: string): ContinueToken {
  let parsed: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    parsed = JSON.parse(unbase64url(value)) as typeof parsed;
  } catch (e) {
    throw invalidContinue((e as Error).message);
  }
  if (!parsed || typeof parsed !== 'object' || parsed.v !== 'kf1') {
    throw invalidContinue('server does not recognize this encoded version');
  }
  if (typeof parsed.rv !== 'string' || typeof parsed.start !== 'string') throw invalidContinue('incorrect encoded start resourceVersion');
  if (parsed.start === '') throw invalidContinue('encoded start key empty');
  try {
    checkResourceVersion(parsed.rv);
  } catch {
    throw invalidContinue('incorrect encoded start resourceVersion');
  }
  return { rv: parsed.rv, start: parsed.start };
}

function invalidContinue(why: string): ApiError {
  return badRequest(`invalid continue token: continue key is not valid: ${why}`);
}

/** A continue token from before the store's compaction watermark: upstream's 410. */
export function continueExpired(): ApiError {
  return new ApiError(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
  );
}

function base64url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unbase64url(s: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('illegal base64 data');
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}
