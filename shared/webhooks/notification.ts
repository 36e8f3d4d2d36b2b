import { isPlainObject } from '../api/object';
import type { StatusCause } from '../api/errors';
import { invalid, required } from '../validation/field-error';
import type { DeliveryRecord, WebhookTrigger } from './webhook-trigger';

/** After this many failed POSTs a result is given up on (the next delivery's result is sent afresh). */
export const NOTIFY_MAX_ATTEMPTS = 8;
/** How long one POST may take. */
export const NOTIFY_TIMEOUT_MS = 10_000;

/** What the notifier remembers per trigger: the last result it sent (or gave up on), and tries so far. */
export interface NotifiedRow {
  uid: string;
  delivery: string;
  attempts: number;
  done: boolean;
}

export type NotifyPlan =
  | { kind: 'none' }
  | { kind: 'send'; messageId: string; body: string; row: NotifiedRow }
  | { kind: 'giveUp'; row: NotifiedRow };

/** One delivery's identity in status: its time and id (two deliveries never share both). */
export function deliveryKey(d: DeliveryRecord): string {
  return `${d.time}/${d.id ?? ''}`;
}

/**
 * What to do about a trigger's latest result (level-triggered: the latest only, so results that
 * follow each other quickly are sent once, the last). Only results of deliveries that ran —
 * Delivered or Failed — are sent: a refused delivery changed nothing, and an unsigned flood must
 * not turn into outgoing traffic.
 */
export function planNotification(trigger: WebhookTrigger, row: NotifiedRow | undefined, wallMs: number): NotifyPlan {
  const last = trigger.status?.lastDelivery;
  if (!trigger.spec.notify || !last || last.result === 'Rejected') return { kind: 'none' };
  const uid = trigger.metadata.uid ?? '';
  const delivery = deliveryKey(last);
  const same = row && row.uid === uid && row.delivery === delivery;
  if (same && row.done) return { kind: 'none' };
  const attempts = same ? row.attempts : 0;
  if (attempts >= NOTIFY_MAX_ATTEMPTS) return { kind: 'giveUp', row: { uid, delivery, attempts, done: true } };
  return { kind: 'send', messageId: notificationId(trigger, last), body: notificationBody(trigger, last, wallMs), row: { uid, delivery, attempts: attempts + 1, done: false } };
}

/** The webhook-id of a result's notification: the same on every retry, so the receiver can de-duplicate. */
export function notificationId(trigger: WebhookTrigger, d: DeliveryRecord): string {
  return `whr_${trigger.metadata.uid ?? trigger.metadata.name}_${d.id ?? d.time}`;
}

/** A Standard Webhooks payload (`type`, `timestamp`, `data`) carrying the trigger and its latest delivery. */
export function notificationBody(trigger: WebhookTrigger, d: DeliveryRecord, wallMs: number): string {
  return JSON.stringify({
    type: 'webhooktrigger.result',
    timestamp: new Date(wallMs).toISOString(),
    data: { trigger: { namespace: trigger.metadata.namespace, name: trigger.metadata.name, uid: trigger.metadata.uid }, delivery: d },
  });
}

/** spec.notify checked at admission: an http(s) URL and the Secret key holding its whsec_ secret. */
export function validateNotify(notify: unknown): StatusCause[] {
  if (notify === undefined) return [];
  if (!isPlainObject(notify)) return [invalid('spec.notify', notify, 'must be an object')];
  const errs: StatusCause[] = [];
  const url = notify['url'];
  if (typeof url !== 'string' || !url) errs.push(required('spec.notify.url'));
  else if (!isHttpUrl(url)) errs.push(invalid('spec.notify.url', url, 'must be an http or https URL'));
  const ref = notify['secretRef'];
  if (!isPlainObject(ref)) errs.push(required('spec.notify.secretRef'));
  else {
    if (typeof ref['name'] !== 'string' || !ref['name']) errs.push(required('spec.notify.secretRef.name'));
    if (typeof ref['key'] !== 'string' || !ref['key']) errs.push(required('spec.notify.secretRef.key'));
  }
  return errs;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  } catch {
    return false;
  }
}
