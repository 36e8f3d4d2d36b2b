// StatefulSets as a user runs them with kubectl: ordinal pods created one at a time (each Running and Ready
// first) and removed from the highest ordinal, their identity labels and hostnames, claims from
// volumeClaimTemplates (provisioned by the default class), `kubectl scale sts`, and a rolling update with `kubectl rollout status|history|undo sts`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('sts');
let ns = '';

beforeAll(async () => {
  await applyPool(pool, { nodes: 2, zones: ['zone-a'] });
  ns = await newNamespace('sts');
}, 60_000);

afterAll(() => deletePools(pool));

const statefulSet = (name: string, spec: Record<string, unknown> = {}, image = 'nginx:1.27') => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: ns },
  spec: {
    serviceName: name,
    replicas: 3,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { ...onPool(pool), containers: [{ name: 'c', image }] } },
    ...spec,
  },
});

const pods = async (app: string) => (await getJson(['-n', ns, 'pods', '-l', `app=${app}`])).items.filter((p: any) => !p.metadata.deletionTimestamp);
const ready = (p: any) => p.status?.phase === 'Running' && (p.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
const messages = async (name: string): Promise<string[]> =>
  (await getJson(['-n', ns, 'events', '--field-selector', `involvedObject.name=${name}`])).items
    .sort((a: any, b: any) => a.metadata.name.localeCompare(b.metadata.name))
    .map((e: any) => e.message as string);

describe('StatefulSet', () => {
  it('creates web-0, web-1, web-2 in order, each after the one before is Ready, with stable identities', async () => {
    await kubectl(['apply', '-f', '-'], { stdin: manifest(statefulSet('web')) });
    // OrderedReady: while web-0 is not yet Ready there is no web-1
    const seen = new Set<string>();
    await poll(async () => {
      const list = await pods('web');
      for (const p of list) {
        const ord = Number(p.metadata.name.split('-')[1]);
        for (let i = 0; i < ord; i++) {
          const prev = list.find((x: any) => x.metadata.name === `web-${i}`);
          if (!seen.has(`web-${i}`) && !(prev && ready(prev))) throw new Error(`web-${ord} exists before web-${i} was Ready`);
        }
        if (ready(p)) seen.add(p.metadata.name);
      }
      return list.length === 3 && list.every(ready);
    }, 30_000, '3 ready pods');
    const list = await pods('web');
    expect(list.map((p: any) => p.metadata.name).sort()).toEqual(['web-0', 'web-1', 'web-2']);
    const web1 = list.find((p: any) => p.metadata.name === 'web-1');
    expect(web1.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', app: 'web' });
    expect(web1.metadata.labels['controller-revision-hash']).toMatch(/^web-[a-z0-9]+$/);
    expect(web1.spec).toMatchObject({ hostname: 'web-1', subdomain: 'web' });
    const created = await messages('web');
    expect(created.filter((m) => m.startsWith('create Pod'))).toEqual(['create Pod web-0 in StatefulSet web successful', 'create Pod web-1 in StatefulSet web successful', 'create Pod web-2 in StatefulSet web successful']);
    const sts = await getJson(['-n', ns, 'sts', 'web']);
    expect(sts.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, collisionCount: 0 });
    expect(sts.status.currentRevision).toBe(sts.status.updateRevision);
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'sts', 'web'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'READY', 'AGE']);
    expect(rows[1]!.slice(0, 2)).toEqual(['web', '3/3']);
  }, 45_000);

  it('kubectl scale sts removes pods from the highest ordinal down', async () => {
    await kubectl(['-n', ns, 'scale', 'sts', 'web', '--replicas=1']);
    await poll(async () => (await pods('web')).length === 1 && (await getJson(['-n', ns, 'pods', '-l', 'app=web'])).items.length === 1, 30_000, 'one pod left');
    expect((await pods('web')).map((p: any) => p.metadata.name)).toEqual(['web-0']);
    const deleted = (await messages('web')).filter((m) => m.startsWith('delete Pod'));
    expect(deleted).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful']);
    await poll(async () => (await getJson(['-n', ns, 'sts', 'web'])).status.replicas === 1, 10_000, 'status replicas 1');
  }, 45_000);

  it('rolls a new template out with kubectl rollout status, lists and undoes revisions', async () => {
    await kubectl(['-n', ns, 'scale', 'sts', 'web', '--replicas=2']);
    await poll(async () => (await pods('web')).filter(ready).length === 2, 20_000, '2 ready pods');
    await kubectl(['-n', ns, 'set', 'image', 'sts/web', 'c=nginx:1.28']);
    const status = await kubectl(['-n', ns, 'rollout', 'status', 'sts/web', '--timeout=40s'], { timeoutMs: 45_000 });
    expect(status.stdout).toMatch(/partitioned roll out complete: 2 new pods have been updated|statefulset rolling update complete 2 pods at revision web-/);
    expect((await pods('web')).map((p: any) => p.spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28']);
    const history = (await kubectl(['-n', ns, 'rollout', 'history', 'sts/web'])).stdout;
    expect(tableRows(history.split('\n').slice(1).join('\n')).map((r) => r[0])).toEqual(['REVISION', '1', '2']);
    expect((await kubectl(['-n', ns, 'rollout', 'history', 'sts/web', '--revision=1'])).stdout).toContain('nginx:1.27');
    expect((await kubectl(['-n', ns, 'rollout', 'undo', 'sts/web'])).stdout).toContain('statefulset.apps/web rolled back');
    await poll(async () => {
      const list = await pods('web');
      return list.length === 2 && list.every((p: any) => p.spec.containers[0].image === 'nginx:1.27' && ready(p));
    }, 30_000, 'pods back at nginx:1.27');
    const sts = await getJson(['-n', ns, 'sts', 'web']);
    await poll(async () => {
      const s = (await getJson(['-n', ns, 'sts', 'web'])).status;
      return s.currentRevision === s.updateRevision && s.updatedReplicas === 2 ? s : undefined;
    }, 10_000, 'rollback complete');
    expect(sts.metadata.generation).toBeGreaterThan(1);
  }, 45_000);

  it('makes a claim per pod from volumeClaimTemplates, provisioned on each pod node by the default class, pods in order', async () => {
    const claimTemplate = { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    await kubectl(['apply', '-f', '-'], {
      stdin: manifest(statefulSet('db', { replicas: 2, volumeClaimTemplates: [claimTemplate], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } })),
    });
    const pvc = await poll(async () => (await getJson(['-n', ns, 'pvc'])).items.find((c: any) => c.metadata.name === 'www-db-0'), 15_000, 'claim www-db-0');
    expect(pvc.metadata.labels).toEqual({ app: 'db' });
    // the DefaultStorageClass admission gave the claim the cluster's default class
    expect(pvc.spec.storageClassName).toBe('standard');
    const sts = await getJson(['-n', ns, 'sts', 'db']);
    expect(pvc.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: sts.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const pod = await poll(async () => (await pods('db'))[0], 10_000, 'pod db-0');
    expect(pod.spec.volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-db-0' } });
    // WaitForFirstConsumer: the scheduler picks db-0's node, the claim is provisioned there and bound, then db-0 runs, then db-1
    await poll(async () => {
      const list = await pods('db');
      return list.length === 2 && list.every(ready);
    }, 40_000, 'db-0 and db-1 ready');
    const claims = (await getJson(['-n', ns, 'pvc'])).items.filter((c: any) => c.metadata.name.startsWith('www-db-'));
    expect(claims.map((c: any) => [c.metadata.name, c.status.phase])).toEqual([['www-db-0', 'Bound'], ['www-db-1', 'Bound']]);
    for (const c of claims) {
      const owner = (await pods('db')).find((p: any) => p.metadata.name === c.metadata.name.replace('www-', ''));
      const pv = await getJson(['pv', c.spec.volumeName]);
      expect(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([owner.spec.nodeName]);
    }
    const rows = tableRows((await kubectl(['-n', ns, 'get', 'pvc'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    expect(rows[1]!.slice(0, 2)).toEqual(['www-db-0', 'Bound']);
    expect((await messages('db')).filter((m) => m.startsWith('create'))).toEqual([
      'create Claim www-db-0 Pod db-0 in StatefulSet db success',
      'create Pod db-0 in StatefulSet db successful',
      'create Claim www-db-1 Pod db-1 in StatefulSet db success',
      'create Pod db-1 in StatefulSet db successful',
    ]);
  }, 45_000);
});
