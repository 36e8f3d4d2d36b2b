// Ports of upstream's printRoleBinding and printClusterRoleBinding (pkg/printers/internalversion/printers.go).
// Roles and ClusterRoles have no printer upstream: they get the default NAME / CREATED AT table.
import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import type { Printer } from './types';

/** Users, groups and `namespace/name` ServiceAccounts of a binding (upstream's rbac.SubjectsStrings). */
function subjectsStrings(subjects: Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(kind: 'roleBinding' | 'clusterRoleBinding', roleRefDoc: string): Printer {
  return {
    columns: [
      NAME_COLUMN,
      column('Role', 'string', { text: roleRefDoc }),
      AGE_COLUMN,
      column('Users', 'string', { text: `Users in the ${kind}` }, { priority: 1 }),
      column('Groups', 'string', { text: `Groups in the ${kind}` }, { priority: 1 }),
      column('ServiceAccounts', 'string', { text: `ServiceAccounts in the ${kind}` }, { priority: 1 }),
    ],
    print: (obj, now) => {
      const b = obj as unknown as RoleBinding | ClusterRoleBinding;
      return { cells: [b.metadata?.name ?? '', `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(b, now), ...subjectsStrings(b.subjects)] };
    },
  };
}

/** Columns and cells for rbac/v1 RoleBinding: NAME ROLE AGE (wide: USERS GROUPS SERVICEACCOUNTS). */
export const roleBindingPrinter = bindingPrinter(
  'roleBinding',
  'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
);

/** Columns and cells for rbac/v1 ClusterRoleBinding: NAME ROLE AGE (wide: USERS GROUPS SERVICEACCOUNTS). */
export const clusterRoleBindingPrinter = bindingPrinter(
  'clusterRoleBinding',
  'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
);
