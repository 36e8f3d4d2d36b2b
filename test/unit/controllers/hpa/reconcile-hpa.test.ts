// Rows of upstream's horizontal_test.go controller tests (TestScaleUp*, TestScaleDown*, TestTolerance*,
// replica bounds, conditions, events) run through reconcileHpa with the same fixtures.
import { describe, expect, it } from 'vitest';
import type { HPAScalingRules, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import { formatTime } from '../../../../shared/controllers';
import { HpaSelectorIndex, PodLabelIndex, reconcileHpa } from '../../../../shared/controllers/hpa';
import { runControllerCase, statusOkWithOverrides, syncInput, type Cond, type ControllerCase } from './controller-harness';
import { COOL, HOT, NOW } from './fixtures';

const ones = (n: number) => Array.from({ length: n }, () => '1.0');
const tenths = (n: number) => Array.from({ length: n }, () => '0.1');
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' };
const qpsPods = (avg: string): MetricSpec => ({ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: avg } } });
const qpsObject = (value: string): MetricSpec => ({ type: 'Object', object: { describedObject: deployment, metric: { name: 'qps' }, target: { type: 'Value', value } } });
const qpsObjectAvg = (averageValue: string, selector?: object): MetricSpec => ({
  type: 'Object',
  object: { describedObject: deployment, metric: { name: 'qps', ...(selector ? { selector } : {}) }, target: { type: 'AverageValue', averageValue } },
});
const qpsExternal = (value: string): MetricSpec => ({ type: 'External', external: { metric: { name: 'qps', selector: {} }, target: { type: 'Value', value } } });
const qpsExternalAvg = (averageValue: string): MetricSpec => ({ type: 'External', external: { metric: { name: 'qps', selector: {} }, target: { type: 'AverageValue', averageValue } } });
const cheese: MetricSpec = { type: 'CheddarCheese' };
const cond = (type: string, status: string, reason: string): Cond => ({ type, status, reason });
const READY_FOR_NEW_SCALE = cond('AbleToScale', 'True', 'ReadyForNewScale');
const failedWith = (reason: string, status = 'False', type = 'ScalingActive'): Cond[] => [cond('AbleToScale', 'True', 'SucceededGetScale'), cond(type, status, reason)];

function scalingRules(pods: number, podsPeriod: number, percent: number, percentPeriod: number, window: number): HPAScalingRules {
  const policies = [];
  if (pods) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent) policies.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return { stabilizationWindowSeconds: window, selectPolicy: 'Max', policies };
}

const base = { minReplicas: 2, maxReplicas: 6 };
const up3 = { ...base, specReplicas: 3, statusReplicas: 3 };
const down5 = { ...base, specReplicas: 5, statusReplicas: 5, recommendations: [] };

