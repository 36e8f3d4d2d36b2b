import { clock } from '../../platform/clock';
import { realTimeSchedule } from '../../shared/clock/clock';
import type { KubeObject, WatchEvent } from '../../shared/api/object';
import { encodeComposite, type StoreVersions } from '../../shared/apiserver/resource-version';
import type { WatchRequest } from '../../shared/apiserver/store-protocol';
import { CLUSTER_STORE, namespaceStore } from '../../platform/stores';
import { type Env } from '../../platform/env';
import { objectBody, servesAsStored, type OutputFormat } from './output';
import { LineSplitter, openStoreWatch, type StoreWatch } from './store-watch';
import { NAMESPACE_DEF } from '../../shared/api/resource-defs';

const encoder = new TextEncoder();

/** Headers of every watch response: sent at once, never compressed (a gzip layer would hold the stream). */
const WATCH_HEADERS = {
  'content-type': 'application/json',
  'content-encoding': 'identity',
  'cache-control': 'no-cache, private',
  'x-content-type-options': 'nosniff',
};

/**
 * Presents one raw store event in the client's version and format. Table rows are rendered when the event is
 * sent, as upstream's apiserver prints each watch event: AGE and other relative times are as of that moment,
 * not of the watch's start (`kubectl get -w` would show a frozen AGE otherwise).
 */
function presentEvent(fmt: OutputFormat, event: WatchEvent, first: boolean): WatchEvent {
  if (event.type === 'ERROR' || event.type === 'BOOKMARK') return event;
  return { type: event.type, object: objectBody({ ...fmt, now: clock.now() }, event.object, first) as KubeObject };
}

/**
 * A watch on one store: its lines passed through, or re-encoded one by one when the client reads another
 * form. When the client goes away (`signal`, the request's: wrangler.toml's enable_request_signal makes it
 * abort on disconnect) the store's watch is ended from the store's side (StoreWatch).
 */
export async function singleStoreWatch(env: Env, storeName: string, req: WatchRequest, fmt: OutputFormat, signal: AbortSignal): Promise<Response> {
  const watch = await openStoreWatch(env, storeName, req);
  if (signal.aborted) watch.end();
  else signal.addEventListener('abort', () => watch.end());
  // raw store lines go out as they are only when the client reads the stored form
  const transform = !servesAsStored(fmt);
  const lines = new LineSplitter();
  let first = true;
  const present = (batch: string[]): Uint8Array | undefined => {
    if (batch.length === 0) return undefined;
    const out = batch.map((line) => {
      const event = presentEvent(fmt, JSON.parse(line) as WatchEvent, first);
      first = false;
      return JSON.stringify(event) + '\n';
    });
    return encoder.encode(out.join(''));
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { value, done } = await watch.read();
        if (done) {
          const rest = transform ? present(lines.flush()) : undefined;
          if (rest) controller.enqueue(rest);
          controller.close();
          return;
        }
        const out = transform ? present(lines.push(value)) : value;
        if (out) return controller.enqueue(out);
      }
    },
    cancel: () => watch.end(),
  });
  return new Response(body, { headers: WATCH_HEADERS });
}

/** Calls `onLine` for each line of a store watch until the watch ends or `onLine` throws (then ends it). */
async function forEachLine(watch: StoreWatch, onLine: (line: string) => Promise<void> | void): Promise<void> {
  const lines = new LineSplitter();
  try {
    for (;;) {
      const { value, done } = await watch.read();
      for (const line of done ? lines.flush() : lines.push(value)) await onLine(line);
      if (done) return;
    }
  } finally {
    watch.end();
  }
}

/**
 * A watch across all namespaces: one stream per namespace store, merged, plus a watch on
 * namespaces so stores of namespaces created later join. Bookmarks carry the composite
 * resourceVersion of every store seen so far. When the client goes away (`signal`) or the timeout
 * passes, every store watch is ended from its store's side.
 */
export async function mergedWatch(
  env: Env,
  req: WatchRequest,
  from: StoreVersions | undefined,
  fmt: OutputFormat,
  signal: AbortSignal,
): Promise<Response> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const versions: StoreVersions = { ...(from ?? {}) };
  const open = new Set<string>();
  const watches = new Set<StoreWatch>();
  let closed = false;
  let first = true;

  const close = (): void => {
    if (closed) return;
    closed = true;
    for (const w of watches) w.end();
    writer.close().catch(() => undefined);
  };
  if (signal.aborted) close();
  else signal.addEventListener('abort', close);
  writer.closed.catch(close);
  const send = async (event: WatchEvent): Promise<void> => {
    if (closed) return;
    try {
      await writer.write(encoder.encode(JSON.stringify(event) + '\n'));
    } catch {
      close();
    }
  };
  const watchStore = async (storeName: string, r: WatchRequest, onLine: (line: string) => Promise<void> | void): Promise<void> => {
    const watch = await openStoreWatch(env, storeName, r).catch(() => undefined);
    if (!watch) return;
    if (closed) return watch.end();
    watches.add(watch);
    await forEachLine(watch, async (line) => {
      if (closed) throw new Error('closed');
      await onLine(line);
    }).catch(() => undefined);
    watches.delete(watch);
  };

  const follow = async (namespace: string): Promise<void> => {
    if (open.has(namespace) || closed) return;
    open.add(namespace);
    const rv = from && namespace in from ? String(from[namespace]) : undefined;
    await watchStore(namespaceStore(namespace), { ...req, resourceVersion: rv, timeoutSeconds: undefined }, async (line) => {
      const event = JSON.parse(line) as WatchEvent;
      const objRv = event.object?.metadata?.resourceVersion;
      if (objRv && event.type !== 'ERROR') versions[namespace] = Number(objRv);
      if (event.type === 'BOOKMARK') {
        await send({ type: 'BOOKMARK', object: { ...event.object, metadata: { resourceVersion: encodeComposite(versions) } } });
        return;
      }
      await send(presentEvent(fmt, event, first));
      first = false;
    });
  };

  // namespaces come and go: follow the namespace list itself
  void watchStore(CLUSTER_STORE, { def: NAMESPACE_DEF }, (line) => {
    const event = JSON.parse(line) as WatchEvent;
    const name = event.object?.metadata?.name;
    if (name && (event.type === 'ADDED' || event.type === 'MODIFIED')) void follow(name);
  });
  if (req.timeoutSeconds) realTimeSchedule(req.timeoutSeconds * 1000, close);
  return new Response(readable, { headers: WATCH_HEADERS });
}
