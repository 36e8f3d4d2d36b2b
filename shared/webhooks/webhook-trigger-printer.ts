// kubectl get webhooktriggers: Kubeflare's own kind, so there is no upstream printer to port; the columns follow
// upstream's conventions (NAME first, AGE last, details at priority 1 for -o wide).
import { AGE_COLUMN, NAME_COLUMN, column } from '../tables/columns';
import { age, since } from '../tables/timestamps';
import type { Printer } from '../tables/types';
import type { WebhookTrigger } from './webhook-trigger';

/**
 * NAME SIGNATURE SERVICEACCOUNT ACCEPTED REJECTED LAST-RESULT LAST-DELIVERY AGE | ACTIONS LAST-REASON (wide).
 * LAST-DELIVERY is how long ago the latest delivery arrived; `<none>` before the first.
 */
export const webhookTriggerPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Signature', 'string', { text: 'The signature scheme: github or standard-webhooks.' }),
    column('ServiceAccount', 'string', { text: 'The ServiceAccount deliveries act as.' }),
    column('Accepted', 'integer', { text: 'Deliveries whose actions all ran.' }),
    column('Rejected', 'integer', { text: 'Deliveries refused (they changed nothing) or failed part way.' }),
    column('Last-Result', 'string', { text: 'Delivered, Rejected or Failed.' }),
    column('Last-Delivery', 'string', { text: 'How long ago the latest delivery arrived.' }),
    AGE_COLUMN,
    column('Actions', 'string', { text: 'The action types, in order.' }, { priority: 1 }),
    column('Last-Reason', 'string', { text: 'Why the latest delivery was refused or failed.' }, { priority: 1 }),
  ],
  print: (obj, now) => {
    const t = obj as unknown as WebhookTrigger;
    const s = t.status ?? {};
    const last = s.lastDelivery;
    const actions = (t.spec?.actions ?? []).map((a) => Object.keys(a)[0] ?? '').join(',');
    return {
      cells: [
        t.metadata.name ?? '',
        t.spec?.signature ?? '',
        t.spec?.serviceAccountName ?? '',
        s.accepted ?? 0,
        (s.rejected ?? 0) + (s.failed ?? 0),
        last?.result ?? '<none>',
        last ? since(last.time, now) : '<none>',
        age(obj, now),
        actions,
        last?.reason ?? '',
      ],
    };
  },
};
