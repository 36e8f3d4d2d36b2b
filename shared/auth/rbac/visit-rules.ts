import type { ClusterRoleBinding, PolicyRule, RoleBinding, RoleRef, Subject } from 'kubernetes-types/rbac/v1';
import type { UserInfo } from '../user-info';
import { appliesTo } from './applies-to';
import type { PolicySource } from './policy-source';

/** Where a rule came from: the binding, its role and the subject that matched. */
export interface RuleSource {
  binding: ClusterRoleBinding | RoleBinding;
  subject: Subject;
  /** '' for a ClusterRoleBinding. */
  namespace: string;
}

/** Visited per rule (or per error); return false to stop. */
export type RuleVisitor = (source: RuleSource | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean;

/**
 * The rules a role reference grants, or upstream's lister error (`clusterrole.rbac.authorization.k8s.io "x" not found`).
 */
export function roleReferenceRules(policy: PolicySource, ref: RoleRef, bindingNamespace: string): PolicyRule[] | string {
  switch (ref.kind) {
    case 'Role': {
      const role = policy.role(bindingNamespace, ref.name);
      return role ? (role.rules ?? []) : `role.rbac.authorization.k8s.io "${ref.name}" not found`;
    }
    case 'ClusterRole': {
      const role = policy.clusterRole(ref.name);
      return role ? (role.rules ?? []) : `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found`;
    }
    default:
      return `unsupported role reference kind: ${JSON.stringify(ref.kind)}`;
  }
}

/**
 * Visits every rule that applies to `user` in `namespace` ('' = cluster scope only): first the
 * ClusterRoleBindings, then the namespace's RoleBindings (upstream's DefaultRuleResolver.VisitRulesFor).
 */
export function visitRulesFor(policy: PolicySource, user: UserInfo, namespace: string, visit: RuleVisitor): void {
  const scopes: [readonly (ClusterRoleBinding | RoleBinding)[], string][] = [[policy.clusterRoleBindings(), '']];
  if (namespace) scopes.push([policy.roleBindings(namespace), namespace]);
  for (const [bindings, ns] of scopes) {
    for (const binding of bindings) {
      const i = appliesTo(user, binding.subjects, ns);
      if (i < 0) continue;
      const rules = roleReferenceRules(policy, binding.roleRef, ns);
      if (typeof rules === 'string') {
        if (!visit(undefined, undefined, rules)) return;
        continue;
      }
      const source: RuleSource = { binding, subject: binding.subjects![i]!, namespace: ns };
      for (const rule of rules) if (!visit(source, rule, undefined)) return;
    }
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/** `ClusterRoleBinding "x" of ClusterRole "y" to Group "z"`, as upstream's describers print a source. */
export function describeSource(s: RuleSource): string {
  const ref = s.binding.roleRef;
  const name = s.namespace ? `${s.binding.metadata?.name}/${s.namespace}` : (s.binding.metadata?.name ?? '');
  const kind = s.namespace ? 'RoleBinding' : 'ClusterRoleBinding';
  return `${kind} ${JSON.stringify(name)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(s.subject, s.namespace)}`;
}
