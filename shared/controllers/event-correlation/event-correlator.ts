import type { Event } from 'kubernetes-types/core/v1';
import { formatTime } from '../time';
import { aggregateKeys, eventKey, spamKey } from './event-keys';
import { Lru, type LruBacking } from './lru';
import { fnv32a } from '../hash';

/** client-go's defaults (tools/record/events_cache.go). */
export const CORRELATION = {
  /** maxLruCacheEntries: each of the three caches. */
  lruEntries: 4096,
  /** defaultAggregateMaxEvents: similar events (different messages) before they are combined. */
  aggregateMaxEvents: 10,
  /** defaultAggregateIntervalInSeconds: a similar event later than this after the last one starts afresh. */
  aggregateIntervalMs: 600_000,
  /** defaultSpamBurst: events a source may record about one object at once. */
  spamBurst: 25,
  /** defaultSpamQPS: the bucket's refill, one event every 5 minutes. */
  spamQps: 1 / 300,
} as const;

/** EventAggregatorByReasonMessageFunc's prefix. */
export const AGGREGATE_MESSAGE_PREFIX = '(combined from similar events): ';

/** The aggregator's record of similar events: the distinct messages seen (as digests) and when the last one came. */
export interface AggregateRecord {
  localKeys: readonly string[];
  lastMs: number;
}

/** The event logger's record of one event as last written: its name, count and first time. */
export interface EventLog {
  name: string;
  count: number;
  firstTimestamp?: string;
  resourceVersion?: string;
}

/** The spam filter's token bucket of one source and object. */
export interface TokenBucket {
  tokens: number;
  lastMs: number;
}

/** One recorder's correlation state: the three LRU caches of upstream's EventCorrelator. */
export interface CorrelatorState {
  aggregates: Lru<AggregateRecord>;
  logs: Lru<EventLog>;
  spam: Lru<TokenBucket>;
}

/** Where the three caches are kept beyond memory, when they must outlive the recorder's process. */
export interface CorrelatorBacking {
  aggregates: LruBacking<AggregateRecord>;
  logs: LruBacking<EventLog>;
  spam: LruBacking<TokenBucket>;
}

export function newCorrelatorState(entries: number = CORRELATION.lruEntries, backing?: CorrelatorBacking): CorrelatorState {
  return { aggregates: new Lru(entries, backing?.aggregates), logs: new Lru(entries, backing?.logs), spam: new Lru(entries, backing?.spam) };
}

const encoder = new TextEncoder();

/** A message as the aggregator remembers it: two 32-bit FNV-1a digests (only compared, so a record stays small). */
function messageDigest(message: string): string {
  const bytes = encoder.encode(message);
  return `${fnv32a(bytes).toString(16)}.${fnv32a(bytes, 0x01000193).toString(16)}`;
}

/** The fields a repeat writes: upstream's patch of an existing Event (count, lastTimestamp, message). */
export interface EventPatch {
  count: number;
  lastTimestamp: string;
  message: string;
}

/** What to do with an event: drop it (spam), create it, or patch the Event it repeats. */
export type Correlation = { kind: 'drop' } | { kind: 'create'; event: Event } | { kind: 'patch'; event: Event; patch: EventPatch };

/**
 * EventAggregate's decision for one record (pure): a record whose last event is older than the interval
 * starts afresh; at `max` distinct messages the event is combined, and one message is forgotten so the
 * set never grows past max (upstream pops an arbitrary one; this pops the oldest, to be deterministic).
 */
export function aggregateStep(record: AggregateRecord | undefined, localKey: string, nowMs: number, max: number = CORRELATION.aggregateMaxEvents, intervalMs: number = CORRELATION.aggregateIntervalMs): { record: AggregateRecord; combine: boolean } {
  const fresh = !record || nowMs - record.lastMs > intervalMs;
  const keys = fresh ? [] : record.localKeys.filter((k) => k !== localKey);
  keys.push(localKey);
  if (keys.length < max) return { record: { localKeys: keys, lastMs: nowMs }, combine: false };
  return { record: { localKeys: keys.slice(1), lastMs: nowMs }, combine: true };
}

/**
 * A token bucket's TryAccept (golang.org/x/time/rate, as flowcontrol's limiter): a new bucket starts full
 * at `burst` and refills at `qps`; time never runs backwards for it.
 */
