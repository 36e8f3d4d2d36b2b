import { describe, expect, it } from 'vitest';
import { webhookTriggerPrinter } from '../../../shared/webhooks/webhook-trigger-printer';

const now = Date.parse('2025-01-01T01:00:00Z');
const trigger = (status?: object) =>
  ({
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'WebhookTrigger',
    metadata: { name: 'hook', namespace: 'team', creationTimestamp: '2025-01-01T00:00:00Z' },
    spec: { secretRef: { name: 's', key: 'k' }, signature: 'github', serviceAccountName: 'sa', actions: [{ scale: {} }, { patch: {} }] },
    status,
  }) as never;

describe('webhookTriggerPrinter', () => {
  it('prints the counts and the latest delivery', () => {
    expect(webhookTriggerPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Signature', 'ServiceAccount', 'Accepted', 'Rejected', 'Last-Result', 'Last-Delivery', 'Age', 'Actions', 'Last-Reason']);
    const status = { accepted: 2, rejected: 3, failed: 1, lastDelivery: { time: '2025-01-01T00:59:30Z', result: 'Rejected', reason: 'Replayed', code: 409, message: '' } };
    expect(webhookTriggerPrinter.print(trigger(status), now).cells).toEqual(['hook', 'github', 'sa', 2, 4, 'Rejected', '30s', '60m', 'scale,patch', 'Replayed']);
  });
  it('before the first delivery', () => {
    expect(webhookTriggerPrinter.print(trigger(), now).cells).toEqual(['hook', 'github', 'sa', 0, 0, '<none>', '<none>', '60m', 'scale,patch', '']);
  });
});
