import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { namespaceStore, storeStub } from '../../platform/stores';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import { admitTokenRequest, serviceAccountClaims, signJwt } from '../../shared/auth';
import { unwrap } from '../../shared/client/store-result';
import { authConfig } from './auth-config';
import { signingKey } from './auth-signing-key';
import { json, readObject } from './http';

const SA_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'ServiceAccount')!;

/** RFC 3339 seconds, as metav1.Time prints. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * POST serviceaccounts/NAME/token (what `kubectl create token` sends): a signed token for the
 * ServiceAccount, valid for the requested audiences and time. Expiry is measured on the wall clock,
 * not the cluster clock: a sped-up simulation must not shorten a credential's life.
 */
export async function serveTokenRequest(request: Request, env: Env, namespace: string, name: string): Promise<Response> {
  const body = await readObject(request);
  const sa = unwrap(await storeStub(env, namespaceStore(namespace)).get(SA_DEF, name));
  const config = await authConfig(env);
  const spec = admitTokenRequest(body, namespace, name, config.audiences);
  const now = clock.wallNow();
  const nowSeconds = Math.floor(now / 1000);
  const claims = serviceAccountClaims({ namespace, name, uid: sa.metadata.uid, audiences: spec.audiences, nowSeconds, expirationSeconds: spec.expirationSeconds, jti: crypto.randomUUID(), issuer: config.issuer });
  const { key, kid } = await signingKey(env);
  const token = await signJwt(crypto.subtle, key, kid, claims);
  return json(
    {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: rfc3339(nowSeconds * 1000) },
      spec: { audiences: spec.audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: null },
      status: { token, expirationTimestamp: rfc3339(claims.exp * 1000) },
    },
    201,
  );
}
