import type { Pod } from 'kubernetes-types/core/v1';
import { matchesLabels, type LabelRequirement } from '../../selectors';
import { parsedSelector } from './parsed-selector';
import { isEqualityTerm, labelKey } from './pod-label-index';

interface Entry {
  selector: string;
  /** null: the text does not parse, and selects nothing. */
  reqs: readonly LabelRequirement[] | null;
  /** The labelKeys it is filed under; empty: it has no equality term and is checked against every pod. */
  keys: string[];
}

/**
 * The scale selectors of a namespace's HPAs by HPA name, for the AmbiguousSelector check (upstream's
 * hpaSelectors, whose ReverseSelect gives the HPAs selecting a pod). Each selector is filed under the
 * labels of one of its equality terms, so a pod is checked only against the HPAs that could select it
 * (and those without an equality term) instead of every HPA of the namespace. A null selector (not
 * known yet) or one that does not parse selects nothing.
 * @example HpaSelectorIndex.of({ b: 'app=b' }).selecting(pods, 'a') // names of the HPAs but `a` selecting any of `pods`
 */
export class HpaSelectorIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byLabel = new Map<string, Set<string>>();
  private readonly unindexed = new Set<string>();

  /** An index of these selectors by HPA name. */
  static of(selectors: Readonly<Record<string, string | null>>): HpaSelectorIndex {
    const index = new HpaSelectorIndex();
    for (const [name, selector] of Object.entries(selectors)) index.put(name, selector);
    return index;
  }

  /** Sets (or replaces) the selector of HPA `name`. */
  put(name: string, selector: string | null): void {
    if (this.entries.get(name)?.selector === selector) return;
    this.delete(name);
    if (selector === null) return;
    let reqs: readonly LabelRequirement[] | null;
    try {
      reqs = parsedSelector(selector);
    } catch {
      reqs = null;
    }
    const term = reqs?.find(isEqualityTerm);
    const keys = term ? term.values.map((v) => labelKey(term.key, v)) : [];
    this.entries.set(name, { selector, reqs, keys });
    if (reqs === null) return;
    if (!term) this.unindexed.add(name);
    for (const k of keys) {
      const names = this.byLabel.get(k);
      if (names) names.add(name);
      else this.byLabel.set(k, new Set([name]));
    }
  }

  /** Forgets HPA `name`. */
  delete(name: string): void {
    const e = this.entries.get(name);
    if (!e) return;
    this.entries.delete(name);
    this.unindexed.delete(name);
    for (const k of e.keys) {
      const names = this.byLabel.get(k);
      names?.delete(name);
      if (names?.size === 0) this.byLabel.delete(k);
    }
  }

  /** The HPAs other than `self` whose selector selects at least one of `pods` (in no particular order). */
  selecting(pods: readonly Pod[], self: string): Set<string> {
    const out = new Set<string>();
    for (const p of pods) {
      const labels = p.metadata?.labels;
      if (labels) for (const k in labels) if (Object.prototype.hasOwnProperty.call(labels, k)) this.check(this.byLabel.get(labelKey(k, labels[k]!)), labels, self, out);
      this.check(this.unindexed, labels, self, out);
    }
    return out;
  }

  private check(names: Set<string> | undefined, labels: Record<string, string> | undefined, self: string, out: Set<string>): void {
    if (!names) return;
    for (const name of names) {
      if (name === self || out.has(name)) continue;
      if (matchesLabels(this.entries.get(name)!.reqs, labels)) out.add(name);
    }
  }
}
