import { describe, expect, it } from 'vitest';
import { NOTIFY_MAX_ATTEMPTS, planNotification, validateNotify, type DeliveryRecord, type WebhookTrigger } from '../../../shared/webhooks';

const wall = Date.parse('2025-01-01T00:00:10Z');
const delivered: DeliveryRecord = { id: 'd1', time: '2025-01-01T00:00:05Z', result: 'Delivered', code: 200, message: 'scale deployments.apps/web to 3' };
const trigger = (lastDelivery?: DeliveryRecord, notify = true): WebhookTrigger => ({
  apiVersion: 'kubeflare.dev/v1alpha1',
  kind: 'WebhookTrigger',
  metadata: { name: 'hook', namespace: 'team', uid: 'u1' },
  spec: { secretRef: { name: 's', key: 'k' }, signature: 'github', serviceAccountName: 'sa', actions: [], ...(notify ? { notify: { url: 'https://example.test/hook', secretRef: { name: 'n', key: 'whsec' } } } : {}) },
  status: lastDelivery ? { accepted: 1, lastDelivery } : {},
});

describe('planNotification', () => {
  it('sends the latest result of a delivery that ran, once', () => {
    const plan = planNotification(trigger(delivered), undefined, wall);
    expect(plan).toMatchObject({ kind: 'send', messageId: 'whr_u1_d1', row: { uid: 'u1', delivery: '2025-01-01T00:00:05Z/d1', attempts: 1, done: false } });
    expect(JSON.parse((plan as { body: string }).body)).toEqual({
      type: 'webhooktrigger.result',
      timestamp: '2025-01-01T00:00:10.000Z',
      data: { trigger: { namespace: 'team', name: 'hook', uid: 'u1' }, delivery: delivered },
    });
    expect(planNotification(trigger(delivered), { uid: 'u1', delivery: '2025-01-01T00:00:05Z/d1', attempts: 1, done: true }, wall)).toEqual({ kind: 'none' });
  });

  it('retries with the same message id, and gives up after the last attempt', () => {
    const row = { uid: 'u1', delivery: '2025-01-01T00:00:05Z/d1', attempts: 3, done: false };
    expect(planNotification(trigger(delivered), row, wall)).toMatchObject({ kind: 'send', messageId: 'whr_u1_d1', row: { attempts: 4 } });
    expect(planNotification(trigger(delivered), { ...row, attempts: NOTIFY_MAX_ATTEMPTS }, wall)).toEqual({ kind: 'giveUp', row: { ...row, attempts: NOTIFY_MAX_ATTEMPTS, done: true } });
  });

  it('a newer delivery, or the same name on a new trigger, starts afresh', () => {
    const old = { uid: 'u1', delivery: 'older/d0', attempts: NOTIFY_MAX_ATTEMPTS, done: true };
    expect(planNotification(trigger(delivered), old, wall)).toMatchObject({ kind: 'send', row: { attempts: 1 } });
    expect(planNotification(trigger(delivered), { ...old, uid: 'u0', delivery: '2025-01-01T00:00:05Z/d1' }, wall)).toMatchObject({ kind: 'send', row: { uid: 'u1', attempts: 1 } });
  });

  it('nothing for refused deliveries, before the first delivery, or without spec.notify', () => {
    expect(planNotification(trigger({ ...delivered, result: 'Rejected', reason: 'Unsigned', code: 401 }), undefined, wall)).toEqual({ kind: 'none' });
    expect(planNotification(trigger(), undefined, wall)).toEqual({ kind: 'none' });
    expect(planNotification(trigger(delivered, false), undefined, wall)).toEqual({ kind: 'none' });
    expect(planNotification(trigger({ ...delivered, result: 'Failed', reason: 'ActionFailed', code: 404 }), undefined, wall)).toMatchObject({ kind: 'send' });
  });
});

describe('validateNotify', () => {
  it('wants an http(s) URL without credentials and a secret key', () => {
    expect(validateNotify(undefined)).toEqual([]);
    expect(validateNotify({ url: 'https://ci.example/hook', secretRef: { name: 'n', key: 'k' } })).toEqual([]);
    expect(validateNotify({ url: 'ftp://x', secretRef: { name: 'n' } }).map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.notify.url: Invalid value: "ftp://x": must be an http or https URL',
      'spec.notify.secretRef.key: Required value',
    ]);
    expect(validateNotify({ url: 'https://user:pw@x/' }).map((c) => c.field)).toEqual(['spec.notify.url', 'spec.notify.secretRef']);
  });
});
