/**
 * Bearer tokens this isolate has already authenticated, so a client that sends the same token on
 * every request (kubectl, client libraries, the bench) pays for hashing it (a static token) or
 * verifying its signature (a ServiceAccount token) once, as upstream's cached token authenticator
 * spares its authenticators. Only a token that authenticated is ever kept: a forged or unknown one
 * is checked in full each time. What depends on time or on other objects is not cached here: a
 * ServiceAccount token's expiry, audience and issuer are checked on every request, and its
 * ServiceAccount and bound object are read as before (auth-authenticate.ts, at most 2 s old).
 *
 * Keyed by the token itself (a Map compares the whole string): the token is in this isolate's
 * memory for the request anyway, and a hit needs the exact token. Each cache belongs to what made
 * its entries valid (the auth configuration's static tokens, the signing key), so a new
 * configuration or key starts empty. Bounded: past `max` tokens the oldest is dropped.
 * @example const seen = new TokenCache<UserInfo>(1000); seen.get(token) ?? seen.set(token, await check(token))
 */
export class TokenCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(token: string): V | undefined {
    return this.entries.get(token);
  }

  set(token: string, value: V): V {
    if (!this.entries.has(token) && this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** How many distinct tokens an isolate remembers per configuration or key (a few hundred bytes each). */
export const MAX_CACHED_TOKENS = 1000;

/** The cache that belongs to `owner` (a configuration or key object), made on first use. */
export function tokenCacheOf<O extends object, V>(caches: WeakMap<O, TokenCache<V>>, owner: O): TokenCache<V> {
  let cache = caches.get(owner);
  if (!cache) caches.set(owner, (cache = new TokenCache<V>(MAX_CACHED_TOKENS)));
  return cache;
}
