import type { ClusterRole, PolicyRule, RoleBinding } from 'kubernetes-types/rbac/v1';
import type { Env } from '../../platform/env';
import { ApiError } from '../../shared/api/errors';
import { escalationAllowed, escalationError, forbidden, roleReferenceRules, type Attributes, type UserInfo } from '../../shared/auth';
import { requestUser } from './auth';
import { decide } from './auth-authorize';
import { aggregateClusterRoles, invalidatePolicy, policyFor } from './auth-policy';
import type { ResourcePath } from './path';

const RBAC = 'rbac.authorization.k8s.io';
const ROLE_KINDS = new Set(['roles', 'clusterroles']);
const BINDING_KINDS = new Set(['rolebindings', 'clusterrolebindings']);
/** What an aggregationRule may gather: everything, so only who holds everything may set one. */
const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

function attrs(user: UserInfo, verb: string, resource: string, namespace: string, name: string): Attributes {
  return { user, verb, resourceRequest: true, namespace, apiGroup: RBAC, apiVersion: '', resource, subresource: '', name, path: '' };
}

/**
 * Why `user` may not write this role or binding (upstream's policybased RBAC storage), or
 * undefined. Roles: allowed with `escalate` on them, else their rules must be covered by what the
 * user holds in that namespace (and an aggregationRule needs everything). Bindings: allowed with
 * `bind` on the referenced role, else its rules must be covered.
 */
async function escalationCheck(env: Env, user: UserInfo, path: ResourcePath, obj: ClusterRole | RoleBinding): Promise<ApiError | undefined> {
  const ns = path.namespace ?? '';
  const name = obj.metadata?.name ?? '';
  const policy = await policyFor(env, ns);
  if (ROLE_KINDS.has(path.plural)) {
    if ((await decide(env, attrs(user, 'escalate', path.plural, ns, path.name ?? ''))).allowed) return undefined;
    const why = escalationError(policy, user, ns, (obj as ClusterRole).rules ?? []);
    if (why) return forbidden(path.plural, RBAC, name, why);
    if ((obj as ClusterRole).aggregationRule && escalationError(policy, user, ns, FULL_AUTHORITY)) {
      return forbidden(path.plural, RBAC, name, 'must have cluster-admin privileges to use the aggregationRule');
    }
    return undefined;
  }
  const ref = (obj as RoleBinding).roleRef;
  const refResource = ref?.kind === 'Role' ? 'roles' : ref?.kind === 'ClusterRole' ? 'clusterroles' : '';
  if (refResource && (await decide(env, attrs(user, 'bind', refResource, ns, ref.name))).allowed) return undefined;
  const rules = roleReferenceRules(policy, ref ?? { apiGroup: RBAC, kind: '', name: '' }, ns);
  if (typeof rules === 'string') return new ApiError(404, 'NotFound', rules, { name: ref?.name, group: RBAC, kind: refResource || undefined });
  const why = escalationError(policy, user, ns, rules);
  return why ? forbidden(path.plural, RBAC, name, why) : undefined;
}

/**
 * Runs a request on an RBAC resource with upstream's escalation prevention, and keeps the
 * authorizer's view current after it: the cached policy is dropped and, after a ClusterRole write,
 * aggregated ClusterRoles are refilled. A create, update or patch by someone outside
 * system:masters is first run as a dry run, so the check sees exactly the object that would be
 * stored (whatever the body's encoding or patch type), and only then for real.
 */
export async function withRbacWriteChecks(request: Request, env: Env, path: ResourcePath, run: (r: Request) => Promise<Response>): Promise<Response> {
  const write = request.method !== 'GET' && request.method !== 'HEAD';
  if (path.group !== RBAC || !write) return run(request);
  const user = requestUser(request);
  const checked = ['POST', 'PUT', 'PATCH'].includes(request.method) && !path.subresource && !escalationAllowed(user);
  let real = request;
  if (checked) {
    const body = await request.arrayBuffer();
    const dryUrl = new URL(request.url);
    dryUrl.searchParams.set('dryRun', 'All');
    const dryHeaders = new Headers(request.headers);
    dryHeaders.set('accept', 'application/json');
    const dry = await run(new Request(dryUrl, { method: request.method, headers: dryHeaders, body }));
    if (!dry.ok) return dry;
    const refused = await escalationCheck(env, user, path, (await dry.json()) as ClusterRole | RoleBinding);
    if (refused) throw refused;
    real = new Request(request.url, { method: request.method, headers: request.headers, body });
  }
  const response = await run(real);
  if (response.ok && !new URL(request.url).searchParams.getAll('dryRun').length) {
    invalidatePolicy(path.namespace);
    if (path.plural === 'clusterroles') await aggregateClusterRoles(env);
  }
  return response;
}
