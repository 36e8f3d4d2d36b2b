// Storage as a user meets it with kubectl: the default StorageClass `standard`, a claim that waits for its
// first consumer, is provisioned on the node the scheduler chose and binds so the pod runs there; static
// volumes bound smallest-first by class, access modes and size; reclaim policies when a claim goes; and the
// columns of `kubectl get pv,pvc,sc`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('storage');
let ns = '';

beforeAll(async () => {
  await applyPool(pool, { nodes: 2, zones: ['zone-a'] });
  ns = await newNamespace('storage');
}, 60_000);

afterAll(() => deletePools(pool));

const claim = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: ns },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const podWith = (name: string, claimName: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  spec: { ...onPool(pool), containers: [{ name: 'c', image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] },
});
const volume = (name: string, storage: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: `${ns}-${name}` },
  spec: { capacity: { storage }, accessModes: ['ReadWriteOnce'], storageClassName: `${ns}-manual`, hostPath: { path: `/data/${name}` }, ...extra },
});
const reasons = async (name: string): Promise<string[]> =>
  (await getJson(['-n', ns, 'events', '--field-selector', `involvedObject.name=${name}`])).items.map((e: any) => `${e.reason}: ${e.message}`);

describe('storage', () => {
  it('serves the default StorageClass standard with upstream columns', async () => {
    const rows = tableRows((await kubectl(['get', 'sc'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    expect(rows.find((r) => r[0] === 'standard (default)')!.slice(0, 5)).toEqual(['standard (default)', 'kubeflare.dev/simulated', 'Delete', 'WaitForFirstConsumer', 'false']);
    const sc = await getJson(['sc', 'standard']);
    expect(sc.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
  });

  it('gives a claim the default class, waits for its first consumer, provisions on the pod node and runs the pod', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(claim('data')) });
    const pvc = await getJson(['-n', ns, 'pvc', 'data']);
    expect(pvc.spec.storageClassName).toBe('standard');
    await poll(async () => (await reasons('data')).includes('WaitForFirstConsumer: waiting for first consumer to be created before binding'), 15_000, 'WaitForFirstConsumer event');
    expect((await getJson(['-n', ns, 'pvc', 'data'])).status.phase).toBe('Pending');

    await kubectl(['apply', '-f', '-'], { stdin: manifest(podWith('app', 'data')) });
    const bound = await poll(async () => {
      const c = await getJson(['-n', ns, 'pvc', 'data']);
      return c.status.phase === 'Bound' ? c : undefined;
    }, 30_000, 'claim Bound');
    const pod = await poll(async () => {
      const p = await getJson(['-n', ns, 'pod', 'app']);
      return p.status.phase === 'Running' ? p : undefined;
    }, 30_000, 'pod Running');
    expect(bound.metadata.annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.kubernetes.io/selected-node': pod.spec.nodeName,
      'volume.kubernetes.io/storage-provisioner': 'kubeflare.dev/simulated',
    });
    expect(bound.status).toMatchObject({ capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] });
    const pv = await getJson(['pv', bound.spec.volumeName]);
    expect(pv.metadata.name).toBe(`pvc-${bound.metadata.uid}`);
    expect(pv.metadata.annotations['pv.kubernetes.io/provisioned-by']).toBe('kubeflare.dev/simulated');
    expect(pv.spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'standard', claimRef: { namespace: ns, name: 'data', uid: bound.metadata.uid } });
    expect(pv.spec.nodeAffinity.required.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [pod.spec.nodeName] }] }]);
    expect(pv.status.phase).toBe('Bound');
    const events = await reasons('data');
    expect(events).toContain(`Provisioning: External provisioner is provisioning volume for claim "${ns}/data"`);
    expect(events).toContain(`ProvisioningSucceeded: Successfully provisioned volume ${pv.metadata.name}`);

    const rows = tableRows((await kubectl(['get', 'pv,pvc', '-n', ns])).stdout);
    const pvHeader = rows.findIndex((r) => r[0] === 'NAME' && r[1] === 'CAPACITY');
    expect(rows[pvHeader]).toEqual(['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE']);
    const pvRow = rows.find((r) => r[0] === `persistentvolume/${pv.metadata.name}`)!;
    expect(pvRow.slice(1, 8)).toEqual(['1Gi', 'RWO', 'Delete', 'Bound', `${ns}/data`, 'standard', '<unset>']);
    const pvcHeader = rows.findIndex((r) => r[0] === 'NAME' && r[1] === 'STATUS');
    expect(rows[pvcHeader]).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    expect(rows.find((r) => r[0] === 'persistentvolumeclaim/data')!.slice(1, 7)).toEqual(['Bound', pv.metadata.name, '1Gi', 'RWO', 'standard', '<unset>']);

    // the claim goes: its provisioned volume (reclaim policy Delete) goes with it
    await kubectl(['-n', ns, 'delete', 'pod', 'app', '--wait=false']);
    await kubectl(['-n', ns, 'delete', 'pvc', 'data', '--wait=false']);
    await poll(async () => (await kubectl(['get', 'pv', pv.metadata.name], { allowFail: true })).stderr.includes('NotFound'), 30_000, 'provisioned volume deleted');
  }, 90_000);

  it('binds a static claim to the smallest fitting volume of its class, and a Retain volume is Released when the claim goes', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(volume('big', '10Gi'), volume('small', '2Gi'), volume('tiny', '500Mi'), volume('rwx', '1Gi', { accessModes: ['ReadWriteMany'] })) });
    await poll(async () => (await getJson(['pv', `${ns}-small`])).status.phase === 'Available', 15_000, 'volumes Available');
    await kubectl(['apply', '-f', '-'], { stdin: manifest(claim('static', { storageClassName: `${ns}-manual` })) });
    const bound = await poll(async () => {
      const c = await getJson(['-n', ns, 'pvc', 'static']);
      return c.status.phase === 'Bound' ? c : undefined;
    }, 20_000, 'static claim Bound');
    expect(bound.spec.volumeName).toBe(`${ns}-small`);
    expect(bound.status.capacity).toEqual({ storage: '2Gi' });
    const pv = await poll(async () => {
      const v = await getJson(['pv', `${ns}-small`]);
      return v.status.phase === 'Bound' ? v : undefined;
    }, 10_000, 'volume Bound');
    expect(pv.metadata.annotations['pv.kubernetes.io/bound-by-controller']).toBe('yes');
    expect(pv.spec.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', namespace: ns, name: 'static', uid: bound.metadata.uid });
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Retain');

    await kubectl(['-n', ns, 'delete', 'pvc', 'static']);
    await poll(async () => (await getJson(['pv', `${ns}-small`])).status.phase === 'Released', 20_000, 'volume Released');
    // a Released volume is not offered to a new claim: it keeps its data for the administrator
    await kubectl(['apply', '-f', '-'], { stdin: manifest(claim('again', { storageClassName: `${ns}-manual` })) });
    const again = await poll(async () => {
      const c = await getJson(['-n', ns, 'pvc', 'again']);
      return c.status.phase === 'Bound' ? c : undefined;
    }, 20_000, 'second claim Bound');
    expect(again.spec.volumeName).toBe(`${ns}-big`);
    await kubectl(['delete', 'pv', `${ns}-big`, `${ns}-small`, `${ns}-tiny`, `${ns}-rwx`, '--wait=false']);
  }, 60_000);

  it('protects a claim in use and a bound volume: Terminating until the pod and then the claim are gone', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(volume('kept', '1Gi'), claim('used', { storageClassName: `${ns}-manual` }), podWith('user', 'used')) });
    expect((await getJson(['-n', ns, 'pvc', 'used'])).metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect((await getJson(['pv', `${ns}-kept`])).metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
    await poll(async () => (await getJson(['-n', ns, 'pod', 'user'])).status.phase === 'Running', 30_000, 'pod Running');
    expect((await getJson(['pv', `${ns}-kept`])).status.phase).toBe('Bound');

    // a bound volume and a claim a pod uses stay, Terminating
    await kubectl(['delete', 'pv', `${ns}-kept`, '--wait=false']);
    await kubectl(['-n', ns, 'delete', 'pvc', 'used', '--wait=false']);
    await new Promise((r) => setTimeout(r, 3000));
    expect(tableRows((await kubectl(['-n', ns, 'get', 'pvc', 'used'])).stdout)[1]![1]).toBe('Terminating');
    expect(tableRows((await kubectl(['get', 'pv', `${ns}-kept`])).stdout)[1]![4]).toBe('Terminating');
    const out = (await kubectl(['-n', ns, 'describe', 'pvc', 'used'])).stdout;
    expect(out).toMatch(/Finalizers:\s+\[kubernetes\.io\/pvc-protection\]/);
    expect(out).toMatch(/Used By:\s+user/);

    // the pod goes: the claim goes; the claim gone, the volume is Released and goes too
    await kubectl(['-n', ns, 'delete', 'pod', 'user', '--grace-period=1']);
    await poll(async () => (await kubectl(['-n', ns, 'get', 'pvc', 'used'], { allowFail: true })).stderr.includes('NotFound'), 20_000, 'claim deleted');
    await poll(async () => (await kubectl(['get', 'pv', `${ns}-kept`], { allowFail: true })).stderr.includes('NotFound'), 20_000, 'volume deleted');
  }, 90_000);

  it('a claim no pod uses is deleted at once', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(claim('idle')) });
    const deleted = await kubectl(['-n', ns, 'delete', 'pvc', 'idle', '--timeout=20s'], { timeoutMs: 25_000 });
    expect(deleted.stdout).toBe('persistentvolumeclaim "idle" deleted\n');
  }, 30_000);
});
