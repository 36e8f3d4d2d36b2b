import type { ClusterRole } from 'kubernetes-types/rbac/v1';
import type { ApiError } from '../api/errors';
import type { Attributes } from './attributes';
import type { ComponentIdentity } from './component-identity';
import { forbiddenRequest } from './forbidden';
import { rbacAuthorize } from './rbac/authorize';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './rbac/bootstrap-policy';
import { nodeRules } from './rbac/component-policy';
import type { PolicySource } from './rbac/policy-source';
import { ruleAllows } from './rbac/rule-allows';
import type { UserInfo } from './user-info';

/** One call a component makes, as the API server would see it. */
export interface ComponentRequest {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  /** '' for cluster-scoped calls. */
  namespace: string;
  name: string;
  /** For a kubelet: the node the call is about (its user name is `system:node:<node>`). */
  node?: string;
}

/** Upstream's node identifier: a kubelet authenticates as system:node:<name>. */
export const NODE_USER_PREFIX = 'system:node:';

let policy: PolicySource | undefined;
const NODE_RULES = nodeRules();

/**
 * The bootstrap roles and bindings as a policy, built once per isolate: components act under the
 * static bootstrap policy, so no call reads RBAC objects from a store (an admin's edits to the
 * system:controller:* roles do not narrow them; kubeflare's own roles cannot be widened either).
 */
function componentPolicy(): PolicySource {
  if (policy) return policy;
  const roles = new Map<string, ClusterRole>(bootstrapClusterRoles().map((r) => [r.metadata!.name!, r]));
  const bindings = bootstrapClusterRoleBindings();
  policy = { clusterRoleBindings: () => bindings, clusterRole: (name) => roles.get(name), roleBindings: () => [], role: () => undefined };
  return policy;
}

function attributes(user: UserInfo, r: ComponentRequest): Attributes {
  return { user, verb: r.verb, resourceRequest: true, namespace: r.namespace, apiGroup: r.apiGroup, apiVersion: '', resource: r.resource, subresource: r.subresource, name: r.name, path: '' };
}

const INFORMER_READS: Record<string, string> = { list: 'list', watch: 'watch', get: 'list' };

/**
 * Whether the component may make this call: undefined if so, else upstream's 403 Forbidden for it.
 * A kube-controller-manager controller may write what its ServiceAccount's role grants and read
 * what the shared informers (system:kube-controller-manager: list and watch of everything) read —
 * a get is a lookup in the informer's cache upstream, so it counts as the informer's list. A kubelet
 * may do what the Node authorizer's NodeRules grant plus what RBAC grants system:nodes.
 */
export function authorizeComponent(id: ComponentIdentity, r: ComponentRequest): ApiError | undefined {
  const p = componentPolicy();
  if (id.kind === 'node') {
    // a call about no particular node (a ConfigMap a pod mounts, a NodePool) names none
    const user = { username: `${NODE_USER_PREFIX}${r.node ?? '<unknown>'}`, groups: id.groups };
    const a = attributes(user, r);
    if (NODE_RULES.some((rule) => ruleAllows(a, rule))) return undefined;
    const d = rbacAuthorize(p, a);
    return d.allowed ? undefined : forbiddenRequest(a, d.reason);
  }
  const a = attributes(id.user, r);
  const d = rbacAuthorize(p, a);
  if (d.allowed) return undefined;
  if (id.kind === 'controller') {
    const verb = INFORMER_READS[r.verb];
    if (verb && rbacAuthorize(p, { ...attributes(id.informer, r), verb, name: '' }).allowed) return undefined;
  }
  return forbiddenRequest(a, d.reason);
}
