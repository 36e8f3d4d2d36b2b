// Rows from upstream's pkg/registry/rbac/validation/policy_comparator_test.go (TestCovers…) and
// policy_compact_test.go, and the message of ConfirmNoEscalation.
import type { PolicyRule } from 'kubernetes-types/rbac/v1';
import { describe, expect, it } from 'vitest';
import { compactRules, compactString, covers } from '../../../shared/auth/rbac/covers';
import { escalationError } from '../../../shared/auth/rbac/escalation';
import { staticPolicy } from '../../../shared/auth/rbac/policy-source';
import { newClusterRole, newRoleBinding } from './rbac-support';

const r = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) });
const u = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

describe('covers (upstream policy_comparator_test.go)', () => {
  const rows: { name: string; owner: PolicyRule[]; servant: PolicyRule[]; covered: boolean; uncovered?: PolicyRule[] }[] = [
    { name: 'ExactMatch', owner: [r(['get'], ['v1'], ['builds'])], servant: [r(['get'], ['v1'], ['builds'])], covered: true },
    { name: 'SubResourceMatch', owner: [r(['get'], ['v1'], ['builds/log'])], servant: [r(['get'], ['v1'], ['builds/log'])], covered: true },
    { name: 'ResourceWildcard', owner: [r(['get'], ['v1'], ['*'])], servant: [r(['get'], ['v1'], ['builds/log'])], covered: true },
    { name: 'SubResourceWildcard', owner: [r(['get'], ['v1'], ['*/scale'])], servant: [r(['get'], ['v1'], ['deployments/scale'])], covered: true },
    {
      name: 'SubResourceWildcardDoesNotCoverResource',
      owner: [r(['get'], ['v1'], ['*/scale'])],
      servant: [r(['get'], ['v1'], ['deployments'])],
      covered: false,
      uncovered: [r(['get'], ['v1'], ['deployments'])],
    },
    {
      name: 'MultipleRulesCoveringSingleRule',
      owner: [r(['delete'], ['v1'], ['deployments']), r(['delete'], ['v1'], ['builds']), r(['update'], ['v1'], ['builds', 'deployments'])],
      servant: [r(['delete', 'update'], ['v1'], ['builds', 'deployments'])],
      covered: true,
    },
    {
      name: 'MultipleAPIGroupsCoveringSingleRule',
      owner: [r(['delete'], ['group1'], ['deployments']), r(['delete'], ['group1'], ['builds']), r(['update'], ['group1'], ['builds', 'deployments']), r(['delete'], ['group2'], ['deployments']), r(['delete'], ['group2'], ['builds']), r(['update'], ['group2'], ['builds', 'deployments'])],
      servant: [r(['delete', 'update'], ['group1', 'group2'], ['builds', 'deployments'])],
      covered: true,
    },
    {
      name: 'SingleAPIGroupsCoveringMultiple',
      owner: [r(['delete', 'update'], ['group1', 'group2'], ['builds', 'deployments'])],
      servant: [r(['delete'], ['group1'], ['deployments']), r(['update'], ['group2'], ['builds', 'deployments'])],
      covered: true,
    },
    {
      name: 'MultipleRulesMissingSingleVerbResourceCombination',
      owner: [r(['delete', 'update'], ['v1'], ['builds', 'deployments']), r(['delete'], ['v1'], ['pods'])],
      servant: [r(['delete', 'update'], ['v1'], ['builds', 'deployments', 'pods'])],
      covered: false,
      uncovered: [r(['update'], ['v1'], ['pods'])],
    },
    { name: 'Uncovered', owner: [r(['get'], ['v1'], ['*'])], servant: [r(['create', 'delete', 'update'], ['v1'], ['*'])], covered: false, uncovered: [r(['create'], ['v1'], ['*']), r(['delete'], ['v1'], ['*']), r(['update'], ['v1'], ['*'])] },
    { name: 'ResourceNames: none on the owner covers named', owner: [r(['get'], ['v1'], ['builds'])], servant: [r(['get'], ['v1'], ['builds'], ['foo'])], covered: true },
    { name: 'ResourceNames: named owner does not cover unnamed', owner: [r(['get'], ['v1'], ['builds'], ['foo'])], servant: [r(['get'], ['v1'], ['builds'])], covered: false, uncovered: [r(['get'], ['v1'], ['builds'])] },
    { name: 'ResourceNames: exact names', owner: [r(['get'], ['v1'], ['builds'], ['foo', 'bar'])], servant: [r(['get'], ['v1'], ['builds'], ['foo'])], covered: true },
    { name: 'ResourceNames: missing name', owner: [r(['get'], ['v1'], ['builds'], ['foo'])], servant: [r(['get'], ['v1'], ['builds'], ['foo', 'bar'])], covered: false, uncovered: [r(['get'], ['v1'], ['builds'], ['bar'])] },
    { name: 'NonResourceURLs: exact', owner: [u(['get'], ['/apis'])], servant: [u(['get'], ['/apis'])], covered: true },
    { name: 'NonResourceURLs: star covers all', owner: [u(['get'], ['*'])], servant: [u(['get'], ['/apis', '/apis/v1', '/'])], covered: true },
    { name: 'NonResourceURLs: prefix star', owner: [u(['get'], ['/apis/*'])], servant: [u(['get'], ['/apis/v1', '/apis/v1/foo'])], covered: true },
    { name: 'NonResourceURLs: prefix star does not cover the bare path', owner: [u(['get'], ['/apis/*'])], servant: [u(['get'], ['/apis'])], covered: false, uncovered: [u(['get'], ['/apis'])] },
    { name: 'NonResourceURLs: verb', owner: [u(['get'], ['/apis'])], servant: [u(['post'], ['/apis'])], covered: false, uncovered: [u(['post'], ['/apis'])] },
    { name: 'Star verb and group cover everything', owner: [r(['*'], ['*'], ['*']), u(['*'], ['*'])], servant: [r(['get', 'escalate'], ['rbac.authorization.k8s.io', ''], ['roles', 'pods/log']), u(['get'], ['/healthz'])], covered: true },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const got = covers(row.owner, row.servant);
      expect(got.covered).toBe(row.covered);
      if (row.uncovered) expect(got.uncovered).toEqual(row.uncovered);
    });
  }
});

