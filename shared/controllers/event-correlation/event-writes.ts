import type { Event } from 'kubernetes-types/core/v1';
import { parseTime } from '../time';
import { correlateEvent, type CorrelatorState, type EventPatch } from './event-correlator';

/** An event to record and the cluster time it happened. */
export interface RecordedEvent {
  event: Event;
  nowMs: number;
}

/** An event recorded at the time it carries (lastTimestamp, else firstTimestamp): its builder's cluster time. */
export function recordedAt(event: Event): RecordedEvent {
  return { event, nowMs: parseTime(event.lastTimestamp) ?? parseTime(event.firstTimestamp) ?? 0 };
}

/** One write to the API: create an Event, or merge-patch the one it repeats (creating it anew if it is gone). */
export type EventWrite = { kind: 'create'; event: Event } | { kind: 'patch'; event: Event; patch: EventPatch };

/**
 * Correlates a batch of events in order and returns the writes to make, one per Event: a repeat of an
 * Event created or patched earlier in the same batch folds into that write (its final count, time and
 * message), as the sequential writes upstream's recorder makes would have left it.
 */
export function planEventWrites(state: CorrelatorState, events: readonly RecordedEvent[]): EventWrite[] {
  const writes: EventWrite[] = [];
  const byName = new Map<string, number>();
  for (const { event, nowMs } of events) {
    const c = correlateEvent(state, event, nowMs);
    if (c.kind === 'drop') continue;
    const id = `${c.event.metadata?.namespace ?? ''}/${c.event.metadata?.name ?? ''}`;
    const at = byName.get(id);
    const earlier = at === undefined ? undefined : writes[at];
    if (earlier === undefined) {
      byName.set(id, writes.length);
      writes.push(c);
    } else if (earlier.kind === 'create') {
      writes[at!] = { kind: 'create', event: c.event };
    } else {
      writes[at!] = c.kind === 'patch' ? c : { kind: 'patch', event: c.event, patch: { count: c.event.count ?? 1, lastTimestamp: c.event.lastTimestamp ?? '', message: c.event.message ?? '' } };
    }
  }
  return writes;
}
