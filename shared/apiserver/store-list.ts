import { ApiError } from '../api/errors';
import type { StoredObject, WatchEvent } from '../api/object';
import { compileFilter, type ObjectFilter } from './list-filter';
import { listText } from './list-text';
import { continueExpired, decodeContinue, encodeContinue, isComposite, parseStoreVersion, tooLargeResourceVersion } from './resource-version';
import { storageKeyOf, storageOf } from './storage-resource';
import type { ListRequest, ListResult, WatchRequest } from './store-protocol';
import type { StoreTable } from './store-table';
import { bookmarkEvent, eventFor } from './watch-event';

/** Bookmark period when the client asks for bookmarks but names no interval. */
export const DEFAULT_BOOKMARK_MS = 60_000;

/**
 * A single-store list: resourceVersion is the store's counter, Exact on anything but the current
 * counter is 410 Expired, a future one is 504 Timeout, pages are name-ordered with a continue
 * token that pins the list's resourceVersion.
 */
export function listStore(table: StoreTable, req: ListRequest): ListResult {
  const resource = storageKeyOf(req.def);
  const filter = compileFilter(req.def.group, req.def.kind, req, storageOf(req.def).group);
  const current = table.resourceVersion;
  if (req.resourceVersion && req.resourceVersion !== '0') {
    const want = parseStoreVersion(req.resourceVersion);
    if (req.resourceVersionMatch === 'Exact' && want !== current) {
      throw new ApiError(410, 'Expired', `too old resource version: ${want} (${current})`);
    }
    if (want > current) throw tooLargeResourceVersion(want, current);
  }
  let start = '';
  let rv = String(current);
  if (req.continue) {
    ({ start, rv } = decodeContinue(req.continue));
    // the list the token continues is older than the event log: upstream's compacted-continue 410
    if (!isComposite(rv) && parseStoreVersion(rv) < table.compactedVersion) throw continueExpired();
  }
  const limit = req.limit && req.limit > 0 ? req.limit : Infinity;
  const page = req.asJson ? jsonPage(table, resource, start, filter, limit) : objectPage(table, resource, start, filter, limit);
  const result: ListResult = { items: page.items, resourceVersion: rv };
  if (page.more) {
    const last = page.lastName!;
    result.continue = encodeContinue({ rv, start: last });
    if (filter.empty) result.remainingItemCount = table.count(resource, last);
  }
  if (req.asJson) result.body = listText(req.def, page.json, result);
  return result;
}

interface Page {
  items: StoredObject[];
  /** With ListRequest.asJson: the items' stored JSON texts joined with commas. */
  json: string;
  more: boolean;
  lastName?: string;
}

function objectPage(table: StoreTable, resource: string, start: string, filter: ObjectFilter, limit: number): Page {
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
  return { items, json: '', more, lastName: items[items.length - 1]?.metadata.name };
}

/** The same page as stored JSON text: parsed only when a selector has to look inside. */
function jsonPage(table: StoreTable, resource: string, start: string, filter: ObjectFilter, limit: number): Page {
  if (filter.empty) {
    // one read of up to limit + 1 rows, the last only saying whether another page follows
    const rows = table.pageJson(resource, start, limit === Infinity ? -1 : limit + 1);
    const more = rows.length > limit;
    if (more) rows.pop();
    return { items: [], json: rows.map((r) => r.body).join(','), more, lastName: rows[rows.length - 1]?.name };
  }
  const json: string[] = [];
  let more = false;
  let lastName: string | undefined;
  for (const row of table.scanJson(resource, start)) {
    if (!filter.empty && !filter.matches(JSON.parse(row.json) as StoredObject)) continue;
    if (json.length >= limit) {
      more = true;
      break;
    }
    json.push(row.json);
    lastName = row.name;
  }
  return { items: [], json: json.join(','), more, lastName };
}

/** How to serve one watch, for a transport (WatchHub, MemoryWatchers) to stream. */
export interface WatchPlan {
  resource: string;
  filter: ObjectFilter;
  /** Writes the initial events; the transport runs it before any later commit is published. */
  replay(send: (e: WatchEvent) => void): void;
  timeoutMs?: number;
  bookmarkMs?: number;
  bookmark(): WatchEvent;
}

/**
 * Plans a watch: from no resourceVersion (or '0') an ADDED per current object, otherwise every
 * logged event after it. Throws 400 on bad selectors or versions and 410 Expired for a version
 * the log no longer holds.
 */
export function planWatch(table: StoreTable, req: WatchRequest): WatchPlan {
  const resource = storageKeyOf(req.def);
  const filter = compileFilter(req.def.group, req.def.kind, req, storageOf(req.def).group);
  const from = req.resourceVersion && req.resourceVersion !== '0' ? parseStoreVersion(req.resourceVersion) : undefined;
  if (from !== undefined && from < table.compactedVersion) {
    throw new ApiError(410, 'Expired', `too old resource version: ${from} (${table.compactedVersion})`);
  }
  if (from !== undefined && from > table.resourceVersion) throw tooLargeResourceVersion(from, table.resourceVersion);
  return {
    resource,
    filter,
    replay(send) {
      if (from === undefined) {
        for (const obj of table.scan(resource)) if (filter.matches(obj)) send({ type: 'ADDED', object: obj });
        return;
      }
      for (const e of table.eventsSince(resource, from)) {
        const ev = eventFor(e, filter);
        if (ev) send(ev);
      }
    },
    timeoutMs: req.timeoutSeconds ? req.timeoutSeconds * 1000 : undefined,
    bookmarkMs: req.allowWatchBookmarks ? (req.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_MS) : undefined,
    bookmark: () => bookmarkEvent(req.def, String(table.resourceVersion)),
  };
}
