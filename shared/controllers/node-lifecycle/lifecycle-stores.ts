import type { TokenBucketState } from './token-bucket';
import type { EntryStore } from './entry-store';
import { prefixedStore } from './entry-store';
import type { NodeHealthData } from './node-health';
import { RateLimitedTimedQueue, type TimedValue } from './rate-limited-queue';
import type { ZoneState } from './zone-state';

/** One entry per zone: its disruption state and its NoExecute tainting rate limiter. */
export interface ZoneRecord {
  state: ZoneState;
  limiter: TokenBucketState;
}

/**
 * Everything the node lifecycle controller keeps between passes, as three keyed tables whose
 * entries are small and independent, so a Durable Object stores them row by row.
 */
export interface NodeLifecycleStores {
  /** Per node name. */
  health: EntryStore<NodeHealthData>;
  /** Per zone key (see zoneKey). */
  zones: EntryStore<ZoneRecord>;
  /** Per queued node, keyed `<zone key>/<node name>` (zone keys and node names hold no "/"). */
  queue: EntryStore<TimedValue>;
}

/** The tainting queue of `zone` (whose record must exist); call `saveZoneQueue` after using it. */
export function zoneQueue(stores: NodeLifecycleStores, zone: string): RateLimitedTimedQueue {
  const record = stores.zones.get(zone);
  if (!record) throw new Error(`node lifecycle: no record for zone ${JSON.stringify(zone)}`);
  return new RateLimitedTimedQueue(prefixedStore(stores.queue, `${zone}/`), { ...record.limiter });
}

/** Write back the queue's limiter (its entries are written as they change). */
export function saveZoneQueue(stores: NodeLifecycleStores, zone: string, queue: RateLimitedTimedQueue): void {
  const record = stores.zones.get(zone);
  if (record) stores.zones.put(zone, { ...record, limiter: queue.limiter });
}

/** Whether `node` is in `zone`'s tainting queue (queued or processed): removing one that is not changes nothing. */
export function inZoneQueue(stores: NodeLifecycleStores, zone: string, node: string): boolean {
  return Boolean(stores.queue.get(`${zone}/${node}`));
}
