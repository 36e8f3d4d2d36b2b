// The HPA controller reads a namespace's HPAs, pods, WorkloadProfiles and Deployments from views kept by
// notices (durable-objects/controllers/hpa-views.ts), as upstream's reads its informers: listed at the
// first sync there, then only what a notice says changed. The notices a host would hear are handed to
// `observe` here by hand; the cluster's own HPA host is stopped after its first sync, so the syncs below
// are the only ones writing these HPAs.
import { env, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControllerHost } from '../../durable-objects/controllers/controller-host';
import { hpaController } from '../../durable-objects/controllers/hpa-controller';
import { hpaViews } from '../../durable-objects/controllers/hpa-views';
import { heard } from '../../durable-objects/controllers/notifier';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { settle } from './controllers';
import { countingContext, pluralOf, type StoreCall } from './counting-context';
import { api, deployment, freshNamespace } from './helpers';

const host = () => env.CONTROLLERS.get(env.CONTROLLERS.idFromName(hpaController.name)) as DurableObjectStub<ControllerHost>;

afterEach(async () => {
  await runInDurableObject(host(), (_, state) => state.storage.deleteAlarm());
});

/** Reads as `<method> <plural>[ <name>]`, in call order (a getScale names its target). */
const reads = (calls: StoreCall[]) =>
  calls.filter((c) => /\.(get|getMany|list|getScale)$/.test(c.call)).map((c) => `${c.call.split('.').pop()} ${pluralOf(c)}${/\.(get|getScale)$/.test(c.call) ? ` ${String(c.args[1])}` : ''}`);

const QUEUE = [{ type: 'External', external: { metric: { name: 'queue_length', selector: { matchLabels: { queue: 'orders' } } }, target: { type: 'AverageValue', averageValue: '10' } } }];

