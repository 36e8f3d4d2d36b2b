// The HPA's wiring to the simulation: metrics from the node pool's usage model (the numbers kubectl
// top shows), custom and external metrics from workload profiles, and a full sync over them.
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { customMetricsResourceList, parseCustomMetricPath } from '../../../shared/apiserver/custom-metrics';
import { customResourceDef } from '../../../shared/apiserver/custom-resources';
import { externalMetricsResourceList } from '../../../shared/apiserver/external-metrics';
import { formatTime } from '../../../shared/controllers';
import { collectMetrics, emptyHpaHistory, metricQueries, reconcileHpa } from '../../../shared/controllers/hpa';
import { poolMetrics, type PoolView } from '../../../shared/controllers/hpa/metrics-from-pool';
import { scaleTargetResource } from '../../../shared/controllers/hpa/scale-target';
import { clusterUsage, podDemandInputs, podMetrics, type WorkloadProfile } from '../../../shared/nodes';
import { externalMetricSamples } from '../../../shared/nodes/workload-metrics';
import { hpaPrinter } from '../../../shared/tables/hpa-printer';
import type { CRD } from '../../../shared/crd';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const NS = 'default';
const RS_UID = 'rs-uid';

/** A running pod of the `web` ReplicaSet, ready since `readySince`, requesting 100m CPU. */
function webPod(i: number, annotations: Record<string, string>, readySince = NOW - 10 * 60_000, ready = true): Pod {
  return {
    metadata: {
      name: `web-${i}`,
      namespace: NS,
      labels: { app: 'web' },
      annotations,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: RS_UID, controller: true }],
    },
    spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m' } } }] },
    status: {
      phase: 'Running',
      startTime: formatTime(readySince - 5_000),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: formatTime(readySince) }],
      containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready, restartCount: 0, state: { running: { startedAt: formatTime(readySince - 5_000) } } }],
    },
  };
}

function hpa(metrics: NonNullable<HorizontalPodAutoscaler['spec']>['metrics'], max = 10): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: NS, uid: 'hpa-uid', creationTimestamp: formatTime(NOW - 60_000) },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: max, metrics },
    status: { desiredReplicas: 0 },
  };
}

const CPU_50 = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }];
/** 300 requests/s, 1ms of CPU each: 300m for the whole workload, shared by its ready pods. */
const LOAD = { 'kubeflare.dev/requests-per-second': '300', 'kubeflare.dev/cpu-per-request': '1m' };

async function sync(view: PoolView, h: HorizontalPodAutoscaler, specReplicas: number) {
  const scale = { specReplicas, statusReplicas: specReplicas, selector: 'app=web' };
  const metrics = await collectMetrics(poolMetrics(view), NS, scale.selector, metricQueries(h));
  return reconcileHpa({ hpa: h, scale, pods: view.pods, metrics, now: view.now, history: emptyHpaHistory() });
}

describe('poolMetrics: resource metrics are what kubectl top pods shows', () => {
  it('reports each selected pod through the same clusterUsage and podMetrics', async () => {
    const pods = [webPod(0, LOAD), webPod(1, LOAD), { ...webPod(2, {}), metadata: { ...webPod(2, {}).metadata, labels: { app: 'other' } } }];
    const view = { pods, profiles: [], now: NOW };
    const top = podMetrics(pods, clusterUsage(pods, {}, NOW), NOW);
    const client = poolMetrics(view);
    const got = await client.getPodMetrics(NS, 'app=web');
    expect(got.map((m) => m.pod)).toEqual(['web-0', 'web-1']);
    expect(got[0]!.containers).toEqual(top[0]!.containers);
    // the client computes a pod's usage when first selected: another HPA's selector on it gets the whole view's too
    expect((await client.getPodMetrics(NS, 'app=other')).map((m) => m.containers)).toEqual([top[2]!.containers]);
    expect((await client.getPodMetrics(NS, 'app in (web,other)')).map((m) => m.containers)).toEqual(top.map((m) => m.containers));
    // 300m shared by the ReplicaSet's 3 ready pods, the one the selector leaves out too
    expect(got[0]!.containers[0]!.usage.cpu).toBe('100m');
    expect(got[0]!.window).toBe(20_000);
    expect(got[0]!.timestamp).toBe(NOW);
  });
});

