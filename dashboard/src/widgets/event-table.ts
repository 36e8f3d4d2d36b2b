import type { Event } from 'kubernetes-types/core/v1';
import { h, table } from '../dom';
import { eventTime } from '../model/event-rows';
import { humanDuration } from '../../../shared/tables/human-duration';

/** Events newest first, as `kubectl events` prints them. */
export function eventTable(events: readonly Event[], now: number): HTMLElement {
  const rows = events.map((e) => {
    const o = e.involvedObject;
    const count = (e.count ?? 0) > 1 ? ` (×${e.count})` : '';
    return [
      humanDuration(Math.max(0, now - eventTime(e))),
      h('span', { class: e.type === 'Warning' ? 'warning' : 'muted' }, e.type ?? ''),
      e.reason ?? '',
      `${(o?.kind ?? '').toLowerCase()}/${o?.name ?? ''}`,
      `${e.message ?? ''}${count}`,
    ];
  });
  return table(['Last seen', 'Type', 'Reason', 'Object', 'Message'], rows, 'no events', { class: 'events' });
}
