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

/** Where a refused create's error message goes in a `failedEvent`'s message. */
export const CREATE_ERROR = '{{error}}';

/**
 * The pod-creating controllers' event pair, as upstream's RealPodControl records them: Normal SuccessfulCreate
 * `Created pod: NAME`, and Warning FailedCreate `Error creating: ERROR` when the create is refused.
 */
export function podCreateEvents(owner: ObjectLike, component: string, now: number): { event: Event; failedEvent: Event } {
  return {
    event: makeEvent(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${CREATED_NAME}`, component, now),
    failedEvent: makeEvent(owner, 'Warning', 'FailedCreate', `Error creating: ${CREATE_ERROR}`, component, now, 1),
  };
}

/**
 * The event a refused create asks for; undefined if none, or when the namespace is terminating (upstream's
 * RealPodControl records nothing for a NamespaceTerminating cause).
 */
export function eventAfterFailedCreate(action: CreateAction, error: unknown): EventAction | undefined {
  if (!action.failedEvent) return undefined;
  const causes = (error as { details?: { causes?: { reason?: string }[] } } | undefined)?.details?.causes ?? [];
  if (causes.some((c) => c.reason === 'NamespaceTerminating')) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'event', event: { ...action.failedEvent, message: (action.failedEvent.message ?? '').split(CREATE_ERROR).join(message) } };
}

/** The event a create action asks for once the object exists under `createdName`; undefined if none. */
export function eventAfterCreate(action: CreateAction, createdName: string): EventAction | undefined {
  if (!action.event) return undefined;
  return { kind: 'event', event: { ...action.event, message: (action.event.message ?? '').split(CREATED_NAME).join(createdName) } };
}
