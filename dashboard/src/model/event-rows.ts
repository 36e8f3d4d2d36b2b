import type { Event } from 'kubernetes-types/core/v1';
import { parseTime } from '../../../shared/tables/timestamps';

/** When an event last happened: lastTimestamp, else eventTime (events.k8s.io), else its creation. */
export function eventTime(e: Event): number {
  return parseTime(e.lastTimestamp) ?? parseTime(e.eventTime) ?? parseTime(e.firstTimestamp) ?? parseTime(e.metadata?.creationTimestamp) ?? 0;
}

export interface EventFilter {
  namespace?: string;
  /** Only events about this object (kind and name). */
  involved?: { kind: string; name: string; namespace?: string };
}

/** The newest `limit` events matching the filter, newest first. */
export function recentEvents(events: readonly Event[], limit: number, f: EventFilter = {}): Event[] {
  return events
    .filter((e) => !f.namespace || e.metadata?.namespace === f.namespace)
    .filter((e) => {
      const o = f.involved;
      if (!o) return true;
      const io = e.involvedObject;
      return io?.kind === o.kind && io?.name === o.name && (o.namespace === undefined || io?.namespace === o.namespace);
    })
    .sort((a, b) => eventTime(b) - eventTime(a) || (b.metadata?.name ?? '').localeCompare(a.metadata?.name ?? ''))
    .slice(0, limit);
}
