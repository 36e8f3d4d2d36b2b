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
});
