// Rows of upstream's replica_calculator_test.go (TestReplicaCalc*), run through the same path the
// controller uses (computeReplicasForMetric), with the test constants upstream's calculator uses there.
import { describe, expect, it } from 'vitest';
import type { CrossVersionObjectReference, HorizontalPodAutoscaler, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  computeReplicasForMetric,
  externalMetricKey,
  formatMilliQuantity,
  objectMetricKey,
  podsMetricKey,
  uniformTolerances,
  type MetricsSnapshot,
} from '../../../../shared/controllers/hpa';
import { levelsPerContainer, NAMESPACE, NOW, pod, podMetric, POD_PREFIX, TESTING, ZERO, HOT, COOL } from './fixtures';

type Status = 'True' | 'False';

interface ResourceInfo {
  name?: string;
  requests: string[];
  levels: number[][];
  podNames?: string[];
  targetUtilization: number;
  expectedUtilization?: number;
  expectedValue?: number;
}

interface MetricInfo {
  name: string;
  levels: number[];
  singleObject?: CrossVersionObjectReference;
  selector?: LabelSelector;
  metricType: 'object' | 'objectPerPod' | 'external' | 'externalPerPod' | 'pod';
  targetUsage?: number;
  perPodTargetUsage?: number;
  expectedUsage: number;
}

interface ReplicaCalcCase {
  currentReplicas: number;
  expectedReplicas?: number;
  expectedError?: string;
  timestamp?: number;
  resource?: ResourceInfo;
  metric?: MetricInfo;
  container?: string;
  podReadiness?: Status[];
  podStartTime?: number[];
  podPhase?: string[];
  podDeletionTimestamp?: boolean[];
}

const deployment: CrossVersionObjectReference = { kind: 'Deployment', apiVersion: 'apps/v1', name: 'some-deployment' };
const labelSelector: LabelSelector = { matchLabels: { label: 'value' } };

function pods(tc: ReplicaCalcCase): Pod[] {
  const count = Math.max(tc.currentReplicas, tc.podPhase?.length ?? 0);
  return Array.from({ length: count }, (_, i) =>
    pod(i, {
      ready: tc.podReadiness?.[i] ?? 'True',
      phase: tc.podPhase?.[i] ?? 'Running',
      start: tc.podStartTime?.[i] ?? ZERO,
      deleting: tc.podDeletionTimestamp?.[i] ?? false,
      ...(tc.resource && i < tc.resource.requests.length ? { containerRequest: tc.resource.requests[i] } : {}),
    }),
  );
}

function specAndSnapshot(tc: ReplicaCalcCase): { spec: MetricSpec; metrics: MetricsSnapshot } {
  const ts = tc.timestamp ?? ZERO;
  if (tc.resource) {
    const r = tc.resource;
    const name = r.name ?? 'cpu';
    const metrics: MetricsSnapshot = {
      podMetrics: { items: r.levels.map((l, i) => podMetric(r.podNames?.[i] ?? `${POD_PREFIX}-${i}`, l, name, ts)) },
    };
    const target = { type: 'Utilization', averageUtilization: r.targetUtilization };
    const spec: MetricSpec = tc.container
      ? { type: 'ContainerResource', containerResource: { name, container: tc.container, target } }
      : { type: 'Resource', resource: { name, target } };
    return { spec, metrics };
  }
  const m = tc.metric!;
  const metric = { name: m.name, ...(m.selector ? { selector: m.selector } : {}) };
  const milli = (v: number) => `${v}m`;
  switch (m.metricType) {
    case 'pod':
      return {
        spec: { type: 'Pods', pods: { metric, target: { type: 'AverageValue', averageValue: milli(m.targetUsage!) } } },
        metrics: { pods: { [podsMetricKey(metric)]: { items: m.levels.map((v, i) => ({ name: `${POD_PREFIX}-${i}`, timestamp: ts, value: milli(v) })) } } },
      };
    case 'object':
    case 'objectPerPod': {
      const target = m.metricType === 'object' ? { type: 'Value', value: milli(m.targetUsage!) } : { type: 'AverageValue', averageValue: milli(m.perPodTargetUsage!) };
      return {
        spec: { type: 'Object', object: { describedObject: m.singleObject!, metric, target } },
        metrics: { object: { [objectMetricKey(m.singleObject!, metric)]: { items: { name: m.singleObject!.name, timestamp: ts, value: milli(m.levels[0]!) } } } },
      };
    }
    case 'external':
    case 'externalPerPod': {
      const target = m.metricType === 'external' ? { type: 'Value', value: milli(m.targetUsage!) } : { type: 'AverageValue', averageValue: milli(m.perPodTargetUsage!) };
      return {
        spec: { type: 'External', external: { metric, target } },
        metrics: { external: { [externalMetricKey(metric)]: { items: m.levels.map((v) => ({ timestamp: ts, value: milli(v) })) } } },
      };
    }
  }
}

