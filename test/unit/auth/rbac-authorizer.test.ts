// Rows from upstream's plugin/pkg/auth/authorizer/rbac/rbac_test.go (TestAuthorizer, TestRuleMatches).
import type { PolicyRule } from 'kubernetes-types/rbac/v1';
import { describe, expect, it } from 'vitest';
import type { Attributes } from '../../../shared/auth/attributes';
import { authorize, rbacAuthorize, rulesFor } from '../../../shared/auth/rbac/authorize';
import { staticPolicy } from '../../../shared/auth/rbac/policy-source';
import { ruleAllows } from '../../../shared/auth/rbac/rule-allows';
import { attrs, newClusterRole, newClusterRoleBinding, newRole, newRoleBinding, newRule, pathAttrs } from './rbac-support';

describe('rbacAuthorize (upstream TestAuthorizer)', () => {
  const cases: { name: string; policy: Parameters<typeof staticPolicy>[0]; pass: Attributes[]; fail: Attributes[] }[] = [
    {
      name: 'a ClusterRole bound in one namespace',
      policy: {
        clusterRoles: [newClusterRole('admin', newRule('*', '*', '*', '*'))],
        roleBindings: [newRoleBinding('ns1', 'admin', 'ClusterRole', 'User:admin', 'Group:admins')],
      },
      pass: [
        attrs('admin', '', 'get', 'Pods', '', 'ns1', ''),
        attrs('admin', '', 'watch', 'Pods', '', 'ns1', ''),
        attrs('admin', 'group1', 'watch', 'Foobar', '', 'ns1', ''),
        attrs('joe', 'admins', 'watch', 'Foobar', '', 'ns1', ''),
        attrs('joe', 'group1,admins', 'watch', 'Foobar', '', 'ns1', ''),
      ],
      fail: [
        attrs('admin', '', 'GET', 'Pods', '', 'ns2', ''),
        attrs('admin', '', 'GET', 'Nodes', '', '', ''),
        attrs('admin', 'admins', 'GET', 'Pods', '', 'ns2', ''),
        attrs('admin', 'admins', 'GET', 'Nodes', '', '', ''),
      ],
    },
    {
      name: 'non-resource URLs',
      policy: {
        clusterRoles: [
          newClusterRole('non-resource-url-getter', newRule('get', '', '', '/apis')),
          newClusterRole('non-resource-url', newRule('*', '', '', '/apis')),
          newClusterRole('non-resource-url-prefix', newRule('get', '', '', '/apis/*')),
        ],
        clusterRoleBindings: [
          newClusterRoleBinding('non-resource-url-getter', 'User:foo', 'Group:bar'),
          newClusterRoleBinding('non-resource-url', 'User:admin', 'Group:admin'),
          newClusterRoleBinding('non-resource-url-prefix', 'User:prefixed', 'Group:prefixed'),
        ],
      },
      pass: [
        pathAttrs({ name: 'foo' }, 'get', '/apis'),
        pathAttrs({ groups: ['bar'] }, 'get', '/apis'),
        pathAttrs({ name: 'admin' }, 'get', '/apis'),
        pathAttrs({ groups: ['admin'] }, 'get', '/apis'),
        pathAttrs({ name: 'admin' }, 'watch', '/apis'),
        pathAttrs({ groups: ['admin'] }, 'watch', '/apis'),
        pathAttrs({ name: 'prefixed' }, 'get', '/apis/v1'),
        pathAttrs({ groups: ['prefixed'] }, 'get', '/apis/v1'),
        pathAttrs({ name: 'prefixed' }, 'get', '/apis/v1/foobar'),
        pathAttrs({ groups: ['prefixed'] }, 'get', '/apis/v1/foorbar'),
      ],
      fail: [
        pathAttrs({ name: 'foo' }, 'watch', '/apis'),
        pathAttrs({ groups: ['bar'] }, 'watch', '/apis'),
        pathAttrs({ name: 'foo' }, 'get', '/api/v1'),
        pathAttrs({ groups: ['bar'] }, 'get', '/api/v1'),
        pathAttrs({ name: 'admin' }, 'get', '/api/v1'),
        pathAttrs({ groups: ['admin'] }, 'get', '/api/v1'),
        pathAttrs({ name: 'prefixed' }, 'get', '/api/v1'),
        pathAttrs({ groups: ['prefixed'] }, 'get', '/api/v1'),
      ],
    },
    {
      name: 'a resource rule does not grant its subresources',
      policy: { clusterRoles: [newClusterRole('admin', newRule('*', '*', 'pods', '*'))], roleBindings: [newRoleBinding('ns1', 'admin', 'ClusterRole', 'User:admin', 'Group:admins')] },
      pass: [attrs('admin', '', 'get', 'pods', '', 'ns1', '')],
      fail: [attrs('admin', '', 'get', 'pods', 'status', 'ns1', '')],
    },
    {
      name: 'a subresource rule does not grant the resource',
      policy: { clusterRoles: [newClusterRole('admin', newRule('*', '*', 'pods/status', '*'))], roleBindings: [newRoleBinding('ns1', 'admin', 'ClusterRole', 'User:admin', 'Group:admins')] },
      pass: [attrs('admin', '', 'get', 'pods', 'status', 'ns1', '')],
      fail: [attrs('admin', '', 'get', 'pods', '', 'ns1', '')],
    },
    {
      name: '*/subresource grants that subresource of every resource',
      policy: { clusterRoles: [newClusterRole('admin', newRule('*', '*', '*/scale', '*'))], roleBindings: [newRoleBinding('ns1', 'admin', 'ClusterRole', 'User:admin', 'Group:admins')] },
      pass: [attrs('admin', '', 'get', 'deployments', 'scale', 'ns1', 'apps'), attrs('admin', '', 'update', 'replicasets', 'scale', 'ns1', 'apps')],
      fail: [attrs('admin', '', 'get', 'deployments', '', 'ns1', 'apps'), attrs('admin', '', 'get', 'deployments', 'status', 'ns1', 'apps')],
    },
    {
      name: 'a Role binds only in its namespace; a ServiceAccount subject without a namespace means the binding\'s',
      policy: {
        roles: [newRole('reader', 'ns1', newRule('get,list', '', 'pods', ''))],
        roleBindings: [newRoleBinding('ns1', 'reader', 'Role', 'ServiceAccount:builder'), newRoleBinding('ns2', 'reader', 'Role', 'ServiceAccount:ns1:builder')],
      },
      pass: [attrs('system:serviceaccount:ns1:builder', 'system:serviceaccounts', 'list', 'pods', '', 'ns1', '')],
      fail: [
        attrs('system:serviceaccount:ns1:builder', '', 'list', 'pods', '', 'ns2', ''), // the Role is in ns1, the ns2 binding's role is missing
        attrs('system:serviceaccount:ns2:builder', '', 'list', 'pods', '', 'ns1', ''),
        attrs('system:serviceaccount:ns1:builder', '', 'delete', 'pods', '', 'ns1', ''),
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const policy = staticPolicy(c.policy);
      for (const a of c.pass) expect(rbacAuthorize(policy, a).allowed, JSON.stringify(a)).toBe(true);
      for (const a of c.fail) expect(rbacAuthorize(policy, a).allowed, JSON.stringify(a)).toBe(false);
    });
  }

  it('says which binding allowed, and reports a missing role as upstream does', () => {
    const policy = staticPolicy({
      clusterRoles: [newClusterRole('view', newRule('get', '', 'pods', ''))],
      clusterRoleBindings: [newClusterRoleBinding('gone', 'Group:dev')],
      roleBindings: [newRoleBinding('ns1', 'view', 'ClusterRole', 'ServiceAccount:ci')],
    });
    expect(rbacAuthorize(policy, attrs('system:serviceaccount:ns1:ci', '', 'get', 'pods', '', 'ns1', ''))).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "view-binding/ns1" of ClusterRole "view" to ServiceAccount "ci/ns1"',
    });
    expect(rbacAuthorize(policy, attrs('alice', 'dev', 'get', 'pods', '', 'ns1', ''))).toEqual({
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    });
  });

  it('system:masters is allowed with no bindings at all; nobody else is', () => {
    const policy = staticPolicy({});
    expect(authorize(policy, attrs('root', 'system:masters', 'delete', 'nodes', '', '', '')).allowed).toBe(true);
    expect(authorize(policy, attrs('root', 'system:authenticated', 'delete', 'nodes', '', '', '')).allowed).toBe(false);
  });

  it('rulesFor lists cluster-wide rules, then the namespace\'s', () => {
    const policy = staticPolicy({
      clusterRoles: [newClusterRole('a', newRule('get', '', 'nodes', '')), newClusterRole('b', newRule('list', '', 'pods', ''))],
      clusterRoleBindings: [newClusterRoleBinding('a', 'User:alice')],
      roleBindings: [newRoleBinding('ns1', 'b', 'ClusterRole', 'User:alice'), newRoleBinding('ns1', 'missing', 'Role', 'User:alice')],
    });
    const r = rulesFor(policy, { username: 'alice', groups: [] }, 'ns1');
    expect(r.rules.map((x) => x.resources)).toEqual([['nodes'], ['pods']]);
    expect(r.errors).toEqual(['role.rbac.authorization.k8s.io "missing" not found']);
    expect(rulesFor(policy, { username: 'alice', groups: [] }, '').rules).toHaveLength(1);
  });
});

