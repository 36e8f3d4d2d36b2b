import { describe, expect, it } from 'vitest';
import { deliveryEvent, withDelivery, type WebhookTrigger } from '../../../shared/webhooks';

const t0 = Date.parse('2025-01-01T00:00:00Z');
const trigger: WebhookTrigger = {
  apiVersion: 'kubeflare.dev/v1alpha1',
  kind: 'WebhookTrigger',
  metadata: { name: 'hook', namespace: 'team', uid: 'u-1' },
  spec: { secretRef: { name: 's', key: 'k' }, signature: 'github', serviceAccountName: 'sa', actions: [] },
};

describe('withDelivery', () => {
  it('counts each result and each reason, and keeps the last delivery', () => {
    let s = withDelivery(undefined, { id: 'a', result: 'Delivered', code: 200, message: 'scale deployments.apps/web to 3' }, t0);
    s = withDelivery(s, { id: 'a', result: 'Rejected', reason: 'Replayed', code: 409, message: 'again' }, t0 + 1000);
    s = withDelivery(s, { result: 'Rejected', reason: 'BadSignature', code: 401, message: 'no' }, t0 + 2000);
    s = withDelivery(s, { id: 'b', result: 'Rejected', reason: 'Replayed', code: 409, message: 'again' }, t0 + 3000);
    s = withDelivery(s, { id: 'c', result: 'Failed', reason: 'ActionFailed', code: 404, message: 'gone' }, t0 + 4000);
    expect(s).toEqual({
      accepted: 1,
      rejected: 3,
      failed: 1,
      rejectedByReason: { Replayed: 2, BadSignature: 1, ActionFailed: 1 },
      lastDelivery: { id: 'c', time: '2025-01-01T00:00:04Z', result: 'Failed', reason: 'ActionFailed', code: 404, message: 'gone' },
    });
  });

  it('folds in refusals that were counted but not written', () => {
    const s = withDelivery({ rejected: 1, rejectedByReason: { Unsigned: 1 } }, { id: 'x', result: 'Delivered', code: 200, message: 'ok' }, t0, { Unsigned: 5, Stale: 2 });
    expect(s).toMatchObject({ accepted: 1, rejected: 8, rejectedByReason: { Unsigned: 6, Stale: 2 } });
  });

  it('does not change the status it was given, and clips long messages', () => {
    const before = { accepted: 1 };
    const s = withDelivery(before, { result: 'Rejected', reason: 'BadPayload', code: 400, message: 'x'.repeat(5000) }, t0);
    expect(before).toEqual({ accepted: 1 });
    expect(s.lastDelivery!.message.length).toBe(1024);
    expect(s.lastDelivery!.id).toBeUndefined();
  });
});

describe('deliveryEvent', () => {
  it('Delivered is Normal; Rejected says why, with the code', () => {
    const ok = deliveryEvent(trigger, { id: 'a', result: 'Delivered', code: 200, message: 'scale deployments.apps/web to 3' }, t0);
    expect(ok).toMatchObject({ type: 'Normal', reason: 'Delivered', message: 'delivery a: scale deployments.apps/web to 3', involvedObject: { kind: 'WebhookTrigger', name: 'hook', namespace: 'team', uid: 'u-1' }, source: { component: 'webhook-trigger' } });
    const no = deliveryEvent(trigger, { result: 'Rejected', reason: 'Unsigned', code: 401, message: 'no signature headers' }, t0);
    expect(no).toMatchObject({ type: 'Warning', reason: 'Rejected', message: 'delivery without id rejected (Unsigned, 401): no signature headers' });
  });
});
