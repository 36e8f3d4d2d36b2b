// Tokens that authenticated are remembered per isolate (workers/api/auth-token-cache.ts): what the cache skips is
// only the hash or the signature check. A forged token is refused however often the genuine one was seen; an
// expired one, or one whose ServiceAccount is gone, is refused although it authenticated a moment before.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { callWithToken } from './call-with-token';
import { importHmacKey, serviceAccountClaims, signJwt, DEFAULT_ISSUER } from '../../shared/auth';

const ADMIN = 'token-cache-admin-token';
const authEnv = { ...env, AUTH_MODE: 'on', ADMIN_TOKEN: ADMIN };
const NS = 'token-cache';
const WHOAMI = '/apis/authentication.k8s.io/v1/selfsubjectreviews';

const call = (method: string, path: string, token: string, body?: unknown) => callWithToken(authEnv, token, method, path, body);
const admin = (method: string, path: string, body?: unknown) => call(method, path, ADMIN, body);
const whoami = async (token: string) => {
  const r = await call('POST', WHOAMI, token, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  return r.status === 201 ? (r.body.status.userInfo.username as string) : r.status;
};

/** Polls until `check` holds (the ServiceAccount lookup is trusted for up to 2 s per isolate). */
async function eventually(check: () => Promise<boolean>, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function tokenFor(sa: string): Promise<string> {
  const tr = await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts/${sa}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
  expect(tr.status).toBe(201);
  return tr.body.status.token;
}

/** A token signed with the server's own key (read from its Secret, as only an admin can), with the claims asked for. */
async function signedToken(sa: string, nowSeconds: number, expirationSeconds: number): Promise<string> {
  const secret = await admin('GET', '/api/v1/namespaces/kube-system/secrets/kubeflare-service-account-signing-key');
  expect(secret.status).toBe(200);
  const key = await importHmacKey(crypto.subtle, Uint8Array.from(atob(secret.body.data.key), (c) => c.charCodeAt(0)));
  const uid = (await admin('GET', `/api/v1/namespaces/${NS}/serviceaccounts/${sa}`)).body.metadata.uid;
  const claims = serviceAccountClaims({ namespace: NS, name: sa, uid, audiences: [DEFAULT_ISSUER], nowSeconds, expirationSeconds, jti: crypto.randomUUID() });
  return signJwt(crypto.subtle, key, 'test', claims);
}

const b64url = (s: string) => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

describe('the verified-token cache', () => {
  beforeAll(async () => {
    expect((await admin('POST', '/api/v1/namespaces', { metadata: { name: NS } })).status).toBe(201);
    for (const name of ['seen', 'expiring', 'doomed']) expect((await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name } })).status).toBe(201);
  });

  it('a forged token is refused however often the genuine one authenticated', async () => {
    const token = await tokenFor('seen');
    for (let i = 0; i < 3; i++) expect(await whoami(token)).toBe(`system:serviceaccount:${NS}:seen`);
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/')));
    const otherPayload = b64url(JSON.stringify({ ...claims, sub: 'system:serviceaccount:kube-system:admin' }));
    expect(await whoami(`${h}.${otherPayload}.${s}`)).toBe(401);
    const flipped = `${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await whoami(`${h}.${p}.${flipped}`)).toBe(401);
    expect(await whoami(`${token}x`)).toBe(401);
    expect(await whoami(token.slice(0, -1))).toBe(401);
    expect(await whoami(token)).toBe(`system:serviceaccount:${NS}:seen`);
  });

  it('the admin token stays the admin; a token that only starts like it is refused', async () => {
    for (let i = 0; i < 2; i++) expect(await whoami(ADMIN)).toBe('kubeflare-admin');
    expect(await whoami(`${ADMIN}x`)).toBe(401);
    expect(await whoami(ADMIN.slice(0, -1))).toBe(401);
  });

  it('a token that authenticated is refused once it expires', async () => {
    // valid for a few more seconds only: exp is past, inside the 60 s leeway
    const token = await signedToken('expiring', Math.floor(Date.now() / 1000) - 700, 700 - 57);
    expect(await whoami(token)).toBe(`system:serviceaccount:${NS}:expiring`);
    await eventually(async () => (await whoami(token)) === 401, 'the expired token refused');
  });

  it("a token whose ServiceAccount was deleted is refused, and stays refused when one of the same name comes back", async () => {
    const token = await tokenFor('doomed');
    expect(await whoami(token)).toBe(`system:serviceaccount:${NS}:doomed`);
    expect(await whoami(token)).toBe(`system:serviceaccount:${NS}:doomed`);
    expect((await admin('DELETE', `/api/v1/namespaces/${NS}/serviceaccounts/doomed`)).status).toBe(200);
    await eventually(async () => (await whoami(token)) === 401, 'the token of the deleted ServiceAccount refused');
    expect((await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'doomed' } })).status).toBe(201);
    // the new ServiceAccount has another uid: wait past the 2 s lookup cache, then the old token is still refused
    const fresh = await tokenFor('doomed');
    await eventually(async () => (await whoami(fresh)) === `system:serviceaccount:${NS}:doomed`, 'the new ServiceAccount authenticates');
    expect(await whoami(token)).toBe(401);
  });
});
