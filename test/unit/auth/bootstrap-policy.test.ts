import { describe, expect, it } from 'vitest';
import { aggregatedRules, aggregationUpdates } from '../../../shared/auth/rbac/aggregate-cluster-roles';
import { authorize } from '../../../shared/auth/rbac/authorize';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from '../../../shared/auth/rbac/bootstrap-policy';
import { staticPolicy } from '../../../shared/auth/rbac/policy-source';
import { attrs, newClusterRole, newRule, newRoleBinding, pathAttrs } from './rbac-support';

/** The bootstrap roles with aggregation run, as they stand after the first start. */
function aggregated() {
  const roles = bootstrapClusterRoles();
  for (const u of aggregationUpdates(roles)) roles.find((r) => r.metadata!.name === u.name)!.rules = u.rules;
  return roles;
}

describe('ClusterRole aggregation (upstream clusterroleaggregation_controller_test.go)', () => {
  it('takes the rules of matching roles by name, each once, never its own', () => {
    const target = { metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { foo: 'bar' } }] }, rules: [] };
    const roles = [
      target,
      { metadata: { name: 'b', labels: { foo: 'bar' } }, rules: [newRule('get', '', 'pods', '')] },
      { metadata: { name: 'a', labels: { foo: 'bar' } }, rules: [newRule('list', '', 'pods', ''), newRule('get', '', 'pods', '')] },
      { metadata: { name: 'c', labels: { foo: 'baz' } }, rules: [newRule('delete', '', 'pods', '')] },
    ];
    expect(aggregatedRules(target, roles)).toEqual([newRule('list', '', 'pods', ''), newRule('get', '', 'pods', '')]);
    expect(aggregationUpdates(roles)).toEqual([{ name: 'agg', rules: [newRule('list', '', 'pods', ''), newRule('get', '', 'pods', '')] }]);
    // already aggregated: nothing to write
    expect(aggregationUpdates([{ ...target, rules: aggregatedRules(target, roles) }, ...roles.slice(1)])).toEqual([]);
  });

  it('admin holds edit holds view (aggregation feeds aggregation)', () => {
    const roles = aggregated();
    const rules = (n: string) => roles.find((r) => r.metadata!.name === n)!.rules!;
    const has = (n: string, verb: string, group: string, resource: string) => rules(n).some((r) => r.verbs!.includes(verb) && r.apiGroups!.includes(group) && r.resources!.includes(resource));
    expect(has('view', 'list', '', 'pods')).toBe(true);
    expect(has('view', 'get', '', 'secrets')).toBe(false);
    expect(has('edit', 'list', '', 'pods')).toBe(true);
    expect(has('edit', 'create', 'apps', 'deployments')).toBe(true);
    expect(has('admin', 'create', 'rbac.authorization.k8s.io', 'roles')).toBe(true);
    expect(has('admin', 'list', '', 'pods')).toBe(true);
    expect(has('edit', 'create', 'rbac.authorization.k8s.io', 'roles')).toBe(false);
  });
});

describe('bootstrap policy', () => {
  const policy = (extra: Parameters<typeof staticPolicy>[0] = {}) =>
    staticPolicy({ clusterRoles: aggregated(), clusterRoleBindings: bootstrapClusterRoleBindings(), ...extra });
  const authed = 'system:authenticated';

  it('every authenticated user may discover the API and review itself, and nothing else', () => {
    const p = policy();
    expect(authorize(p, pathAttrs({ name: 'alice', groups: [authed] }, 'get', '/apis/apps/v1')).allowed).toBe(true);
    expect(authorize(p, pathAttrs({ name: 'alice', groups: [authed] }, 'get', '/openapi/v3')).allowed).toBe(true);
    expect(authorize(p, attrs('alice', authed, 'create', 'selfsubjectaccessreviews', '', '', 'authorization.k8s.io')).allowed).toBe(true);
    expect(authorize(p, attrs('alice', authed, 'create', 'selfsubjectreviews', '', '', 'authentication.k8s.io')).allowed).toBe(true);
    expect(authorize(p, attrs('alice', authed, 'list', 'pods', '', 'default', '')).allowed).toBe(false);
    expect(authorize(p, pathAttrs({ name: 'alice', groups: [authed] }, 'get', '/metrics')).allowed).toBe(false);
  });
  it('view, edit and admin bound in a namespace grant what upstream\'s do there', () => {
    const p = policy({
      roleBindings: [newRoleBinding('ns1', 'view', 'ClusterRole', 'User:viewer'), newRoleBinding('ns1', 'edit', 'ClusterRole', 'User:editor'), newRoleBinding('ns1', 'admin', 'ClusterRole', 'User:admin1')],
    });
    const can = (user: string, verb: string, resource: string, group = '', sub = '', ns = 'ns1') => authorize(p, attrs(user, authed, verb, resource, sub, ns, group)).allowed;
    expect(can('viewer', 'list', 'pods')).toBe(true);
    expect(can('viewer', 'get', 'pods', '', 'log')).toBe(true);
    expect(can('viewer', 'get', 'secrets')).toBe(false);
    expect(can('viewer', 'delete', 'pods')).toBe(false);
    expect(can('viewer', 'list', 'pods', '', '', 'ns2')).toBe(false);
    expect(can('editor', 'create', 'deployments', 'apps')).toBe(true);
    expect(can('editor', 'patch', 'deployments', 'apps', 'scale')).toBe(true);
    expect(can('editor', 'create', 'serviceaccounts', '', 'token')).toBe(true);
    expect(can('editor', 'create', 'rolebindings', 'rbac.authorization.k8s.io')).toBe(false);
    expect(can('admin1', 'create', 'rolebindings', 'rbac.authorization.k8s.io')).toBe(true);
    expect(can('admin1', 'list', 'nodes', '', '', '')).toBe(false);
  });
  it('a ClusterRole added with the aggregate-to-view label reaches view', () => {
    const roles = [...bootstrapClusterRoles(), { ...newClusterRole('crontabs-view', newRule('get,list', 'stable.example.com', 'crontabs', '')), metadata: { name: 'crontabs-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } } }];
    const updates = aggregationUpdates(roles);
    const view = updates.find((u) => u.name === 'view')!.rules;
    expect(view.some((r) => r.resources?.includes('crontabs'))).toBe(true);
    expect(updates.find((u) => u.name === 'admin')!.rules.some((r) => r.resources?.includes('crontabs'))).toBe(true);
  });
});