/** A namespace with Deployments `app-0`, `app-1` (1 replica each), a WorkloadProfile, and an HPA each (min = max = 1, a constant external metric: a steady status). */
async function steadyNamespace(): Promise<string> {
  const ns = await freshNamespace('hpav');
  await api('POST', `/apis/kubeflare.dev/v1alpha1/namespaces/${ns}/workloadprofiles`, {
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'WorkloadProfile',
    metadata: { name: 'orders' },
    spec: { externalMetrics: { queue_length: { labels: { queue: 'orders' }, value: { type: 'constant', value: 5 } } } },
  });
  for (const i of [0, 1]) {
    const d = deployment(1);
    d.metadata.name = `app-${i}`;
    d.spec.selector.matchLabels.app = d.spec.template.metadata.labels.app = `app-${i}`;
    expect((await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, d)).status).toBe(201);
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: `app-${i}` }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `app-${i}` }, minReplicas: 1, maxReplicas: 1, metrics: QUEUE } };
    expect((await api('POST', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`, hpa)).status).toBe(201);
  }
  await settle(async () => (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items.length === 2, 30_000);
  // stop the cluster's host (it may have synced them once already; its next syncs would be 15 s away)
  await runInDurableObject(host(), (_, state) => state.storage.deleteAlarm());
  return ns;
}

const notice = (resource: string, type: ChangeNotice['type'], ns: string, obj: { metadata: { name: string; uid: string; resourceVersion: string } }, bump = 1): ChangeNotice => ({
  resource,
  type,
  namespace: ns,
  name: obj.metadata.name,
  uid: obj.metadata.uid,
  resourceVersion: String(Number(obj.metadata.resourceVersion) + bump),
});

describe('HPA controller store calls', () => {
  it('lists each of the four at its first sync in a namespace, then reads only what a notice says changed', async () => {
    const ns = await steadyNamespace();
    const keys = [`${ns}/app-0`, `${ns}/app-1`];
    const memo: Record<string, unknown> = {};
    const first = countingContext([], hpaController.name, [], memo);
    const round = async (i: number) => {
      const log: StoreCall[] = [];
      const results = await hpaController.reconcileBatch!(keys, { ...countingContext([], hpaController.name, log, memo), rows: first.rows, now: first.now + i * 15_000 });
      for (const key of keys) expect(results[key]).toEqual({ requeueAfterMs: 15_000 });
      return log;
    };

    expect(reads(await round(0)).sort()).toEqual(['list deployments', 'list horizontalpodautoscalers', 'list pods', 'list workloadprofiles']);
    // (a status write of round 0 the cluster's host beat is a 409, read again in round 1)
    await round(1);
    // a steady sync reads nothing, and writes nothing either (the status did not change)
    const steady = await round(2);
    expect(reads(steady)).toEqual([]);
    expect(steady.filter((c) => /\.(update|updateMany|updateScale)$/.test(c.call))).toEqual([]);

    // a notice of a changed pod, profile, Deployment or HPA costs one get of it
    const pod = (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items[0];
    const profile = (await api('GET', `/apis/kubeflare.dev/v1alpha1/namespaces/${ns}/workloadprofiles/orders`)).body;
    const dep = (await api('GET', `/apis/apps/v1/namespaces/${ns}/deployments/app-1`)).body;
    const hpa = (await api('GET', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/app-0`)).body;
    hpaController.observe!(
      [
        notice('pods', 'MODIFIED', ns, pod),
        notice('workloadprofiles.kubeflare.dev', 'MODIFIED', ns, profile),
        notice('deployments.apps', 'MODIFIED', ns, dep),
        notice('horizontalpodautoscalers.autoscaling', 'MODIFIED', ns, hpa),
        // another namespace's, and a resource the views do not keep: nothing
        notice('pods', 'MODIFIED', `${ns}-x`, pod),
        notice('replicasets.apps', 'MODIFIED', ns, pod),
      ],
      memo,
    );
    expect(reads(await round(3)).sort()).toEqual([`get deployments app-1`, `get horizontalpodautoscalers app-0`, `get pods ${pod.metadata.name}`, 'get workloadprofiles orders']);
    expect(reads(await round(4))).toEqual([]);

    // the namespace's last HPA gone: its views go (the stores stop sending its pods' notices), a new sync lists again
    hpaController.observe!([notice('horizontalpodautoscalers.autoscaling', 'DELETED', ns, hpa, 2), notice('horizontalpodautoscalers.autoscaling', 'DELETED', ns, { metadata: { ...hpa.metadata, name: 'app-1' } }, 3)], memo);
    expect(hpaViews(memo).has(ns)).toBe(false);
    expect(reads(await round(5)).sort()).toEqual(['list deployments', 'list horizontalpodautoscalers', 'list pods', 'list workloadprofiles']);

    await api('DELETE', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`);
  }, 90_000);

  it("decides a rescale on the target's scale read then: a view a notice behind is read again", async () => {
    const ns = await steadyNamespace();
    const memo: Record<string, unknown> = {};
    await hpaController.reconcileBatch!([`${ns}/app-0`], countingContext([], hpaController.name, [], memo));
    await hpaController.reconcileBatch!([`${ns}/app-0`], countingContext([], hpaController.name, [], memo)); // reads what a 409 left stale
    // the view's copy says 5 replicas at an old version (a scale whose notice has not arrived): min = max = 1 would rescale
    const views = hpaViews(memo).of(ns);
    const held = views.deployments.items();
    views.deployments.replaceAll(held.map((d) => (d.metadata!.name === 'app-0' ? { ...d, metadata: { ...d.metadata, resourceVersion: '1' }, spec: { ...d.spec!, replicas: 5 } } : d)), '1', Date.now());
    const log: StoreCall[] = [];
    await hpaController.reconcileBatch!([`${ns}/app-0`], countingContext([], hpaController.name, log, memo));
    // the live scale says 1: nothing to do, nothing written to the Deployment, and the view reads it at the next sync
    expect(reads(log)).toEqual(['getScale deployments app-0']);
    expect(log.filter((c) => c.call.endsWith('.updateScale'))).toEqual([]);
    expect((await api('GET', `/apis/apps/v1/namespaces/${ns}/deployments/app-0`)).body.spec.replicas).toBe(1);
    const next: StoreCall[] = [];
    await hpaController.reconcileBatch!([`${ns}/app-0`], countingContext([], hpaController.name, next, memo));
    expect(reads(next)).toEqual(['get deployments app-0']);
    expect(views.deployments.get('app-0')!.spec!.replicas).toBe(1);

    await api('DELETE', `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`);
  }, 90_000);

  it("hears pods, profiles and Deployments only from a namespace's store that holds an HPA, and every HPA change", () => {
    const n = (resource: string, type: ChangeNotice['type'] = 'MODIFIED'): ChangeNotice => ({ resource, type, namespace: 'shop', name: 'x', uid: 'u', resourceVersion: '5' });
    const holding = (...resources: string[]) => ({ holds: (r: string) => resources.includes(r) });
    const HPAS = 'horizontalpodautoscalers.autoscaling';
    for (const r of ['pods', 'workloadprofiles.kubeflare.dev', 'deployments.apps']) {
      expect(heard(hpaController, n(r), holding('pods'))).toBe(false);
      expect(heard(hpaController, n(r), holding(HPAS))).toBe(true);
      expect(hpaController.keysFor(n(r))).toEqual([]);
    }
    expect(heard(hpaController, n(HPAS), holding())).toBe(true);
    // updates feed the view but do not hurry a sync; a new HPA is synced at once
    expect(hpaController.keysFor(n(HPAS))).toEqual([]);
    expect(hpaController.keysFor(n(HPAS, 'ADDED'))).toEqual(['shop/x']);
    expect(hpaController.keysFor(n(HPAS, 'DELETED'))).toEqual(['shop/x']);
  });
});
