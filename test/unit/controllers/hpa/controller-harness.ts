// upstream horizontal_test.go's testCase harness, as data in → reconcileHpa → assertions: an HPA
// "test-hpa" over a ReplicationController whose pods have two containers splitting each request,
// metrics from reportedLevels, scaleUpLimitFactor 8 and the calculator's test constants.
import { expect } from 'vitest';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, HPAScalingRules, MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { formatTime } from '../../../../shared/controllers';
import {
  emptyHpaHistory,
  externalMetricKey,
  objectMetricKey,
  podsMetricKey,
  reconcileHpa,
  rescaleFailed,
  setHpaCondition,
  type HpaSyncInput,
  type HpaSyncResult,
  type MetricsSnapshot,
  type TimestampedRecommendation,
  type TimestampedScaleEvent,
} from '../../../../shared/controllers/hpa';
import { milliValue } from '../../../../shared/scheduler/quantity';
import { NAMESPACE, NOW, pod, POD_PREFIX, SELECTOR, TESTING, ZERO } from './fixtures';

export type Cond = Pick<HorizontalPodAutoscalerCondition, 'type' | 'status' | 'reason'>;
type MetricsApi = 'resource' | 'pods' | 'object' | 'external';

export interface ControllerCase {
  minReplicas: number;
  maxReplicas: number;
  specReplicas: number;
  statusReplicas: number;
  expectedDesiredReplicas: number;
  scaleUpRules?: HPAScalingRules;
  scaleDownRules?: HPAScalingRules;
  CPUTarget?: number;
  CPUCurrent?: number;
  verifyCPUCurrent?: boolean;
  reportedLevels: number[];
  reportedCPURequests?: string[];
  reportedPodReadiness?: ('True' | 'False')[];
  reportedPodStartTime?: number[];
  reportedPodPhase?: string[];
  reportedPodDeletionTimestamp?: boolean[];
  metricsTarget?: MetricSpec[];
  expectedConditions?: Cond[];
  resource?: { kind: string; apiVersion: string; name: string };
  lastScaleTime?: number;
  /** undefined: never synced (upstream's nil), the first sync records the current count. */
  recommendations?: TimestampedRecommendation[];
  scaleUpEvents?: TimestampedScaleEvent[];
  scaleDownEvents?: TimestampedScaleEvent[];
  /** Metrics APIs that answer "something went wrong". */
  failing?: MetricsApi[];
  /** Overrides of the scale's status.selector (null: none). */
  scaleSelector?: string | null;
  scaleError?: string;
  otherHpaSelectors?: Record<string, string | null>;
  /** Pod labels instead of `name=test-pod`. */
  podLabels?: Record<string, string>;
  /** The scale update fails with this message. */
  updateScaleError?: string;
  /** Replace the HPA built from the case (TestAvoidUnnecessaryUpdates). */
  hpaOverride?: (hpa: HorizontalPodAutoscaler) => HorizontalPodAutoscaler;
}

/** statusOk: the conditions of a successful rescale. */
export const STATUS_OK: Cond[] = [
  { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' },
  { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
  { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
];

/** statusOkWithOverrides: statusOk with conditions replaced in place, as setConditionInList does. */
export function statusOkWithOverrides(...overrides: Cond[]): Cond[] {
  let list: HorizontalPodAutoscalerCondition[] = STATUS_OK.map((c) => ({ ...c }));
  for (const o of overrides) list = setHpaCondition(list, { type: o.type as never, status: o.status as never, reason: o.reason!, message: '' }, NOW);
  return list.map(({ type, status, reason }) => ({ type, status, reason }));
}

const ERR = { error: 'something went wrong' };

function cpuCurrent(tc: ControllerCase): number | undefined {
  if (tc.CPUCurrent) return tc.CPUCurrent;
  const req = tc.reportedCPURequests ?? [];
  if (tc.reportedLevels.length !== req.length || req.length === 0) return undefined;
  const reported = tc.reportedLevels.reduce((a, b) => a + b, 0);
  const requested = req.reduce((a, q) => a + milliValue(q), 0);
  return Math.trunc((100 * reported) / requested);
}

export function buildHpa(tc: ControllerCase): HorizontalPodAutoscaler {
  const metrics: MetricSpec[] = [
    ...(tc.CPUTarget ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: tc.CPUTarget } } }] : []),
    ...(tc.metricsTarget ?? []),
  ];
  const behavior = tc.scaleUpRules || tc.scaleDownRules ? { ...(tc.scaleUpRules ? { scaleUp: tc.scaleUpRules } : {}), ...(tc.scaleDownRules ? { scaleDown: tc.scaleDownRules } : {}) } : undefined;
  const r = tc.resource ?? { kind: 'ReplicationController', apiVersion: 'v1', name: 'test-rc' };
  const hpa: HorizontalPodAutoscaler = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'test-hpa', namespace: NAMESPACE, uid: 'hpa-uid' },
    spec: {
      scaleTargetRef: { kind: r.kind, name: r.name, apiVersion: r.apiVersion },
      minReplicas: tc.minReplicas,
      maxReplicas: tc.maxReplicas,
      metrics,
      ...(behavior ? { behavior } : {}),
    },
    status: {
      ...(tc.specReplicas ? { currentReplicas: tc.specReplicas } : {}),
      desiredReplicas: tc.specReplicas,
      ...(tc.lastScaleTime !== undefined ? { lastScaleTime: formatTime(tc.lastScaleTime) } : {}),
    },
  };
  return tc.hpaOverride ? tc.hpaOverride(hpa) : hpa;
}

