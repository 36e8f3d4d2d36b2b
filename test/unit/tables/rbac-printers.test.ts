// Rows from upstream's printers_test.go (TestPrintRoleBinding, TestPrintClusterRoleBinding).
import { describe, expect, it } from 'vitest';
import { MIN, ago, cells, headers } from './helpers';

const subjects = [
  { kind: 'User', name: 'system:kube-controller-manager' },
  { kind: 'Group', name: 'system:authenticated' },
  { kind: 'ServiceAccount', name: 'default', namespace: 'kube-system' },
];

describe('RBAC binding printers', () => {
  it.each(['RoleBinding', 'ClusterRoleBinding'])('%s headers', (kind) => {
    expect(headers('rbac.authorization.k8s.io', kind)).toEqual({ normal: ['NAME', 'ROLE', 'AGE'], wide: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'] });
  });
  it('RoleBinding cells', () => {
    const obj = { metadata: { name: 'binding1', namespace: 'default', creationTimestamp: ago(5 * MIN) }, subjects, roleRef: { kind: 'Role', name: 'extension-apiserver-authentication-reader' } };
    expect(cells('rbac.authorization.k8s.io', 'RoleBinding', obj)).toEqual([
      'binding1',
      'Role/extension-apiserver-authentication-reader',
      '5m',
      'system:kube-controller-manager',
      'system:authenticated',
      'kube-system/default',
    ]);
  });
  it('ClusterRoleBinding cells', () => {
    const obj = { metadata: { name: 'binding2', creationTimestamp: ago(5 * MIN) }, subjects, roleRef: { kind: 'ClusterRole', name: 'role' } };
    expect(cells('rbac.authorization.k8s.io', 'ClusterRoleBinding', obj)).toEqual(['binding2', 'ClusterRole/role', '5m', 'system:kube-controller-manager', 'system:authenticated', 'kube-system/default']);
  });
  it('Role and ClusterRole: upstream\'s default NAME / CREATED AT table', () => {
    expect(headers('rbac.authorization.k8s.io', 'Role').normal).toEqual(['NAME', 'CREATED AT']);
  });
});
