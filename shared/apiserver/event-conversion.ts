import type { KubeObject } from '../api/object';

/**
 * Field names of an Event in core/v1 and in events.k8s.io/v1, after upstream's
 * pkg/apis/events/v1/conversion.go (the internal Event is core/v1's shape; its ReportingController
 * is core/v1's `reportingComponent`). Fields named alike in both are copied as they are; a field
 * neither version has is dropped, as Go's typed conversion drops it.
 */
const CORE_TO_EVENTS_V1: readonly (readonly [core: string, eventsV1: string])[] = [
  ['metadata', 'metadata'],
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
  ['eventTime', 'eventTime'],
  ['series', 'series'],
  ['related', 'related'],
  ['action', 'action'],
  ['reason', 'reason'],
  ['type', 'type'],
];

function renamed(obj: KubeObject, apiVersion: string, pairs: readonly (readonly [from: string, to: string])[]): KubeObject {
  const out: KubeObject = { apiVersion, kind: 'Event' };
  for (const [from, to] of pairs) if (obj[from] !== undefined) out[to] = obj[from];
  return out;
}

/**
 * An events.k8s.io/v1 Event in the shape it is stored in, core/v1 (Convert_v1_Event_To_core_Event).
 * @example eventsV1ToCore({ apiVersion: 'events.k8s.io/v1', kind: 'Event', note: 'hi' }) // { apiVersion: 'v1', kind: 'Event', message: 'hi' }
 */
export function eventsV1ToCore(obj: KubeObject): KubeObject {
  return renamed(obj, 'v1', CORE_TO_EVENTS_V1.map(([core, v1]) => [v1, core] as const));
}

/**
 * A stored core/v1 Event as events.k8s.io/v1 serves it (Convert_core_Event_To_v1_Event).
 * @example coreToEventsV1({ apiVersion: 'v1', kind: 'Event', involvedObject: { kind: 'Pod' } }) // { …, regarding: { kind: 'Pod' } }
 */
export function coreToEventsV1(obj: KubeObject): KubeObject {
  return renamed(obj, 'events.k8s.io/v1', CORE_TO_EVENTS_V1);
}
