/**
 * A map bounded at `max` entries that forgets the least recently used one, as groupcache's lru.Cache
 * behind client-go's event caches: a read and a write both make an entry the most recent.
 *
 * @example
 * const lru = new Lru<number>(2); lru.set('a', 1); lru.set('b', 2); lru.get('a'); lru.set('c', 3); // 'b' forgotten
 */
export class Lru<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly max: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