function buildPods(tc: ControllerCase): Pod[] {
  const n = tc.reportedCPURequests ? tc.reportedCPURequests.length : tc.statusReplicas;
  return Array.from({ length: n }, (_, i) => {
    const start = tc.reportedPodStartTime?.[i] ?? ZERO;
    const request = milliValue(tc.reportedCPURequests?.[i] ?? '1.0');
    const p = pod(i, {
      ready: tc.reportedPodReadiness?.[i] ?? 'True',
      phase: tc.reportedPodPhase?.[i] ?? 'Running',
      start,
      transition: start,
      deleting: tc.reportedPodDeletionTimestamp?.[i] ?? false,
      containerRequest: `${Math.trunc(request / 2)}m`,
    });
    if (tc.podLabels) p.metadata!.labels = tc.podLabels;
    return p;
  });
}

function buildMetrics(tc: ControllerCase, hpa: HorizontalPodAutoscaler): MetricsSnapshot {
  const fails = (api: MetricsApi) => tc.failing?.includes(api);
  const snap: MetricsSnapshot = {
    podMetrics: fails('resource')
      ? ERR
      : {
          items: tc.reportedLevels.map((cpu, i) => ({
            pod: `${POD_PREFIX}-${i}`,
            timestamp: NOW,
            window: 60_000,
            containers: ['container1', 'container2'].map((name) => ({ name, usage: { cpu: `${Math.trunc(cpu / 2)}m`, memory: '512Ki' } })),
          })),
        },
    pods: {},
    object: {},
    external: {},
  };
  for (const m of hpa.spec?.metrics ?? []) {
    if (m.type === 'Pods' && m.pods) {
      snap.pods![podsMetricKey(m.pods.metric)] = fails('pods') ? ERR : { items: tc.reportedLevels.map((v, i) => ({ name: `${POD_PREFIX}-${i}`, timestamp: NOW, value: `${v}m` })) };
    } else if (m.type === 'Object' && m.object) {
      snap.object![objectMetricKey(m.object.describedObject, m.object.metric)] = fails('object') ? ERR : { items: { name: m.object.describedObject.name, timestamp: NOW, value: `${tc.reportedLevels[0]}m` } };
    } else if (m.type === 'External' && m.external) {
      snap.external![externalMetricKey(m.external.metric)] = fails('external') ? ERR : { items: tc.reportedLevels.map((v) => ({ timestamp: NOW, value: `${v}m` })) };
    }
  }
  return snap;
}

/** The sync's input for a case. */
export function syncInput(tc: ControllerCase): HpaSyncInput {
  const hpa = buildHpa(tc);
  const selector = tc.scaleSelector === null ? undefined : (tc.scaleSelector ?? SELECTOR);
  return {
    hpa,
    scale: tc.scaleError ? { error: tc.scaleError } : { specReplicas: tc.specReplicas, statusReplicas: tc.statusReplicas, ...(selector ? { selector } : {}) },
    pods: buildPods(tc),
    metrics: buildMetrics(tc, hpa),
    now: NOW,
    history: {
      ...emptyHpaHistory(),
      ...(tc.recommendations ? { recommendations: tc.recommendations } : {}),
      scaleUpEvents: tc.scaleUpEvents ?? [],
      scaleDownEvents: tc.scaleDownEvents ?? [],
    },
    ...(tc.otherHpaSelectors ? { otherHpaSelectors: tc.otherHpaSelectors } : {}),
    options: { ...TESTING, downscaleStabilizationWindowSeconds: 300, scaleUpLimitFactor: 8 },
  };
}

/** testCase.runTest: one sync, then upstream's checks on the scale update, the status and its conditions. */
export function runControllerCase(tc: ControllerCase): HpaSyncResult {
  const input = syncInput(tc);
  let r = reconcileHpa(input);
  if (tc.updateScaleError && r.rescale !== undefined) r = rescaleFailed(input, r, tc.updateScaleError);
  else expect(r.rescale !== undefined, 'the scale should only be updated if we expected a change in replicas').toBe(tc.specReplicas !== tc.expectedDesiredReplicas);
  if (r.rescale !== undefined) expect(r.rescale).toBe(tc.expectedDesiredReplicas);
  expect(r.desiredReplicas).toBe(tc.expectedDesiredReplicas);
  expect((r.status.conditions ?? []).map(({ type, status, reason }) => ({ type, status, reason }))).toEqual(tc.expectedConditions ?? STATUS_OK);
  if (tc.verifyCPUCurrent) {
    const cpu = r.status.currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.current.averageUtilization;
    expect(cpu).toBe(cpuCurrent(tc));
  }
  return r;
}
