import type { StoredObject } from '../api/object';
import { decodeContinue, encodeComposite, encodeContinue } from '../apiserver/resource-version';
import type { ListResult } from '../apiserver/store-protocol';

export interface MergeOptions {
  limit?: number;
  continue?: string;
  /** With a selector the remaining count is unknown (upstream omits it). */
  filtered?: boolean;
}

/**
 * Merges per-namespace store lists into one all-namespace list: items in namespace/name order,
 * the resourceVersion the composite of the stores' counters, pages continuing after
 * `namespace/name` and pinned to the first page's version. Same rules as workers/api/list-all.ts.
 */
export function mergeNamespaceLists(results: { namespace: string; result: ListResult }[], opts: MergeOptions): ListResult {
  let start = '';
  let pinned: string | undefined;
  if (opts.continue) {
    const token = decodeContinue(opts.continue);
    start = token.start;
    pinned = token.rv;
  }
  const versions: Record<string, number> = {};
  const all: StoredObject[] = [];
  for (const { namespace, result } of results) {
    versions[namespace] = Number(result.resourceVersion);
    all.push(...result.items);
  }
  const key = (o: StoredObject): string => `${o.metadata.namespace}/${o.metadata.name}`;
  // sort by the very key the continue token compares, or a page boundary between namespaces
  // "a" and "a-b" ('-' sorts before '/') would skip items
  all.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const after = start ? all.filter((o) => key(o) > start) : all;
  const resourceVersion = pinned ?? encodeComposite(versions);
  const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
  if (after.length <= limit) return { items: after, resourceVersion };
  const items = after.slice(0, limit);
  const out: ListResult = { items, resourceVersion, continue: encodeContinue({ rv: resourceVersion, start: key(items[items.length - 1]!) }) };
  if (!opts.filtered) out.remainingItemCount = after.length - limit;
  return out;
}