const cases: Record<string, ControllerCase> = {
  TestScaleUp: { ...up3, expectedDesiredReplicas: 5, CPUTarget: 30, verifyCPUCurrent: true, reportedLevels: [300, 500, 700], reportedCPURequests: ones(3) },
  TestScaleUpContainer: {
    ...up3,
    expectedDesiredReplicas: 5,
    metricsTarget: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'container1', target: { type: 'Utilization', averageUtilization: 30 } } }],
    reportedLevels: [300, 500, 700],
    reportedCPURequests: ones(3),
  },
  TestScaleUpUnreadyLessScale: {
    ...up3,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    CPUCurrent: 60,
    verifyCPUCurrent: true,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: ones(3),
    reportedPodReadiness: ['False', 'True', 'True'],
  },
  TestScaleUpHotCpuLessScale: {
    ...up3,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    CPUCurrent: 60,
    verifyCPUCurrent: true,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: ones(3),
    reportedPodStartTime: [HOT, COOL, COOL],
  },
  TestScaleUpUnreadyNoScale: {
    ...up3,
    expectedDesiredReplicas: 3,
    CPUTarget: 30,
    CPUCurrent: 40,
    verifyCPUCurrent: true,
    reportedLevels: [400, 500, 700],
    reportedCPURequests: ones(3),
    reportedPodReadiness: ['True', 'False', 'False'],
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
  },
  TestScaleUpHotCpuNoScale: {
    ...up3,
    expectedDesiredReplicas: 3,
    CPUTarget: 30,
    CPUCurrent: 40,
    verifyCPUCurrent: true,
    reportedLevels: [400, 500, 700],
    reportedCPURequests: ones(3),
    reportedPodReadiness: ['True', 'False', 'False'],
    reportedPodStartTime: [COOL, HOT, HOT],
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
  },
  TestScaleUpIgnoresFailedPods: {
    ...base,
    specReplicas: 2,
    statusReplicas: 2,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    CPUCurrent: 60,
    verifyCPUCurrent: true,
    reportedLevels: [500, 700],
    reportedCPURequests: ones(4),
    reportedPodReadiness: ['True', 'True', 'False', 'False'],
    reportedPodPhase: ['Running', 'Running', 'Failed', 'Failed'],
  },
  TestScaleUpIgnoresDeletionPods: {
    ...base,
    specReplicas: 2,
    statusReplicas: 2,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    CPUCurrent: 60,
    verifyCPUCurrent: true,
    reportedLevels: [500, 700],
    reportedCPURequests: ones(4),
    reportedPodReadiness: ['True', 'True', 'False', 'False'],
    reportedPodPhase: ['Running', 'Running', 'Running', 'Running'],
    reportedPodDeletionTimestamp: [false, false, true, true],
  },
  TestScaleUpDeployment: {
    ...up3,
    expectedDesiredReplicas: 5,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: ones(3),
    resource: { name: 'test-dep', apiVersion: 'apps/v1', kind: 'Deployment' },
  },
  TestScaleUpReplicaSet: {
    ...up3,
    expectedDesiredReplicas: 5,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: ones(3),
    resource: { name: 'test-replicaset', apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  },
  TestScaleUpCM: { ...up3, expectedDesiredReplicas: 4, metricsTarget: [qpsPods('15.0')], reportedLevels: [20000, 10000, 30000], reportedCPURequests: ones(3) },
  TestScaleUpCMUnreadyAndHotCpuNoLessScale: {
    ...up3,
    expectedDesiredReplicas: 6,
    metricsTarget: [qpsPods('15.0')],
    reportedLevels: [50000, 10000, 30000],
    reportedPodReadiness: ['True', 'True', 'False'],
    reportedPodStartTime: [COOL, COOL, HOT],
    reportedCPURequests: ones(3),
  },
  TestScaleUpCMUnreadyandCpuHot: {
    ...up3,
    expectedDesiredReplicas: 6,
    metricsTarget: [qpsPods('15.0')],
    reportedLevels: [50000, 15000, 30000],
    reportedPodReadiness: ['False', 'True', 'False'],
    reportedPodStartTime: [HOT, COOL, HOT],
    reportedCPURequests: ones(3),
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'SucceededRescale'), cond('ScalingLimited', 'True', 'TooManyReplicas')),
  },
  TestScaleUpHotCpuNoScaleWouldScaleDown: {
    ...up3,
    expectedDesiredReplicas: 6,
    metricsTarget: [qpsPods('15.0')],
    reportedLevels: [50000, 15000, 30000],
    reportedCPURequests: ones(3),
    reportedPodStartTime: [HOT, COOL, HOT],
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'True', 'SucceededRescale'), cond('ScalingLimited', 'True', 'TooManyReplicas')),
  },
  TestScaleUpCMObject: { ...up3, expectedDesiredReplicas: 4, metricsTarget: [qpsObject('15.0')], reportedLevels: [20000] },
  TestScaleUpFromZeroCMObject: { minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, expectedDesiredReplicas: 2, metricsTarget: [qpsObject('15.0')], reportedLevels: [20000] },
  TestScaleUpFromZeroIgnoresToleranceCMObject: {
    minReplicas: 0,
    maxReplicas: 6,
    specReplicas: 0,
    statusReplicas: 0,
    expectedDesiredReplicas: 1,
    metricsTarget: [qpsObject('1.0')],
    reportedLevels: [1000],
  },
  TestScaleUpPerPodCMObject: { ...up3, expectedDesiredReplicas: 4, metricsTarget: [qpsObjectAvg('10.0')], reportedLevels: [40000] },
  TestScaleUpCMExternal: { ...up3, expectedDesiredReplicas: 4, metricsTarget: [qpsExternal('6666m')], reportedLevels: [8600] },
  TestScaleUpPerPodCMExternal: { ...up3, expectedDesiredReplicas: 4, metricsTarget: [qpsExternalAvg('2222m')], reportedLevels: [8600] },
  TestScaleDown: { ...down5, expectedDesiredReplicas: 3, CPUTarget: 50, verifyCPUCurrent: true, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: ones(5) },
  TestScaleDownContainerResource: {
    ...down5,
    expectedDesiredReplicas: 3,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: ones(5),
    metricsTarget: [{ type: 'ContainerResource', containerResource: { container: 'container2', name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
  TestScaleDownWithScalingRules: {
    ...down5,
    scaleUpRules: scalingRules(0, 0, 100, 15, 30),
    expectedDesiredReplicas: 3,
    CPUTarget: 50,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: ones(5),
  },
  TestScaleUpOneMetricInvalid: {
    ...up3,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    metricsTarget: [cheese],
    reportedLevels: [300, 400, 500],
    reportedCPURequests: ones(3),
  },
  TestScaleUpFromZeroOneMetricInvalid: {
    minReplicas: 0,
    maxReplicas: 6,
    specReplicas: 0,
    statusReplicas: 0,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    metricsTarget: [cheese],
    reportedLevels: [300, 400, 500],
    reportedCPURequests: ones(3),
    recommendations: [],
  },
  TestScaleUpBothMetricsEmpty: {
    ...up3,
    expectedDesiredReplicas: 3,
    metricsTarget: [cheese],
    reportedLevels: [],
    reportedCPURequests: ones(3),
    expectedConditions: failedWith('InvalidMetricSourceType'),
  },
  TestScaleDownStabilizeInitialSize: {
    ...down5,
    recommendations: undefined,
    expectedDesiredReplicas: 5,
    CPUTarget: 50,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: ones(5),
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE, cond('AbleToScale', 'True', 'ScaleDownStabilized')),
  },
  TestScaleDownCM: { ...down5, expectedDesiredReplicas: 3, metricsTarget: [qpsPods('20.0')], reportedLevels: [12000, 12000, 12000, 12000, 12000], reportedCPURequests: ones(5) },
  TestScaleDownCMObject: { ...down5, expectedDesiredReplicas: 3, metricsTarget: [qpsObject('20.0')], reportedLevels: [12000], reportedCPURequests: ones(5) },
  TestScaleDownToZeroCMObject: { ...down5, minReplicas: 0, expectedDesiredReplicas: 0, metricsTarget: [qpsObject('20.0')], reportedLevels: [0], reportedCPURequests: ones(5) },
  TestScaleDownPerPodCMObject: { ...down5, expectedDesiredReplicas: 3, metricsTarget: [qpsObjectAvg('20.0')], reportedLevels: [60000], reportedCPURequests: ones(5) },
  TestScaleDownCMExternal: { ...down5, expectedDesiredReplicas: 3, metricsTarget: [qpsExternal('14400m')], reportedLevels: [8600] },
  TestScaleDownToZeroCMExternal: { ...down5, minReplicas: 0, expectedDesiredReplicas: 0, metricsTarget: [qpsExternal('14400m')], reportedLevels: [0] },
  TestScaleDownPerPodCMExternal: { ...down5, expectedDesiredReplicas: 3, metricsTarget: [qpsExternalAvg('3000m')], reportedLevels: [8600] },
  TestScaleDownIncludeUnreadyPods: {
    ...down5,
    expectedDesiredReplicas: 2,
    CPUTarget: 50,
    CPUCurrent: 30,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: ones(5),
    reportedPodReadiness: ['True', 'True', 'True', 'False', 'False'],
  },
  TestScaleDownIgnoreHotCpuPods: {
    ...down5,
    expectedDesiredReplicas: 2,
    CPUTarget: 50,
    CPUCurrent: 30,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: ones(5),
    reportedPodStartTime: [COOL, COOL, COOL, HOT, HOT],
  },
  TestScaleDownIgnoresFailedPods: {
    ...down5,
    expectedDesiredReplicas: 3,
    CPUTarget: 50,
    CPUCurrent: 28,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: ones(7),
    reportedPodReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
    reportedPodPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
  },
  TestScaleDownIgnoresDeletionPods: {
    ...down5,
    expectedDesiredReplicas: 3,
    CPUTarget: 50,
    CPUCurrent: 28,
    verifyCPUCurrent: true,
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: ones(7),
    reportedPodReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
    reportedPodPhase: Array.from({ length: 7 }, () => 'Running'),
    reportedPodDeletionTimestamp: [false, false, false, false, false, true, true],
  },
  TestTolerance: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    CPUTarget: 100,
    reportedLevels: [1010, 1030, 1020],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
  },
  TestToleranceCM: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    metricsTarget: [qpsPods('20.0')],
    reportedLevels: [20000, 20001, 21000],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
  },
  TestToleranceCMObject: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    metricsTarget: [qpsObject('20.0')],
    reportedLevels: [20050],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
  },
  TestToleranceCMExternal: {
    ...base,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    metricsTarget: [qpsExternal('8666m')],
    reportedLevels: [8600],
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
  },
  TestTolerancePerPodCMObject: {
    ...base,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    metricsTarget: [qpsObjectAvg('2200m', {})],
    reportedLevels: [8600],
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
  },
  TestTolerancePerPodCMExternal: {
    ...base,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    metricsTarget: [qpsExternalAvg('2200m')],
    reportedLevels: [8600],
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
  },
  TestMinReplicas: {
    minReplicas: 2,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 2,
    CPUTarget: 90,
    reportedLevels: [10, 95, 10],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooFewReplicas')),
    recommendations: [],
  },
  TestZeroMinReplicasDesiredZero: {
    minReplicas: 0,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 0,
    CPUTarget: 90,
    reportedLevels: [0, 0, 0],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'False', 'DesiredWithinRange')),
    recommendations: [],
  },
  TestMinReplicasDesiredZero: {
    minReplicas: 2,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 2,
    CPUTarget: 90,
    reportedLevels: [0, 0, 0],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooFewReplicas')),
    recommendations: [],
  },
  TestZeroReplicas: {
    minReplicas: 3,
    maxReplicas: 5,
    specReplicas: 0,
    statusReplicas: 0,
    expectedDesiredReplicas: 0,
    CPUTarget: 90,
    reportedLevels: [],
    reportedCPURequests: [],
    expectedConditions: failedWith('ScalingDisabled'),
  },
  TestTooFewReplicas: {
    minReplicas: 3,
    maxReplicas: 5,
    specReplicas: 2,
    statusReplicas: 2,
    expectedDesiredReplicas: 3,
    CPUTarget: 90,
    reportedLevels: [],
    reportedCPURequests: [],
    expectedConditions: [cond('AbleToScale', 'True', 'SucceededRescale')],
  },
  TestTooManyReplicas: {
    minReplicas: 3,
    maxReplicas: 5,
    specReplicas: 10,
    statusReplicas: 10,
    expectedDesiredReplicas: 5,
    CPUTarget: 90,
    reportedLevels: [],
    reportedCPURequests: [],
    expectedConditions: [cond('AbleToScale', 'True', 'SucceededRescale')],
  },
  TestMaxReplicas: {
    minReplicas: 2,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 5,
    CPUTarget: 90,
    reportedLevels: [8000, 9500, 1000],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooManyReplicas')),
  },
  TestSuperfluousMetrics: {
    ...base,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 6,
    CPUTarget: 100,
    reportedLevels: [4000, 9500, 3000, 7000, 3200, 2000],
    reportedCPURequests: ones(4),
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooManyReplicas')),
  },
  TestMissingMetrics: { ...base, specReplicas: 4, statusReplicas: 4, expectedDesiredReplicas: 3, CPUTarget: 100, reportedLevels: [400, 95], reportedCPURequests: ones(4), recommendations: [] },
  TestEmptyMetrics: {
    ...base,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    CPUTarget: 100,
    reportedLevels: [],
    reportedCPURequests: ones(4),
    expectedConditions: failedWith('FailedGetResourceMetric'),
  },
  TestEmptyCPURequest: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 1,
    statusReplicas: 1,
    expectedDesiredReplicas: 1,
    CPUTarget: 100,
    reportedLevels: [200],
    reportedCPURequests: [],
    expectedConditions: failedWith('FailedGetResourceMetric'),
  },
  TestMissingReports: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 2,
    CPUTarget: 50,
    reportedLevels: [200],
    reportedCPURequests: ['0.2'],
    recommendations: [],
  },
  TestUpscaleCap: {
    minReplicas: 1,
    maxReplicas: 100,
    specReplicas: 3,
    statusReplicas: 3,
    scaleUpRules: scalingRules(0, 0, 700, 60, 0),
    expectedDesiredReplicas: 24,
    CPUTarget: 10,
    reportedLevels: [100, 200, 300],
    reportedCPURequests: tenths(3),
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'ScaleUpLimit')),
  },
  TestUpscaleCapGreaterThanMaxReplicas: {
    minReplicas: 1,
    maxReplicas: 20,
    specReplicas: 3,
    statusReplicas: 3,
    scaleUpRules: scalingRules(0, 0, 700, 60, 0),
    expectedDesiredReplicas: 20,
    CPUTarget: 10,
    reportedLevels: [100, 200, 300],
    reportedCPURequests: tenths(3),
    expectedConditions: statusOkWithOverrides(cond('ScalingLimited', 'True', 'TooManyReplicas')),
  },
  TestMoreReplicasThanSpecNoScale: {
    minReplicas: 1,
    maxReplicas: 8,
    specReplicas: 4,
    statusReplicas: 5,
    expectedDesiredReplicas: 4,
    CPUTarget: 50,
    reportedLevels: [500, 500, 500, 500, 500],
    reportedCPURequests: ['1', '1', '1', '1', '1'],
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
  },
  TestConditionInvalidSelectorMissing: {
    minReplicas: 1,
    maxReplicas: 100,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    CPUTarget: 10,
    reportedLevels: [100, 200, 300],
    reportedCPURequests: tenths(3),
    scaleSelector: null,
    expectedConditions: failedWith('InvalidSelector'),
  },
  TestConditionInvalidSelectorUnparsable: {
    minReplicas: 1,
    maxReplicas: 100,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    CPUTarget: 10,
    reportedLevels: [100, 200, 300],
    reportedCPURequests: tenths(3),
    scaleSelector: 'cheddar cheese',
    expectedConditions: failedWith('InvalidSelector'),
  },
  TestConditionNoAmbiguousSelectorWhenNoSelectorOverlapBetweenHPAs: {
    ...up3,
    expectedDesiredReplicas: 5,
    CPUTarget: 30,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: ones(3),
    otherHpaSelectors: { 'test-hpa-2': 'cheddar=cheese' },
  },
  TestConditionAmbiguousSelectorWhenFullSelectorOverlapBetweenHPAs: {
    ...up3,
    expectedDesiredReplicas: 3,
    CPUTarget: 30,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: ones(3),
    otherHpaSelectors: { 'test-hpa-2': 'name=test-pod' },
    expectedConditions: failedWith('AmbiguousSelector'),
  },
  TestConditionAmbiguousSelectorWhenPartialSelectorOverlapBetweenHPAs: {
    ...up3,
    expectedDesiredReplicas: 3,
    CPUTarget: 30,
    reportedLevels: [300, 500, 700],
    reportedCPURequests: ones(3),
    otherHpaSelectors: { 'test-hpa-2': 'cheddar=cheese' },
    podLabels: { name: 'test-pod', cheddar: 'cheese' },
    expectedConditions: failedWith('AmbiguousSelector'),
  },
  TestConditionInvalidSourceType: { ...up3, expectedDesiredReplicas: 3, metricsTarget: [cheese], reportedLevels: [20000], expectedConditions: failedWith('InvalidMetricSourceType') },
  TestConditionFailedGetScale: {
    minReplicas: 1,
    maxReplicas: 100,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    CPUTarget: 10,
    reportedLevels: [100, 200, 300],
    reportedCPURequests: tenths(3),
    scaleError: 'something went wrong',
    expectedConditions: [cond('AbleToScale', 'False', 'FailedGetScale')],
  },
  TestConditionFailedUpdateScale: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 3,
    CPUTarget: 100,
    reportedLevels: [150, 150, 150],
    reportedCPURequests: tenths(3),
    updateScaleError: 'something went wrong',
    expectedConditions: statusOkWithOverrides(cond('AbleToScale', 'False', 'FailedUpdateScale')),
  },
  TestNoBackoffUpscaleCM: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 4,
    metricsTarget: [qpsPods('15.0')],
    reportedLevels: [20000, 10000, 30000],
    reportedCPURequests: ones(3),
    lastScaleTime: NOW,
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE, cond('AbleToScale', 'True', 'SucceededRescale'), cond('ScalingLimited', 'False', 'DesiredWithinRange')),
  },
  TestNoBackoffUpscaleCMNoBackoffCpu: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 3,
    statusReplicas: 3,
    expectedDesiredReplicas: 5,
    CPUTarget: 10,
    metricsTarget: [qpsPods('15.0')],
    reportedLevels: [20000, 10000, 30000],
    reportedCPURequests: ones(3),
    lastScaleTime: NOW,
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE, cond('AbleToScale', 'True', 'SucceededRescale'), cond('ScalingLimited', 'True', 'TooManyReplicas')),
  },
  TestStabilizeDownscale: {
    minReplicas: 1,
    maxReplicas: 5,
    specReplicas: 4,
    statusReplicas: 4,
    expectedDesiredReplicas: 4,
    CPUTarget: 100,
    reportedLevels: [50, 50, 50],
    reportedCPURequests: tenths(3),
    expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE, cond('AbleToScale', 'True', 'ScaleDownStabilized')),
    recommendations: [
      { recommendation: 10, timestamp: NOW - 10 * 60_000 },
      { recommendation: 4, timestamp: NOW - 60_000 },
    ],
  },
  TestScaleUpRCImmediately: {
    minReplicas: 2,
    maxReplicas: 6,
    specReplicas: 1,
    statusReplicas: 1,
    expectedDesiredReplicas: 2,
    reportedLevels: [0, 0, 0, 0],
    reportedCPURequests: ones(4),
    lastScaleTime: NOW,
    expectedConditions: [cond('AbleToScale', 'True', 'SucceededRescale')],
  },
  TestScaleDownRCImmediately: {
    minReplicas: 2,
    maxReplicas: 5,
    specReplicas: 6,
    statusReplicas: 6,
    expectedDesiredReplicas: 5,
    CPUTarget: 50,
    reportedLevels: [8000, 9500, 1000],
    reportedCPURequests: ['0.9', '1.0', '1.1'],
    lastScaleTime: NOW,
    expectedConditions: [cond('AbleToScale', 'True', 'SucceededRescale')],
  },
  TestScaleUpOneMetricEmpty: {
    ...up3,
    expectedDesiredReplicas: 4,
    CPUTarget: 30,
    verifyCPUCurrent: true,
    metricsTarget: [qpsExternal('100m')],
    reportedLevels: [300, 400, 500],
    reportedCPURequests: ones(3),
    failing: ['external'],
  },
  TestNoScaleDownOneMetricInvalid: {
    ...down5,
    expectedDesiredReplicas: 5,
    CPUTarget: 50,
    metricsTarget: [cheese],
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: ones(5),
    expectedConditions: failedWith('InvalidMetricSourceType'),
  },
  TestNoScaleDownOneMetricEmpty: {
    ...down5,
    expectedDesiredReplicas: 5,
    CPUTarget: 50,
    metricsTarget: [qpsExternal('1000m')],
    reportedLevels: [100, 300, 500, 250, 250],
    reportedCPURequests: ones(5),
    failing: ['external'],
    expectedConditions: failedWith('FailedGetExternalMetric'),
  },
};