describe('compactRules and compactString (upstream policy_compact_test.go, CompactString)', () => {
  it('merges the verbs of simple rules with one group and resource', () => {
    const compacted = compactRules([r(['get'], [''], ['pods']), r(['list'], [''], ['pods']), r(['get'], [''], ['pods'], ['a']), r(['get'], ['', 'apps'], ['pods'])]);
    expect(compacted).toEqual([r(['get'], ['', 'apps'], ['pods']), r(['get', 'list'], [''], ['pods']), r(['get'], [''], ['pods'], ['a'])]);
  });
  it('prints a rule as Go %q lists', () => {
    expect(compactString(r(['get', 'list'], [''], ['pods'], ['a']))).toBe('{APIGroups:[""], Resources:["pods"], ResourceNames:["a"], Verbs:["get" "list"]}');
    expect(compactString(u(['get'], ['/healthz']))).toBe('{NonResourceURLs:["/healthz"], Verbs:["get"]}');
  });
});

describe('escalationError (upstream ConfirmNoEscalation)', () => {
  const policy = staticPolicy({
    clusterRoles: [newClusterRole('pod-reader', r(['get', 'list'], [''], ['pods']))],
    roleBindings: [newRoleBinding('ns1', 'pod-reader', 'ClusterRole', 'User:alice')],
  });
  const alice = { username: 'alice', groups: ['system:authenticated'] };

  it('allows granting what the user holds in that namespace', () => {
    expect(escalationError(policy, alice, 'ns1', [r(['get'], [''], ['pods'])])).toBeUndefined();
  });
  it('lists what is missing, compacted and sorted', () => {
    expect(escalationError(policy, alice, 'ns1', [r(['get', 'delete', 'deletecollection'], [''], ['pods', 'secrets'])])).toBe(
      'user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["delete" "deletecollection"]}\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "delete" "deletecollection"]}',
    );
  });
  it('holds nothing in another namespace', () => {
    expect(escalationError(policy, alice, 'ns2', [r(['get'], [''], ['pods'])])).toContain('{APIGroups:[""], Resources:["pods"], Verbs:["get"]}');
  });
});
