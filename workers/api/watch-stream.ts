import { clock } from '../../platform/clock';
import type { KubeObject, WatchEvent } from '../../shared/api/object';
import { servedAsStored } from '../../shared/apiserver/conversion';
import { encodeComposite, type StoreVersions } from '../../shared/apiserver/resource-version';
import type { WatchRequest } from '../../shared/apiserver/store-protocol';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import { CLUSTER_STORE, namespaceStore, storeStub } from '../../platform/stores';
import { type Env } from '../../platform/env';
import { objectBody, type OutputFormat } from './output';

const encoder = new TextEncoder();

/** Headers of every watch response: sent at once, never compressed (a gzip layer would hold the stream). */
const WATCH_HEADERS = {
  'content-type': 'application/json',
  'content-encoding': 'identity',
  'cache-control': 'no-cache, private',
  'x-content-type-options': 'nosniff',
};

/** Splits a byte stream into lines and calls `onLine` for each. Resolves when the stream ends. */
async function forEachLine(stream: ReadableStream<Uint8Array>, onLine: (line: string) => Promise<void> | void): Promise<void> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line) await onLine(line);
      }
    }
    if (buf.trim()) await onLine(buf);
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  } finally {
    reader.releaseLock();
  }
}

/**
 * Presents one raw store event in the client's version and format. Table rows are rendered when the event is
 * sent, as upstream's apiserver prints each watch event: AGE and other relative times are as of that moment,
 * not of the watch's start (`kubectl get -w` would show a frozen AGE otherwise).
 */
function presentEvent(fmt: OutputFormat, event: WatchEvent, first: boolean): WatchEvent {
  if (event.type === 'ERROR' || event.type === 'BOOKMARK') return event;
  return { type: event.type, object: objectBody({ ...fmt, now: clock.now() }, event.object, first) as KubeObject };
}

/** Raw store lines can go out as they are only when the client reads the stored form (group and version). */
function needsTransform(fmt: OutputFormat): boolean {
  return fmt.table || !servedAsStored(fmt.def, fmt.version);
}

/** A watch on one store: its stream, passed through or re-encoded line by line. */
export async function singleStoreWatch(env: Env, storeName: string, req: WatchRequest, fmt: OutputFormat): Promise<Response> {
  const source = await storeStub(env, storeName).watch(req);
  if (!needsTransform(fmt)) return new Response(source, { headers: WATCH_HEADERS });
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  let first = true;
  const pump = forEachLine(source, async (line) => {
    const event = presentEvent(fmt, JSON.parse(line) as WatchEvent, first);
    first = false;
    await writer.write(encoder.encode(JSON.stringify(event) + '\n'));
  });
  pump.then(
    () => writer.close().catch(() => undefined),
    () => writer.abort().catch(() => undefined),
  );
  return new Response(readable, { headers: WATCH_HEADERS });
}

const NAMESPACE_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Namespace')!;

/**
 * A watch across all namespaces: one stream per namespace store, merged, plus a watch on
 * namespaces so stores of namespaces created later join. Bookmarks carry the composite
 * resourceVersion of every store seen so far.
 */
export async function mergedWatch(
  env: Env,
  req: WatchRequest,
  from: StoreVersions | undefined,
  fmt: OutputFormat,
): Promise<Response> {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const versions: StoreVersions = { ...(from ?? {}) };
  const open = new Set<string>();
  let closed = false;
  let first = true;

  const close = (): void => {
    if (closed) return;
    closed = true;
    writer.close().catch(() => undefined);
  };
  const send = async (event: WatchEvent): Promise<void> => {
    if (closed) return;
    try {
      await writer.write(encoder.encode(JSON.stringify(event) + '\n'));
    } catch {
      close();
    }
  };

  const follow = async (namespace: string): Promise<void> => {
    if (open.has(namespace) || closed) return;
    open.add(namespace);
    const rv = from && namespace in from ? String(from[namespace]) : undefined;
    const stream = await storeStub(env, namespaceStore(namespace))
      .watch({ ...req, resourceVersion: rv, timeoutSeconds: undefined })
      .catch(() => undefined);
    if (!stream) return;
    await forEachLine(stream, async (line) => {
      if (closed) throw new Error('closed');
      const event = JSON.parse(line) as WatchEvent;
      const objRv = event.object?.metadata?.resourceVersion;
      if (objRv && event.type !== 'ERROR') versions[namespace] = Number(objRv);
      if (event.type === 'BOOKMARK') {
        await send({ type: 'BOOKMARK', object: { ...event.object, metadata: { resourceVersion: encodeComposite(versions) } } });
        return;
      }
      await send(presentEvent(fmt, event, first));
      first = false;
    }).catch(() => undefined);
  };

  // namespaces come and go: follow the namespace list itself
  const namespaces = await storeStub(env, CLUSTER_STORE).watch({ def: NAMESPACE_DEF });
  void forEachLine(namespaces, async (line) => {
      if (closed) throw new Error('closed');
      const event = JSON.parse(line) as WatchEvent;
      const name = event.object?.metadata?.name;
      if (name && (event.type === 'ADDED' || event.type === 'MODIFIED')) void follow(name);
  }).catch(() => undefined);
  if (req.timeoutSeconds) setTimeout(close, req.timeoutSeconds * 1000);
  return new Response(readable, { headers: WATCH_HEADERS });
}
