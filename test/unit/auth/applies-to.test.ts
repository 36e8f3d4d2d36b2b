// Rows from upstream's pkg/registry/rbac/validation/rule_test.go (TestAppliesTo).
import type { Subject } from 'kubernetes-types/rbac/v1';
import { describe, expect, it } from 'vitest';
import { appliesTo } from '../../../shared/auth/rbac/applies-to';
import type { UserInfo } from '../../../shared/auth/user-info';

const user = (username: string, groups: string[] = []): UserInfo => ({ username, groups });

describe('appliesTo (upstream TestAppliesTo)', () => {
  const rows: { name: string; subjects: Subject[]; user: UserInfo; namespace?: string; index: number }[] = [
    { name: 'single subject that matches username', subjects: [{ kind: 'User', name: 'foobar' }], user: user('foobar'), index: 0 },
    { name: 'multiple subjects, one that matches username', subjects: [{ kind: 'User', name: 'barfoo' }, { kind: 'User', name: 'foobar' }], user: user('foobar'), index: 1 },
    { name: 'multiple subjects, none that match username', subjects: [{ kind: 'User', name: 'barfoo' }, { kind: 'User', name: 'foobaz' }], user: user('foobar'), index: -1 },
    { name: 'multiple subjects, one that match group', subjects: [{ kind: 'User', name: 'barfoo' }, { kind: 'Group', name: 'foobar' }], user: user('zimzam', ['foobar']), index: 1 },
    {
      name: 'multiple subjects, one that match group, should ignore namespace',
      subjects: [{ kind: 'User', name: 'barfoo' }, { kind: 'Group', name: 'foobar' }],
      user: user('zimzam', ['foobar']),
      namespace: 'namespace1',
      index: 1,
    },
    {
      name: 'multiple subjects with a service account that matches',
      subjects: [{ kind: 'User', name: 'barfoo' }, { kind: 'Group', name: 'foobar' }, { kind: 'ServiceAccount', namespace: 'kube-system', name: 'default' }],
      user: user('system:serviceaccount:kube-system:default'),
      namespace: 'default',
      index: 2,
    },
    { name: '* user subject name doesn\'t match all users', subjects: [{ kind: 'User', name: '*' }], user: user('foobar'), namespace: 'default', index: -1 },
    {
      name: 'binding to all authenticated and unauthenticated subjects matches authenticated user',
      subjects: [{ kind: 'Group', name: 'system:authenticated' }, { kind: 'Group', name: 'system:unauthenticated' }],
      user: user('foobar', ['system:authenticated']),
      namespace: 'default',
      index: 0,
    },
    {
      name: 'binding to all authenticated and unauthenticated subjects matches anonymous user',
      subjects: [{ kind: 'Group', name: 'system:authenticated' }, { kind: 'Group', name: 'system:unauthenticated' }],
      user: user('system:anonymous', ['system:unauthenticated']),
      namespace: 'default',
      index: 1,
    },
    {
      name: 'a ServiceAccount subject without a namespace takes the binding\'s',
      subjects: [{ kind: 'ServiceAccount', name: 'default' }],
      user: user('system:serviceaccount:ns1:default'),
      namespace: 'ns1',
      index: 0,
    },
    {
      name: 'a ServiceAccount subject without a namespace in a ClusterRoleBinding names no one',
      subjects: [{ kind: 'ServiceAccount', name: 'default' }],
      user: user('system:serviceaccount:ns1:default'),
      index: -1,
    },
  ];
  for (const r of rows) it(r.name, () => expect(appliesTo(r.user, r.subjects, r.namespace ?? '')).toBe(r.index));
});
