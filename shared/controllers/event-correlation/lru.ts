/** A cached value and when it was last used (a counter), so the order survives being stored. */
export interface LruEntry<V> {
  value: V;
  used: number;
}

/** Where an Lru keeps its entries beyond memory (a controller host's rows): told of every write and eviction. */
export interface LruBacking<V> {
  put(key: string, entry: LruEntry<V>): void;
  delete(key: string): void;
  /** The entries stored before, in any order. */
  scan(): Iterable<[string, LruEntry<V>]>;
}

/**
 * A map bounded at `max` entries that forgets the least recently used one, as groupcache's lru.Cache
 * behind client-go's event caches: a read and a write both make an entry the most recent. With a
 * backing it starts from the entries stored there and writes every change through.
 *
 * @example
 * const lru = new Lru<number>(2); lru.set('a', 1); lru.set('b', 2); lru.get('a'); lru.set('c', 3); // 'b' forgotten
 */
export class Lru<V> {
  private readonly entries = new Map<string, LruEntry<V>>();
  private used = 0;

  constructor(
    readonly max: number,
    private readonly backing?: LruBacking<V>,
  ) {
    if (!backing) return;
    const stored = [...backing.scan()].sort((a, b) => a[1].used - b[1].used);
    for (const [key, entry] of stored) this.entries.set(key, entry);
    this.used = stored.at(-1)?.[1].used ?? 0;
    this.trim();
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.touch(key, entry.value);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.touch(key, value);
    this.trim();
  }

  get size(): number {
    return this.entries.size;
  }

  private touch(key: string, value: V): void {
    const entry = { value, used: ++this.used };
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.backing?.put(key, entry);
  }

  private trim(): void {
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.backing?.delete(oldest);
    }
  }
}
