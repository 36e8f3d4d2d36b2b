// Builders for bootstrap RBAC objects, as upstream's rbacv1helpers write them (every list sorted,
// the bootstrapping label and autoupdate annotation on every object).
import type { ClusterRole, ClusterRoleBinding, PolicyRule } from 'kubernetes-types/rbac/v1';

export const READ = ['get', 'list', 'watch'];
export const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
export const READ_WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

// upstream's PolicyRuleBuilder sorts every list, so the stored rules read sorted
const sorted = (xs: string[]): string[] => [...xs].sort();
export const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({
  verbs: sorted(verbs),
  apiGroups: sorted(apiGroups),
  resources: sorted(resources),
  ...(resourceNames ? { resourceNames: sorted(resourceNames) } : {}),
});
export const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs: sorted(verbs), nonResourceURLs: sorted(nonResourceURLs) });

/** Labels and annotations upstream puts on every bootstrap object. */
export const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

export function clusterRole(name: string, rules: PolicyRule[], opts: { labels?: Record<string, string>; aggregateFrom?: string } = {}): ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: { ...BOOTSTRAP_LABELS, ...opts.labels }, annotations: { ...AUTOUPDATE } },
    ...(opts.aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [opts.aggregateFrom]: 'true' } }] } } : {}),
    rules,
  };
}

/** A bootstrap ClusterRoleBinding; subjects are `Group:name`, `User:name` or `ServiceAccount:namespace:name`. */
export function binding(name: string, role: string, subjects: string[]): ClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: subjects.map((s) => {
      const [kind, a, b] = s.split(':');
      return kind === 'ServiceAccount' ? { kind, namespace: a!, name: b! } : { apiGroup: 'rbac.authorization.k8s.io', kind: kind!, name: s.slice(kind!.length + 1) };
    }),
  };
}

