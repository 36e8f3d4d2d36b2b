import type { Secret } from 'kubernetes-types/core/v1';
import { clock } from '../../platform/clock';
import { log } from '../../platform/log';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import {
  base64ToBytes,
  NOTIFY_TIMEOUT_MS,
  planNotification,
  signStandardWebhook,
  standardWebhooksKey,
  type NotifiedRow,
  type WebhookTrigger,
} from '../../shared/webhooks';
import type { ControllerDef } from './controller-def';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { SECRETS, WEBHOOK_TRIGGERS } from '../../shared/api/resource-refs';

/**
 * Outgoing notifications of WebhookTriggers with spec.notify: the latest result of a delivery that
 * ran is POSTed to the URL, signed as Standard Webhooks with the notify Secret's whsec_ key. A
 * failed POST (network, non-2xx, timeout) fails the reconcile, so the host retries it with its
 * backoff (5 ms doubling, on the cluster clock) up to NOTIFY_MAX_ATTEMPTS; what was sent is one
 * row per trigger, so a restart neither loses nor repeats a result.
 */
export const webhookNotifierController: ControllerDef = {
  name: 'webhook-notifier',
  watches: ['webhooktriggers.kubeflare.dev'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  keysFor: (n: ChangeNotice) => [`${n.namespace}/${n.name}`],
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<WebhookTrigger>(WEBHOOK_TRIGGERS).list();
    return list.items.filter((t) => t.spec?.notify).map((t) => `${t.metadata.namespace}/${t.metadata.name}`);
  },
  async reconcile(key, { client, rows }) {
    const sent = rows<NotifiedRow>('notified');
    const { namespace, name } = splitKey(key);
    const trigger = await getOrUndefined(client.resource<WebhookTrigger>(WEBHOOK_TRIGGERS).namespace(namespace).get(name));
    if (!trigger) {
      sent.delete(key);
      return {};
    }
    const plan = planNotification(trigger, sent.get(key), clock.wallNow());
    if (plan.kind === 'none') return {};
    sent.put(key, plan.row);
    if (plan.kind === 'giveUp') {
      log.warn('webhook notification given up', { namespace, name, delivery: plan.row.delivery, attempts: plan.row.attempts });
      return {};
    }
    const notify = trigger.spec.notify!;
    const secret = await getOrUndefined(client.resource<Secret>(SECRETS).namespace(namespace).get(notify.secretRef.name));
    const encoded = secret?.data?.[notify.secretRef.key];
    const raw = encoded === undefined ? undefined : base64ToBytes(encoded);
    const whsec = raw && standardWebhooksKey(new TextDecoder().decode(raw));
    if (!whsec) throw new Error(`secret ${namespace}/${notify.secretRef.name} has no whsec_ key ${notify.secretRef.key}`);
    const body = new TextEncoder().encode(plan.body);
    const timestamp = Math.floor(clock.wallNow() / 1000);
    const res = await fetch(notify.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'kubeflare-webhook-notifier',
        'webhook-id': plan.messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': await signStandardWebhook(crypto.subtle, whsec, plan.messageId, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`POST ${notify.url}: ${res.status}`);
    sent.put(key, { ...plan.row, done: true });
    return {};
  },
};
