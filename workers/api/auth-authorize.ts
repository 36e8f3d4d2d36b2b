import type { Env } from '../../platform/env';
import {
  attributesOf,
  authorize,
  forbiddenRequest,
  impersonationPlan,
  resolveRequestInfo,
  SYSTEM_PRIVILEGED_GROUP,
  type Attributes,
  type Decision,
  type PolicySource,
  type RequestInfo,
  type UserInfo,
} from '../../shared/auth';
import { policyFor } from './auth-policy';
import { requestUrl } from './http';

/**
 * The authorizer chain's decision: system:masters without reading any policy (so admins never wait
 * on RBAC lookups), everyone else through RBAC over the cached policy.
 */
export async function decide(env: Env, a: Attributes): Promise<Decision> {
  if (a.user.groups.includes(SYSTEM_PRIVILEGED_GROUP)) return { allowed: true, reason: '' };
  const policy = await policyFor(env, a.namespace);
  const byKey = decisionsFor(policy, a.user);
  const key = attributesKey(a);
  let d = byKey.get(key);
  if (!d) {
    d = authorize(policy, a);
    // bounded: a client naming many objects adds a decision per name
    if (byKey.size >= MAX_DECISIONS) byKey.clear();
    byKey.set(key, d);
  }
  return d;
}

/**
 * Decisions already taken, per policy snapshot and user (the same user object comes back for a
 * token that authenticated before: auth-token-cache.ts). A decision depends on the policy and the
 * attributes only, so it is kept for as long as the snapshot: a reload (at most 2 s old) or an RBAC
 * write through this isolate (auth-rbac-writes.ts) makes a new snapshot and the old decisions go with it.
 */
const decisions = new WeakMap<PolicySource, WeakMap<UserInfo, Map<string, Decision>>>();
const MAX_DECISIONS = 1000;

function decisionsFor(policy: PolicySource, user: UserInfo): Map<string, Decision> {
  let byUser = decisions.get(policy);
  if (!byUser) decisions.set(policy, (byUser = new WeakMap()));
  let byKey = byUser.get(user);
  if (!byKey) byUser.set(user, (byKey = new Map()));
  return byKey;
}

/** Every attribute RBAC reads besides the user (the API version is not one). */
function attributesKey(a: Attributes): string {
  return a.resourceRequest ? `r\0${a.verb}\0${a.namespace}\0${a.apiGroup}\0${a.resource}\0${a.subresource}\0${a.name}` : `n\0${a.verb}\0${a.namespace}\0${a.path}`;
}

/**
 * The user a request acts as after Impersonate-* headers (upstream's WithImpersonation): each
 * impersonated user, group, uid and extra value must be allowed the `impersonate` verb, else 403
 * naming the first one refused.
 */
export async function impersonatedUser(env: Env, requester: UserInfo, headers: Headers): Promise<UserInfo> {
  const plan = impersonationPlan(requester, headers.entries());
  if (!plan) return requester;
  for (const check of plan.checks) {
    const d = await decide(env, check);
    if (!d.allowed) throw forbiddenRequest(check, d.reason);
  }
  return plan.user;
}

/** The request's attributes (upstream's RequestInfoResolver). */
export function requestInfoOf(request: Request): RequestInfo {
  const url = requestUrl(request);
  return resolveRequestInfo(request.method, url.pathname, url.searchParams);
}

/** 403 in upstream's words unless `user` may do what the request asks. */
export async function authorizeRequest(env: Env, user: UserInfo, info: RequestInfo): Promise<void> {
  const a = attributesOf(user, info);
  const d = await decide(env, a);
  if (!d.allowed) throw forbiddenRequest(a, d.reason);
}
