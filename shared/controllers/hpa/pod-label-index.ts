import type { Pod } from 'kubernetes-types/core/v1';
import { matchesLabels, type LabelRequirement } from '../../selectors';

/** The index key of one label (a NUL cannot occur in a label key or value). */
export const labelKey = (key: string, value: string): string => `${key}\u0000${value}`;

/** Whether a requirement holds only for pods carrying one of its values under its key (so an index by label can narrow it). */
export const isEqualityTerm = (r: LabelRequirement): boolean => r.operator === '=' || r.operator === '==' || r.operator === 'in';

const NONE: readonly number[] = [];

/**
 * A namespace's pods indexed by label, so a selector with an equality term (`app=web`,
 * `app in (a,b)`) checks only the pods carrying one of its values instead of every pod (an HPA sync
 * selects its pods twice: for the selector check and for its resource metrics). The index is built at
 * the first select and serves every select over the same pods (a pool view serves the syncs of a few
 * cluster seconds). The result is what filtering `pods` with matchesLabels gives, in the same order.
 * @example new PodLabelIndex(pods).select(parseLabelSelector('app=web')) // the pods labelled app=web
 */
export class PodLabelIndex {
  /** Positions in `pods` by labelKey, ascending. */
  private byLabel?: Map<string, number[]>;

  constructor(readonly pods: readonly Pod[]) {}

  /** The pods `reqs` matches (null: none, upstream's Nothing()), in list order. */
  select(reqs: readonly LabelRequirement[] | null): Pod[] {
    if (reqs === null) return [];
    // the equality term with the fewest candidates narrows the scan; matchesLabels still decides
    let candidates: readonly number[] | undefined;
    for (const r of reqs) {
      if (!isEqualityTerm(r)) continue;
      const at = this.positions(r);
      if (candidates === undefined || at.length < candidates.length) candidates = at;
      if (candidates.length === 0) return [];
    }
    const out: Pod[] = [];
    if (candidates === undefined) {
      for (const p of this.pods) if (matchesLabels(reqs, p.metadata?.labels)) out.push(p);
      return out;
    }
    for (const i of candidates) {
      const p = this.pods[i]!;
      if (matchesLabels(reqs, p.metadata?.labels)) out.push(p);
    }
    return out;
  }

  /** Positions of the pods carrying one of the term's values under its key, ascending. */
  private positions(r: LabelRequirement): readonly number[] {
    const index = (this.byLabel ??= this.build());
    if (r.values.length === 1) return index.get(labelKey(r.key, r.values[0]!)) ?? NONE;
    const at = new Set<number>();
    for (const v of r.values) for (const i of index.get(labelKey(r.key, v)) ?? NONE) at.add(i);
    return [...at].sort((a, b) => a - b);
  }

  private build(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    this.pods.forEach((p, i) => {
      const labels = p.metadata?.labels;
      if (!labels) return;
      for (const [k, v] of Object.entries(labels)) {
        const key = labelKey(k, v);
        const at = index.get(key);
        if (at) at.push(i);
        else index.set(key, [i]);
      }
    });
    return index;
  }
}
