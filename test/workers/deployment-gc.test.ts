import { describe, expect, it } from 'vitest';
import { settle, webReplicaSet } from './controllers';
import { api, deployment, freshNamespace } from './helpers';


async function items(path: string): Promise<any[]> {
  return (await api('GET', path)).body.items;
}

describe('Deployment controller', () => {
  it('creates a ReplicaSet with the pod-template-hash and revision 1, which creates the pods', async () => {
    const ns = await freshNamespace();
    await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, deployment(3));
    await settle(async () => (await items(`/api/v1/namespaces/${ns}/pods`)).length === 3);
    const [rs] = await items(`/apis/apps/v1/namespaces/${ns}/replicasets`);
    const hash = rs.metadata.labels['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(rs.spec.replicas).toBe(3);
    const d = (await api('GET', `/apis/apps/v1/namespaces/${ns}/deployments/web`)).body;
    expect(d.status.observedGeneration).toBe(1);
  });

  it('rolls a template change out with a second ReplicaSet within maxSurge', async () => {
    const ns = await freshNamespace();
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    await api('POST', base, deployment(4));
    await settle(async () => (await items(`/api/v1/namespaces/${ns}/pods`)).length === 4);
    await api('PATCH', `${base}/web`, { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } } }, 'application/strategic-merge-patch+json');
    await settle(async () => (await items(`/apis/apps/v1/namespaces/${ns}/replicasets`)).length === 2);
    await settle(async () => {
      const rss = await items(`/apis/apps/v1/namespaces/${ns}/replicasets`);
      const total = rss.reduce((n, rs) => n + rs.spec.replicas, 0);
      return total === 5; // 25% of 4 rounds up to one surge pod; pods never become ready without nodes
    });
    const revisions = (await items(`/apis/apps/v1/namespaces/${ns}/replicasets`)).map((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision']);
    expect(revisions.sort()).toEqual(['1', '2']);
  });
});

describe('garbage collector', () => {
  it('deletes ReplicaSets and pods of a deleted Deployment (background propagation)', async () => {
    const ns = await freshNamespace();
    await api('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, deployment(2));
    await settle(async () => (await items(`/api/v1/namespaces/${ns}/pods`)).length === 2);
    await api('DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    await settle(async () => (await items(`/apis/apps/v1/namespaces/${ns}/replicasets`)).length === 0);
    await settle(async () => (await items(`/api/v1/namespaces/${ns}/pods`)).length === 0);
  });

  it('deletes the pods a ReplicaSet adopted when it goes (an owner reference added by an update, not at creation)', async () => {
    const ns = await freshNamespace();
    const base = `/apis/apps/v1/namespaces/${ns}/replicasets`;
    const owners = async () => (await items(`/api/v1/namespaces/${ns}/pods`)).map((p) => p.metadata.ownerReferences?.[0]?.uid ?? 'none');
    await api('POST', base, webReplicaSet(2));
    await settle(async () => (await owners()).length === 2);
    // orphaned: the pods stay, with no owner
    expect((await api('DELETE', `${base}/web`, { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Orphan' })).status).toBe(200);
    await settle(async () => (await items(base)).length === 0 && (await owners()).join() === 'none,none');
    // a new ReplicaSet of the same selector adopts them
    const adopter = (await api('POST', base, webReplicaSet(2))).body;
    await settle(async () => (await owners()).join() === `${adopter.metadata.uid},${adopter.metadata.uid}`);
    // and when it goes, they go: the collector heard of the adoption
    await api('DELETE', `${base}/web`);
    await settle(async () => (await owners()).length === 0);
  });
});
