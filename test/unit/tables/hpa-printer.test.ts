import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { DAY, ago, cells, headers } from './helpers';

const ref = { kind: 'ReplicationController', name: 'some-rc' };
const v2 = (metrics: unknown[] | undefined, currentMetrics: unknown[] | undefined, minReplicas: number | null = 2): KubeObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'some-hpa' },
  spec: { scaleTargetRef: ref, ...(minReplicas === null ? {} : { minReplicas }), maxReplicas: 10, metrics },
  status: { currentReplicas: 4, desiredReplicas: 5, currentMetrics },
});
const ext = (target: object) => ({ type: 'External', external: { metric: { name: 'some-external-metric' }, target } });
const extStatus = (current: object) => ({ type: 'External', external: { metric: { name: 'some-external-metric' }, current } });
const cpu = (target: object) => ({ type: 'Resource', resource: { name: 'cpu', target } });
const cpuStatus = (current: object) => ({ type: 'Resource', resource: { name: 'cpu', current } });

describe('HPA printer', () => {
  it('matches kubectl get hpa headers', () => {
    expect(headers('autoscaling', 'HorizontalPodAutoscaler')).toEqual({
      normal: ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
      wide: [],
    });
  });

  // TestPrintHPA cases (quantities as the API serialises them).
  it.each([
    ['no metrics, no min', v2([], [], null), ['some-hpa', 'ReplicationController/some-rc', '<none>', '<unset>', 10, 4, '<unknown>']],
    ['external avg (no current)', v2([ext({ type: 'AverageValue', averageValue: '100m' })], []), ['some-hpa', 'ReplicationController/some-rc', '<unknown>/100m (avg)', '2', 10, 4, '<unknown>']],
    ['external avg', v2([ext({ type: 'AverageValue', averageValue: '100m' })], [extStatus({ averageValue: '50m' })]), ['some-hpa', 'ReplicationController/some-rc', '50m/100m (avg)', '2', 10, 4, '<unknown>']],
    ['external value (no current)', v2([ext({ type: 'Value', value: '100m' })], []), ['some-hpa', 'ReplicationController/some-rc', '<unknown>/100m', '2', 10, 4, '<unknown>']],
    ['external value', v2([ext({ type: 'Value', value: '100m' })], [extStatus({ value: '50m' })]), ['some-hpa', 'ReplicationController/some-rc', '50m/100m', '2', 10, 4, '<unknown>']],
    ['pods', v2([{ type: 'Pods', pods: { metric: { name: 'm' }, target: { type: 'AverageValue', averageValue: '100m' } } }], [{ type: 'Pods', pods: { metric: { name: 'm' }, current: { averageValue: '50m' } } }]), ['some-hpa', 'ReplicationController/some-rc', '50m/100m', '2', 10, 4, '<unknown>']],
    ['object (no current)', v2([{ type: 'Object', object: { describedObject: { kind: 'Service', name: 's' }, metric: { name: 'm' }, target: { type: 'Value', value: '100m' } } }], []), ['some-hpa', 'ReplicationController/some-rc', '<unknown>/100m', '2', 10, 4, '<unknown>']],
    ['resource avg value (no current)', v2([cpu({ type: 'AverageValue', averageValue: '100m' })], []), ['some-hpa', 'ReplicationController/some-rc', 'cpu: <unknown>/100m', '2', 10, 4, '<unknown>']],
    ['resource avg value', v2([cpu({ type: 'AverageValue', averageValue: '100m' })], [cpuStatus({ averageValue: '50m' })]), ['some-hpa', 'ReplicationController/some-rc', 'cpu: 50m/100m', '2', 10, 4, '<unknown>']],
    ['resource utilization (no current)', v2([cpu({ type: 'Utilization', averageUtilization: 80 })], []), ['some-hpa', 'ReplicationController/some-rc', 'cpu: <unknown>/80%', '2', 10, 4, '<unknown>']],
    ['resource utilization', v2([cpu({ type: 'Utilization', averageUtilization: 80 })], [cpuStatus({ averageUtilization: 50, averageValue: '10m' })]), ['some-hpa', 'ReplicationController/some-rc', 'cpu: 50%/80%', '2', 10, 4, '<unknown>']],
    [
      'container resource',
      v2([{ type: 'ContainerResource', containerResource: { name: 'memory', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } }], [{ type: 'ContainerResource', containerResource: { name: 'memory', container: 'app', current: { averageUtilization: 42 } } }]),
      ['some-hpa', 'ReplicationController/some-rc', 'memory: 42%/60%', '2', 10, 4, '<unknown>'],
    ],
    [
      'more than two metrics',
      v2([cpu({ type: 'Utilization', averageUtilization: 80 }), { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } }, ext({ type: 'Value', value: '1' })], [cpuStatus({ averageUtilization: 50 })]),
      ['some-hpa', 'ReplicationController/some-rc', 'cpu: 50%/80%, memory: <unknown>/70% + 1 more...', '2', 10, 4, '<unknown>'],
    ],
  ])('%s', (_why, obj, want) => {
    expect(cells('autoscaling', 'HorizontalPodAutoscaler', obj)).toEqual(want);
  });

  it('autoscaling/v1 HPA with a CPU target (kubectl autoscale)', () => {
    const obj: KubeObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', creationTimestamp: ago(2 * DAY) },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
      status: { currentReplicas: 3, desiredReplicas: 3, currentCPUUtilizationPercentage: 50 },
    };
    expect(cells('autoscaling', 'HorizontalPodAutoscaler', obj)).toEqual(['web', 'Deployment/web', 'cpu: 50%/80%', '1', 5, 3, '2d']);
    const fresh = { ...obj, status: { currentReplicas: 0, desiredReplicas: 0 } };
    expect(cells('autoscaling', 'HorizontalPodAutoscaler', fresh)[2]).toBe('cpu: <unknown>/80%');
  });
});
