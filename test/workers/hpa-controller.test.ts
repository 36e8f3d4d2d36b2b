import { env, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControllerHost } from '../../durable-objects/controllers/controller-host';
import type { StateRows } from '../../durable-objects/controllers/state-rows';
import { HPA_ROWS, hpaController } from '../../durable-objects/controllers/hpa-controller';
import { settle } from './controllers';
import { api, deployment, freshNamespace } from './helpers';

const host = () => env.CONTROLLERS.get(env.CONTROLLERS.idFromName(hpaController.name)) as DurableObjectStub<ControllerHost>;

afterEach(async () => {
  // alarms outlive a test's isolated storage: leave none behind
  await runInDurableObject(host(), (_, state) => state.storage.deleteAlarm());
});

function hpa(name: string, target: { apiVersion: string; kind: string; name: string }, metrics: unknown[]) {
  return { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name }, spec: { scaleTargetRef: target, minReplicas: 1, maxReplicas: 10, metrics } };
}

const QUEUE = [{ type: 'External', external: { metric: { name: 'queue_length', selector: { matchLabels: { queue: 'orders' } } }, target: { type: 'AverageValue', averageValue: '10' } } }];
const CPU = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }];

describe('HPA admission', () => {
  it('refuses invalid specs with 422 and upstream field paths, storing nothing', async () => {
    const ns = await freshNamespace('hpa');
    const base = `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`;
    const bad = hpa('bad', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, [{ type: 'Magic' }]) as any;
    bad.spec.minReplicas = 3;
    bad.spec.maxReplicas = 2;
    bad.spec.behavior = { scaleDown: { selectPolicy: 'Sometimes' } };
    const r = await api('POST', base, bad);
    expect(r.status).toBe(422);
    expect(r.body.details.causes.map((c: any) => c.field)).toEqual([
      'spec.maxReplicas',
      'spec.metrics[0].type',
      'spec.metrics[0].type',
      'spec.behavior.scaleDown.selectPolicy',
    ]);
    expect(r.body.message).toBe(
      'HorizontalPodAutoscaler.autoscaling "bad" is invalid: [spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`, ' +
        'spec.metrics[0].type: Unsupported value: "Magic": supported values: "ContainerResource", "External", "Object", "Pods", "Resource", ' +
        'spec.behavior.scaleDown.selectPolicy: Unsupported value: "Sometimes": supported values: "Disabled", "Max", "Min"]',
    );
    const zero = await api('POST', base, { ...hpa('zero', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, CPU), spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 0 } });
    expect(zero.status).toBe(422);
    // minReplicas is defaulted to 1 first, so 0 is also below it
    expect(zero.body.details.causes).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be greater than 0', field: 'spec.maxReplicas' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be greater than or equal to `minReplicas`', field: 'spec.maxReplicas' },
    ]);
    expect((await api('GET', base)).body.items).toEqual([]);
  });
});

