import type { Event } from 'kubernetes-types/core/v1';
import type { ObjectLike } from './object-like';
import type { CreateAction, EventAction } from './actions';
import { formatTime } from './time';

/** Placeholder replaced by the created object's name in a create action's `event`. */
export const CREATED_NAME = '{{name}}';

/** The `source.component` of each controller, as kube-controller-manager reports it. */
export const COMPONENTS = {
  replicaSet: 'replicaset-controller',
  deployment: 'deployment-controller',
  garbageCollector: 'garbage-collector-controller',
} as const;

/**
 * A core/v1 Event about `involved`, as client-go's recorder builds it: name `<object>.<unix nanos in hex>`
 * (`seq` keeps names of events built in the same millisecond distinct).
 */
export function makeEvent(
  involved: ObjectLike,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component: string,
  now: number,
  seq = 0,
): Event {
  const meta = involved.metadata ?? {};
  const nanos = BigInt(Math.floor(now)) * 1_000_000n + BigInt(seq);
  const time = formatTime(now);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${meta.name ?? ''}.${nanos.toString(16)}`, namespace: meta.namespace || 'default' },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
    },
    reason,
    message,
    source: { component },
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    type,
    reportingComponent: component,
    reportingInstance: '',
  };
}

/** An event action for `makeEvent`'s arguments. */
export function eventAction(...args: Parameters<typeof makeEvent>): EventAction {
  return { kind: 'event', event: makeEvent(...args) };
}

/** The event a create action asks for once the object exists under `createdName`; undefined if none. */
export function eventAfterCreate(action: CreateAction, createdName: string): EventAction | undefined {
  if (!action.event) return undefined;
  return { kind: 'event', event: { ...action.event, message: (action.event.message ?? '').split(CREATED_NAME).join(createdName) } };
}
