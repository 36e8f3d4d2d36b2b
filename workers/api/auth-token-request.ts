import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { namespaceStore, storeFor, storeStub } from '../../platform/stores';
import { ApiError } from '../../shared/api/errors';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import { admitTokenRequest, bindTokenTo, boundResource, serviceAccountClaims, signJwt, type BoundClaims, type BoundObject, type BoundObjectRef } from '../../shared/auth';
import { unwrap } from '../../shared/client/store-result';
import { authConfig } from './auth-config';
import { signingKey } from './auth-signing-key';
import { json, readObject } from './http';
import { SERVICE_ACCOUNT_DEF } from '../../shared/api/resource-defs';

/** The Pod, Secret (in the ServiceAccount's namespace) or Node a token is to be bound to, as stored now. */
export async function boundObject(env: Env, ref: Pick<BoundObjectRef, 'kind' | 'name'>, namespace: string): Promise<BoundObject | undefined> {
  const { plural, namespaced } = boundResource(ref as BoundObjectRef);
  const def = BUILTIN_RESOURCES.find((d) => d.group === '' && d.plural === plural)!;
  const r = await storeStub(env, storeFor(namespaced, namespace)).get(def, ref.name);
  return r.ok ? (r.value as unknown as BoundObject) : undefined;
}

/** RFC 3339 seconds, as metav1.Time prints. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A signed token for a ServiceAccount (and the object it is bound to), valid from now on the wall clock. */
export async function issueToken(env: Env, o: { namespace: string; name: string; uid: string; audiences?: string[]; expirationSeconds: number; bound?: BoundClaims }) {
  const config = await authConfig(env);
  const nowSeconds = Math.floor(clock.wallNow() / 1000);
  const claims = serviceAccountClaims({ ...o, audiences: o.audiences ?? config.audiences, nowSeconds, jti: crypto.randomUUID(), issuer: config.issuer });
  const { key, kid } = await signingKey(env);
  return { token: await signJwt(crypto.subtle, key, kid, claims), claims, nowSeconds };
}

/**
 * POST serviceaccounts/NAME/token (what `kubectl create token` sends): a signed token for the
 * ServiceAccount, valid for the requested audiences and time, and bound to a Pod, Secret or Node
 * when asked (`kubectl create token --bound-object-kind`): then it dies with that object. Expiry is measured on the wall clock,
 * not the cluster clock: a sped-up simulation must not shorten a credential's life.
 */
export async function serveTokenRequest(request: Request, env: Env, namespace: string, name: string): Promise<Response> {
  const body = await readObject(request);
  const sa = unwrap(await storeStub(env, namespaceStore(namespace)).get(SERVICE_ACCOUNT_DEF, name));
  const config = await authConfig(env);
  const spec = admitTokenRequest(body, namespace, name, config.audiences);
  const bound = spec.boundObjectRef ? bindTokenTo(spec.boundObjectRef, await boundObject(env, spec.boundObjectRef, namespace), name) : undefined;
  if (bound instanceof ApiError) throw bound;
  const { token, claims, nowSeconds } = await issueToken(env, { namespace, name, uid: sa.metadata.uid, audiences: spec.audiences, expirationSeconds: spec.expirationSeconds, bound: bound?.claims });
  return json(
    {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: rfc3339(nowSeconds * 1000) },
      spec: { audiences: spec.audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: bound?.ref ?? null },
      status: { token, expirationTimestamp: rfc3339(claims.exp * 1000) },
    },
    201,
  );
}
