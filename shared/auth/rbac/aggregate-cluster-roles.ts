import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1';
import { labelSelectorFromObject, matchesLabels } from '../../selectors';

/** A rule as equality.Semantic sees it: field order fixed, empty and missing lists alike. */
function ruleKey(r: PolicyRule): string {
  const list = (xs: string[] | undefined) => (xs?.length ? xs : null);
  return JSON.stringify([list(r.verbs), list(r.apiGroups), list(r.resources), list(r.resourceNames), list(r.nonResourceURLs)]);
}

function sameRules(a: readonly PolicyRule[] | undefined, b: readonly PolicyRule[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((r, i) => ruleKey(r) === ruleKey(y[i]!));
}

/**
 * The rules an aggregated ClusterRole should hold: those of every other ClusterRole its selectors
 * match, by name, each distinct rule once (upstream's ClusterRoleAggregationController.syncClusterRole).
 */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    let reqs;
    try {
      reqs = labelSelectorFromObject(selector);
    } catch {
      continue; // upstream's sync fails for that role and retries; nothing is aggregated from a bad selector
    }
    const matched = all.filter((r) => r.metadata?.name !== role.metadata?.name && matchesLabels(reqs, r.metadata?.labels));
    matched.sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
    for (const r of matched) {
      for (const rule of r.rules ?? []) {
        const key = ruleKey(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(rule);
      }
    }
  }
  return rules;
}

/**
 * The aggregated ClusterRoles whose rules must change, with their new rules. Aggregation feeds
 * aggregation (admin takes edit's rules, edit takes view's), so this runs to a fixed point — what
 * upstream's controller reaches over several syncs.
 */
export function aggregationUpdates(all: readonly ClusterRole[]): { name: string; rules: PolicyRule[] }[] {
  const current = new Map(all.map((r) => [r.metadata?.name ?? '', r]));
  const changed = new Map<string, PolicyRule[]>();
  for (let pass = 0; pass <= all.length; pass++) {
    let progress = false;
    const roles = [...current.values()];
    for (const role of roles) {
      if (!role.aggregationRule) continue;
      const rules = aggregatedRules(role, roles);
      if (sameRules(rules, role.rules)) continue;
      const name = role.metadata?.name ?? '';
      current.set(name, { ...role, rules });
      changed.set(name, rules);
      progress = true;
    }
    if (!progress) break;
  }
  return [...changed].map(([name, rules]) => ({ name, rules }));
}
