// Port of upstream printEvent. events.k8s.io/v1 Events share the core storage, so they are first
// mapped to the core shape by the v1 → internal conversion itself.
import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import { NAME_COLUMN, column } from './columns';
import { since, parseTime } from './timestamps';
import { int, str } from './format';
import type { Printer, PrintedRow } from './types';
import type { KubeObject } from '../api/object';
import { eventsV1ToCore } from '../apiserver/event-conversion';

/** Columns and cells for core v1 and events.k8s.io/v1 Event: LAST SEEN TYPE REASON OBJECT MESSAGE | SUBOBJECT SOURCE FIRST SEEN COUNT NAME. */
export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', 'Event.lastTimestamp'),
    column('Type', 'string', 'Event.type'),
    column('Reason', 'string', 'Event.reason'),
    column('Object', 'string', 'Event.involvedObject'),
    column('Subobject', 'string', 'ObjectReference.fieldPath', { priority: 1 }),
    column('Source', 'string', 'Event.source', { priority: 1 }),
    column('Message', 'string', 'Event.message'),
    column('First Seen', 'string', 'Event.firstTimestamp', { priority: 1 }),
    column('Count', 'string', 'Event.count', { priority: 1 }),
    { ...NAME_COLUMN, priority: 1 },
  ],
  print: (obj, now) => printEvent(toCoreEvent(obj), now),
};

/** An events.k8s.io/v1 Event in core/v1's field names (the conversion its storage uses); core events pass through. */
function toCoreEvent(obj: KubeObject): CoreEvent {
  return (obj.apiVersion?.startsWith('events.k8s.io/') ? eventsV1ToCore(obj) : obj) as unknown as CoreEvent;
}

function printEvent(e: CoreEvent, now: number): PrintedRow {
  const first = parseTime(e.firstTimestamp) === undefined ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  let last = parseTime(e.lastTimestamp) === undefined ? first : since(e.lastTimestamp, now);
  let count = int(e.count);
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = int(e.series.count);
  } else if (count === 0) {
    // Singleton events of the new API carry no count.
    count = 1;
  }
  const kind = str(e.involvedObject?.kind).toLowerCase();
  const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
  const component = e.source?.component || str(e.reportingComponent);
  const instance = e.source?.host || str(e.reportingInstance);
  const source = instance ? `${component}, ${instance}` : component;
  return {
    cells: [
      last,
      str(e.type),
      str(e.reason),
      target,
      str(e.involvedObject?.fieldPath),
      source,
      str(e.message).trim(),
      first,
      count,
      e.metadata?.name ?? '',
    ],
  };
}
