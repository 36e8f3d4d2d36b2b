import { describe, expect, it } from 'vitest';
import { deploymentController } from '../../durable-objects/controllers/deployment-controller';
import { settle } from './controllers';
import { countingContext, pluralOf, type StoreCall } from './counting-context';
import { api, deployment, freshNamespace } from './helpers';

/** Reads of ReplicaSets, as `<store>.<method> <name>` (a list names none). */
const replicaSetReads = (calls: StoreCall[]) =>
  calls.filter((c) => /\.(get|getMany|list)$/.test(c.call) && pluralOf(c) === 'replicasets').map((c) => (c.call.endsWith('.get') ? `${c.call} ${String(c.args[1])}` : c.call));

describe('Deployment controller store calls', () => {
  it('lists the namespace ReplicaSets at its first sync, then reads only those a notice says changed', async () => {
    const ns = await freshNamespace();
    // other ReplicaSets of the namespace are in the view too (a Deployment adopts orphans its selector matches)
    await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, { ...deployment(2), metadata: { name: 'other' }, spec: { ...deployment(2).spec, selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } }, spec: deployment(2).spec.template.spec } } });
    await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, deployment(3));
    // the cluster's own Deployment host rolls both out; the syncs below run beside it
    const rss = async () => (await api('GET', `/apis/apps/v1/namespaces/${ns}/replicasets`)).body.items as any[];
    await settle(async () => (await rss()).length === 2);
    await settle(async () => (await api('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).body.status?.replicas === 3);

    const memo: Record<string, unknown> = {};
    const first: StoreCall[] = [];
    await deploymentController.reconcile(`${ns}/web`, countingContext([], 'deployment', first, memo));
    expect(replicaSetReads(first)).toEqual([`ns:${ns}.list`]);

    // a steady sync (nothing changed since) reads no ReplicaSet, and neither does one of another Deployment there
    const second: StoreCall[] = [];
    await deploymentController.reconcile(`${ns}/web`, countingContext([], 'deployment', second, memo));
    await deploymentController.reconcile(`${ns}/other`, countingContext([], 'deployment', second, memo));
    expect(replicaSetReads(second)).toEqual([]);
    expect(second.filter((c) => /\.(create|update|updateStatus|patch|delete)$/.test(c.call) && pluralOf(c) === 'replicasets')).toEqual([]);

    // a notice of one changed ReplicaSet costs one get of it
    const web = (await rss()).find((rs) => rs.metadata.name.startsWith('web-'))!.metadata;
    deploymentController.observe!([{ resource: 'replicasets.apps', type: 'MODIFIED', namespace: ns, name: web.name, uid: web.uid, resourceVersion: String(Number(web.resourceVersion) + 1) }], memo);
    // notices of another namespace, or of another resource, change nothing here
    deploymentController.observe!([{ resource: 'replicasets.apps', type: 'MODIFIED', namespace: `${ns}-x`, name: web.name, uid: 'u', resourceVersion: '999999' }], memo);
    deploymentController.observe!([{ resource: 'deployments.apps', type: 'MODIFIED', namespace: ns, name: web.name, uid: 'u', resourceVersion: '999999' }], memo);
    const third: StoreCall[] = [];
    await deploymentController.reconcile(`${ns}/web`, countingContext([], 'deployment', third, memo));
    expect(replicaSetReads(third)).toEqual([`ns:${ns}.get ${web.name}`]);
  }, 60_000);

  it('sees a scale it wrote without reading the ReplicaSet back', async () => {
    const ns = await freshNamespace();
    await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, deployment(2));
    await settle(async () => (await api('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).body.status?.replicas === 2);
    const memo: Record<string, unknown> = {};
    await deploymentController.reconcile(`${ns}/web`, countingContext([], 'deployment', [], memo));
    // scaled while this test's syncs are the only ones to see it first: the store's notice reaches the cluster's
    // host too, so either may write the ReplicaSet's new size; whichever did, the view must hold it after one sync
    await api('PATCH', `/apis/apps/v1/namespaces/${ns}/deployments/web/scale`, { spec: { replicas: 5 } }, 'application/merge-patch+json');
    const calls: StoreCall[] = [];
    try {
      await deploymentController.reconcile(`${ns}/web`, countingContext([], 'deployment', calls, memo));
    } catch {
      // the cluster's host scaled it first (409 on a stale resourceVersion): the view lists again
    }
    const wrote = calls.some((c) => c.call === `ns:${ns}.update` && pluralOf(c) === 'replicasets');
    const after: StoreCall[] = [];
    await deploymentController.reconcile(`${ns}/web`, countingContext([], 'deployment', after, memo));
    if (wrote) expect(replicaSetReads(after)).toEqual([]);
    const [rs] = (await api('GET', `/apis/apps/v1/namespaces/${ns}/replicasets`)).body.items as any[];
    expect(rs.spec.replicas).toBe(5);
    expect(after.filter((c) => c.call === `ns:${ns}.update` && pluralOf(c) === 'replicasets')).toEqual([]);
  }, 60_000);
});
