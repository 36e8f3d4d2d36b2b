import type { Subject } from 'kubernetes-types/rbac/v1';
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
  visitRulesFor,
} from '../../shared/auth';
import { appliesTo } from '../../shared/auth/rbac/applies-to';
import { policyFor } from './auth-policy';
import { requestUrl } from './http';

/**
 * The authorizer chain's decision: system:masters without reading any policy (so admins never wait
 * on RBAC lookups), everyone else through RBAC over the cached policy.
 */
export async function decide(env: Env, a: Attributes): Promise<Decision> {
  if (a.user.groups.includes(SYSTEM_PRIVILEGED_GROUP)) return { allowed: true, reason: '' };
  const view = userView(await policyFor(env, a.namespace), a.user, a.namespace);
  const key = attributesKey(a, view.namesMatter);
  let d = view.decisions.get(key);
  if (!d) {
    d = authorize(view.policy, a);
    // bounded: a client naming many objects adds a decision per name
    if (view.decisions.size >= MAX_DECISIONS) view.decisions.clear();
    view.decisions.set(key, d);
  }
  return d;
}

/** One user's view of one policy snapshot: the bindings naming them, and the decisions taken. */
interface UserView {
  policy: PolicySource;
  decisions: Map<string, Decision>;
  /** Whether a rule of theirs names objects (resourceNames): otherwise a decision is the same for every name. */
  namesMatter: boolean;
}

/**
 * Per policy snapshot and user (the same user object comes back for a token that authenticated
 * before: auth-token-cache.ts). A decision depends on the policy and the attributes only, so both
 * are kept as long as the snapshot: a reload (at most 2 s old) or an RBAC write through this
 * isolate (auth-rbac-writes.ts) makes a new snapshot, and the old views go with it.
 */
const views = new WeakMap<PolicySource, WeakMap<UserInfo, UserView>>();
const MAX_DECISIONS = 1000;

function userView(policy: PolicySource, user: UserInfo, namespace: string): UserView {
  let byUser = views.get(policy);
  if (!byUser) views.set(policy, (byUser = new WeakMap()));
  let view = byUser.get(user);
  if (!view) {
    const mine = bindingsOf(policy, user, namespace);
    byUser.set(user, (view = { policy: mine, decisions: new Map(), namesMatter: namesObjects(mine, user, namespace) }));
  }
  return view;
}

/**
 * The policy with only the bindings that name `user` (upstream's RBAC walks every binding of the
 * cluster per request; a bootstrap cluster has some sixty). RBAC visits bindings in order and skips
 * those that do not apply by the same appliesTo test, so its decisions and reasons are the same.
 */
function bindingsOf(policy: PolicySource, user: UserInfo, namespace: string): PolicySource {
  const mine = <B extends { subjects?: Subject[] }>(bindings: readonly B[], ns: string) => bindings.filter((b) => appliesTo(user, b.subjects, ns) >= 0);
  const cluster = mine(policy.clusterRoleBindings(), '');
  const local = namespace ? mine(policy.roleBindings(namespace), namespace) : [];
  return {
    clusterRoleBindings: () => cluster,
    clusterRole: (name) => policy.clusterRole(name),
    roleBindings: (ns) => (ns === namespace ? local : policy.roleBindings(ns)),
    role: (ns, name) => policy.role(ns, name),
  };
}

/** Whether any rule RBAC would visit for `user` names objects (resourceNames). */
function namesObjects(policy: PolicySource, user: UserInfo, namespace: string): boolean {
  let names = false;
  visitRulesFor(policy, user, namespace, (_source, rule) => !(names = !!rule?.resourceNames?.length));
  return names;
}

/**
 * Every attribute RBAC reads besides the user (the API version is not one); the object's name only
 * when a rule could match on it, so reads of many objects share one decision.
 */
function attributesKey(a: Attributes, withName: boolean): string {
  return a.resourceRequest ? `r\0${a.verb}\0${a.namespace}\0${a.apiGroup}\0${a.resource}\0${a.subresource}\0${withName ? a.name : ''}` : `n\0${a.verb}\0${a.namespace}\0${a.path}`;
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
