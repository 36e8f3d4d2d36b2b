import type { WatchEvent } from '../../shared/api/object';
import type { ObjectFilter } from '../../shared/apiserver/list-filter';
import type { WatchPlan } from '../../shared/apiserver/store-list';
import type { LoggedEvent } from '../../shared/apiserver/store-table';
import { encodeEvent, eventFor } from '../../shared/apiserver/watch-event';
import { realTimeSchedule, type Schedule } from '../../shared/clock/clock';

interface Watcher {
  /** The consumer's name for this watch, so it can ask for the end (stop) instead of cancelling the stream. */
  id?: string;
  resource: string;
  filter: ObjectFilter;
  writer: WritableStreamDefaultWriter<Uint8Array>;
  /** Cancels of its timers (timeout, next bookmark). */
  timers: (() => void)[];
  closed: boolean;
}

/**
 * The live watchers of one store; streams newline-delimited watch events to each. Its timers (a
 * watch's timeoutSeconds, bookmarks) are about the client's connection: wall time, not cluster time.
 */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private readonly byId = new Map<string, Watcher>();

  constructor(private readonly schedule: Schedule = realTimeSchedule) {}

  get size(): number {
    return this.watchers.size;
  }

  /**
   * Opens a stream. The plan's replay writes the initial events synchronously, before any later
   * commit can be published, so a watch resumes with no gap and no duplicate.
   */
  open(plan: WatchPlan, id?: string): ReadableStream<Uint8Array> {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const w: Watcher = { id, resource: plan.resource, filter: plan.filter, writer: writable.getWriter(), timers: [], closed: false };
    plan.replay((e) => this.write(w, e));
    this.watchers.add(w);
    if (id !== undefined) this.byId.set(id, w);
    if (plan.timeoutMs) w.timers.push(this.schedule(plan.timeoutMs, () => this.close(w)));
    const { bookmarkMs } = plan;
    if (bookmarkMs) {
      const tick = (): void => {
        if (w.closed) return;
        this.write(w, plan.bookmark());
        w.timers.push(this.schedule(bookmarkMs, tick));
      };
      w.timers.push(this.schedule(bookmarkMs, tick));
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

  /**
   * Ends the watch the consumer named `id`: its stream closes from this side. A consumer that no longer
   * wants a stream asks for this rather than cancelling it, because workerd reports the cancel of a stream
   * returned over RPC as an uncaught "Network connection lost" here (cloudflare/workers-sdk#11071).
   */
  stop(id: string): void {
    const w = this.byId.get(id);
    if (w) this.close(w);
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
    w.timers.forEach((cancel) => cancel());
    this.watchers.delete(w);
    if (w.id !== undefined) this.byId.delete(w.id);
    w.writer.close().catch(() => undefined);
  }
}
