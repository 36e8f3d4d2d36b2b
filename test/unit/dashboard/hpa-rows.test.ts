import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { describe, expect, it } from 'vitest';
import { hpaMetric, hpaRow, hpaRows, metricSeriesNames, metricSeriesValues } from '../../../dashboard/src/model/hpa-rows';

const hpa = (name: string, ns = 'default', extra: Partial<HorizontalPodAutoscaler> = {}): HorizontalPodAutoscaler => ({
  metadata: { name, namespace: ns },
  spec: {
    scaleTargetRef: { kind: 'Deployment', name, apiVersion: 'apps/v1' },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
  status: { currentReplicas: 4, desiredReplicas: 6, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75, averageValue: '75m' } } }] },
  ...extra,
});

describe('hpaMetric: a metric and its reading as numbers, by the kind of target', () => {
  it.each([
    ['utilization', { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }, { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 300, averageValue: '300m' } } }, { name: 'cpu', unit: '%', current: 300, target: 50 }],
    ['average value of a resource', { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }, { type: 'Resource', resource: { name: 'memory', current: { averageValue: '50Mi' } } }, { name: 'memory', unit: '', current: 50 * 2 ** 20, target: 100 * 2 ** 20 }],
    ['container resource', { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } }, undefined, { name: 'cpu of app', unit: '%', current: null, target: 60 }],
    ['pods metric', { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } }, { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, current: { averageValue: '150500m' } } }, { name: 'http_requests_per_second', unit: '', current: 150.5, target: 100 }],
    ['object metric', { type: 'Object', object: { metric: { name: 'requests' }, describedObject: { kind: 'Ingress', name: 'main' }, target: { type: 'Value', value: '2k' } } }, { type: 'Object', object: { metric: { name: 'requests' }, describedObject: { kind: 'Ingress', name: 'main' }, current: { value: '500' } } }, { name: 'requests on Ingress/main', unit: '', current: 500, target: 2000 }],
    ['external average value', { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } }, { type: 'External', external: { metric: { name: 'queue' }, current: { averageValue: '45' } } }, { name: 'queue', unit: '', current: 45, target: 30 }],
  ] as const)('%s', (_, spec, status, want) => {
    expect(hpaMetric(spec as never, status as never)).toEqual(want);
  });
});

describe('hpaRow', () => {
  it('replicas now and wanted, bounds, TARGETS as kubectl prints it', () => {
    const r = hpaRow(hpa('web'));
    expect(r).toMatchObject({ key: 'default/web', reference: 'Deployment/web', min: 1, max: 10, current: 4, desired: 6, targets: 'cpu: 75%/50%', limited: undefined });
    expect(metricSeriesNames(r)).toEqual(['cpu %', 'cpu target']);
    expect(metricSeriesValues(r)).toEqual([75, 50]);
  });

  it('a condition that stops or limits scaling is shown; unknown readings are null', () => {
    const r = hpaRow(
      hpa('web', 'default', {
        status: {
          desiredReplicas: 0,
          conditions: [
            { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' },
            { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: no metrics' },
          ],
        },
      }),
    );
    expect(r.limited).toBe('ScalingActive: FailedGetResourceMetric — the HPA was unable to compute the replica count: no metrics');
    expect(r.current).toBeNull();
    expect(metricSeriesValues(r)).toEqual([null, 50]);
    expect(r.targets).toBe('cpu: <unknown>/50%');
  });

  it('rows in namespace/name order, filtered by namespace', () => {
    const all = [hpa('web-10', 'b'), hpa('web-2', 'b'), hpa('api', 'a')];
    expect(hpaRows(all).map((r) => r.key)).toEqual(['a/api', 'b/web-2', 'b/web-10']);
    expect(hpaRows(all, 'a').map((r) => r.key)).toEqual(['a/api']);
  });
});
