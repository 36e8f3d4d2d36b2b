import { describe, expect, it } from 'vitest';
import type { Pod, ServiceAccount } from 'kubernetes-types/core/v1';
import { MemoryCluster, RpcClient } from '../../../shared/client';

// The ServiceAccount admission through a store: the write's random source names the volume, and the
// pod's ServiceAccount is read from the namespace's own store in the same synchronous stretch.
const PODS = { group: '', version: 'v1', plural: 'pods' };
const ACCOUNTS = { group: '', version: 'v1', plural: 'serviceaccounts' };

function setup() {
  const cluster = new MemoryCluster({ now: () => 0, rand: () => 0.5 });
  const client = new RpcClient({ storeOf: (n) => cluster.storeOf(n), namespaces: cluster.namespaces });
  const pods = client.resource<Pod>(PODS).namespace('default');
  const pod = (name: string, spec: Partial<Pod['spec']> = {}): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } });
  return { client, pods, pod };
}

describe('ServiceAccount admission of a new Pod, through the store', () => {
  it('a created pod gets kube-api-access-XXXXX named from the write\'s random source, mounted in its container', async () => {
    const { pods, pod } = setup();
    const created = await pods.create(pod('p'));
    // rand 0.5 picks the letter at index 13 of upstream's 27-letter alphabet five times
    expect(created.spec!.volumes!.map((v) => v.name)).toEqual(['kube-api-access-rrrrr']);
    expect(created.spec!.containers[0]!.volumeMounts).toEqual([{ name: 'kube-api-access-rrrrr', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }]);
  });

  it('its ServiceAccount\'s automountServiceAccountToken: false is honoured, the pod\'s own setting wins', async () => {
    const { client, pods, pod } = setup();
    await client.resource<ServiceAccount>(ACCOUNTS).namespace('default').create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'quiet' }, automountServiceAccountToken: false });
    expect((await pods.create(pod('a', { serviceAccountName: 'quiet' }))).spec!.volumes).toBeUndefined();
    expect((await pods.create(pod('b', { serviceAccountName: 'quiet', automountServiceAccountToken: true }))).spec!.volumes).toHaveLength(1);
    expect((await pods.create(pod('c', { automountServiceAccountToken: false }))).spec!.volumes).toBeUndefined();
  });

  it('a pod that names no pull secrets gets its ServiceAccount\'s', async () => {
    const { client, pods, pod } = setup();
    await client.resource<ServiceAccount>(ACCOUNTS).namespace('default').create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'puller' }, imagePullSecrets: [{ name: 'registry' }] });
    expect((await pods.create(pod('a', { serviceAccountName: 'puller' }))).spec!.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect((await pods.create(pod('b', { serviceAccountName: 'puller', imagePullSecrets: [{ name: 'own' }] }))).spec!.imagePullSecrets).toEqual([{ name: 'own' }]);
  });

  it('a pod naming a ServiceAccount the namespace does not hold is refused 403 (a dry run and an apply create too), and nothing is stored', async () => {
    const { pods, pod } = setup();
    const message = 'pods "p" is forbidden: error looking up service account default/builder: serviceaccount "builder" not found';
    await expect(pods.create(pod('p', { serviceAccountName: 'builder' }))).rejects.toMatchObject({ code: 403, reason: 'Forbidden', message });
    await expect(pods.create(pod('p', { serviceAccountName: 'builder' }), { dryRun: true })).rejects.toMatchObject({ code: 403, message });
    await expect(pods.patch('p', 'apply', pod('p', { serviceAccountName: 'builder' }) as never, { fieldManager: 'me' })).rejects.toMatchObject({ code: 403, message });
    expect((await pods.list()).items).toEqual([]);
  });

  it('a pod that wants the default ServiceAccount before its namespace store has it gets it created, as the namespace\'s would be', async () => {
    const { client, pods, pod } = setup();
    const accounts = client.resource<ServiceAccount>(ACCOUNTS).namespace('default');
    const uid = (await accounts.get('default')).metadata!.uid;
    // gone (or never told): the next pod naming it, or none, does not wait for the store to be told again
    await accounts.delete('default');
    expect((await pods.create(pod('p'))).spec!.serviceAccountName).toBe('default');
    expect((await accounts.get('default')).metadata!.uid).not.toBe(uid);
  });

  it('an update does not add it, and a server-side apply create does', async () => {
    const { pods, pod } = setup();
    const created = await pods.create(pod('p', { automountServiceAccountToken: false }));
    const updated = await pods.update({ ...created, metadata: { ...created.metadata, labels: { a: 'b' } } });
    expect(updated.spec!.volumes).toBeUndefined();
    const applied = await pods.patch('q', 'apply', pod('q') as never, { fieldManager: 'me' });
    expect(applied.spec!.volumes!.map((v) => v.name)).toEqual([expect.stringMatching(/^kube-api-access-/)]);
  });
});
