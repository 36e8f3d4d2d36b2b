// Ports of rbac/v1 helpers (pkg/apis/rbac/v1/evaluation_helpers.go): how one PolicyRule field matches a request.
import type { PolicyRule } from 'kubernetes-types/rbac/v1';

export const VERB_ALL = '*';
export const API_GROUP_ALL = '*';
export const RESOURCE_ALL = '*';
export const NON_RESOURCE_ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === VERB_ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === API_GROUP_ALL || g === group);
}

/**
 * `combined` is `resource/subresource`; a rule matches it with `*`, the exact string, or
 * `*\/subresource` (never `resource/*`).
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === RESOURCE_ALL || r === combined) return true;
    if (!subresource) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** No resourceNames means every name. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** A trailing `*` matches every path with that prefix. */
export function nonResourceURLMatches(rule: PolicyRule, url: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (u) => u === NON_RESOURCE_ALL || u === url || (u.endsWith('*') && url.startsWith(u.replace(/\*+$/, ''))),
  );
}
