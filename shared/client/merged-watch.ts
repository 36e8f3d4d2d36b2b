import type { WatchEvent } from '../api/object';
import { encodeComposite, type StoreVersions } from '../apiserver/resource-version';
import type { StoreApi, WatchRequest } from '../apiserver/store-protocol';
import { AsyncChannel } from './async-channel';
import type { Schedule } from '../clock/clock';
import { watchLines } from './watch-lines';
import { NAMESPACE_DEF } from '../api/resource-defs';

export interface MergedWatchOptions {
  storeOf: (storeName: string) => StoreApi;
  req: WatchRequest;
  /** Per-namespace counters from a composite resourceVersion; namespaces missing start fresh. */
  from?: StoreVersions;
  signal?: AbortSignal;
  schedule: Schedule;
  present: (e: WatchEvent) => WatchEvent;
}

/**
 * A watch across all namespaces over store RPC: one stream per namespace store, merged, plus a
 * watch on namespaces so stores of namespaces created later join (as workers/api/watch-stream.ts
 * does for HTTP). Bookmarks carry the composite resourceVersion of every store seen so far.
 */
export function mergedWatch(o: MergedWatchOptions): AsyncIterable<WatchEvent> {
  const inner = new AbortController();
  const channel = new AsyncChannel<WatchEvent>(() => inner.abort());
  const versions: StoreVersions = { ...(o.from ?? {}) };
  const followed = new Set<string>();
  const fail = (e: unknown): void => {
    if (!inner.signal.aborted) channel.fail(e);
  };
  if (o.signal?.aborted) channel.close();
  o.signal?.addEventListener('abort', () => channel.close(), { once: true });
  if (o.req.timeoutSeconds) {
    const cancel = o.schedule(o.req.timeoutSeconds * 1000, () => channel.close());
    inner.signal.addEventListener('abort', cancel, { once: true });
  }

  const follow = async (ns: string): Promise<void> => {
    if (followed.has(ns) || channel.closed) return;
    followed.add(ns);
    const rv = ns in versions ? String(versions[ns]) : undefined;
    const stream = await o.storeOf(`ns:${ns}`).watch({ ...o.req, resourceVersion: rv, timeoutSeconds: undefined });
    for await (const event of watchLines(stream, inner.signal)) {
      const objRv = event.object.metadata?.resourceVersion;
      if (objRv) versions[ns] = Number(objRv);
      if (event.type === 'BOOKMARK') {
        channel.push({ type: 'BOOKMARK', object: { ...event.object, metadata: { resourceVersion: encodeComposite(versions) } } });
      } else channel.push(o.present(event));
    }
  };

  const followNamespaces = async (): Promise<void> => {
    const stream = await o.storeOf('cluster').watch({ def: NAMESPACE_DEF });
    for await (const event of watchLines(stream, inner.signal)) {
      const name = event.object.metadata?.name;
      if (name && (event.type === 'ADDED' || event.type === 'MODIFIED')) follow(name).catch(fail);
    }
  };
  if (!channel.closed) followNamespaces().catch(fail);
  return channel;
}
