import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1';

/**
 * The RBAC objects an authorization decision reads: a snapshot, so every decision over it is a
 * pure, synchronous function. The Worker fills it from the stores (workers/api/auth-policy.ts);
 * tests from literals.
 */
export interface PolicySource {
  clusterRoleBindings(): readonly ClusterRoleBinding[];
  clusterRole(name: string): ClusterRole | undefined;
  roleBindings(namespace: string): readonly RoleBinding[];
  role(namespace: string, name: string): Role | undefined;
}

/** A PolicySource over plain lists (tests, the review endpoints). */
export function staticPolicy(p: { clusterRoles?: ClusterRole[]; clusterRoleBindings?: ClusterRoleBinding[]; roles?: Role[]; roleBindings?: RoleBinding[] }): PolicySource {
  return {
    clusterRoleBindings: () => p.clusterRoleBindings ?? [],
    clusterRole: (name) => p.clusterRoles?.find((r) => r.metadata?.name === name),
    roleBindings: (ns) => (p.roleBindings ?? []).filter((b) => b.metadata?.namespace === ns),
    role: (ns, name) => p.roles?.find((r) => r.metadata?.namespace === ns && r.metadata?.name === name),
  };
}
