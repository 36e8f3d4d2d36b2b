// Upstream's exact condition messages, event reasons/messages and MetricStatus shapes, the history a
// sync hands back, and the wiring helpers (metricQueries, collectMetrics, rescaleFailed).
import { describe, expect, it } from 'vitest';
import type { MetricSpec } from 'kubernetes-types/autoscaling/v2';
import {
  collectMetrics,
  formatMilliQuantity,
  goLabelSelectorString,
  metricQueries,
  reconcileHpa,
  rescaleFailed,
  type MetricsClient,
} from '../../../../shared/controllers/hpa';
import { buildHpa, syncInput, type ControllerCase } from './controller-harness';
import { NOW } from './fixtures';

const ones = (n: number) => Array.from({ length: n }, () => '1.0');
const scaleUp: ControllerCase = { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 5, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: ones(3) };
const events = (r: ReturnType<typeof reconcileHpa>) => r.events.map((e) => [e.type, e.reason, e.message]);
const conditions = (r: ReturnType<typeof reconcileHpa>) => (r.status.conditions ?? []).map((c) => [c.type, c.status, c.reason, c.message]);

describe('status after a rescale', () => {
  const r = reconcileHpa(syncInput(scaleUp));
  it('records the scale, the time and the metric', () => {
    expect(r.rescale).toBe(5);
    expect(r.rescaleReason).toBe('cpu resource utilization (percentage of request) above target');
    expect(r.status).toMatchObject({
      currentReplicas: 3,
      desiredReplicas: 5,
      lastScaleTime: '2024-06-01T12:00:00Z',
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '500m' } } }],
    });
    expect(r.statusChanged).toBe(true);
  });
  it('sets the three conditions with upstream messages, transition times now', () => {
    expect(conditions(r)).toEqual([
      ['AbleToScale', 'True', 'SucceededRescale', 'the HPA controller was able to update the target scale to 5'],
      ['ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)'],
      ['ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range'],
    ]);
    expect(r.status.conditions!.every((c) => c.lastTransitionTime === '2024-06-01T12:00:00Z')).toBe(true);
  });
  it('remembers the recommendation (and, without behavior, no scale event)', () => {
    expect(r.history.recommendations).toEqual([
      { recommendation: 3, timestamp: NOW },
      { recommendation: 5, timestamp: NOW },
    ]);
    expect(r.history.scaleUpEvents).toEqual([]);
  });
});