describe('a sync over the simulated pool', () => {
  it('one pod at 3x its request with a 50% target: ceil(1 x 300/50) = 6, capped at max(2x1, 4) = 4', async () => {
    const r = await sync({ pods: [webPod(0, LOAD)], profiles: [], now: NOW }, hpa(CPU_50), 1);
    expect(r.rescale).toBe(4);
    expect(r.rescaleReason).toBe('cpu resource utilization (percentage of request) above target');
    expect(r.events.map((e) => e.message)).toContain('New size: 4; reason: cpu resource utilization (percentage of request) above target');
    expect(r.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 300, averageValue: '300m' } } }]);
    const row = hpaPrinter.print({ ...hpa(CPU_50), status: r.status } as never, NOW);
    expect(row.cells[2]).toBe('cpu: 300%/50%');
    expect(r.status.conditions?.find((c) => c.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
  });

  it('four ready pods sharing the load: 75% each, ceil(4 x 1.5) = 6; six pods at 50% stay', async () => {
    const four = [0, 1, 2, 3].map((i) => webPod(i, LOAD));
    expect((await sync({ pods: four, profiles: [], now: NOW }, hpa(CPU_50), 4)).rescale).toBe(6);
    const six = [0, 1, 2, 3, 4, 5].map((i) => webPod(i, LOAD));
    const r = await sync({ pods: six, profiles: [], now: NOW }, hpa(CPU_50), 6);
    expect(r.rescale).toBeUndefined();
    expect(r.status.currentMetrics?.[0]?.resource?.current.averageUtilization).toBe(50);
  });

  it('pods ready for less than the metric window are unready in the CPU initialization period', async () => {
    const r = await sync({ pods: [webPod(0, LOAD, NOW - 10_000)], profiles: [], now: NOW }, hpa(CPU_50), 1);
    expect(r.rescale).toBeUndefined();
    expect(r.status.conditions?.find((c) => c.type === 'ScalingActive')).toMatchObject({ status: 'False', reason: 'FailedGetResourceMetric' });
  });

  it('a Pods metric from the profile: requests per second per pod, the share its CPU is charged for', async () => {
    const profile: WorkloadProfile = {
      metadata: { name: 'web', namespace: NS },
      spec: { load: { requestsPerSecond: { type: 'constant', value: 300 }, cpuPerRequest: '1m' }, podMetrics: { http_requests_per_second: { from: 'requestsPerSecond' } } },
    };
    const pods = [0, 1].map((i) => webPod(i, { 'kubeflare.dev/profile': 'web' }));
    const view = { pods, profiles: [profile], now: NOW };
    const values = await poolMetrics(view).getPodsMetric(NS, 'app=web', 'http_requests_per_second');
    expect(values.map((v) => [v.name, v.value, v.windowSeconds])).toEqual([
      ['web-0', '150', 60],
      ['web-1', '150', 60],
    ]);
    const rps = [{ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '50' } } }];
    const r = await sync(view, hpa(rps), 2);
    expect(r.rescale).toBe(4); // ceil(2 x 150/50) = 6, capped at 4
    expect(r.rescaleReason).toBe('pods metric http_requests_per_second above target');
  });

  it('a Pods metric from an annotation, and an unknown one fails as the adapter answers', async () => {
    const view = { pods: [webPod(0, { 'kubeflare.dev/metric.queue_depth': 'step:0=2,60=7' })], profiles: [], now: NOW };
    const m = poolMetrics(view);
    expect((await m.getPodsMetric(NS, 'app=web', 'queue_depth'))[0]!.value).toBe('7');
    await expect(m.getPodsMetric(NS, 'app=web', 'nope')).rejects.toThrow('the server could not find the metric nope for pods');
  });

  it('an External metric from the profile, by label, timed from the profile creation', async () => {
    const profile: WorkloadProfile = {
      metadata: { name: 'queue', namespace: NS, creationTimestamp: formatTime(NOW - 90_000) },
      spec: {
        externalMetrics: {
          queue_length: { labels: { queue: 'orders' }, value: { type: 'step', steps: [{ at: 0, value: 10 }, { at: 60, value: 30 }] } },
        },
      },
    };
    const other: WorkloadProfile = { metadata: { name: 'q2', namespace: NS }, spec: { externalMetrics: { queue_length: { labels: { queue: 'mail' }, value: { type: 'constant', value: 5 } } } } };
    const view = { pods: [webPod(0, {})], profiles: [profile, other], now: NOW };
    const m = poolMetrics(view);
    expect((await m.getExternalMetric(NS, 'queue_length', { matchLabels: { queue: 'orders' } })).map((v) => v.value)).toEqual(['30']);
    expect((await m.getExternalMetric(NS, 'queue_length')).map((v) => v.value)).toEqual(['30', '5']);
    const ext = [{ type: 'External', external: { metric: { name: 'queue_length', selector: { matchLabels: { queue: 'orders' } } }, target: { type: 'AverageValue', averageValue: '10' } } }];
    const r = await sync(view, hpa(ext), 1);
    expect(r.rescale).toBe(3); // ceil(30 / 10)
    expect(r.rescaleReason).toBe('external metric queue_length(&LabelSelector{MatchLabels:map[string]string{queue: orders,},MatchExpressions:[]LabelSelectorRequirement{},}) above target');
  });

  it('an Object metric of the namespace is the sum over its pods', async () => {
    const view = { pods: [0, 1].map((i) => webPod(i, { 'kubeflare.dev/metric.inflight': '4' })), profiles: [], now: NOW };
    const v = await poolMetrics(view).getObjectMetric(NS, { apiVersion: 'v1', kind: 'Namespace', name: NS }, 'inflight');
    expect(v.value).toBe('8');
    await expect(poolMetrics(view).getObjectMetric(NS, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, 'inflight')).rejects.toThrow(
      'the server could not find the metric inflight for deployments.apps web',
    );
  });
});

