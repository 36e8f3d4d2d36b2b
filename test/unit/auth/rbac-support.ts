// Builders mirroring upstream's rbac_test.go helpers (newRule, newClusterRoleBinding "Kind:name" subjects …).
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import type { Attributes } from '../../../shared/auth/attributes';

const split = (s: string): string[] => s.split(',');

/** newRule("verbs", "groups", "resources", "urls"), each comma-separated as upstream's helper splits them. */
export function newRule(verbs: string, apiGroups: string, resources: string, urls: string): PolicyRule {
  return { verbs: split(verbs), apiGroups: split(apiGroups), resources: split(resources), nonResourceURLs: split(urls) };
}

export function newClusterRole(name: string, ...rules: PolicyRule[]): ClusterRole {
  return { metadata: { name }, rules };
}

export function newRole(name: string, namespace: string, ...rules: PolicyRule[]): Role {
  return { metadata: { name, namespace }, rules };
}

function subjects(specs: string[]): Subject[] {
  return specs.map((s) => {
    const i = s.indexOf(':');
    const kind = s.slice(0, i);
    const rest = s.slice(i + 1);
    if (kind === 'ServiceAccount') {
      const [namespace, name] = rest.includes(':') ? rest.split(':') : ['', rest];
      return { kind, name: name!, ...(namespace ? { namespace } : {}) };
    }
    return { kind, name: rest, apiGroup: 'rbac.authorization.k8s.io' };
  });
}

export function newClusterRoleBinding(role: string, ...subs: string[]): ClusterRoleBinding {
  return { metadata: { name: `${role}-binding` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: subjects(subs) };
}

export function newRoleBinding(namespace: string, role: string, kind: 'Role' | 'ClusterRole', ...subs: string[]): RoleBinding {
  return { metadata: { name: `${role}-binding`, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: role }, subjects: subjects(subs) };
}

/** defaultAttributes{user, groups, verb, resource, subresource, namespace, apiGroup} of upstream's test. */
export function attrs(user: string, groups: string, verb: string, resource: string, subresource: string, namespace: string, apiGroup: string, name = ''): Attributes {
  return {
    user: { username: user, groups: groups ? split(groups) : [] },
    verb,
    resourceRequest: true,
    namespace,
    apiGroup,
    apiVersion: '',
    resource,
    subresource,
    name,
    path: '',
  };
}

export function pathAttrs(user: { name?: string; groups?: string[] }, verb: string, path: string): Attributes {
  return { user: { username: user.name ?? '', groups: user.groups ?? [] }, verb, resourceRequest: false, namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '', path };
}
