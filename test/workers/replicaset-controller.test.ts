import { describe, expect, it } from 'vitest';
import { settle, webReplicaSet as replicaSet } from './controllers';
import { api, freshNamespace } from './helpers';

describe('ReplicaSet controller', () => {
  it('creates pods up to spec.replicas, owned by the ReplicaSet, and reports status', async () => {
    const ns = await freshNamespace();
    const rs = await api('POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, replicaSet(3));
    const pods = async () => (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items as any[];
    await settle(async () => (await pods()).length === 3);
    for (const p of await pods()) {
      expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'ReplicaSet', name: 'web', uid: rs.body.metadata.uid, controller: true, blockOwnerDeletion: true }),
      ]);
    }
    await settle(async () => (await api('GET', `/apis/apps/v1/namespaces/${ns}/replicasets/web`)).body.status?.replicas === 3);
    const events = await api('GET', `/api/v1/namespaces/${ns}/events`);
    expect(events.body.items.map((e: any) => e.reason)).toContain('SuccessfulCreate');
  });

  it('deletes extras when scaled down', async () => {
    const ns = await freshNamespace();
    await api('POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, replicaSet(4));
    const count = async () => (await api('GET', `/api/v1/namespaces/${ns}/pods`)).body.items.length;
    await settle(async () => (await count()) === 4);
    await api('PATCH', `/apis/apps/v1/namespaces/${ns}/replicasets/web/scale`, { spec: { replicas: 1 } }, 'application/merge-patch+json');
    await settle(async () => (await count()) === 1);
  });

  it('adopts an orphan created while the namespace held no ReplicaSet (whose notice the controller never asked for)', async () => {
    const ns = await freshNamespace();
    const pods = async (app: string) => ((await api('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=app%3D${app}`)).body.items as any[]);
    // a first ReplicaSet gives the controller a view of the namespace; deleted with its pod orphaned, the view
    // keeps that pod, and the store holds no ReplicaSet: a bare pod's notice is not sent to the controller
    await api('POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, { ...replicaSet(1), metadata: { name: 'first' } });
    await settle(async () => (await pods('web')).length === 1);
    await api('DELETE', `/apis/apps/v1/namespaces/${ns}/replicasets/first`, { propagationPolicy: 'Orphan' });
    await settle(async () => (await pods('web'))[0].metadata.ownerReferences === undefined);
    await settle(async () => (await api('GET', `/apis/apps/v1/namespaces/${ns}/replicasets/first`)).status === 404);
    const stray = { metadata: { name: 'stray', labels: { app: 'stray' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    expect((await api('POST', `/api/v1/namespaces/${ns}/pods`, stray)).status).toBe(201);
    // a ReplicaSet whose selector matches it adopts it and creates one more, not two
    const second = replicaSet(2);
    second.spec.selector = { matchLabels: { app: 'stray' } };
    second.spec.template.metadata = { labels: { app: 'stray' } };
    await api('POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, { ...second, metadata: { name: 'second' } });
    await settle(async () => (await pods('stray')).length >= 2 && (await pods('stray')).every((p) => p.metadata.ownerReferences?.[0]?.name === 'second'));
    expect((await pods('stray')).map((p) => p.metadata.name)).toContain('stray');
    expect(await pods('stray')).toHaveLength(2);
    // it never saw three: one pod created, none deleted (a view without the orphan creates two, then deletes one)
    const events = (await api('GET', `/api/v1/namespaces/${ns}/events`)).body.items as any[];
    const of = (reason: string) => events.filter((e) => e.involvedObject.name === 'second' && e.reason === reason).length;
    expect([of('SuccessfulCreate'), of('SuccessfulDelete')]).toEqual([1, 0]);
  });
});
