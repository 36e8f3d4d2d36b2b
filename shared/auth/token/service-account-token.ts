import { boundObjectOfClaims, type BoundClaims } from './bound-object';
import { serviceAccountGroups, serviceAccountUsername, ALL_AUTHENTICATED, type UserInfo } from '../user-info';

/** The issuer upstream's API server uses by default (`--service-account-issuer`); also its default audience. */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** TokenRequest defaults and bounds (pkg/apis/authentication/validation). */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
export const MIN_EXPIRATION_SECONDS = 600;
export const MAX_EXPIRATION_SECONDS = 2 ** 32;
/** Clock skew allowed on nbf and exp, as go-jose's DefaultLeeway. */
const LEEWAY_SECONDS = 60;

/** The private claim upstream puts in a bound ServiceAccount token. */
export interface KubernetesClaim extends BoundClaims {
  namespace: string;
  serviceaccount: { name: string; uid: string };
}

export interface ServiceAccountClaims {
  aud: string[];
  exp: number;
  iat: number;
  iss: string;
  jti: string;
  nbf: number;
  sub: string;
  'kubernetes.io': KubernetesClaim;
}

/**
 * The claims of a token for a ServiceAccount, valid from `nowSeconds` for `expirationSeconds`.
 * @example serviceAccountClaims({ namespace: 'default', name: 'ci', uid, audiences: [DEFAULT_ISSUER], nowSeconds, expirationSeconds: 3600, jti })
 */
export function serviceAccountClaims(o: {
  namespace: string;
  name: string;
  uid: string;
  audiences: string[];
  nowSeconds: number;
  expirationSeconds: number;
  jti: string;
  issuer?: string;
  /** The Pod, Secret or Node the token is bound to. */
  bound?: BoundClaims;
}): ServiceAccountClaims {
  return {
    aud: o.audiences,
    exp: o.nowSeconds + o.expirationSeconds,
    iat: o.nowSeconds,
    iss: o.issuer ?? DEFAULT_ISSUER,
    jti: o.jti,
    'kubernetes.io': { namespace: o.namespace, ...o.bound, serviceaccount: { name: o.name, uid: o.uid } },
    nbf: o.nowSeconds,
    sub: serviceAccountUsername(o.namespace, o.name),
  };
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * The ServiceAccount a verified token's claims name, when they are valid now for this server:
 * its issuer, an audience it accepts, inside nbf..exp, and a subject that agrees with the private
 * claim. Undefined otherwise: the caller answers 401 without saying which check failed.
 */
export function checkServiceAccountClaims(
  claims: Record<string, unknown>,
  o: { nowSeconds: number; audiences: string[]; issuer?: string },
): BoundServiceAccount | undefined {
  if (claims.iss !== (o.issuer ?? DEFAULT_ISSUER)) return undefined;
  const aud = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  if (!aud.some((a) => o.audiences.includes(a as string))) return undefined;
  if (typeof claims.exp !== 'number' || o.nowSeconds >= claims.exp + LEEWAY_SECONDS) return undefined;
  if (typeof claims.nbf === 'number' && o.nowSeconds < claims.nbf - LEEWAY_SECONDS) return undefined;
  const k = claims['kubernetes.io'] as Partial<KubernetesClaim> | undefined;
  const namespace = k?.namespace;
  const name = k?.serviceaccount?.name;
  const uid = k?.serviceaccount?.uid;
  if (!isString(namespace) || !isString(name) || !isString(uid)) return undefined;
  if (claims.sub !== serviceAccountUsername(namespace, name)) return undefined;
  const bound = boundObjectOfClaims(k);
  return { namespace, name, uid, jti: typeof claims.jti === 'string' ? claims.jti : '', ...(bound ? { bound } : {}) };
}

/** A verified token's ServiceAccount, and the object it is bound to (to be checked as still there). */
export interface BoundServiceAccount {
  namespace: string;
  name: string;
  uid: string;
  jti: string;
  bound?: ReturnType<typeof boundObjectOfClaims>;
}

/** Who a ServiceAccount token authenticates as (upstream's serviceaccount.UserInfo). */
export function serviceAccountUser(sa: { namespace: string; name: string; uid: string; jti?: string; bound?: BoundServiceAccount['bound'] }): UserInfo {
  const extra: Record<string, string[]> = {};
  if (sa.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${sa.jti}`];
  // a pod-bound token says which pod (and a node-bound one which node) in the user's extra, as upstream's
  if (sa.bound?.kind === 'Pod') Object.assign(extra, { 'authentication.kubernetes.io/pod-name': [sa.bound.name], 'authentication.kubernetes.io/pod-uid': [sa.bound.uid] });
  if (sa.bound?.kind === 'Node') Object.assign(extra, { 'authentication.kubernetes.io/node-name': [sa.bound.name], 'authentication.kubernetes.io/node-uid': [sa.bound.uid] });
  return {
    username: serviceAccountUsername(sa.namespace, sa.name),
    uid: sa.uid,
    groups: [...serviceAccountGroups(sa.namespace), ALL_AUTHENTICATED],
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}
