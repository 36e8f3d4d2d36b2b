import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { namespaceStore, storeStub } from '../../platform/stores';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import {
  bearerToken,
  checkServiceAccountClaims,
  matchStaticToken,
  serviceAccountUser,
  sha256Hex,
  unauthorized,
  verifyJwt,
  type UserInfo,
} from '../../shared/auth';
import { authConfig } from './auth-config';
import { signingKey } from './auth-signing-key';

const SA_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'ServiceAccount')!;

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
  const r = await storeStub(env, namespaceStore(namespace)).get(SA_DEF, name);
  const uid = r.ok && !r.value.metadata.deletionTimestamp ? r.value.metadata.uid : undefined;
  if (serviceAccounts.size > 1000) serviceAccounts.delete(serviceAccounts.keys().next().value!);
  serviceAccounts.set(key, { uid, at: clock.wallNow() });
  return uid;
}

/**
 * Who sent the request: a static token's user (compared by SHA-256, in constant time) or a
 * ServiceAccount token's (signature, issuer, audience, expiry, and the ServiceAccount still there
 * with the same uid). Undefined when there are no credentials; 401 `Unauthorized`, with no hint
 * which check failed, when there are bad ones. Tokens are never logged.
 */
export async function authenticateRequest(env: Env, request: Request): Promise<UserInfo | undefined> {
  const token = bearerToken(request.headers.get('authorization'));
  if (token === '') return undefined;
  if (token === undefined) throw unauthorized();
  const config = await authConfig(env);
  const user = matchStaticToken(config.tokens, await sha256Hex(crypto.subtle, token));
  if (user) return user;
  if (token.split('.').length === 3) {
    const { key } = await signingKey(env);
    const claims = await verifyJwt(crypto.subtle, key, token);
    const sa = claims && checkServiceAccountClaims(claims, { nowSeconds: Math.floor(clock.wallNow() / 1000), audiences: config.audiences, issuer: config.issuer });
    if (sa && (await serviceAccountUid(env, sa.namespace, sa.name)) === sa.uid) return serviceAccountUser(sa);
  }
  throw unauthorized();
}
