import type { WatchEvent } from '../../shared/api/object';
import type { ObjectFilter } from '../../shared/apiserver/list-filter';
import type { LoggedEvent } from './object-table';

const encoder = new TextEncoder();

interface Watcher {
  resource: string;
  filter: ObjectFilter;
  writer: WritableStreamDefaultWriter<Uint8Array>;
  timers: ReturnType<typeof setTimeout>[];
  closed: boolean;
}

/**
 * Translates a logged change into what a filtered watcher sees: an object that starts matching
 * arrives as ADDED, one that stops matching leaves as DELETED (upstream's watch cache does this).
 */
export function eventFor(e: LoggedEvent, filter: ObjectFilter): WatchEvent | null {
  if (filter.empty) return { type: e.type, object: e.object };
  const now = e.type !== 'DELETED' && filter.matches(e.object);
  const before = e.prev !== null && filter.matches(e.prev);
  if (e.type === 'DELETED') return filter.matches(e.object) ? { type: 'DELETED', object: e.object } : null;
  if (now && before) return { type: 'MODIFIED', object: e.object };
  if (now) return { type: 'ADDED', object: e.object };
  if (before) return { type: 'DELETED', object: e.object };
  return null;
}

export function encodeEvent(event: WatchEvent): Uint8Array {
  return encoder.encode(JSON.stringify(event) + '\n');
}

/** The live watchers of one store; streams newline-delimited watch events to each. */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();

  get size(): number {
    return this.watchers.size;
  }

  /**
   * Opens a stream. `replay` writes the initial events synchronously, before any later commit can
   * be published, so a watch resumes with no gap and no duplicate.
   */
  open(
    resource: string,
    filter: ObjectFilter,
    replay: (send: (e: WatchEvent) => void) => void,
    opts: { timeoutMs?: number; bookmarkMs?: number; bookmark?: () => WatchEvent },
  ): ReadableStream<Uint8Array> {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const w: Watcher = { resource, filter, writer: writable.getWriter(), timers: [], closed: false };
    replay((e) => this.write(w, e));
    this.watchers.add(w);
    if (opts.timeoutMs) w.timers.push(setTimeout(() => this.close(w), opts.timeoutMs));
    if (opts.bookmarkMs && opts.bookmark) {
      const tick = (): void => {
        if (w.closed) return;
        this.write(w, opts.bookmark!());
        w.timers.push(setTimeout(tick, opts.bookmarkMs));
      };
      w.timers.push(setTimeout(tick, opts.bookmarkMs));
    }
    return readable;
  }

  /** Sends one committed change to every watcher of its resource. */
  publish(e: LoggedEvent): void {
    for (const w of this.watchers) {
      if (w.resource !== e.resource) continue;
      const event = eventFor(e, w.filter);
      if (event) this.write(w, event);
    }
  }

  /** Ends every watcher of a resource (or all), e.g. when a namespace goes away. */
  closeAll(resource?: string): void {
    for (const w of this.watchers) if (!resource || w.resource === resource) this.close(w);
  }

  private write(w: Watcher, e: WatchEvent): void {
    if (w.closed) return;
    w.writer.write(encodeEvent(e)).catch(() => this.close(w));
  }

  private close(w: Watcher): void {
    if (w.closed) return;
    w.closed = true;
    w.timers.forEach(clearTimeout);
    this.watchers.delete(w);
    w.writer.close().catch(() => undefined);
  }
}