describe('with behavior', () => {
  const tc: ControllerCase = { ...scaleUp, scaleUpRules: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, expectedDesiredReplicas: 4 };
  it('limits the rate, reports ScaleUpLimit and stores the scale event the next sync counts', () => {
    const input = syncInput(tc);
    const r = reconcileHpa(input);
    expect(r.rescale).toBe(4);
    expect(conditions(r)[2]).toEqual(['ScalingLimited', 'True', 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']);
    expect(r.history.scaleUpEvents).toEqual([{ replicaChange: 1, timestamp: NOW, outdated: false }]);
    // Next sync 30 s later, still within the policy's 60 s period: the event uses up the allowance.
    const hpa = { ...input.hpa, status: r.status };
    const next = reconcileHpa({ ...input, hpa, scale: { specReplicas: 4, statusReplicas: 4, selector: 'name=test-pod' }, history: r.history, now: NOW + 30_000 });
    expect(next.rescale).toBeUndefined();
    expect(conditions(next)[2]?.slice(0, 3)).toEqual(['ScalingLimited', 'True', 'ScaleUpLimit']);
  });
  it('selectPolicy Disabled on scale-down never scales down', () => {
    const r = reconcileHpa(
      syncInput({ ...scaleUp, specReplicas: 5, statusReplicas: 5, CPUTarget: 90, reportedLevels: [100, 100, 100, 100, 100], reportedCPURequests: ones(5), scaleDownRules: { selectPolicy: 'Disabled' }, recommendations: [], expectedDesiredReplicas: 5 }),
    );
    expect(r.rescale).toBeUndefined();
    expect(r.desiredReplicas).toBe(5);
    expect(conditions(r)[2]?.slice(0, 3)).toEqual(['ScalingLimited', 'True', 'ScaleDownLimit']);
  });
});

describe('legacy downscale stabilization (reference example)', () => {
  it('recommendations [10, 8, 6] in the last 300 s, current 10, new 5 → stays 10 (ScaleDownStabilized)', () => {
    const recommendations = [10, 8, 6].map((recommendation, i) => ({ recommendation, timestamp: NOW - (i + 1) * 60_000 }));
    const r = reconcileHpa(syncInput({ minReplicas: 1, maxReplicas: 20, specReplicas: 10, statusReplicas: 10, expectedDesiredReplicas: 10, CPUTarget: 50, reportedLevels: Array(10).fill(250), reportedCPURequests: ones(10), recommendations }));
    expect(r.rescale).toBeUndefined();
    expect(conditions(r)[0]).toEqual(['AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation']);
  });
});

describe('failures', () => {
  it('missing metrics: per-metric event, FailedComputeMetricsReplicas and the condition, status keeps desired', () => {
    const r = reconcileHpa(syncInput({ ...scaleUp, reportedLevels: [], expectedDesiredReplicas: 3 }));
    const cause = 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API';
    expect(events(r)).toEqual([
      ['Warning', 'FailedGetResourceMetric', cause],
      ['Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${cause}`],
    ]);
    expect(conditions(r)[1]).toEqual(['ScalingActive', 'False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: ${cause}`]);
    expect(r.status).toMatchObject({ currentReplicas: 3, desiredReplicas: 3, currentMetrics: [{ type: '' }] });
    expect(r.error).toContain('failed to compute desired number of replicas based on listed metrics for ReplicationController/test-namespace/test-rc');
  });

  it('a target without scale: FailedGetScale event and condition, nothing else changes', () => {
    const r = reconcileHpa(syncInput({ ...scaleUp, scaleError: 'deployments.apps "web" not found', expectedDesiredReplicas: 3 }));
    expect(events(r)).toEqual([['Warning', 'FailedGetScale', 'deployments.apps "web" not found']]);
    expect(conditions(r)).toEqual([['AbleToScale', 'False', 'FailedGetScale', 'the HPA controller was unable to get the target\'s current scale: deployments.apps "web" not found']]);
    expect(r.rescale).toBeUndefined();
  });

  it('scale target zero with minReplicas ≥ 1: ScalingDisabled', () => {
    const r = reconcileHpa(syncInput({ ...scaleUp, specReplicas: 0, statusReplicas: 0, expectedDesiredReplicas: 0 }));
    expect(conditions(r)[1]).toEqual(['ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero']);
    expect(r.status.desiredReplicas).toBe(0);
    expect(r.status.currentReplicas).toBeUndefined();
  });

  it('rescaleFailed: FailedRescale, FailedUpdateScale, previous desired count, no scale event', () => {
    const input = syncInput({ ...scaleUp, scaleUpRules: { policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] } });
    const ok = reconcileHpa(input);
    const r = rescaleFailed(input, ok, 'Operation cannot be fulfilled');
    expect(events(r)).toEqual([['Warning', 'FailedRescale', 'New size: 5; reason: cpu resource utilization (percentage of request) above target; error: Operation cannot be fulfilled']]);
    expect(conditions(r)[0]).toEqual(['AbleToScale', 'False', 'FailedUpdateScale', 'the HPA controller was unable to update the target scale: Operation cannot be fulfilled']);
    expect(r.status.desiredReplicas).toBe(3);
    expect(r.status.lastScaleTime).toBeUndefined();
    expect(r.history.scaleUpEvents).toEqual([]);
    expect(r.history.recommendations).toEqual(ok.history.recommendations);
    expect(r.error).toBe('failed to rescale ReplicationController/test-namespace/test-rc: Operation cannot be fulfilled');
  });

  it('clamping to minReplicas says why', () => {
    const r = reconcileHpa(syncInput({ minReplicas: 3, maxReplicas: 5, specReplicas: 2, statusReplicas: 2, expectedDesiredReplicas: 3, reportedLevels: [] }));
    expect(events(r)).toEqual([['Normal', 'SuccessfulRescale', 'New size: 3; reason: Current number of replicas below Spec.MinReplicas']]);
  });
});

describe('MetricStatus shapes', () => {
  it('object, per-pod object, external and pods metrics', () => {
    const specs: MetricSpec[] = [
      { type: 'Object', object: { describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, metric: { name: 'qps' }, target: { type: 'Value', value: '15' } } },
      { type: 'Object', object: { describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
      { type: 'External', external: { metric: { name: 'qps', selector: { matchLabels: { q: 'a' } } }, target: { type: 'AverageValue', averageValue: '2' } } },
      { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '15' } } },
    ];
    const r = reconcileHpa(syncInput({ ...scaleUp, CPUTarget: 0, metricsTarget: specs, reportedLevels: [20000, 10000, 30000], expectedDesiredReplicas: 6 }));
    expect(r.status.currentMetrics).toEqual([
      { type: 'Object', object: { describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, metric: { name: 'qps' }, current: { value: '20' } } },
      { type: 'Object', object: { describedObject: { kind: '', name: '' }, metric: { name: 'qps' }, current: { averageValue: '6667m' } } },
      { type: 'External', external: { metric: { name: 'qps', selector: { matchLabels: { q: 'a' } } }, current: { averageValue: '20' } } },
      { type: 'Pods', pods: { metric: { name: 'qps' }, current: { averageValue: '20' } } },
    ]);
    // The largest proposal (external: ceil(60 / 2) = 30) wins, then maxReplicas.
    expect(r.rescaleReason).toBe('external metric qps(&LabelSelector{MatchLabels:map[string]string{q: a,},MatchExpressions:[]LabelSelectorRequirement{},}) above target');
    expect(r.rescale).toBe(6);
  });

  it('formatMilliQuantity and Go selector strings', () => {
    expect([0, 500, 1000, 1500, 6667, 20000, 2e7, -250].map(formatMilliQuantity)).toEqual(['0', '500m', '1', '1500m', '6667m', '20', '20k', '-250m']);
    expect(goLabelSelectorString(undefined)).toBe('nil');
    expect(goLabelSelectorString({ matchExpressions: [{ key: 'a', operator: 'In', values: ['x', 'y'] }] })).toBe(
      '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:a,Operator:In,Values:[x y],},},}',
    );
  });
});

describe('metricQueries and collectMetrics', () => {
  const specs: MetricSpec[] = [
    { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1' } } },
    { type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { q: 'a' } } }, target: { type: 'Value', value: '1' } } },
    { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Mi' } } },
  ];
  const hpa = buildHpa({ ...scaleUp, metricsTarget: specs });

  it('one pod-metrics fetch for every resource metric, one per custom/external metric', () => {
    expect(metricQueries(hpa).map((q) => q.kind)).toEqual(['podMetrics', 'pods', 'external']);
  });

  it('collects answers and errors into the snapshot reconcileHpa reads', async () => {
    const client: MetricsClient = {
      getPodMetrics: async () => [{ pod: 'test-pod-0', timestamp: NOW, window: 60_000, containers: [{ name: 'c', usage: { cpu: '100m', memory: '1Mi' } }] }],
      getPodsMetric: async (_ns, sel, name) => [{ name: `${name}@${sel}`, timestamp: NOW, value: '1' }],
      getObjectMetric: async () => {
        throw new Error('unused');
      },
      getExternalMetric: async () => {
        throw new Error('the server could not find the requested resource');
      },
    };
    const snap = await collectMetrics(client, 'test-namespace', 'name=test-pod', metricQueries(hpa));
    expect(snap.podMetrics).toMatchObject({ items: [{ pod: 'test-pod-0' }] });
    expect(Object.values(snap.pods!)).toEqual([{ items: [{ name: 'qps@name=test-pod', timestamp: NOW, value: '1' }] }]);
    expect(Object.values(snap.external!)).toEqual([{ error: 'the server could not find the requested resource' }]);
  });
});
