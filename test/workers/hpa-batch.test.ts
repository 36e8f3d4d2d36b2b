// HPAs due together share their reads and writes (durable-objects/controllers/hpa-batch-io.ts): one list of
// the namespace's HPAs and one of the targets' kind instead of a GET and a scale read each, statuses as one
// updateMany and Events as one createMany; the namespace's views keep them for the next syncs. The cluster's own HPA host
// syncs the same HPAs meanwhile, so only this call's store calls and results are asserted, never whose
// status write landed first.
import { env, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControllerHost } from '../../durable-objects/controllers/controller-host';
import { hpaController } from '../../durable-objects/controllers/hpa-controller';
import type { CreateRequest, UpdateRequest } from '../../shared/apiserver/store-protocol';
import { settle } from './controllers';
import { countingContext, type StoreCall } from './counting-context';
import { api, deployment, freshNamespace } from './helpers';

const plural = (c: StoreCall) => {
  const a = c.args[0] as { def?: { plural: string }; plural?: string } | { def: { plural: string } }[];
  return Array.isArray(a) ? a[0]?.def.plural : (a.def ?? (a as { plural: string })).plural;
};
const calls = (log: StoreCall[], method: string, resource: string) => log.filter((c) => c.call.endsWith(`.${method}`) && plural(c) === resource).length;

const host = () => env.CONTROLLERS.get(env.CONTROLLERS.idFromName(hpaController.name)) as DurableObjectStub<ControllerHost>;

afterEach(async () => {
  // the cluster's HPA host heard of these HPAs too; alarms outlive a test's isolated storage: leave none behind
  await runInDurableObject(host(), (_, state) => state.storage.deleteAlarm());
});

function hpa(name: string, target: string) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, minReplicas: 1, maxReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
  };
}

