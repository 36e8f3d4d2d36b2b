import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1';
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from 'kubernetes-types/core/v1';

/** A compiled label predicate. */
export type LabelMatcher = (labels: Record<string, string>) => boolean;

const NEVER: LabelMatcher = () => false;
const ALWAYS: LabelMatcher = () => true;

function requirement(r: LabelSelectorRequirement): LabelMatcher {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return (l) => r.key in l && values.includes(l[r.key]!);
    case 'NotIn':
      return (l) => !(r.key in l) || !values.includes(l[r.key]!);
    case 'Exists':
      return (l) => r.key in l;
    case 'DoesNotExist':
      return (l) => !(r.key in l);
    default:
      return NEVER;
  }
}

/**
 * metav1.LabelSelectorAsSelector: a missing selector matches nothing, an empty one everything.
 * @example compileLabelSelector({ matchLabels: { app: 'web' } })({ app: 'web' }) === true
 */
export function compileLabelSelector(sel: LabelSelector | undefined | null): LabelMatcher {
  if (!sel) return NEVER;
  const parts: LabelMatcher[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) parts.push((l) => l[k] === v);
  for (const r of sel.matchExpressions ?? []) parts.push(requirement(r));
  if (parts.length === 0) return ALWAYS;
  if (parts.length === 1) return parts[0]!;
  return (l) => parts.every((p) => p(l));
}

/** labels.SelectorFromSet: every key/value must be present; an empty set matches everything. */
export function compileSetSelector(set: Record<string, string> | undefined): LabelMatcher {
  return compileLabelSelector({ matchLabels: set ?? {} });
}

function parseInt64(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** One NodeSelectorRequirement against a map (labels or fields), all operators including Gt/Lt. */
export function nodeRequirementMatches(r: NodeSelectorRequirement, l: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(l, r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(l[r.key]!);
    case 'NotIn':
      return !has || !values.includes(l[r.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const a = parseInt64(l[r.key]!);
      const b = parseInt64(values[0]!);
      if (a === undefined || b === undefined) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: expressions and fields ANDed; a term with neither matches no node. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const r of exprs) if (!nodeRequirementMatches(r, labels)) return false;
  if (fields.length > 0) {
    const f = { 'metadata.name': node.metadata?.name ?? '' };
    for (const r of fields) {
      if (r.key !== 'metadata.name' || !nodeRequirementMatches(r, f)) return false;
    }
  }
  return true;
}

/** Terms are ORed (v1.NodeSelector). */
export function nodeSelectorMatches(terms: NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => nodeSelectorTermMatches(t, node));
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match: spec.nodeSelector AND required node affinity. */
export function compileRequiredNodeAffinity(pod: Pod): (node: Node) => boolean {
  const sel = pod.spec?.nodeSelector;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const selMatch = sel && Object.keys(sel).length > 0 ? compileSetSelector(sel) : null;
  if (!selMatch && !terms) return () => true;
  return (node) => {
    if (selMatch && !selMatch(node.metadata?.labels ?? {})) return false;
    if (terms && !nodeSelectorMatches(terms, node)) return false;
    return true;
  };
}