const hpa: HorizontalPodAutoscaler = { metadata: { name: 'test-hpa', namespace: NAMESPACE }, spec: { scaleTargetRef: { kind: 'ReplicationController', name: 'test-rc' }, maxReplicas: 100 } };

/** replicaCalcTestCase.runTest. */
function run(tc: ReplicaCalcCase): void {
  const { spec, metrics } = specAndSnapshot(tc);
  const r = computeReplicasForMetric(spec, {
    ctx: { pods: pods(tc), tolerances: uniformTolerances(TESTING.tolerance), now: NOW, ...TESTING },
    hpa,
    metrics,
    specReplicas: tc.currentReplicas,
    statusReplicas: tc.currentReplicas,
  });
  if (tc.expectedError !== undefined) {
    expect('error' in r ? r.error : 'no error').toContain(tc.expectedError);
    return;
  }
  if ('error' in r) throw new Error(r.error);
  expect(r.replicas).toBe(tc.expectedReplicas);
  if (tc.resource) {
    const current = r.status.resource?.current ?? r.status.containerResource?.current;
    expect(current?.averageUtilization).toBe(tc.resource.expectedUtilization);
    expect(current?.averageValue).toBe(formatMilliQuantity(tc.resource.expectedValue!));
    return;
  }
  const current = r.status.object?.current ?? r.status.external?.current ?? r.status.pods?.current;
  expect(current?.value ?? current?.averageValue).toBe(formatMilliQuantity(tc.metric!.expectedUsage));
}

const ones = (n: number) => Array.from({ length: n }, () => '1.0');
const C = 2; // numContainersPerPod

