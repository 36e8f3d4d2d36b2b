import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { log } from '../../platform/log';
import { namespaceStore, storeStub } from '../../platform/stores';
import type { KubeObject } from '../../shared/api/object';
import { deliveryEvent, withDelivery, WEBHOOK_COMPONENT, type DeliveryOutcome, type WebhookDeliveryStore, type WebhookTrigger } from '../../shared/webhooks';
import { EVENT_DEF, WEBHOOK_TRIGGER_DEF } from '../../shared/api/resource-defs';

/** Concurrent deliveries race for the status: a conflict re-reads and counts again. */
const STATUS_ATTEMPTS = 5;

/**
 * Records a delivery on its trigger: the counts and lastDelivery in status (read, count, write
 * with the read resourceVersion, again on conflict) and an Event. Refusals beyond 60 a minute
 * (REJECTION_RECORD_LIMIT) are only counted in the store and folded into the next write, so a
 * flood of bad deliveries is not a flood of writes. A trigger deleted meanwhile records nothing;
 * a failure to record is logged and does not change the sender's answer.
 */
export async function recordDelivery(env: Env, trigger: WebhookTrigger, outcome: DeliveryOutcome): Promise<void> {
  const stub = storeStub(env, namespaceStore(trigger.metadata.namespace));
  const now = clock.now();
  try {
    const note = await (stub as unknown as WebhookDeliveryStore).noteWebhookOutcome({
      trigger: trigger.metadata.uid ?? trigger.metadata.name,
      rejectedFor: outcome.result === 'Rejected' ? outcome.reason : undefined,
    });
    if (!note.record) return;
    for (let attempt = 0; attempt < STATUS_ATTEMPTS; attempt++) {
      const cur = await stub.get(WEBHOOK_TRIGGER_DEF, trigger.metadata.name);
      if (!cur.ok || cur.value.metadata.uid !== trigger.metadata.uid) return;
      const status = withDelivery((cur.value as unknown as WebhookTrigger).status, outcome, now, note.unrecorded);
      const object = { ...cur.value, status } as unknown as KubeObject;
      const r = await stub.update({ def: WEBHOOK_TRIGGER_DEF, name: trigger.metadata.name, object, target: 'status', version: 'v1alpha1', fieldManager: WEBHOOK_COMPONENT });
      if (r.ok) break;
      if (r.status.code !== 409) throw new Error(r.status.message);
    }
    // names are <trigger>.<cluster time in ns>: a random sub-millisecond part keeps same-millisecond deliveries apart
    const seq = crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000;
    const event = deliveryEvent(trigger, outcome, now, seq) as unknown as KubeObject;
    const e = await stub.create({ def: EVENT_DEF, object: event, version: 'v1', fieldManager: WEBHOOK_COMPONENT });
    if (!e.ok) throw new Error(e.status.message);
  } catch (err) {
    log.warn('webhook delivery not recorded', { namespace: trigger.metadata.namespace, name: trigger.metadata.name, error: String(err) });
  }
}
