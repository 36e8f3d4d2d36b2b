// Port of pkg/apis/rbac/validation/validation.go: names are path segments, rules need verbs (and
// groups and resources, or URLs at cluster scope only), bindings reference a role they cannot
// change and name valid subjects.
import type { AggregationRule, PolicyRule, RoleRef, Subject } from 'kubernetes-types/rbac/v1';
import type { StatusCause } from '../api/errors';
import { child, index, invalid, notSupported, required, type FieldPath } from './field-error';
import { isDNS1123Subdomain } from './name-validators';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate, type NameValidator } from './object-meta';

type Obj = Record<string, unknown>;
const RBAC = 'rbac.authorization.k8s.io';

/** path.IsValidPathSegmentName: RBAC names may hold `:` (system:basic-user), never `/`, `%`, `.` or `..`. */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}
const rbacName: NameValidator = (name) => isValidPathSegmentName(name);

function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  if (!rule.verbs?.length) errs.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  if (rule.nonResourceURLs?.length) {
    if (namespaced) errs.push(invalid(child(path, 'nonResourceURLs'), rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) {
      errs.push(invalid(child(path, 'nonResourceURLs'), rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (!rule.apiGroups?.length) errs.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (!rule.resources?.length) errs.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(rules: PolicyRule[] | undefined, namespaced: boolean): StatusCause[] {
  return (rules ?? []).flatMap((r, i) => validatePolicyRule(r, namespaced, index('rules', i)));
}

function validateAggregationRule(rule: AggregationRule | undefined): StatusCause[] {
  if (!rule) return [];
  if (!rule.clusterRoleSelectors?.length) return [required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  return rule.clusterRoleSelectors.flatMap((s, i) => validateLabelSelector(s, index('aggregationRule.clusterRoleSelectors', i)));
}

/** User and Group subjects default to the RBAC group (SetDefaults_Subject), so a missing apiGroup is fine. */
function validateSubject(s: Subject, namespaced: boolean, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  if (!s.name) errs.push(required(child(path, 'name')));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name) for (const msg of isDNS1123Subdomain(s.name)) errs.push(invalid(child(path, 'name'), s.name, msg));
      if (s.apiGroup) errs.push(notSupported(child(path, 'apiGroup'), s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(child(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup && s.apiGroup !== RBAC) errs.push(notSupported(child(path, 'apiGroup'), s.apiGroup, [RBAC]));
      break;
    default:
      errs.push(notSupported(child(path, 'kind'), s.kind, ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(o: Obj, namespaced: boolean): StatusCause[] {
  const errs = validateObjectMeta(o.metadata as never, namespaced, rbacName);
  const ref = (o.roleRef ?? {}) as Partial<RoleRef>;
  if (ref.apiGroup !== RBAC) errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind ?? '')) errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name'));
  else for (const msg of isValidPathSegmentName(ref.name)) errs.push(invalid('roleRef.name', ref.name, msg));
  ((o.subjects ?? []) as Subject[]).forEach((s, i) => errs.push(...validateSubject(s, namespaced, index('subjects', i))));
  return errs;
}

function roleRefChanged(o: Obj, old: Obj): StatusCause[] {
  const a = (o.roleRef ?? {}) as RoleRef;
  const b = (old.roleRef ?? {}) as RoleRef;
  if (a.apiGroup === b.apiGroup && a.kind === b.kind && a.name === b.name) return [];
  return [invalid('roleRef', a, 'cannot change roleRef')];
}

export const validateRole = (o: Obj): StatusCause[] => [...validateObjectMeta(o.metadata as never, true, rbacName), ...validateRules(o.rules as PolicyRule[], true)];
export const validateClusterRole = (o: Obj): StatusCause[] => [
  ...validateObjectMeta(o.metadata as never, false, rbacName),
  ...validateRules(o.rules as PolicyRule[], false),
  ...validateAggregationRule(o.aggregationRule as AggregationRule | undefined),
];
export const validateRoleUpdate = (o: Obj, old: Obj): StatusCause[] => [...validateRole(o), ...validateObjectMetaUpdate(o.metadata as never, old.metadata as never)];
export const validateClusterRoleUpdate = (o: Obj, old: Obj): StatusCause[] => [...validateClusterRole(o), ...validateObjectMetaUpdate(o.metadata as never, old.metadata as never)];
export const validateRoleBinding = (o: Obj): StatusCause[] => validateBinding(o, true);
export const validateClusterRoleBinding = (o: Obj): StatusCause[] => validateBinding(o, false);
export const validateRoleBindingUpdate = (o: Obj, old: Obj): StatusCause[] => [...validateBinding(o, true), ...validateObjectMetaUpdate(o.metadata as never, old.metadata as never), ...roleRefChanged(o, old)];
export const validateClusterRoleBindingUpdate = (o: Obj, old: Obj): StatusCause[] => [
  ...validateBinding(o, false),
  ...validateObjectMetaUpdate(o.metadata as never, old.metadata as never),
  ...roleRefChanged(o, old),
];