const cases: Record<string, ReplicaCalcCase> = {
  TestReplicaCalcDisjointResourcesMetrics: {
    currentReplicas: 1,
    expectedError: 'no metrics returned matched known pods',
    resource: { requests: ['1.0'], levels: levelsPerContainer(100), podNames: ['an-older-pod-name'], targetUtilization: 100 },
  },
  TestReplicaCalcScaleUp: {
    currentReplicas: 3,
    expectedReplicas: 5,
    resource: { requests: ones(3), levels: levelsPerContainer(300, 500, 700), targetUtilization: 30, expectedUtilization: 50, expectedValue: C * 500 },
  },
  TestReplicaCalcContainerScaleUp: {
    currentReplicas: 3,
    expectedReplicas: 5,
    resource: { requests: ones(3), levels: [[1000, 300], [1000, 500], [1000, 700]], targetUtilization: 30, expectedUtilization: 50, expectedValue: 500 },
    container: 'container2',
  },
  TestReplicaCalcScaleUpUnreadyLessScale: {
    currentReplicas: 3,
    expectedReplicas: 4,
    podReadiness: ['False', 'True', 'True'],
    resource: { requests: ones(3), levels: levelsPerContainer(300, 500, 700), targetUtilization: 30, expectedUtilization: 60, expectedValue: C * 600 },
  },
  TestReplicaCalcScaleUpContainerHotCpuLessScale: {
    currentReplicas: 3,
    expectedReplicas: 4,
    podStartTime: [HOT, COOL, COOL],
    resource: { requests: ones(3), levels: [[0, 300], [0, 500], [0, 700]], targetUtilization: 30, expectedUtilization: 60, expectedValue: 600 },
    container: 'container2',
  },
  TestReplicaCalcScaleUpHotCpuLessScale: {
    currentReplicas: 3,
    expectedReplicas: 4,
    podStartTime: [HOT, COOL, COOL],
    resource: { requests: ones(3), levels: levelsPerContainer(300, 500, 700), targetUtilization: 30, expectedUtilization: 60, expectedValue: C * 600 },
  },
  TestReplicaCalcScaleUpUnreadyNoScale: {
    currentReplicas: 3,
    expectedReplicas: 3,
    podReadiness: ['True', 'False', 'False'],
    resource: { requests: ones(3), levels: levelsPerContainer(400, 500, 700), targetUtilization: 30, expectedUtilization: 40, expectedValue: C * 400 },
  },
  TestReplicaCalcScaleHotCpuNoScale: {
    currentReplicas: 3,
    expectedReplicas: 3,
    podReadiness: ['True', 'False', 'False'],
    podStartTime: [COOL, HOT, HOT],
    resource: { requests: ones(3), levels: levelsPerContainer(400, 500, 700), targetUtilization: 30, expectedUtilization: 40, expectedValue: C * 400 },
  },
  TestReplicaCalcScaleUpIgnoresFailedPods: {
    currentReplicas: 2,
    expectedReplicas: 4,
    podReadiness: ['True', 'True', 'False', 'False'],
    podPhase: ['Running', 'Running', 'Failed', 'Failed'],
    resource: { requests: ones(4), levels: levelsPerContainer(500, 700), targetUtilization: 30, expectedUtilization: 60, expectedValue: C * 600 },
  },
  TestReplicaCalcScaleUpContainerIgnoresFailedPods: {
    currentReplicas: 2,
    expectedReplicas: 4,
    podReadiness: ['True', 'True', 'False', 'False'],
    podPhase: ['Running', 'Running', 'Failed', 'Failed'],
    resource: { requests: ones(4), levels: [[1000, 500], [9000, 700]], targetUtilization: 30, expectedUtilization: 60, expectedValue: 600 },
    container: 'container2',
  },
  TestReplicaCalcScaleUpIgnoresDeletionPods: {
    currentReplicas: 2,
    expectedReplicas: 4,
    podReadiness: ['True', 'True', 'False', 'False'],
    podPhase: ['Running', 'Running', 'Running', 'Running'],
    podDeletionTimestamp: [false, false, true, true],
    resource: { requests: ones(4), levels: levelsPerContainer(500, 700), targetUtilization: 30, expectedUtilization: 60, expectedValue: C * 600 },
  },
  TestReplicaCalcScaleUpContainerIgnoresDeletionPods: {
    currentReplicas: 2,
    expectedReplicas: 4,
    podReadiness: ['True', 'True', 'False', 'False'],
    podPhase: ['Running', 'Running', 'Running', 'Running'],
    podDeletionTimestamp: [false, false, true, true],
    resource: { requests: ones(4), levels: levelsPerContainer(500, 700), targetUtilization: 30, expectedUtilization: 60, expectedValue: 600 },
    container: 'container1',
  },
  TestReplicaCalcScaleUpCM: {
    currentReplicas: 3,
    expectedReplicas: 4,
    metric: { name: 'qps', levels: [20000, 10000, 30000], targetUsage: 15000, expectedUsage: 20000, metricType: 'pod' },
  },
  TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale: {
    currentReplicas: 3,
    expectedReplicas: 6,
    podReadiness: ['True', 'True', 'False'],
    podStartTime: [COOL, COOL, HOT],
    metric: { name: 'qps', levels: [50000, 10000, 30000], targetUsage: 15000, expectedUsage: 30000, metricType: 'pod' },
  },
  TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown: {
    currentReplicas: 3,
    expectedReplicas: 7,
    podReadiness: ['False', 'True', 'False'],
    podStartTime: [HOT, COOL, HOT],
    metric: { name: 'qps', levels: [50000, 15000, 30000], targetUsage: 15000, expectedUsage: 31666, metricType: 'pod' },
  },
  TestReplicaCalcScaleUpCMObject: {
    currentReplicas: 3,
    expectedReplicas: 4,
    metric: { name: 'qps', levels: [20000], targetUsage: 15000, expectedUsage: 20000, singleObject: deployment, metricType: 'object' },
  },
  TestReplicaCalcScaleUpCMPerPodObject: {
    currentReplicas: 3,
    expectedReplicas: 4,
    metric: { metricType: 'objectPerPod', name: 'qps', levels: [20000], perPodTargetUsage: 5000, expectedUsage: 6667, singleObject: deployment },
  },
  TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods: {
    currentReplicas: 3,
    expectedReplicas: 5, // 15 if unready pods counted
    podReadiness: ['False', 'True', 'False'],
    metric: { name: 'qps', levels: [50000], targetUsage: 10000, expectedUsage: 50000, singleObject: deployment, metricType: 'object' },
  },
  TestReplicaCalcScaleUpCMExternal: {
    currentReplicas: 1,
    expectedReplicas: 2,
    metric: { name: 'qps', levels: [8600], targetUsage: 4400, expectedUsage: 8600, selector: labelSelector, metricType: 'pod' },
  },
  TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods: {
    currentReplicas: 3,
    expectedReplicas: 2, // 6 if unready pods counted
    podReadiness: ['False', 'True', 'False'],
    metric: { name: 'qps', levels: [8600], targetUsage: 4400, expectedUsage: 8600, selector: labelSelector, metricType: 'external' },
  },
  TestReplicaCalcScaleUpCMExternalNoLabels: {
    currentReplicas: 1,
    expectedReplicas: 2,
    metric: { name: 'qps', levels: [8600], targetUsage: 4400, expectedUsage: 8600, metricType: 'pod' },
  },
  TestReplicaCalcScaleUpPerPodCMExternal: {
    currentReplicas: 3,
    expectedReplicas: 4,
    metric: { name: 'qps', levels: [8600], perPodTargetUsage: 2150, expectedUsage: 2867, selector: labelSelector, metricType: 'externalPerPod' },
  },
  TestReplicaCalcScaleDown: {
    currentReplicas: 5,
    expectedReplicas: 3,
    resource: { requests: ones(5), levels: levelsPerContainer(100, 300, 500, 250, 250), targetUtilization: 50, expectedUtilization: 28, expectedValue: C * 280 },
  },
  TestReplicaCalcContainerScaleDown: {
    currentReplicas: 5,
    expectedReplicas: 3,
    resource: { requests: ones(5), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]], targetUtilization: 50, expectedUtilization: 28, expectedValue: 280 },
    container: 'container2',
  },
  TestReplicaCalcScaleDownCM: {
    currentReplicas: 5,
    expectedReplicas: 3,
    metric: { name: 'qps', levels: [12000, 12000, 12000, 12000, 12000], targetUsage: 20000, expectedUsage: 12000, metricType: 'pod' },
  },
  TestReplicaCalcScaleDownPerPodCMObject: {
    currentReplicas: 5,
    expectedReplicas: 3,
    metric: { name: 'qps', levels: [6000], perPodTargetUsage: 2000, expectedUsage: 1200, singleObject: deployment, metricType: 'objectPerPod' },
  },
  TestReplicaCalcScaleDownCMObject: {
    currentReplicas: 5,
    expectedReplicas: 3,
    metric: { name: 'qps', levels: [12000], targetUsage: 20000, expectedUsage: 12000, singleObject: deployment, metricType: 'object' },
  },
  TestReplicaCalcScaleDownCMExternal: {
    currentReplicas: 5,
    expectedReplicas: 3,
    metric: { name: 'qps', levels: [8600], targetUsage: 14334, expectedUsage: 8600, selector: labelSelector, metricType: 'external' },
  },
  TestReplicaCalcScaleDownPerPodCMExternal: {
    currentReplicas: 5,
    expectedReplicas: 3,
    metric: { name: 'qps', levels: [8600], perPodTargetUsage: 2867, expectedUsage: 1720, selector: labelSelector, metricType: 'externalPerPod' },
  },
  TestReplicaCalcScaleDownExcludeUnreadyPods: {
    currentReplicas: 5,
    expectedReplicas: 2,
    podReadiness: ['True', 'True', 'True', 'False', 'False'],
    resource: { requests: ones(5), levels: levelsPerContainer(100, 300, 500, 250, 250), targetUtilization: 50, expectedUtilization: 30, expectedValue: C * 300 },
  },
  TestReplicaCalcScaleDownContainerExcludeUnreadyPods: {
    currentReplicas: 5,
    expectedReplicas: 2,
    podReadiness: ['True', 'True', 'True', 'False', 'False'],
    resource: { requests: ones(5), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]], targetUtilization: 50, expectedUtilization: 30, expectedValue: 300 },
    container: 'container2',
  },
  TestReplicaCalcScaleDownExcludeUnscheduledPods: {
    currentReplicas: 5,
    expectedReplicas: 1,
    podReadiness: ['True', 'False', 'False', 'False', 'False'],
    podPhase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
    resource: { requests: ones(5), levels: levelsPerContainer(100), targetUtilization: 50, expectedUtilization: 10, expectedValue: C * 100 },
  },
  TestReplicaCalcScaleDownContainerExcludeUnscheduledPods: {
    currentReplicas: 5,
    expectedReplicas: 1,
    podReadiness: ['True', 'False', 'False', 'False', 'False'],
    podPhase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
    resource: { requests: ones(5), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]], targetUtilization: 50, expectedUtilization: 10, expectedValue: 100 },
    container: 'container2',
  },
  TestReplicaCalcScaleDownIgnoreHotCpuPods: {
    currentReplicas: 5,
    expectedReplicas: 2,
    podStartTime: [COOL, COOL, COOL, HOT, HOT],
    resource: { requests: ones(5), levels: levelsPerContainer(100, 300, 500, 250, 250), targetUtilization: 50, expectedUtilization: 30, expectedValue: C * 300 },
  },
  TestReplicaCalcScaleDownContainerIgnoreHotCpuPods: {
    currentReplicas: 5,
    expectedReplicas: 2,
    podStartTime: [COOL, COOL, COOL, HOT, HOT],
    resource: { requests: ones(5), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 1000], [1000, 1000]], targetUtilization: 50, expectedUtilization: 30, expectedValue: 300 },
    container: 'container2',
  },
  TestReplicaCalcScaleDownIgnoresFailedPods: {
    currentReplicas: 5,
    expectedReplicas: 3,
    podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
    podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
    resource: { requests: ones(7), levels: levelsPerContainer(100, 300, 500, 250, 250), targetUtilization: 50, expectedUtilization: 28, expectedValue: C * 280 },
  },
  TestReplicaCalcScaleDownContainerIgnoresFailedPods: {
    currentReplicas: 5,
    expectedReplicas: 3,
    podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
    podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
    resource: { requests: ones(7), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]], targetUtilization: 50, expectedUtilization: 28, expectedValue: 280 },
    container: 'container2',
  },
  TestReplicaCalcScaleDownIgnoresDeletionPods: {
    currentReplicas: 5,
    expectedReplicas: 3,
    podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
    podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Running'],
    podDeletionTimestamp: [false, false, false, false, false, true, true],
    resource: { requests: ones(7), levels: levelsPerContainer(100, 300, 500, 250, 250), targetUtilization: 50, expectedUtilization: 28, expectedValue: C * 280 },
  },
  TestReplicaCalcScaleDownIgnoresDeletionPods_StillRunning: {
    currentReplicas: 5,
    expectedReplicas: 3,
    podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
    podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Running'],
    podDeletionTimestamp: [false, false, false, false, false, true, true],
    resource: { requests: ones(7), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]], targetUtilization: 50, expectedUtilization: 28, expectedValue: 280 },
    container: 'container2',
  },
  TestReplicaCalcTolerance: {
    currentReplicas: 3,
    expectedReplicas: 3,
    resource: { requests: ['0.9', '1.0', '1.1'], levels: levelsPerContainer(1010, 1030, 1020), targetUtilization: 100, expectedUtilization: 102, expectedValue: C * 1020 },
  },
  TestReplicaCalcToleranceCM: {
    currentReplicas: 3,
    expectedReplicas: 3,
    metric: { name: 'qps', levels: [20000, 21000, 21000], targetUsage: 20000, expectedUsage: 20666, metricType: 'pod' },
  },
  TestReplicaCalcToleranceCMObject: {
    currentReplicas: 3,
    expectedReplicas: 3,
    metric: { name: 'qps', levels: [20666], targetUsage: 20000, expectedUsage: 20666, singleObject: deployment, metricType: 'object' },
  },
  TestReplicaCalcTolerancePerPodCMObject: {
    currentReplicas: 4,
    expectedReplicas: 4,
    metric: { metricType: 'objectPerPod', name: 'qps', levels: [20166], perPodTargetUsage: 5000, expectedUsage: 5042, singleObject: deployment },
  },
  TestReplicaCalcToleranceCMExternal: {
    currentReplicas: 3,
    expectedReplicas: 3,
    metric: { name: 'qps', levels: [8600], targetUsage: 8888, expectedUsage: 8600, selector: labelSelector, metricType: 'external' },
  },
  TestReplicaCalcTolerancePerPodCMExternal: {
    currentReplicas: 3,
    expectedReplicas: 3,
    metric: { name: 'qps', levels: [8600], perPodTargetUsage: 2900, expectedUsage: 2867, selector: labelSelector, metricType: 'externalPerPod' },
  },
  TestReplicaCalcSuperfluousMetrics: {
    currentReplicas: 4,
    expectedReplicas: 24,
    resource: { requests: ones(4), levels: levelsPerContainer(4000, 9500, 3000, 7000, 3200, 2000), targetUtilization: 100, expectedUtilization: 587, expectedValue: C * 5875 },
  },
  TestReplicaCalcMissingMetrics: {
    currentReplicas: 4,
    expectedReplicas: 3,
    resource: { requests: ones(4), levels: levelsPerContainer(400, 95), targetUtilization: 100, expectedUtilization: 24, expectedValue: 495 },
  },
  TestReplicaCalcEmptyMetrics: {
    currentReplicas: 4,
    expectedError: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    resource: { requests: ones(3), levels: [], targetUtilization: 100 },
  },
  TestReplicaCalcEmptyCPURequest: {
    currentReplicas: 1,
    expectedError: 'missing request for',
    resource: { requests: [], levels: levelsPerContainer(200), targetUtilization: 100 },
  },
  TestPlainMetricReplicaCalcMissingMetricsNoChangeEq: {
    currentReplicas: 5,
    expectedReplicas: 5,
    metric: { name: 'qps', levels: [20000, 19000, 21000], targetUsage: 20000, expectedUsage: 20000, metricType: 'pod' },
  },
  TestReplicaCalcMissingMetricsNoChangeEq: {
    currentReplicas: 2,
    expectedReplicas: 2,
    resource: { requests: ones(2), levels: levelsPerContainer(1000), targetUtilization: 100, expectedUtilization: 100, expectedValue: C * 1000 },
  },
  TestReplicaCalcMissingMetricsNoChangeGt: {
    currentReplicas: 2,
    expectedReplicas: 2,
    resource: { requests: ones(2), levels: levelsPerContainer(1900), targetUtilization: 100, expectedUtilization: 190, expectedValue: C * 1900 },
  },
  TestReplicaCalcMissingMetricsNoChangeLt: {
    currentReplicas: 2,
    expectedReplicas: 2,
    resource: { requests: ones(2), levels: levelsPerContainer(600), targetUtilization: 100, expectedUtilization: 60, expectedValue: C * 600 },
  },
  TestReplicaCalcMissingMetricsUnreadyChange: {
    currentReplicas: 3,
    expectedReplicas: 3,
    podReadiness: ['False', 'True', 'True'],
    resource: { requests: ones(3), levels: levelsPerContainer(100, 450), targetUtilization: 50, expectedUtilization: 45, expectedValue: C * 450 },
  },
  TestReplicaCalcMissingMetricsHotCpuNoChange: {
    currentReplicas: 3,
    expectedReplicas: 3,
    podStartTime: [HOT, COOL, COOL],
    resource: { requests: ones(3), levels: levelsPerContainer(100, 450), targetUtilization: 50, expectedUtilization: 45, expectedValue: C * 450 },
  },
  TestReplicaCalcMissingMetricsUnreadyScaleUp: {
    currentReplicas: 3,
    expectedReplicas: 4,
    podReadiness: ['False', 'True', 'True'],
    resource: { requests: ones(3), levels: levelsPerContainer(100, 2000), targetUtilization: 50, expectedUtilization: 200, expectedValue: C * 2000 },
  },
  TestReplicaCalcMissingMetricsHotCpuScaleUp: {
    currentReplicas: 3,
    expectedReplicas: 4,
    podReadiness: ['False', 'True', 'True'],
    podStartTime: [HOT, COOL, COOL],
    resource: { requests: ones(3), levels: levelsPerContainer(100, 2000), targetUtilization: 50, expectedUtilization: 200, expectedValue: C * 2000 },
  },
  TestReplicaCalcMissingMetricsUnreadyScaleDown: {
    currentReplicas: 4,
    expectedReplicas: 3,
    podReadiness: ['False', 'True', 'True', 'True'],
    resource: { requests: ones(4), levels: levelsPerContainer(100, 100, 100), targetUtilization: 50, expectedUtilization: 10, expectedValue: C * 100 },
  },
  TestReplicaCalcMissingMetricsScaleDownTargetOver100: {
    currentReplicas: 4,
    expectedReplicas: 2,
    podReadiness: ['False', 'True', 'True', 'True'],
    resource: { requests: ['1.0', '1.0', '2.0', '2.0'], levels: levelsPerContainer(200, 100, 100), targetUtilization: 300, expectedUtilization: 6, expectedValue: C * 100 },
  },
  TestReplicaCalcDuringRollingUpdateWithMaxSurge: {
    currentReplicas: 2,
    expectedReplicas: 2,
    podPhase: ['Running', 'Running', 'Running'],
    resource: { requests: ones(3), levels: levelsPerContainer(100, 100), targetUtilization: 50, expectedUtilization: 10, expectedValue: C * 100 },
  },
  TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM: {
    currentReplicas: 2,
    expectedReplicas: 2,
    podPhase: ['Running', 'Running', 'Running'],
    metric: { name: 'qps', levels: [10000, 10000], targetUsage: 17000, expectedUsage: 10000, metricType: 'pod' },
  },
};

