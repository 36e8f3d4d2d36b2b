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
  return authorize(await policyFor(env, a.namespace), a);
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
