import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { describe, expect, it } from 'vitest';
import { hpaReplicasCell, hpaRow } from '../../../dashboard/src/model/hpa-rows';

const cpu50 = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] as const;
const hpa = (status: HorizontalPodAutoscaler['status']): HorizontalPodAutoscaler => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 10, metrics: cpu50 as never },
  status,
});
const noMetrics = { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: no metrics' };

describe('hpaReplicasCell: current → desired as the dashboard shows it', () => {
  it('an HPA with no metric reading yet shows desired as unknown, not as a red 0', () => {
    // the controller's status before a first reading: desiredReplicas 0, ScalingActive=False
    const r = hpaRow(hpa({ currentReplicas: 3, desiredReplicas: 0, conditions: [noMetrics] }));
    expect(r.targets).toBe('cpu: <unknown>/50%');
    expect(r.desired).toBeNull();
    const cell = hpaReplicasCell(r);
    expect(cell.text).toBe('3 → –');
    expect(cell.warning).toBe(false);
    expect(cell.title).toContain('no metric reading yet');
  });

  it('a computed desired count is shown, and a condition stopping a computed scale is a warning', () => {
    const reading = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 0 } } }] as never;
    expect(hpaReplicasCell(hpaRow(hpa({ currentReplicas: 3, desiredReplicas: 1, currentMetrics: reading })))).toEqual({ text: '3 → 1', warning: false, title: undefined });
    const limited = { type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    const cell = hpaReplicasCell(hpaRow(hpa({ currentReplicas: 1, desiredReplicas: 0, currentMetrics: reading, conditions: [limited] })));
    expect(cell).toEqual({ text: '1 → 0', warning: true, title: 'ScalingLimited: TooFewReplicas — the desired replica count is less than the minimum replica count' });
  });
});
