import type { StatusCause } from '../api/errors';
import { deepEqual, immutable, invalid, required } from './field-error';
import { validateEvent } from './cluster';
import { validateObjectMetaUpdate } from './object-meta';

// Upstream's ValidateEventCreate/ValidateEventUpdate for writes through events.k8s.io/v1: the object
// is already in its stored (core/v1) shape, so field paths are core's names, as upstream reports them
// from the internal Event (`message`, not `note`; `reportingController`).

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const set = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** validateV1EventSeries: a series counts at least 2 occurrences and says when it saw the last. */
function validateSeries(ev: Obj): StatusCause[] {
  if (!set(ev['series'])) return [];
  const series = obj(ev['series']);
  const errs: StatusCause[] = [];
  const count = series['count'];
  if (typeof count !== 'number' || count < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
  if (!set(series['lastObservedTime'])) errs.push(required('series.lastObservedTime'));
  return errs;
}

/**
 * Create through events.k8s.io/v1: the legacy checks every Event passes, then the new API's own:
 * eventTime required, type Normal or Warning, and the deprecated fields unset.
 * @example validateEventsV1Create({ metadata: { name: 'e', namespace: 'default' } }) // [..., eventTime: Required value, ...]
 */
export function validateEventsV1Create(ev: Obj): StatusCause[] {
  const errs = [...validateEvent(ev), ...validateSeries(ev)];
  if (!set(ev['eventTime'])) errs.push(required('eventTime'));
  const type = str(ev['type']);
  if (type !== 'Normal' && type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${type}`));
  if (set(ev['firstTimestamp'])) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (set(ev['lastTimestamp'])) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (typeof ev['count'] === 'number' && ev['count'] !== 0) errs.push(invalid('count', '', 'needs to be unset'));
  const source = obj(ev['source']);
  if (str(source['component']) || str(source['host'])) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

/** Core field name → upstream's path for it, for the fields an events.k8s.io/v1 update may not change. */
const IMMUTABLE: readonly (readonly [field: string, path: string])[] = [
  ['involvedObject', 'involvedObject'],
  ['reason', 'reason'],
  ['message', 'message'],
  ['source', 'source'],
  ['firstTimestamp', 'firstTimestamp'],
  ['lastTimestamp', 'lastTimestamp'],
  ['count', 'count'],
  ['type', 'type'],
  ['eventTime', 'eventTime'],
  ['action', 'action'],
  ['related', 'related'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
];

/**
 * Update through events.k8s.io/v1: legacy checks, metadata update rules, a changed series valid,
 * and everything but the series and metadata immutable.
 */
export function validateEventsV1Update(ev: Obj, old: Obj): StatusCause[] {
  const errs = [
    ...validateEvent(ev).filter((c) => !c.field?.startsWith('metadata.')),
    ...validateObjectMetaUpdate(obj(ev['metadata']), obj(old['metadata'])),
  ];
  if (!deepEqual(ev['series'], old['series'])) errs.push(...validateSeries(ev));
  for (const [field, path] of IMMUTABLE) errs.push(...immutable(ev[field], old[field], path));
  return errs;
}
