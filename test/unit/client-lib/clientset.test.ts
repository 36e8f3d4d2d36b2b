import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { MemoryClient } from '../../../shared/client';
import { accessorName, createClientSet, DynamicClient } from '../../../shared/client/library';
import { configMap } from './harness';

function deployment(name: string, replicas = 1): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
}

describe('createClientSet', () => {
  const expected: Record<string, string[]> = {
    coreV1: ['pods', 'services', 'configMaps', 'secrets', 'events', 'serviceAccounts', 'endpoints', 'namespaces', 'nodes'],
    appsV1: ['deployments', 'replicaSets', 'daemonSets', 'statefulSets'],
    batchV1: ['jobs', 'cronJobs'],
    autoscalingV1: ['horizontalPodAutoscalers'],
    autoscalingV2: ['horizontalPodAutoscalers'],
    policyV1: ['podDisruptionBudgets'],
    coordinationV1: ['leases'],
    schedulingV1: ['priorityClasses'],
    eventsV1: ['events'],
  };
  it.each(Object.entries(expected))('%s has the typed accessors, generated from the registry', (gv, names) => {
    const cs = createClientSet(new MemoryClient()) as unknown as Record<string, () => Record<string, unknown>>;
    const accessors = cs[gv]!();
    for (const n of names) expect(typeof accessors[n], n).toBe('function');
  });

  it('names accessors as client-go does', () => {
    expect(BUILTIN_RESOURCES.map(accessorName)).toContain('horizontalPodAutoscalers');
    expect(accessorName({ kind: 'Endpoints', plural: 'endpoints' })).toBe('endpoints');
    expect(accessorName({ kind: 'PriorityClass', plural: 'priorityclasses' })).toBe('priorityClasses');
  });

  it('runs typed calls: create, list by label, get, update, patch, status, scale, delete', async () => {
    const cs = createClientSet(new MemoryClient());
    const deploys = cs.appsV1().deployments('default');
    const created = await deploys.create(deployment('web'));
    expect(created.metadata?.uid).toBeTruthy();
    await cs.coreV1().configMaps('default').create(configMap('a', {}, { tier: 'x' }));
    await cs.coreV1().configMaps('kube-system').create(configMap('b', {}, { tier: 'x' }, 'kube-system'));
    expect((await cs.coreV1().configMaps().list({ labelSelector: 'tier=x' })).items.map((c) => c.metadata?.name).sort()).toEqual(['a', 'b']);
    expect((await cs.coreV1().configMaps('default').list({ labelSelector: 'tier=x' })).items).toHaveLength(1);
    const got = await deploys.get('web');
    const updated = await deploys.update({ ...got, spec: { ...got.spec!, replicas: 2 } });
    expect(updated.spec?.replicas).toBe(2);
    const patched = await deploys.patch('web', 'merge', { metadata: { labels: { extra: 'yes' } } });
    expect(patched.metadata?.labels).toMatchObject({ extra: 'yes' });
    const withStatus = await deploys.updateStatus({ ...patched, status: { replicas: 2, observedGeneration: 2 } });
    expect(withStatus.status?.replicas).toBe(2);
    const scale = await deploys.getScale('web');
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 2 } });
    await deploys.updateScale('web', { ...scale, spec: { replicas: 5 } });
    expect((await deploys.get('web')).spec?.replicas).toBe(5);
    expect((await cs.coreV1().namespaces().list()).items.map((n) => n.metadata?.name)).toContain('default');
    await deploys.delete('web');
    await expect(deploys.get('web')).rejects.toMatchObject({ code: 404, reason: 'NotFound' });
  });

  it('speaks the version asked for (autoscaling v1 and v2)', async () => {
    const cs = createClientSet(new MemoryClient());
    const hpa = await cs.autoscalingV1().horizontalPodAutoscalers('default').create({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
    });
    expect(hpa.apiVersion).toBe('autoscaling/v1');
    const v2 = await cs.autoscalingV2().horizontalPodAutoscalers('default').get('h');
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec?.metrics?.[0]?.resource?.target.averageUtilization).toBe(50);
  });

  it('surfaces API errors as typed ApiErrors carrying the Status', async () => {
    const cs = createClientSet(new MemoryClient());
    await cs.coreV1().configMaps('default').create(configMap('dup'));
    const err = await cs.coreV1().configMaps('default').create(configMap('dup')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).toStatus()).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'configmaps "dup" already exists' });
  });
});

describe('DynamicClient', () => {
  it('works on plain objects and maps kinds to resources', async () => {
    const dyn = new DynamicClient(new MemoryClient());
    const deploys = dyn.resource({ group: 'apps', version: 'v1', resource: 'deployments' }).namespace('default');
    await deploys.create(deployment('web') as never);
    expect((await deploys.list()).items.map((d) => d.metadata?.name)).toEqual(['web']);
    expect(await dyn.resourceFor({ group: 'apps', version: 'v1', kind: 'Deployment' })).toEqual({ group: 'apps', version: 'v1', resource: 'deployments', namespaced: true });
    const cm = configMap('via-object') as never;
    await (await dyn.forObject(cm)).create(cm);
    expect((await dyn.resource({ group: '', version: 'v1', resource: 'configmaps' }).namespace('default').get('via-object')).kind).toBe('ConfigMap');
    await expect(dyn.resourceFor({ group: 'stable.example.com', version: 'v1', kind: 'CronTab' })).rejects.toThrow('no matches for kind "CronTab" in version "stable.example.com/v1"');
  });
});
