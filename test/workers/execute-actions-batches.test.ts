import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { executeActions } from '../../durable-objects/controllers/execute-actions';
import { ApiError } from '../../shared/api/errors';
import type { CreateRequest } from '../../shared/apiserver/store-protocol';
import { reconcileReplicaSet } from '../../shared/controllers/replica-set-reconciler';
import { settle } from './controllers';
import { countingContext, type StoreCall } from './counting-context';
import { api, freshNamespace } from './helpers';

describe('executeActions with a store: slow-start batches as createMany', () => {
  it('stops after the batch with a failed create, reports the pods made and records their Events and a FailedCreate for the refused one', async () => {
    const ns = await freshNamespace();
    // a quota of 2 pods: batch 1 (1 pod) succeeds, batch 2 (2 pods) has one refused, batch 3 must not run
    const quota = await api('POST', `/api/v1/namespaces/${ns}/resourcequotas`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '2' } } });
    expect(quota.status).toBe(201);
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: ns, uid: 'not-stored-uid', generation: 1 },
      spec: { replicas: 7, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    const { actions } = reconcileReplicaSet({ rs, pods: [], now: Date.now() });
    const creates = actions.filter((a) => a.kind === 'create');
    expect(creates.map((a) => (a as { batch?: number }).batch)).toEqual([0, 1, 1, 2, 2, 2, 2]);

    const log: StoreCall[] = [];
    const ctx = countingContext([], 'replicaset', log);
    const report = await executeActions(ctx.client, creates, 'replicaset-controller', undefined, ctx.store);
    const many = (plural: string) => log.filter((c) => c.call === `ns:${ns}.createMany` && (c.args[0] as CreateRequest[])[0]?.def.plural === plural).map((c) => (c.args[0] as unknown[]).length);
    expect(many('pods')).toEqual([1, 2]);
    expect(report.created).toHaveLength(2);
    expect(report.done).toBe(2);
    expect(report.failed?.error).toBeInstanceOf(ApiError);
    expect((report.failed?.error as ApiError).code).toBe(403);
    expect((report.failed?.error as ApiError).message).toContain('exceeded quota: q');
    // batch 2's Events go out together: its created pod's and the refused one's (upstream's RealPodControl)
    expect(many('events')).toEqual([1, 2]);
    expect(log.filter((c) => c.call.endsWith('.create'))).toEqual([]);
    const all = (await api('GET', `/api/v1/namespaces/${ns}/events`)).body.items;
    const events = all.filter((e: any) => e.reason === 'SuccessfulCreate');
    expect(events.map((e: any) => e.message).sort()).toEqual(report.created.map((p) => `Created pod: ${p.metadata?.name}`).sort());
    const failed = all.filter((e: any) => e.reason === 'FailedCreate');
    expect(failed.map((e: any) => [e.type, e.involvedObject.name, e.message])).toEqual([['Warning', 'web', `Error creating: ${(report.failed?.error as ApiError).message}`]]);
    // let the cluster's controllers finish with the two pods before the test environment goes away
    await settle(async () => (await api('GET', `/api/v1/namespaces/${ns}/resourcequotas/q`)).body.status?.used?.pods === '2');
    await settle(async () => (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items.every((p: any) => p.status?.conditions?.some((c: any) => c.type === 'PodScheduled')));
  });
});
