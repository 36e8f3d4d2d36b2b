import { clock } from '../../platform/clock';

interface Entry<V> {
  at: number;
  value: V;
  /** Wall time a request started refreshing this stale value; others keep serving it meanwhile. */
  refreshing?: number;
}

/** A request refreshing a value for longer than this (cancelled, or hung) no longer holds others back. */
const REFRESH_TIMEOUT_MS = 10_000;

/**
 * Values a Worker isolate keeps between requests (the auth configuration, RBAC policy, the signing
 * key, the APF configuration), loaded at most once per `ttlMs` of wall time per key.
 *
 * Only settled values are shared, never promises: a promise one request started and another awaits
 * hangs or is cancelled when the first request ends (workerd ties I/O to the request that began it).
 * So a request that finds no value loads its own copy (the loads must be safe to repeat), and one
 * that finds a stale value while another request is refreshing it serves the stale one.
 * @example const policies = new IsolateCache<string, Policy>(2000); await policies.get(ns, () => loadPolicy(ns));
 */
export class IsolateCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const now = clock.wallNow();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (hit && hit.refreshing !== undefined && now - hit.refreshing < REFRESH_TIMEOUT_MS) return hit.value;
    if (hit) hit.refreshing = now;
    let value: V;
    try {
      value = await load();
    } catch (e) {
      if (hit) hit.refreshing = undefined;
      throw e;
    }
    // bounded: keys such as namespaces come and go; keep the recently loaded
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { at: clock.wallNow(), value });
    return value;
  }

  /** Forget one key (or all): the next `get` loads afresh. */
  invalidate(key?: K): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}
