import { ApiError } from '../api/errors';
import type { StoredObject } from '../api/object';
import { resourceKey } from '../api/registry';
import { compileFilter } from '../apiserver/list-filter';
import { decodeContinue, encodeContinue, parseStoreVersion } from '../apiserver/resource-version';
import type { ListRequest, ListResult } from '../apiserver/store-protocol';
import type { MemoryTable } from './memory-table';

/**
 * A single-store list with the store's rules: resourceVersion is the counter, Exact on anything
 * but the current counter is 410, a future one is 504, pages are name-ordered with a continue
 * token that pins the list's resourceVersion. (Same rules as ObjectStore.doList.)
 */
export function listTable(table: MemoryTable, req: ListRequest): ListResult {
  const resource = resourceKey(req.def.group, req.def.plural);
  const filter = compileFilter(req.def.group, req.def.kind, req);
  const current = table.resourceVersion;
  if (req.resourceVersion && req.resourceVersion !== '0') {
    const want = parseStoreVersion(req.resourceVersion);
    if (req.resourceVersionMatch === 'Exact' && want !== current) {
      throw new ApiError(410, 'Expired', `too old resource version: ${want} (${current})`);
    }
    if (want > current) throw new ApiError(504, 'Timeout', `Too large resource version: ${want}, current: ${current}`, { retryAfterSeconds: 1 });
  }
  let start = '';
  let rv = String(current);
  if (req.continue) ({ start, rv } = decodeContinue(req.continue));
  const limit = req.limit && req.limit > 0 ? req.limit : Infinity;
  const items: StoredObject[] = [];
  let more = false;
  for (const obj of table.scan(resource, start)) {
    if (!filter.matches(obj)) continue;
    if (items.length >= limit) {
      more = true;
      break;
    }
    items.push(obj);
  }
  const result: ListResult = { items, resourceVersion: rv };
  if (more) {
    const last = items[items.length - 1]!.metadata.name;
    result.continue = encodeContinue({ rv, start: last });
    if (filter.empty) result.remainingItemCount = table.count(resource, last);
  }
  return result;
}
