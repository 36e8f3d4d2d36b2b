import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/**
 * A controller's view of one namespace's objects of one resource, as upstream's informer gives it:
 * listed once, then kept current from the stores' change notices instead of listed on every sync.
 * A notice names an object and its resourceVersion, not its content, so a notice newer than the copy
 * held marks the object for a `get` before the next sync (a sync reads only what changed); the
 * controller's own writes are put in directly (write-through), so the notices of its own writes cost
 * nothing and a sync sees what the previous one wrote. `keep` cuts each object to what the controller
 * reads (the ReplicaSet controller's pods: replicaSetPodView), so a namespace of 50,000 pods does not
 * hold 50,000 whole pods. No I/O and no clock here: the adapter reads and passes `now`
 * (durable-objects/controllers/namespace-views.ts).
 */

/** What a notice carries that the view needs (a ChangeNotice fits). */
export interface ViewNotice {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  name: string;
  resourceVersion: string;
}

/** An object to read again, with the newest resourceVersion a notice announced for it. */
export interface StaleObject {
  name: string;
  resourceVersion: number;
}

/** What the adapter must read before a sync: everything, the objects named, or nothing. */
export type ViewRefresh = { kind: 'list' } | { kind: 'get'; objects: StaleObject[] } | { kind: 'none' };

/** Relist this often even when notices say nothing (a notice lost with a crashed store): the controllers' resync period. */
export const VIEW_RELIST_MS = 5 * 60_000;

/** Below this many stale objects a sync reads them one by one, whatever the namespace's size. */
const MIN_RELIST_STALE = 32;

/** An object with the metadata the view keys and orders by. */
export interface Named {
  metadata?: ObjectMeta;
}

/** Resource versions of one store are increasing integers (shared/apiserver/resource-version). */
const rvOf = (o: Named): number => Number(o.metadata?.resourceVersion) || 0;

/**
 * @example
 * const view = new NamespaceView<Pod>(replicaSetPodView);
 * view.replaceAll(list.items, list.metadata?.resourceVersion, now); // then observe(notice) as they arrive
 */
export class NamespaceView<T extends Named> {
  private readonly byName = new Map<string, T>();
  /** Objects a notice announced a newer version of than the one held: name → that version. */
  private readonly stale = new Map<string, number>();
  /** Cluster time of the last full list; undefined: never listed, or the view cannot be trusted. */
  private listedAt?: number;
  private changes = 0;
  /** Counts `invalidate` calls, so a list begun before one does not make the view trusted again. */
  private invalidations = 0;

  constructor(private readonly keep: (obj: T) => T = (obj) => obj) {}

  /**
   * A notice about an object of this namespace: the copy held is stale unless it is already that
   * version; a deletion removes it outright (unless a newer namesake is held).
   */
  observe(n: ViewNotice): void {
    // kept even before the first list has answered: a list read before this commit must not settle it
    const rv = Number(n.resourceVersion) || 0;
    const held = this.byName.get(n.name);
    if (n.type === 'DELETED') {
      if (held && rvOf(held) > rv) return;
      if (this.byName.delete(n.name)) this.changes++;
      if ((this.stale.get(n.name) ?? -1) <= rv) this.stale.delete(n.name);
      return;
    }
    if (held && rvOf(held) >= rv) return;
    if ((this.stale.get(n.name) ?? -1) >= rv) return;
    this.stale.set(n.name, rv);
  }

  /**
   * What to read before a sync. A full list when nothing was listed yet, when the last list is older
   * than VIEW_RELIST_MS, or when so many objects changed that one list costs less than their gets
   * (more than a quarter of the namespace).
   */
  refresh(now: number): ViewRefresh {
    if (this.listedAt === undefined || now - this.listedAt >= VIEW_RELIST_MS) return { kind: 'list' };
    if (this.stale.size > MIN_RELIST_STALE && this.stale.size * 4 > this.byName.size) return { kind: 'list' };
    if (this.stale.size === 0) return { kind: 'none' };
    return { kind: 'get', objects: [...this.stale].map(([name, resourceVersion]) => ({ name, resourceVersion })) };
  }

  /**
   * A full list read at `listVersion`: it replaces the view; notices newer than the list stay pending.
   * `epoch` is `this.epoch` as it was when the list was asked for: when the view was invalidated since,
   * the items are taken but the next sync lists again (the list may predate what the invalidation was for).
   */
  replaceAll(items: T[], listVersion: string | undefined, now: number, epoch = this.invalidations): void {
    this.byName.clear();
    this.changes++;
    for (const o of items) this.byName.set(o.metadata?.name ?? '', this.keep(o));
    const at = Number(listVersion) || Infinity;
    for (const [name, rv] of this.stale) if (rv <= at) this.stale.delete(name);
    this.listedAt = epoch === this.invalidations ? now : undefined;
  }

  /**
   * An object as read or written (undefined: a get found it gone). `asked` is the version a StaleObject
   * announced: the object stays stale only if a newer notice arrived while it was being read.
   */
  apply(name: string, obj: T | undefined, asked = 0): void {
    const held = this.byName.get(name);
    if (obj === undefined) {
      if (this.byName.delete(name)) this.changes++;
    } else if (!held || rvOf(obj) >= rvOf(held)) {
      this.byName.set(name, this.keep(obj));
      this.changes++;
    }
    const pending = this.stale.get(name);
    if (pending !== undefined && pending <= Math.max(asked, obj ? rvOf(obj) : 0)) this.stale.delete(name);
  }

  /** The controller changed this object (patch, delete) without getting it back: read it before the next sync. */
  touched(name: string): void {
    const held = this.byName.get(name);
    this.stale.set(name, Math.max(this.stale.get(name) ?? 0, held ? rvOf(held) + 1 : 0));
  }

  /**
   * The view may have missed changes (a write's outcome is unknown, or notices were dropped on purpose):
   * list again before the next sync, even if a list is on its way now.
   */
  invalidate(): void {
    this.listedAt = undefined;
    this.invalidations++;
  }

  /** Pass to `replaceAll` as read before asking for the list. */
  get epoch(): number {
    return this.invalidations;
  }

  /** Nothing held and nothing to read: the namespace's view can be dropped (its objects are gone). */
  get empty(): boolean {
    return this.byName.size === 0 && this.stale.size === 0;
  }

  /**
   * Counts the changes to what `items` returns (a list, an object read, written or deleted), so a caller
   * can keep something derived from the items (an index) until it moves.
   */
  get version(): number {
    return this.changes;
  }

  /** The object as last read, undefined when the view holds none of that name. The view's own copy: do not mutate it. */
  get(name: string): T | undefined {
    return this.byName.get(name);
  }

  /** Every object of the namespace as last read (as `keep` cut it). The view's own copies: callers must not mutate them. */
  items(): T[] {
    return [...this.byName.values()];
  }
}
