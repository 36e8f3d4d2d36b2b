/** Sorted, disjoint, non-adjacent closed intervals of completion indexes (upstream's orderedIntervals). */
export type Intervals = { first: number; last: number }[];

/**
 * parseIndexesFromString: `1,3-5,7` → intervals, ignoring corrupt parts, indexes at or past
 * `completions` dropped (an interval crossing it is cut), adjacent parts joined.
 */
export function parseIndexes(s: string | undefined, completions: number): Intervals {
  const out: Intervals = [];
  if (!s) return out;
  for (const part of s.split(',')) {
    const limits = part.split('-');
    const first = goAtoi(limits[0]!);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const l = goAtoi(limits[1]!);
      if (l === undefined) continue;
      last = Math.min(l, completions - 1);
    }
    const prev = out[out.length - 1];
    if (prev && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}

/** strconv.Atoi: an optional sign and decimal digits, nothing else. */
function goAtoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** orderedIntervals.String: `a`, `a,b` for two neighbours, `a-b` for longer runs. */
export function formatIntervals(iv: Intervals): string {
  return iv.map((v) => (v.last > v.first ? `${v.first}${v.last === v.first + 1 ? ',' : '-'}${v.last}` : `${v.first}`)).join(',');
}

/** The union of two interval lists, overlapping and adjacent intervals joined (orderedIntervals.merge). */
export function mergeIntervals(a: Intervals, b: Intervals): Intervals {
  const all = [...a, ...b].sort((x, y) => x.first - y.first);
  const out: Intervals = [];
  for (const v of all) {
    const prev = out[out.length - 1];
    if (prev && v.first <= prev.last + 1) prev.last = Math.max(prev.last, v.last);
    else out.push({ ...v });
  }
  return out;
}

/** withOrderedIndexes: the intervals plus single indexes. */
export function withIndexes(iv: Intervals, indexes: number[]): Intervals {
  return mergeIntervals(iv, indexes.map((i) => ({ first: i, last: i })));
}

export function intervalsTotal(iv: Intervals): number {
  return iv.reduce((n, v) => n + v.last - v.first + 1, 0);
}

export function intervalsHas(iv: Intervals | undefined, ix: number): boolean {
  return (iv ?? []).some((v) => v.first <= ix && ix <= v.last);
}
