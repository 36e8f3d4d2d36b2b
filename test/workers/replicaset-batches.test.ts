import { describe, expect, it } from 'vitest';
import { replicaSetController } from '../../durable-objects/controllers/replicaset-controller';
import type { CreateRequest } from '../../shared/apiserver/store-protocol';
import { slowStartBatches } from '../../shared/controllers/slow-start';
import { CORRELATION } from '../../shared/controllers/event-correlation';
import { settle, webReplicaSet as replicaSet } from './controllers';
import { countingContext, pluralOf, type StoreCall } from './counting-context';
import { api, freshNamespace } from './helpers';

/** Reads of pods (the cluster's host racing this call may make it delete surplus pods too: those are not reads). */
const podReads = (calls: StoreCall[]) => calls.filter((c) => /\.(get|list)$/.test(c.call) && pluralOf(c) === 'pods');

describe('ReplicaSet controller store calls', () => {
  it('creates each slow-start batch with one createMany and its new Events with one more, then reads only changed pods', async () => {
    const ns = await freshNamespace();
    await api('POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, replicaSet(20));
    const memo: Record<string, unknown> = {};
    // (the cluster's own ReplicaSet host hears of the same ReplicaSet and may create some of its pods first)
    const first: StoreCall[] = [];
    await replicaSetController.reconcile(`${ns}/web`, countingContext([], 'replicaset', first, memo));
    const podCreates = first.filter((c) => c.call === `ns:${ns}.createMany` && (c.args[0] as CreateRequest[])[0]?.def.plural === 'pods');
    const eventCreates = first.filter((c) => c.call === `ns:${ns}.createMany` && (c.args[0] as CreateRequest[])[0]?.def.plural === 'events');
    const created = podCreates.reduce((n, c) => n + (c.args[0] as unknown[]).length, 0);
    expect(created).toBeGreaterThan(0);
    expect(podCreates.map((c) => (c.args[0] as unknown[]).length)).toEqual(slowStartBatches(created));
    // the recorder creates the first 9 SuccessfulCreate Events, combines the 10th similar one ("(combined from
    // similar events): …") and counts every later one on it, as upstream's aggregator does
    let before = 0;
    const newEvents = slowStartBatches(created).map((size) => {
      const n = Math.max(0, Math.min(size, CORRELATION.aggregateMaxEvents - before));
      before += size;
      return n;
    });
    expect(eventCreates.map((c) => (c.args[0] as unknown[]).length)).toEqual(newEvents.filter((n) => n > 0));
    expect(first.filter((c) => c.call.endsWith('.create'))).toEqual([]);
    // the namespace's pods are listed once
    expect(podReads(first).map((c) => c.call)).toEqual([`ns:${ns}.list`]);

    // the next sync reads no pod: the view holds the pods it created
    const second: StoreCall[] = [];
    await replicaSetController.reconcile(`${ns}/web`, countingContext([], 'replicaset', second, memo));
    expect(podReads(second).map((c) => c.call)).toEqual([]);

    // a notice of one changed pod costs one get of that pod
    const pods = (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items as any[];
    const changed = pods[0].metadata;
    replicaSetController.observe!([{ resource: 'pods', type: 'MODIFIED', namespace: ns, name: changed.name, uid: changed.uid, resourceVersion: String(Number(changed.resourceVersion) + 1) }], memo);
    const third: StoreCall[] = [];
    await replicaSetController.reconcile(`${ns}/web`, countingContext([], 'replicaset', third, memo));
    expect(podReads(third).map((c) => `${c.call} ${String(c.args[1])}`)).toEqual([`ns:${ns}.get ${changed.name}`]);

    // with two writers (this call and the cluster's host), the ReplicaSet still settles at 20 pods
    await settle(async () => (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items.filter((p: any) => !p.metadata.deletionTimestamp).length === 20);
    const events = (await api('GET', `/api/v1/namespaces/${ns}/events`)).body.items.filter((e: any) => e.reason === 'SuccessfulCreate');
    expect(events.reduce((n: number, e: any) => n + e.count, 0)).toBeGreaterThanOrEqual(20);
  }, 60_000); // two writers settling take longer than the default 20 s on a loaded 2-core machine
});
