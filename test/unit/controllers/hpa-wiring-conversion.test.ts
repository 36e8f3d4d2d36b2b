// autoscaling/v1 as upstream serves a v2 HPA: the CPU target and utilization in fields, everything else
// (conditions, other metrics, current metrics, behavior) in round-trip annotations that a v1 write brings back.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { fromStorageVersion, toStorageVersion } from '../../../shared/apiserver/conversion';

const HPA = BUILTIN_RESOURCES.find((d) => d.kind === 'HorizontalPodAutoscaler')!;
const CONDITION = { type: 'AbleToScale', status: 'True', lastTransitionTime: '2024-06-01T12:00:00Z', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 4' };
const EXTERNAL = { type: 'External', external: { metric: { name: 'queue_length', selector: { matchLabels: { queue: 'orders' } } }, target: { type: 'AverageValue', averageValue: '10' } } };

const v2: KubeObject = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default', annotations: { team: 'a' } },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [EXTERNAL, { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
  status: {
    currentReplicas: 1,
    desiredReplicas: 4,
    currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 300, averageValue: '300m' } } }],
    conditions: [CONDITION],
  },
};

describe('HPA v2 served as autoscaling/v1', () => {
  it('carries the CPU utilization in fields and the rest in upstream annotations', () => {
    const v1 = fromStorageVersion(HPA, v2, 'v1') as any;
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(50);
    expect(v1.status.currentCPUUtilizationPercentage).toBe(300);
    expect(v1.status.conditions).toBeUndefined();
    expect(v1.metadata.annotations).toEqual({
      team: 'a',
      'autoscaling.alpha.kubernetes.io/conditions': JSON.stringify([CONDITION]),
      'autoscaling.alpha.kubernetes.io/current-metrics': '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":300,"currentAverageValue":"300m"}}]',
      'autoscaling.alpha.kubernetes.io/metrics':
        '[{"type":"External","external":{"metricName":"queue_length","metricSelector":{"matchLabels":{"queue":"orders"}},"targetAverageValue":"10"}}]',
    });
    // the conditions annotation keeps Go's field order: type, status, lastTransitionTime, reason, message
    expect(Object.keys(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/conditions'])[0])).toEqual(['type', 'status', 'lastTransitionTime', 'reason', 'message']);
  });

  it('a v1 object written back keeps the v2-only metrics, conditions and the user annotations only', () => {
    const back = toStorageVersion(HPA, fromStorageVersion(HPA, v2, 'v1'), 'v1') as any;
    expect(back.spec.metrics).toEqual((v2.spec as any).metrics);
    expect(back.status.conditions).toEqual([CONDITION]);
    expect(back.status.currentMetrics).toEqual((v2.status as any).currentMetrics);
    expect(back.metadata.annotations).toEqual({ team: 'a' });
  });

  it('an HPA without extras gets no annotations', () => {
    const plain = { ...v2, metadata: { name: 'p', namespace: 'default' }, spec: { ...(v2.spec as object), metrics: [(v2.spec as any).metrics[1]] }, status: { desiredReplicas: 0 } };
    expect((fromStorageVersion(HPA, plain, 'v1') as any).metadata.annotations).toBeUndefined();
  });
});