describe('scaleTargetResource: what FailedGetScale reports', () => {
  it('resolves kinds with a scale subresource, and names the rest as upstream does', () => {
    const r = scaleTargetResource({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, BUILTIN_RESOURCES);
    expect('def' in r && r.def.plural).toBe('deployments');
    expect(scaleTargetResource({ apiVersion: 'apps/v1', kind: 'Foo', name: 'x' }, BUILTIN_RESOURCES)).toEqual({ error: 'no matches for kind "Foo" in group "apps"' });
    expect(scaleTargetResource({ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'x' }, BUILTIN_RESOURCES)).toEqual({
      error: 'could not find scale subresource for apps/v1, Resource=daemonsets in discovery information',
    });
  });

  it('finds custom resources with a scale subresource', () => {
    const crd = {
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
          },
        ],
      },
    } as unknown as CRD;
    const r = scaleTargetResource({ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' }, [customResourceDef(crd)]);
    expect('def' in r && r.def.scale?.specReplicasPath).toBe('.spec.replicas');
  });
});

describe('the metrics APIs\' paths and resource lists', () => {
  it('parses pod, namespace and other object paths, and refuses the rest', () => {
    const q = new URLSearchParams('labelSelector=app%3Dweb&metricLabelSelector=verb%3DGET');
    expect(parseCustomMetricPath(['namespaces', 'ns', 'pods', '*', 'rps'], q)).toEqual({
      namespace: 'ns',
      resource: 'pods',
      name: '*',
      metric: 'rps',
      labelSelector: 'app=web',
      metricSelector: { matchExpressions: [{ key: 'verb', operator: 'In', values: ['GET'] }] },
    });
    expect(parseCustomMetricPath(['namespaces', 'ns', 'metrics', 'rps'], new URLSearchParams())).toEqual({ namespace: 'ns', resource: 'namespaces', name: 'ns', metric: 'rps' });
    expect(parseCustomMetricPath(['nodes', 'n1', 'rps'], new URLSearchParams())).toBeUndefined();
  });

  it('lists one pods/ and one namespaces/ resource per declared pod metric, and each external metric once', () => {
    const pods = [webPod(0, { 'kubeflare.dev/metric.rps': 'requestsPerSecond', 'kubeflare.dev/metric.depth': '3' }), webPod(1, { 'kubeflare.dev/metric.rps': '1' })];
    expect(customMetricsResourceList(podDemandInputs(pods, {}, NOW)).resources.map((r) => [r.name, r.namespaced])).toEqual([
      ['pods/depth', true],
      ['namespaces/depth', false],
      ['pods/rps', true],
      ['namespaces/rps', false],
    ]);
    const q = (name: string, queue: string): WorkloadProfile => ({ metadata: { name, namespace: NS }, spec: { externalMetrics: { queue_length: { labels: { queue }, value: { type: 'constant', value: 1 } } } } });
    expect(externalMetricsResourceList(externalMetricSamples([q('a', 'x'), q('b', 'y')], NOW)).resources).toEqual([
      { name: 'queue_length', singularName: '', namespaced: true, kind: 'ExternalMetricValueList', verbs: ['get'] },
    ]);
  });
});