describe('HPA syncs due together', () => {
  it('read the namespace once per kind and write once per kind', async () => {
    const ns = await freshNamespace('hpab');
    const keys: string[] = [];
    for (let i = 0; i < 4; i++) {
      const d = deployment(1);
      d.metadata.name = `app-${i}`;
      d.spec.selector.matchLabels.app = d.spec.template.metadata.labels.app = `app-${i}`;
      expect((await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, d)).status).toBe(201);
      expect((await api('POST', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`, hpa(`app-${i}`, `app-${i}`))).status).toBe(201);
      keys.push(`${ns}/app-${i}`);
    }
    // one whose target does not exist: absent from the list, its scale read alone gives upstream's error
    expect((await api('POST', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`, hpa('broken', 'missing'))).status).toBe(201);
    keys.push(`${ns}/broken`);

    const memo: Record<string, unknown> = {};
    const batch: StoreCall[] = [];
    const results = await hpaController.reconcileBatch!(keys, countingContext([], hpaController.name, batch, memo));
    // every HPA synced (the broken one too: its failure is its status and events), each due again in 15 s
    expect(Object.keys(results).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(results[key]).toEqual({ requeueAfterMs: 15_000 });
    expect(calls(batch, 'list', 'horizontalpodautoscalers')).toBe(1);
    expect(calls(batch, 'get', 'horizontalpodautoscalers')).toBe(0);
    expect(calls(batch, 'list', 'deployments')).toBe(1);
    expect(batch.filter((c) => c.call.endsWith('.getScale')).map((c) => c.args[1])).toEqual(['missing']);
    // statuses (those that changed) in at most one updateMany, never one by one
    expect(batch.filter((c) => c.call.endsWith('.update'))).toEqual([]);
    const statusWrites = batch.filter((c) => c.call.endsWith('.updateMany'));
    expect(statusWrites.length).toBeLessThanOrEqual(1);
    for (const w of statusWrites) expect((w.args[0] as UpdateRequest[]).every((r) => r.def.plural === 'horizontalpodautoscalers' && r.target === 'status')).toBe(true);
    // the broken HPA's FailedGetScale (every sync has it) goes out with any others in one createMany
    const eventWrites = batch.filter((c) => c.call.endsWith('.createMany'));
    expect(eventWrites.length).toBe(1);
    const events = eventWrites[0]!.args[0] as CreateRequest[];
    expect(events.find((e) => (e.object as { reason?: string }).reason === 'FailedGetScale')?.object).toMatchObject({
      involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'broken' },
      message: 'deployments.apps "missing" not found',
    });
    expect(calls(batch, 'create', 'events')).toBe(0);

    // two due again, with the views the batch listed: the HPAs and Deployments come from them (hpa-view-reads.test.ts),
    // the broken one's target, in no view, would still be read through its scale subresource
    const pair: StoreCall[] = [];
    const two = await hpaController.reconcileBatch!(keys.slice(0, 2), countingContext([], hpaController.name, pair, memo));
    for (const key of keys.slice(0, 2)) expect(two[key]).toEqual({ requeueAfterMs: 15_000 });
    expect(calls(pair, 'list', 'horizontalpodautoscalers')).toBe(0);
    expect(calls(pair, 'list', 'deployments')).toBe(0);
    expect(pair.filter((c) => c.call.endsWith('.getScale'))).toEqual([]);

    // the cluster's host would sync these every 15 s after the test: let it forget them, and wait until it has
    await api('DELETE', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`);
    type Queue = { rows: { queue: { row(key: string): unknown } } };
    await settle(() => runInDurableObject(host(), (instance: ControllerHost) => keys.every((k) => !(instance as unknown as Queue).rows.queue.row(k))), 30_000);
  }, 90_000);
});

describe("the AmbiguousSelector check over the host's index of the namespace's selectors", () => {
  it('counts an HPA once its selector is known, and forgets it once it is gone', async () => {
    const ns = await freshNamespace('hpaa');
    const d = deployment(1);
    d.metadata.name = 'web';
    expect((await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, d)).status).toBe(201);
    for (const name of ['a', 'b']) expect((await api('POST', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`, hpa(name, 'web'))).status).toBe(201);
    // wait for the Deployment's pod: an HPA whose selector selects no pod is never ambiguous
    await settle(async () => (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items.length === 1, 30_000);

    // one host's rows and memo over three rounds 15 s apart; each round's writes on a log (and a recorder) of its own
    const memo: Record<string, unknown> = {};
    const first = countingContext([], hpaController.name, [], memo);
    const round = async (keys: string[], i: number) => {
      const log: StoreCall[] = [];
      const ctx = { ...countingContext([], hpaController.name, log, memo), rows: first.rows, now: first.now + i * 15_000 };
      await hpaController.reconcileBatch!(keys.map((k) => `${ns}/${k}`), ctx);
      const events = log.filter((c) => c.call.endsWith('.createMany')).flatMap((c) => (c.args[0] as CreateRequest[]).map((r) => r.object as { reason?: string; involvedObject?: { name?: string }; message?: string }));
      return events.filter((e) => e.reason === 'AmbiguousSelector').map((e) => `${e.involvedObject?.name}: ${e.message}`);
    };
    const message = `pods by selector app=web are controlled by multiple HPAs: [${ns}/a ${ns}/b]`;
    // a syncs before b's selector is known (upstream registers a new HPA's selector as Nothing()), b after a's
    expect(await round(['a', 'b'], 0)).toEqual([`b: ${message}`]);
    expect(await round(['a', 'b'], 1)).toEqual([`a: ${message}`, `b: ${message}`]);
    // b deleted: its sync finds it gone and drops it from the index, and a is no longer ambiguous
    const b = (await api('GET', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/b`)).body.metadata;
    expect((await api('DELETE', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/b`)).status).toBe(200);
    // as the host hears it: its view of the namespace's HPAs drops b
    hpaController.observe!([{ resource: 'horizontalpodautoscalers.autoscaling', type: 'DELETED', namespace: ns, name: 'b', uid: b.uid, resourceVersion: String(Number(b.resourceVersion) + 1) }], memo);
    expect(await round(['b', 'a'], 2)).toEqual([]);

    await api('DELETE', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`);
    type Queue = { rows: { queue: { row(key: string): unknown } } };
    await settle(() => runInDurableObject(host(), (instance: ControllerHost) => ['a', 'b'].every((k) => !(instance as unknown as Queue).rows.queue.row(`${ns}/${k}`))), 30_000);
  }, 90_000);
});
