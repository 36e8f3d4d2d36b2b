// Cases from upstream's pkg/apis/rbac/validation/validation_test.go.
import { describe, expect, it } from 'vitest';
import { validateCreate, validateUpdate } from '../../../shared/validation/validate';

const G = 'rbac.authorization.k8s.io';
const fields = (causes: { field?: string; message?: string }[]) => causes.map((c) => `${c.field}: ${c.message}`);
const ref = (kind: string, name: string) => ({ apiGroup: G, kind, name });

describe('RBAC validation', () => {
  it('names are path segments: system:basic-user is fine, a slash or .. is not', () => {
    expect(validateCreate(G, 'ClusterRole', { metadata: { name: 'system:basic-user' }, rules: [] })).toEqual([]);
    expect(fields(validateCreate(G, 'ClusterRole', { metadata: { name: 'a/b' } }))).toEqual(["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
    expect(fields(validateCreate(G, 'Role', { metadata: { name: '..', namespace: 'ns' } }))).toEqual(["metadata.name: Invalid value: \"..\": may not be '..'"]);
  });
  it('rules: verbs required; resource rules need groups and resources; URLs only at cluster scope and alone', () => {
    expect(fields(validateCreate(G, 'Role', { metadata: { name: 'r', namespace: 'ns' }, rules: [{ resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz'] }] }))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    ]);
    expect(fields(validateCreate(G, 'ClusterRole', { metadata: { name: 'r' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] }] }))).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/x"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
    expect(fields(validateCreate(G, 'ClusterRole', { metadata: { name: 'r' }, aggregationRule: {} }))).toEqual([
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
  });
  it('bindings: roleRef kind per scope, subjects by kind; roleRef cannot change', () => {
    expect(validateCreate(G, 'RoleBinding', { metadata: { name: 'b', namespace: 'ns' }, roleRef: ref('Role', 'r'), subjects: [{ kind: 'ServiceAccount', name: 'sa' }, { kind: 'User', name: 'alice' }] })).toEqual([]);
    expect(fields(validateCreate(G, 'ClusterRoleBinding', { metadata: { name: 'b' }, roleRef: ref('Role', 'r'), subjects: [{ kind: 'ServiceAccount', name: 'sa' }, { kind: 'Robot', name: 'r2' }] }))).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'subjects[0].namespace: Required value',
      'subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
    const old = { metadata: { name: 'b', namespace: 'ns' }, roleRef: ref('ClusterRole', 'view') };
    expect(fields(validateUpdate(G, 'RoleBinding', { ...old, roleRef: ref('ClusterRole', 'admin') }, old)).some((m) => m.startsWith('roleRef: Invalid value') && m.endsWith('cannot change roleRef'))).toBe(true);
  });
});
