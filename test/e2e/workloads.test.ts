// The controllers behind a Deployment as a user sees them through kubectl (no kubelet assumed: pods may stay Pending).
import { describe, expect, it } from 'vitest';
import { getJson, kubectl, newNamespace, poll } from './support/kubectl';

type Named = { metadata: { name: string; ownerReferences?: { kind: string; name: string; controller?: boolean }[] } };

async function names(ns: string, kind: string, selector: string): Promise<string[]> {
  return (await getJson(['-n', ns, kind, '-l', selector])).items.map((o: Named) => o.metadata.name);
}

describe('deployment → replicaset → pods', () => {
  it('a Deployment gets one owned ReplicaSet with the wanted pods, and scaling follows', async () => {
    const ns = await newNamespace('workload');
    await kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2']);
    const rs = await poll(async () => {
      const items: Named[] = (await getJson(['-n', ns, 'replicasets', '-l', 'app=web'])).items;
      return items.length === 1 ? items[0] : undefined;
    }, 15_000, 'one ReplicaSet');
    expect(rs.metadata.name).toMatch(/^web-[a-z0-9]{1,10}$/);
    expect(rs.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'web', controller: true })]);
    await poll(async () => (await names(ns, 'pods', 'app=web')).length === 2, 15_000, 'two pods');
    const pod: Named = (await getJson(['-n', ns, 'pods', '-l', 'app=web'])).items[0];
    expect(pod.metadata.name.startsWith(`${rs.metadata.name}-`)).toBe(true);
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', name: rs.metadata.name, controller: true })]);

    await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=3']);
    await poll(async () => (await names(ns, 'pods', 'app=web')).length === 3, 15_000, 'three pods');
    await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=1']);
    await poll(async () => (await names(ns, 'pods', 'app=web')).length === 1, 15_000, 'one pod');
  });

  it('deleting a Deployment garbage-collects its ReplicaSet and pods; --cascade=orphan keeps them', async () => {
    const ns = await newNamespace('workload-gc');
    await kubectl(['-n', ns, 'create', 'deployment', 'gone', '--image=nginx:1.25', '--replicas=1']);
    await kubectl(['-n', ns, 'create', 'deployment', 'kept', '--image=nginx:1.25', '--replicas=1']);
    await poll(async () => (await names(ns, 'pods', 'app in (gone,kept)')).length === 2, 15_000, 'both pods');

    await kubectl(['-n', ns, 'delete', 'deployment', 'gone']);
    await poll(
      async () => (await names(ns, 'replicasets', 'app=gone')).length === 0 && (await names(ns, 'pods', 'app=gone')).length === 0,
      15_000,
      'the ReplicaSet and pod of "gone" to be garbage-collected',
    );

    await kubectl(['-n', ns, 'delete', 'deployment', 'kept', '--cascade=orphan']);
    const rs: Named[] = (await getJson(['-n', ns, 'replicasets', '-l', 'app=kept'])).items;
    expect(rs).toHaveLength(1);
    // The orphaned ReplicaSet loses its owner reference and keeps its pod.
    await poll(async () => (await getJson(['-n', ns, 'replicasets', rs[0]!.metadata.name])).metadata.ownerReferences === undefined, 15_000, 'ownerReferences removed');
    expect(await names(ns, 'pods', 'app=kept')).toHaveLength(1);
  });
});