/** resourceRequest(verb).Group(g).Resource(r).Subresource(s).Name(n) of upstream's test. */
function rr(verb: string, group: string, resource: string, subresource = '', name = ''): Attributes {
  return { ...attrs('', '', verb, resource, subresource, '', group), name };
}
function nr(verb: string, path: string): Attributes {
  return pathAttrs({}, verb, path);
}

describe('ruleAllows (upstream TestRuleMatches)', () => {
  const cases: { name: string; rule: PolicyRule; requests: [Attributes, boolean][] }[] = [
    {
      name: 'star verb, exact match other',
      rule: { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] },
      requests: [
        [rr('verb1', 'group1', 'resource1'), true],
        [rr('verb1', 'group2', 'resource1'), false],
        [rr('verb1', 'group1', 'resource2'), false],
        [rr('verb2', 'group1', 'resource1'), true],
        [rr('verb2', 'group2', 'resource2'), false],
      ],
    },
    {
      name: 'star group, exact match other',
      rule: { verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] },
      requests: [
        [rr('verb1', 'group1', 'resource1'), true],
        [rr('verb1', 'group2', 'resource1'), true],
        [rr('verb1', 'group1', 'resource2'), false],
        [rr('verb2', 'group1', 'resource1'), false],
      ],
    },
    {
      name: 'star resource, exact match other',
      rule: { verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] },
      requests: [
        [rr('verb1', 'group1', 'resource1'), true],
        [rr('verb1', 'group2', 'resource1'), false],
        [rr('verb1', 'group1', 'resource2'), true],
        [rr('verb2', 'group1', 'resource1'), false],
      ],
    },
    {
      name: 'tuple expansion',
      rule: { verbs: ['verb1', 'verb2'], apiGroups: ['group1', 'group2'], resources: ['resource1', 'resource2'] },
      requests: [
        [rr('verb1', 'group1', 'resource1'), true],
        [rr('verb1', 'group2', 'resource2'), true],
        [rr('verb2', 'group1', 'resource2'), true],
        [rr('verb2', 'group2', 'resource1'), true],
      ],
    },
    {
      name: 'subresource expansion',
      rule: { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] },
      requests: [
        [rr('verb1', 'group1', 'resource1', 'subresource1'), true],
        [rr('verb1', 'group2', 'resource1', 'subresource2'), false],
        [rr('verb1', 'group1', 'resource2', 'subresource1'), false],
        [rr('verb2', 'group1', 'resource1', 'subresource1'), true],
      ],
    },
    {
      name: 'star subresource: */subresource, never resource/*',
      rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*/subresource1', 'resource2/*'] },
      requests: [
        [rr('verb1', 'group1', 'resource1', 'subresource1'), true],
        [rr('verb1', 'group1', 'resource3', 'subresource1'), true],
        [rr('verb1', 'group1', 'resource1', 'subresource2'), false],
        [rr('verb1', 'group1', 'resource2', 'subresource2'), false],
        [rr('verb1', 'group1', 'resource1'), false],
      ],
    },
    {
      name: 'resourceNames',
      rule: { verbs: ['*'], apiGroups: ['*'], resources: ['resource1'], resourceNames: ['name1', 'name2'] },
      requests: [
        [rr('verb1', 'group1', 'resource1', '', 'name1'), true],
        [rr('verb1', 'group1', 'resource1', '', 'name2'), true],
        [rr('verb1', 'group1', 'resource1', '', 'name3'), false],
        [rr('verb1', 'group1', 'resource1', '', ''), false],
      ],
    },
    {
      name: 'star nonresource, exact match other',
      rule: { verbs: ['verb1'], nonResourceURLs: ['*'] },
      requests: [
        [nr('verb1', '/foo'), true],
        [nr('verb1', '/foo/bar/one'), true],
        [nr('verb2', '/foo'), false],
        [nr('verb2', '/foo/baz/one'), false],
      ],
    },
    {
      name: 'star nonresource subpath',
      rule: { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] },
      requests: [
        [nr('verb1', '/foo'), false],
        [nr('verb1', '/foo/bar'), true],
        [nr('verb1', '/foo/baz/one'), true],
        [nr('verb1', '/notfoo'), false],
        [nr('verb1', '/notfoo/bar'), false],
      ],
    },
    {
      name: 'star verb, exact nonresource',
      rule: { verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] },
      requests: [
        [nr('verb1', '/foo'), true],
        [nr('verb1', '/foo/bar'), false],
        [nr('verb1', '/foo/bar/one'), true],
        [nr('verb2', '/foo'), true],
        [nr('verb2', '/foo/baz/one'), false],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      for (const [a, want] of c.requests) expect(ruleAllows(a, c.rule), JSON.stringify(a)).toBe(want);
    });
  }
});
