import { describe, expect, it } from 'vitest';
import { validateWebhookTrigger } from '../../../shared/webhooks';

const web = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const valid = {
  metadata: { name: 'hook', namespace: 'team' },
  spec: { secretRef: { name: 's', key: 'k' }, signature: 'github', serviceAccountName: 'sa', actions: [{ scale: { target: web, replicas: '{.replicas}' } }] },
};
const withSpec = (spec: Record<string, unknown>) => validateWebhookTrigger({ ...valid, spec: { ...valid.spec, ...spec } });
const messages = (spec: Record<string, unknown>) => withSpec(spec).map((c) => `${c.field}: ${c.message}`);

describe('validateWebhookTrigger', () => {
  it('accepts a well-formed trigger', () => {
    expect(validateWebhookTrigger(valid)).toEqual([]);
    expect(messages({ rateLimit: { deliveriesPerMinute: 30, burst: 5 }, signature: 'standard-webhooks' })).toEqual([]);
  });

  it('requires the secret, scheme, ServiceAccount and actions', () => {
    expect(validateWebhookTrigger({ metadata: valid.metadata }).map((c) => c.field)).toEqual(['spec']);
    expect(messages({ secretRef: { name: 's' }, signature: '', serviceAccountName: undefined, actions: [] })).toEqual([
      'spec.secretRef.key: Required value',
      'spec.signature: Required value',
      'spec.serviceAccountName: Required value',
      'spec.actions: Required value: at least one action',
    ]);
    expect(messages({ signature: 'gitlab' })).toEqual(['spec.signature: Unsupported value: "gitlab": supported values: "github", "standard-webhooks"']);
  });

  it('bounds the rate limit and the number of actions', () => {
    expect(messages({ rateLimit: { deliveriesPerMinute: 0, burst: 5000 } })).toEqual([
      'spec.rateLimit.deliveriesPerMinute: Invalid value: 0: must be an integer from 1 to 60000',
      'spec.rateLimit.burst: Invalid value: 5000: must be an integer from 1 to 1000',
    ]);
    expect(messages({ actions: Array.from({ length: 17 }, () => valid.spec.actions[0]) })).toEqual(['spec.actions: Invalid value: 17: must have at most 16 items']);
  });

  it('checks each action\'s shape and expressions', () => {
    expect(
      messages({
        actions: [
          {},
          { scale: { target: { kind: 'Deployment', name: 'web' }, replicas: '{.a..b}' } },
          { patch: { target: web } },
          { nodeFault: { pool: 'p', faults: { melt: true } } },
          { advanceClock: { by: 'soon' } },
          { advanceClock: { by: '{.by}' } },
          { apply: { manifest: { kind: 'ConfigMap' } } },
          { scale: { target: web, replicas: 1 }, patch: { target: web, patch: {} } },
        ],
      }),
    ).toEqual([
      'spec.actions[0]: Required value: one of scale, patch, apply, setLoad, nodeFault, advanceClock',
      'spec.actions[1].scale.replicas: Invalid value: "{.a..b}": invalid expression "{.a..b}": expected a field name after \'.\' at offset 2',
      'spec.actions[1].scale.target.apiVersion: Required value',
      'spec.actions[2].patch.patch: Required value: a JSON merge patch (an object)',
      'spec.actions[3].nodeFault.faults: Unsupported value: "melt": supported values: "stopHeartbeat", "notReady", "memoryPressure", "diskPressure", "pidPressure"',
      'spec.actions[4].advanceClock.by: Invalid value: "soon": must be a positive Go duration such as "10m", or an expression',
      'spec.actions[6].apply.manifest.apiVersion: Required value',
      'spec.actions[7]: Forbidden: may not set more than one of scale, patch',
    ]);
  });
});
