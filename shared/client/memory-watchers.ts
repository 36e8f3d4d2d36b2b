import type { WatchEvent } from '../api/object';
import type { ObjectFilter } from '../apiserver/list-filter';
import type { WatchPlan } from '../apiserver/store-list';
import type { LoggedEvent } from '../apiserver/store-table';
import { encodeEvent, eventFor } from '../apiserver/watch-event';
import type { Schedule } from '../clock/clock';

interface Watcher {
  resource: string;
  filter: ObjectFilter;
  controller: ReadableStreamDefaultController<Uint8Array>;
  cancels: (() => void)[];
  closed: boolean;
}

/** The live watchers of one in-memory store, each fed newline-delimited events like a real store. */
export class MemoryWatchers {
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly schedule: Schedule) {}

  get size(): number {
    return this.watchers.size;
  }

  /** Opens a stream; the plan's replay runs before any later commit is published, so there is no gap. */
  open(plan: WatchPlan): ReadableStream<Uint8Array> {
    const { resource, filter } = plan;
    let watcher!: Watcher;
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        watcher = { resource, filter, controller, cancels: [], closed: false };
      },
      cancel: () => this.close(watcher),
    });
    plan.replay((e) => this.write(watcher, e));
    this.watchers.add(watcher);
    if (plan.timeoutMs) watcher.cancels.push(this.schedule(plan.timeoutMs, () => this.close(watcher)));
    const { bookmarkMs, bookmark } = plan;
    if (bookmarkMs) {
      const tick = (): void => {
        if (watcher.closed) return;
        this.write(watcher, bookmark());
        watcher.cancels.push(this.schedule(bookmarkMs, tick));
      };
      watcher.cancels.push(this.schedule(bookmarkMs, tick));
    }
    return stream;
  }

  /** Sends one committed change to every watcher of its resource. */
  publish(e: LoggedEvent): void {
    for (const w of this.watchers) {
      if (w.resource !== e.resource) continue;
      const event = eventFor(e, w.filter);
      if (event) this.write(w, event);
    }
  }

  /** Ends every watcher (a namespace went away). */
  closeAll(): void {
    for (const w of this.watchers) this.close(w);
  }

  private write(w: Watcher, e: WatchEvent): void {
    if (w.closed) return;
    w.controller.enqueue(encodeEvent(e));
  }

  private close(w: Watcher): void {
    if (w.closed) return;
    w.closed = true;
    w.cancels.forEach((c) => c());
    this.watchers.delete(w);
    try {
      w.controller.close();
    } catch {
      // already cancelled by the reader
    }
  }
}