describe('replica calculator (replica_calculator_test.go)', () => {
  it.each(Object.entries(cases))('%s', (_, tc) => run(tc));

  it('TestReplicaCalcComputedToleranceAlgImplementation', () => {
    const startPods = 10;
    const totalUsed = startPods * 150;
    const totalRequested = 2 * totalUsed;
    const requestedToUsed = Math.trunc(totalRequested / totalUsed);
    const perPod = totalRequested / startPods;
    let target = Math.abs(1 / (requestedToUsed * (1 - TESTING.tolerance))) + 0.01;
    const usedRatio = totalUsed / (totalRequested * target);
    const finalPods = Math.ceil(usedRatio * startPods);
    const requests = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => `${perPod + d}m`);
    const tc: ReplicaCalcCase = {
      currentReplicas: startPods,
      expectedReplicas: finalPods,
      resource: {
        requests,
        levels: levelsPerContainer(...Array.from({ length: 10 }, () => totalUsed / 10)),
        targetUtilization: Math.trunc(target * 100),
        expectedUtilization: Math.trunc((totalUsed * 100) / totalRequested),
        expectedValue: (C * totalUsed) / 10,
      },
    };
    run(tc);
    // Just inside the tolerance: no change.
    target = Math.abs(1 / (requestedToUsed * (1 - TESTING.tolerance))) + 0.004;
    run({ ...tc, expectedReplicas: startPods, resource: { ...tc.resource!, targetUtilization: Math.trunc(target * 100) } });
  });

  it('TestReplicaCalcMissingContainerMetricScaleUpIgnoresFailedPods: in 1.32 a pod whose metrics lack the container fails the metric (1.33, #127193, treats it as missing)', () => {
    run({
      currentReplicas: 2,
      expectedError: 'container container2 not present in metrics for pod test-namespace/test-pod-2',
      podReadiness: ['True', 'True', 'False', 'False'],
      podPhase: ['Running', 'Running', 'Failed', 'Failed'],
      resource: { requests: ones(4), levels: [[1000, 500], [9000, 700], [1000], [9000]], targetUtilization: 30 },
      container: 'container2',
    });
  });
});
