import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { namespaceStore, storeStub } from '../../platform/stores';
import {
  bearerToken,
  boundObjectValid,
  checkServiceAccountClaims,
  matchStaticToken,
  serviceAccountUser,
  sha256Hex,
  unauthorized,
  verifyJwt,
  type UserInfo,
} from '../../shared/auth';
import { authConfig, type AuthConfig } from './auth-config';
import { TokenCache, tokenCacheOf } from './auth-token-cache';
import { signingKey } from './auth-signing-key';
import { boundObject } from './auth-token-request';
import { SERVICE_ACCOUNT_DEF } from '../../shared/api/resource-defs';

/** Paths anyone may read without credentials: the probes and version (upstream's system:public-info-viewer), and the dashboard's page and assets (no cluster data; it signs in with a token). */
export function isPublicPath(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (path === '/' || path.startsWith('/dashboard/')) return true;
  return /^\/(healthz|livez|readyz)(\/.*)?$/.test(path) || path === '/version' || path === '/version/';
}

/** How long a ServiceAccount's uid is trusted per isolate: a deleted ServiceAccount's tokens stop working within this. */
const SA_TTL_MS = 2000;
const serviceAccounts = new Map<string, { uid: string | undefined; at: number }>();

async function serviceAccountUid(env: Env, namespace: string, name: string): Promise<string | undefined> {
  const key = `${namespace}/${name}`;
  const hit = serviceAccounts.get(key);
  if (hit && clock.wallNow() - hit.at < SA_TTL_MS) return hit.uid;
  const r = await storeStub(env, namespaceStore(namespace)).get(SERVICE_ACCOUNT_DEF, name);
  const uid = r.ok && !r.value.metadata.deletionTimestamp ? r.value.metadata.uid : undefined;
  if (serviceAccounts.size > 1000) serviceAccounts.delete(serviceAccounts.keys().next().value!);
  serviceAccounts.set(key, { uid, at: clock.wallNow() });
  return uid;
}

/** A bound object's uid and deletion time, cached per isolate like a ServiceAccount's: a deleted object's tokens stop working within SA_TTL_MS. */
const boundObjects = new Map<string, { object: Awaited<ReturnType<typeof boundObject>>; at: number }>();

async function boundObjectNow(env: Env, namespace: string, kind: 'Pod' | 'Secret' | 'Node', name: string) {
  const key = `${kind}/${kind === 'Node' ? '' : namespace}/${name}`;
  const hit = boundObjects.get(key);
  if (hit && clock.wallNow() - hit.at < SA_TTL_MS) return hit.object;
  const object = await boundObject(env, { kind, name }, namespace);
  if (boundObjects.size > 1000) boundObjects.delete(boundObjects.keys().next().value!);
  boundObjects.set(key, { object, at: clock.wallNow() });
  return object;
}

/** A ServiceAccount token whose signature this isolate verified, and the user it made of its claims. */
interface VerifiedJwt {
  claims: Record<string, unknown>;
  user?: UserInfo;
}

const staticTokens = new WeakMap<AuthConfig, TokenCache<UserInfo>>();
const signedTokens = new WeakMap<CryptoKey, TokenCache<VerifiedJwt>>();

/**
 * Who sent the request: a static token's user (compared by SHA-256, in constant time) or a
 * ServiceAccount token's (signature, issuer, audience, expiry, the ServiceAccount still there
 * with the same uid, and so is the object a bound token is bound to). Undefined when there are no credentials; 401 `Unauthorized`, with no hint
 * which check failed, when there are bad ones. Tokens are never logged.
 *
 * A token that authenticated before skips the hash or the signature check (auth-token-cache.ts);
 * everything else about a ServiceAccount token is checked again on every request.
 */
export async function authenticateRequest(env: Env, request: Request): Promise<UserInfo | undefined> {
  const token = bearerToken(request.headers.get('authorization'));
  if (token === '') return undefined;
  if (token === undefined) throw unauthorized();
  const config = await authConfig(env);
  const statics = tokenCacheOf(staticTokens, config);
  const known = statics.get(token);
  if (known) return known;
  const jwt = token.split('.').length === 3 ? await signingKey(env) : undefined;
  const signed = jwt && tokenCacheOf(signedTokens, jwt.key);
  let verified = signed?.get(token);
  if (!verified) {
    const user = matchStaticToken(config.tokens, await sha256Hex(crypto.subtle, token));
    if (user) return statics.set(token, user);
    const claims = jwt && (await verifyJwt(crypto.subtle, jwt.key, token));
    if (!claims) throw unauthorized();
    verified = { claims };
  }
  const nowSeconds = Math.floor(clock.wallNow() / 1000);
  const sa = checkServiceAccountClaims(verified.claims, { nowSeconds, audiences: config.audiences, issuer: config.issuer });
  if (sa && (await serviceAccountUid(env, sa.namespace, sa.name)) === sa.uid) {
    // a bound token lives only as long as its Pod, Secret or Node (the same uid, not deleted a minute ago)
    if (!sa.bound || boundObjectValid(sa.bound.uid, await boundObjectNow(env, sa.namespace, sa.bound.kind, sa.bound.name), nowSeconds)) {
      // kept once it authenticated; one user object per token, as the admin's is one object
      if (!signed!.get(token)) signed!.set(token, verified);
      return (verified.user ??= serviceAccountUser(sa));
    }
  }
  throw unauthorized();
}