describe('reconcileHpa (horizontal_test.go)', () => {
  it.each(Object.entries(cases))('%s', (_, tc) => {
    runControllerCase(tc);
  });

  // the controller passes the namespace's pods as a PodLabelIndex and the HPAs' selectors as an
  // HpaSelectorIndex holding this HPA's own entry too: every row must decide exactly the same
  it.each(Object.entries(cases))('%s, with the pods and the selectors indexed', (_, tc) => {
    const input = syncInput(tc);
    const plain = reconcileHpa(input);
    const name = input.hpa.metadata!.name!;
    const selectors = { ...(input.otherHpaSelectors as Record<string, string | null> | undefined), [name]: 'error' in input.scale ? null : (input.scale.selector ?? null) };
    const indexed = reconcileHpa({ ...input, pods: new PodLabelIndex(input.pods as never), otherHpaSelectors: HpaSelectorIndex.of(selectors) });
    expect(indexed).toEqual(plain);
  });

  describe('TestConditionFailedGetMetrics', () => {
    const specs: Record<string, MetricSpec[] | undefined> = {
      FailedGetResourceMetric: undefined,
      FailedGetPodsMetric: [qpsPods('15.0')],
      FailedGetObjectMetric: [qpsObject('15.0')],
      FailedGetExternalMetric: [{ type: 'External', external: { metric: { name: 'qps', selector: {} }, target: { type: 'Value', value: '300m' } } }],
    };
    it.each(Object.entries(specs))('%s', (reason, metricsTarget) => {
      runControllerCase({
        minReplicas: 1,
        maxReplicas: 100,
        specReplicas: 3,
        statusReplicas: 3,
        expectedDesiredReplicas: 3,
        ...(metricsTarget ? { metricsTarget } : { CPUTarget: 10 }),
        reportedLevels: [100, 200, 300],
        reportedCPURequests: tenths(3),
        failing: ['resource', 'pods', 'object', 'external'],
        expectedConditions: failedWith(reason),
      });
    });
  });

  it('TestComputedToleranceAlgImplementation', () => {
    const startPods = 10;
    const used = startPods * 150;
    const requested = 2 * used;
    const perPod = requested / startPods;
    const requests = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => `${perPod + d}m`);
    let target = Math.abs(1 / (2 * (1 - 0.1))) + 0.01;
    const finalPods = Math.ceil((used / (requested * target)) * startPods);
    const tc: ControllerCase = {
      minReplicas: 0,
      maxReplicas: 1000,
      specReplicas: startPods,
      statusReplicas: startPods,
      expectedDesiredReplicas: finalPods,
      CPUTarget: Math.trunc(target * 100),
      reportedLevels: Array.from({ length: 10 }, () => used / 10),
      reportedCPURequests: requests,
      recommendations: [],
    };
    runControllerCase(tc);
    target = Math.abs(1 / (2 * (1 - 0.1))) + 0.004;
    runControllerCase({ ...tc, expectedDesiredReplicas: startPods, CPUTarget: Math.trunc(target * 100), expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE) });
  });

  it('TestAvoidUnnecessaryUpdates: an unchanged status is not written', () => {
    const hourAgo = formatTime(NOW - 3_600_000);
    const r = runControllerCase({
      ...base,
      specReplicas: 2,
      statusReplicas: 2,
      expectedDesiredReplicas: 2,
      CPUTarget: 80,
      reportedLevels: [400, 500, 700],
      reportedCPURequests: ones(3),
      reportedPodStartTime: [COOL, HOT, HOT],
      lastScaleTime: NOW - 3_600_000,
      recommendations: [],
      expectedConditions: [cond('AbleToScale', 'True', 'ReadyForNewScale'), cond('ScalingActive', 'True', 'ValidMetricFound'), cond('ScalingLimited', 'True', 'TooFewReplicas')],
      hpaOverride: (hpa) => ({
        ...hpa,
        status: {
          ...hpa.status!,
          currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '400m', averageUtilization: 40 } } }],
          conditions: [
            { type: 'AbleToScale', status: 'True', lastTransitionTime: hourAgo, reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
            {
              type: 'ScalingActive',
              status: 'True',
              lastTransitionTime: hourAgo,
              reason: 'ValidMetricFound',
              message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
            },
            { type: 'ScalingLimited', status: 'True', lastTransitionTime: hourAgo, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' },
          ],
        },
      }),
    });
    expect(r.statusChanged).toBe(false);
    expect(r.events).toEqual([]);
  });

  it('TestEventCreated: SuccessfulRescale names the metric above target', () => {
    const r = runControllerCase({ minReplicas: 1, maxReplicas: 5, specReplicas: 1, statusReplicas: 1, expectedDesiredReplicas: 2, CPUTarget: 50, reportedLevels: [200], reportedCPURequests: ['0.2'] });
    expect(r.events.map((e) => [e.type, e.reason, e.message])).toEqual([['Normal', 'SuccessfulRescale', 'New size: 2; reason: cpu resource utilization (percentage of request) above target']]);
    expect(r.events[0]!.source?.component).toBe('horizontal-pod-autoscaler');
    expect(r.events[0]!.involvedObject).toMatchObject({ kind: 'HorizontalPodAutoscaler', name: 'test-hpa', namespace: 'test-namespace' });
  });

  it('TestEventNotCreated: no event when the size stays', () => {
    const r = runControllerCase({
      minReplicas: 1,
      maxReplicas: 5,
      specReplicas: 2,
      statusReplicas: 2,
      expectedDesiredReplicas: 2,
      CPUTarget: 50,
      reportedLevels: [200, 200],
      reportedCPURequests: ['0.4', '0.4'],
      expectedConditions: statusOkWithOverrides(READY_FOR_NEW_SCALE),
    });
    expect(r.events).toEqual([]);
  });

  it('reconciling the same input twice is idempotent', () => {
    const input = syncInput(cases.TestScaleUp!);
    expect(reconcileHpa(input)).toEqual(reconcileHpa(input));
  });
});