describe('HPA controller', () => {
  it('scales a Deployment through its scale subresource on an external metric, while a broken HPA reports FailedGetScale', async () => {
    const ns = await freshNamespace('hpa');
    await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, deployment(1));
    // the Deployment's controllers write its status first: a scale read before one of those writes and written after
    // it is a 409, which (as upstream) waits for the next sync, 15 s on
    await settle(async () => {
      const status = (await api('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).body.status;
      return status?.observedGeneration === 1 && status?.replicas === 1;
    });
    await api('POST', `/apis/kubeflare.dev/v1alpha1/namespaces/${ns}/workloadprofiles`, {
      apiVersion: 'kubeflare.dev/v1alpha1',
      kind: 'WorkloadProfile',
      metadata: { name: 'orders' },
      spec: { externalMetrics: { queue_length: { labels: { queue: 'orders' }, value: { type: 'constant', value: 30 } } } },
    });
    const base = `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`;
    // the broken ones first: they must not hold up the good one
    expect((await api('POST', base, hpa('missing', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'missing' }, CPU))).status).toBe(201);
    expect((await api('POST', base, hpa('noscale', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'web' }, CPU))).status).toBe(201);
    expect((await api('POST', base, hpa('web', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, QUEUE))).status).toBe(201);

    await settle(async () => (await api('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).body.spec.replicas === 3);
    await settle(async () => (await api('GET', `${base}/web`)).body.status?.desiredReplicas === 3);
    const web = (await api('GET', `${base}/web`)).body;
    expect(web.status.currentMetrics).toEqual([
      {
        type: 'External',
        external: { metric: { name: 'queue_length', selector: { matchLabels: { queue: 'orders' } } }, current: { averageValue: '30' } },
      },
    ]);
    expect(web.status.lastScaleTime).toBeDefined();
    expect(web.status.conditions.find((c: any) => c.type === 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale' });

    const condition = async (name: string) => (await api('GET', `${base}/${name}`)).body.status?.conditions?.find((c: any) => c.type === 'AbleToScale');
    await settle(async () => (await condition('missing'))?.reason === 'FailedGetScale');
    expect(await condition('missing')).toMatchObject({
      status: 'False',
      message: `the HPA controller was unable to get the target's current scale: deployments.apps "missing" not found`,
    });
    await settle(async () => (await condition('noscale'))?.reason === 'FailedGetScale');
    expect((await condition('noscale')).message).toBe(
      "the HPA controller was unable to get the target's current scale: could not find scale subresource for apps/v1, Resource=daemonsets in discovery information",
    );

    const events = (await api('GET', `/api/v1/namespaces/${ns}/events`)).body.items as any[];
    const of = (name: string) => events.filter((e) => e.involvedObject.name === name && e.involvedObject.kind === 'HorizontalPodAutoscaler');
    expect(of('web').map((e) => [e.type, e.reason, e.message, e.source.component])).toContainEqual([
      'Normal',
      'SuccessfulRescale',
      'New size: 3; reason: external metric queue_length(&LabelSelector{MatchLabels:map[string]string{queue: orders,},MatchExpressions:[]LabelSelectorRequirement{},}) above target',
      'horizontal-pod-autoscaler',
    ]);
    expect(of('missing').map((e) => [e.reason, e.message])).toContainEqual(['FailedGetScale', 'deployments.apps "missing" not found']);

    // served as autoscaling/v1 too
    const v1 = (await api('GET', `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers/web`)).body;
    expect(v1.status).toMatchObject({ currentReplicas: 1, desiredReplicas: 3 });

    // one row of history per HPA, and the next sync is 15 s away
    await runInDurableObject(host(), async (instance, state) => {
      const keys = state.storage.sql.exec<{ key: string }>('SELECT key FROM state_rows WHERE tbl = ? ORDER BY key', HPA_ROWS).toArray().map((r) => r.key);
      expect(keys).toEqual([`${ns}/missing`, `${ns}/noscale`, `${ns}/web`]);
      const due = (instance as unknown as { rows: StateRows }).rows.queue.state.due[`${ns}/web`]!;
      expect(due - Date.now()).toBeGreaterThan(5_000);
      expect(due - Date.now()).toBeLessThanOrEqual(15_000);
      // the stored row says no later: a restarted host syncs it no later than this one would (rowsToWrite)
      const stored = state.storage.sql.exec<{ due: number }>('SELECT due FROM work_queue WHERE key = ?', `${ns}/web`).one().due;
      expect(stored).toBeLessThanOrEqual(due);
    });

    // a deleted HPA's row goes
    await api('DELETE', `${base}/missing`);
    await settle(async () =>
      runInDurableObject(host(), (_, state) => state.storage.sql.exec('SELECT 1 FROM state_rows WHERE tbl = ? AND key = ?', HPA_ROWS, `${ns}/missing`).toArray().length === 0),
    );
  }, 60_000);
});