export function takeToken(bucket: TokenBucket | undefined, nowMs: number, burst: number = CORRELATION.spamBurst, qps: number = CORRELATION.spamQps): { bucket: TokenBucket; allowed: boolean } {
  const lastMs = bucket ? Math.max(bucket.lastMs, nowMs) : nowMs;
  const tokens = bucket ? Math.min(burst, bucket.tokens + (Math.max(0, nowMs - bucket.lastMs) / 1000) * qps) : burst;
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, lastMs }, allowed: true };
  return { bucket: { tokens, lastMs }, allowed: false };
}

/**
 * eventObserve (pure): an event seen before becomes the earlier Event (its name, first time) with the
 * count one higher, written as a patch; the log records what was decided, written or not.
 */
export function observeEvent(log: EventLog | undefined, event: Event): { event: Event; log: EventLog; patch?: EventPatch } {
  if (!log || log.count <= 0) {
    const name = event.metadata?.name ?? '';
    return { event, log: { name, count: event.count ?? 1, firstTimestamp: event.firstTimestamp, resourceVersion: event.metadata?.resourceVersion } };
  }
  const count = log.count + 1;
  const metadata = { ...event.metadata, name: log.name, ...(log.resourceVersion ? { resourceVersion: log.resourceVersion } : {}) };
  const repeated: Event = { ...event, metadata, count, ...(log.firstTimestamp ? { firstTimestamp: log.firstTimestamp } : {}) };
  const patch = { count, lastTimestamp: event.lastTimestamp ?? '', message: event.message ?? '' };
  return { event: repeated, log: { ...log, count }, patch };
}

/** The aggregate event that replaces the tenth similar one: a new Event (count 1, now) whose message says it is combined. */
export function combinedEvent(event: Event, nowMs: number): Event {
  const time = formatTime(nowMs);
  const { resourceVersion: _rv, ...metadata } = event.metadata ?? {};
  return { ...event, metadata, count: 1, firstTimestamp: time, lastTimestamp: time, message: `${AGGREGATE_MESSAGE_PREFIX}${event.message ?? ''}` };
}

/**
 * EventCorrelate: aggregate similar events, count identical ones, and drop what a source says too often
 * about one object. `event` carries a fresh unique name (used when it, or the aggregate replacing it, is
 * new); `nowMs` is the cluster clock's. The three caches are updated in place: they are this recorder's
 * alone, bounded at 4096 entries each, and copying them for every event would cost more than the write.
 *
 * @example correlateEvent(state, makeEvent(rs, 'Warning', 'FailedCreate', msg, 'replicaset-controller', now), now)
 *   // first time { kind: 'create', event }, then { kind: 'patch', event, patch: { count: 2, … } }
 */
export function correlateEvent(state: CorrelatorState, event: Event, nowMs: number): Correlation {
  const { aggregateKey, localKey } = aggregateKeys(event);
  const step = aggregateStep(state.aggregates.get(aggregateKey), messageDigest(localKey), nowMs);
  state.aggregates.set(aggregateKey, step.record);
  const candidate = step.combine ? combinedEvent(event, nowMs) : event;
  const key = step.combine ? aggregateKey : eventKey(event);
  const observed = observeEvent(state.logs.get(key), candidate);
  state.logs.set(key, observed.log);
  const sKey = spamKey(observed.event);
  const token = takeToken(state.spam.get(sKey), nowMs);
  state.spam.set(sKey, token.bucket);
  if (!token.allowed) return { kind: 'drop' };
  return observed.patch ? { kind: 'patch', event: observed.event, patch: observed.patch } : { kind: 'create', event: observed.event };
}

/**
 * UpdateState: what the server returned for a written event becomes the log of its key. A log already
 * ahead of it (a later repeat decided while this write was in flight) keeps its count.
 */
export function updateCorrelatorState(state: CorrelatorState, written: Event): void {
  const key = eventKey(written);
  const held = state.logs.get(key);
  const count = Math.max(written.count ?? 1, held && held.name === written.metadata?.name ? held.count : 0);
  state.logs.set(key, { name: written.metadata?.name ?? '', count, firstTimestamp: written.firstTimestamp, resourceVersion: written.metadata?.resourceVersion });
}
