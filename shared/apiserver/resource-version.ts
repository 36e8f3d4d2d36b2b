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
  throw invalidResourceVersion(rv);
}

/** A single store's resourceVersion: a non-negative integer. */
export function parseStoreVersion(rv: string): number {
  if (!/^\d{1,15}$/.test(rv)) throw invalidResourceVersion(rv);
  return Number(rv);
}

function invalidResourceVersion(rv: string): ApiError {
  return badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
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

export function decodeContinue(value: string): ContinueToken {
  try {
    const parsed = JSON.parse(unbase64url(value)) as { v?: string; rv?: unknown; start?: unknown };
    if (parsed.v === 'kf1' && typeof parsed.rv === 'string' && typeof parsed.start === 'string') {
      return { rv: parsed.rv, start: parsed.start };
    }
  } catch {
    // fall through
  }
  throw badRequest(`continue key is not valid: ${value}`);
}

function base64url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unbase64url(s: string): string {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}
