import type { Client, ObjectLike, ResourceRef } from '../../shared/client/client';

/**
 * A kind the page lists every few seconds instead of watching. The browser gives a page six HTTP/1.1 connections
 * per server (`wrangler dev` speaks no HTTP/2), and every watch holds one open: the kinds that change often and
 * must be live (nodes, pods, Deployments, events, HPAs) are watched, and slow-changing ones (namespaces, the
 * cluster clock) are polled, so one connection stays free for everything else the page asks.
 */
export class PolledList<T extends ObjectLike> {
  private items: T[] = [];
  private synced = false;

  constructor(
    private readonly client: Client,
    private readonly ref: ResourceRef,
    private readonly everyMs: number,
    private readonly events: { changed(): void; failed(e: unknown): void },
  ) {}

  /** Lists now and every few seconds until `signal` aborts; may be started again after that. */
  start(signal: AbortSignal): void {
    void this.poll(signal);
    const timer = setInterval(() => void this.poll(signal), this.everyMs);
    signal.addEventListener('abort', () => clearInterval(timer));
  }

  list(): T[] {
    return this.items;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** An object this page just wrote (the server's answer), shown now rather than at the next poll. */
  put(obj: T): void {
    const name = obj.metadata?.name;
    const ns = obj.metadata?.namespace;
    this.items = [...this.items.filter((o) => o.metadata?.name !== name || o.metadata?.namespace !== ns), obj];
    this.events.changed();
  }

  private async poll(signal: AbortSignal): Promise<void> {
    try {
      const list = await this.client.resource<T>(this.ref).list();
      if (signal.aborted) return;
      const changed = !this.synced || JSON.stringify(list.items) !== JSON.stringify(this.items);
      this.items = list.items;
      this.synced = true;
      if (changed) this.events.changed();
    } catch (e) {
      if (!signal.aborted) this.events.failed(e);
    }
  }
}
