import type { Event } from 'kubernetes-types/core/v1';
import { makeEvent } from '../controllers/events';
import { formatTime } from '../controllers/time';
import type { DeliveryRecord, WebhookTrigger, WebhookTriggerStatus } from './webhook-trigger';

/** The component Events about deliveries name as their source. */
export const WEBHOOK_COMPONENT = 'webhook-trigger';

/**
 * Why a delivery was refused (the keys of status.rejectedByReason) and what the sender was
 * answered: the four 401 reasons are told apart only here, never to the sender.
 */
export const DELIVERY_REASONS = {
  Unsigned: 401,
  BadSignature: 401,
  Stale: 401,
  BadSecret: 401,
  SecretNotFound: 401,
  TooLarge: 413,
  Malformed: 400,
  MissingDeliveryId: 400,
  BadPayload: 400,
  ServiceAccountNotFound: 403,
  Forbidden: 403,
  InvalidAction: 422,
  Replayed: 409,
  RateLimited: 429,
} as const;
export type DeliveryReason = keyof typeof DELIVERY_REASONS | 'ActionRejected' | 'ActionFailed';

/** What became of one delivery, before it is stamped with a time. */
export interface DeliveryOutcome {
  id?: string;
  result: DeliveryRecord['result'];
  reason?: DeliveryReason;
  code: number;
  message: string;
}

/** The longest message kept in status and Events (an action's error may quote a whole payload). */
const MAX_MESSAGE = 1024;

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE - 1)}…` : s;
}

/**
 * The trigger's status after one more delivery: its count and, for refusals and failures, the
 * count of its reason, and lastDelivery, plus the refusals counted but not written before it.
 * Nothing else of the trigger changes.
 * @example withDelivery({}, { result: 'Rejected', reason: 'Replayed', code: 409, message: '…' }, now).rejected === 1
 */
export function withDelivery(status: WebhookTriggerStatus | undefined, outcome: DeliveryOutcome, nowMs: number, unrecorded: Record<string, number> = {}): WebhookTriggerStatus {
  const s: WebhookTriggerStatus = structuredClone(status ?? {});
  // refusals that came too fast to be written one by one (shared/webhooks/delivery-claim.ts noteOutcome)
  for (const [reason, n] of Object.entries(unrecorded)) {
    s.rejected = (s.rejected ?? 0) + n;
    s.rejectedByReason = { ...s.rejectedByReason, [reason]: (s.rejectedByReason?.[reason] ?? 0) + n };
  }
  if (outcome.result === 'Delivered') s.accepted = (s.accepted ?? 0) + 1;
  else if (outcome.result === 'Rejected') s.rejected = (s.rejected ?? 0) + 1;
  else s.failed = (s.failed ?? 0) + 1;
  if (outcome.reason) s.rejectedByReason = { ...s.rejectedByReason, [outcome.reason]: (s.rejectedByReason?.[outcome.reason] ?? 0) + 1 };
  s.lastDelivery = {
    ...(outcome.id !== undefined ? { id: outcome.id } : {}),
    time: formatTime(nowMs),
    result: outcome.result,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    code: outcome.code,
    message: clip(outcome.message),
  };
  return s;
}

/** The Event recording a delivery on its trigger: `Delivered` (Normal), `Rejected` or `Failed` (Warning). */
export function deliveryEvent(trigger: WebhookTrigger, outcome: DeliveryOutcome, nowMs: number, seq = 0): Event {
  const id = outcome.id ? `delivery ${outcome.id}` : 'delivery without id';
  const message = outcome.result === 'Delivered' ? `${id}: ${outcome.message}` : `${id} ${outcome.result === 'Rejected' ? 'rejected' : 'failed'} (${outcome.reason}, ${outcome.code}): ${outcome.message}`;
  return makeEvent(trigger, outcome.result === 'Delivered' ? 'Normal' : 'Warning', outcome.result, clip(message), WEBHOOK_COMPONENT, nowMs, seq);
}
