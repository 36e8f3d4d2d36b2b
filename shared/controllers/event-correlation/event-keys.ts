import type { Event } from 'kubernetes-types/core/v1';

// client-go's keys join their parts with no separator; kept as is, so the same events collide as upstream's do.

/** getEventKey: source, involved object (with field path), type, reason and message — identical events share it. */
export function eventKey(e: Event): string {
  const o = e.involvedObject;
  return [e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.fieldPath, o.uid, o.apiVersion, e.type, e.reason, e.message].map((p) => p ?? '').join('');
}

/** getSpamKey: source and involved object (no field path) — the spam filter's token bucket is per key. */
export function spamKey(e: Event): string {
  const o = e.involvedObject;
  return [e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion].map((p) => p ?? '').join('');
}

/**
 * EventAggregatorByReasonFunc: the aggregate key (everything but the message: source, involved object
 * without field path, type, reason, reporting controller and instance) and the local key (the message).
 */
export function aggregateKeys(e: Event): { aggregateKey: string; localKey: string } {
  const o = e.involvedObject;
  const aggregateKey = [e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion, e.type, e.reason, e.reportingComponent, e.reportingInstance]
    .map((p) => p ?? '')
    .join('');
  return { aggregateKey, localKey: e.message ?? '' };
}
