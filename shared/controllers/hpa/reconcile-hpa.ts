import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerStatus, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import { makeEvent } from '../events';
import { canonicalJson } from '../template-equality';
import { formatTime } from '../time';
import { computeReplicasForMetrics } from './compute-metrics';
import type { HpaHistory } from './history';
import { setHpaCondition, type HpaConditionUpdate } from './hpa-conditions';
import type { MetricsSnapshot } from './metrics-snapshot';
import { normalizeDesiredReplicasWithBehaviors } from './normalize-behavior';
import { normalizeDesiredReplicas } from './normalize-legacy';
import { HPA_COMPONENT, hpaOptions, type HpaOptions } from './options';
import { storeScaleEvent } from './scale-events';
import { validateScaleSelector } from './scale-selector';
import type { HpaSelectorIndex } from './hpa-selector-index';
import type { PodLabelIndex } from './pod-label-index';
import { scalingBehavior } from './scaling-rules';
import { uniformTolerances } from './tolerances';

/** The target's scale subresource as read this sync (autoscaling/v1 Scale: spec.replicas, status.replicas, status.selector). */
export interface ScaleView {
  specReplicas: number;
  statusReplicas: number;
  /** status.selector, a label selector string. */
  selector?: string;
}

/** Everything one HPA sync decides from. */
export interface HpaSyncInput {
  /** The HPA, in autoscaling/v2 (convert v1 objects first). */
  hpa: HorizontalPodAutoscaler;
  /** The target's scale, or why it could not be read (e.g. `deployments.apps "web" not found`). */
  scale: ScaleView | { error: string };
  /**
   * Pods of the HPA's namespace; those the scale selector matches are used (a superset is fine). A
   * PodLabelIndex over them lets the syncs of a batch share one index of the namespace's pods.
   */
  pods: readonly Pod[] | PodLabelIndex;
  /** Metric values fetched for this sync (`metricQueries` + `collectMetrics`). */
  metrics: MetricsSnapshot;
  /** The cluster clock's current time, ms. */
  now: number;
  /** Recommendations and scale events kept from earlier syncs (`emptyHpaHistory()` the first time). */
  history: HpaHistory;
  /**
   * Other HPAs of the namespace and their last scale selectors, to detect AmbiguousSelector; or an
   * HpaSelectorIndex of the namespace's HPAs kept across syncs (this HPA's own entry is not counted).
   */
  otherHpaSelectors?: Readonly<Record<string, string | null>> | HpaSelectorIndex;
  /** kube-controller-manager flags; 1.32's defaults when omitted. */
  options?: Partial<HpaOptions>;
}

/** One sync's decisions. The caller writes `rescale` (if set) through the scale subresource, then the status. */
export interface HpaSyncResult {
  /** status.desiredReplicas after this sync. */
  desiredReplicas: number;
  /** The new status (conditions, currentMetrics, lastScaleTime …). */
  status: HorizontalPodAutoscalerStatus;
  /** False when the status is semantically unchanged: skip the write, as updateStatusIfNeeded does. */
  statusChanged: boolean;
  /** Events to record, in order. */
  events: Event[];
  /** History to keep for the next sync (assumes `rescale`, if any, succeeds; see `rescaleFailed`). */
  history: HpaHistory;
  /** The replica count to write to the scale subresource, when it changes. */
  rescale?: number;
  /** Why (`cpu resource utilization (percentage of request) above target`, `All metrics below target` …). */
  rescaleReason?: string;
  /** The error upstream's reconcileAutoscaler returns (logged; the HPA is synced again next period). */
  error?: string;
}

const SUCCEEDED_GET_SCALE: HpaConditionUpdate = {
  type: 'AbleToScale',
  status: 'True',
  reason: 'SucceededGetScale',
  message: "the HPA controller was able to get the target's current scale",
};

/** Builds the sync's status and events as upstream's controller mutates its copy of the HPA. */
class SyncState {
  conditions: HorizontalPodAutoscalerStatus['conditions'];
  events: Event[] = [];
  constructor(
    readonly hpa: HorizontalPodAutoscaler,
    readonly now: number,
  ) {
    this.conditions = hpa.status?.conditions;
  }
  set(c: HpaConditionUpdate): void {
    this.conditions = setHpaCondition(this.conditions, c, this.now);
  }
  event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.push(makeEvent(this.hpa, type, reason, message, HPA_COMPONENT, this.now, this.events.length));
  }
  /** setStatus: status recreated from these fields (observedGeneration is not carried over, as upstream). */
  status(currentReplicas: number, desiredReplicas: number, metrics: MetricStatus[] | undefined, rescaled: boolean): HorizontalPodAutoscalerStatus {
    const old = this.hpa.status;
    const lastScaleTime = rescaled ? formatTime(this.now) : old?.lastScaleTime;
    return {
      ...(currentReplicas !== 0 ? { currentReplicas } : {}),
      desiredReplicas,
      ...(lastScaleTime ? { lastScaleTime } : {}),
      ...(metrics && metrics.length > 0 ? { currentMetrics: metrics } : {}),
      ...(this.conditions && this.conditions.length > 0 ? { conditions: this.conditions } : {}),
    };
  }
  result(status: HorizontalPodAutoscalerStatus, history: HpaHistory, extra: Partial<HpaSyncResult> = {}): HpaSyncResult {
    return {
      desiredReplicas: status.desiredReplicas,
      status,
      statusChanged: canonicalJson(status) !== canonicalJson(this.hpa.status ?? {}),
      events: this.events,
      history,
      ...extra,
    };
  }
}

/**
 * One HPA sync (horizontal.go reconcileAutoscaler) as a pure function: read the scale, clamp to
 * min/max or compute every metric's proposal, normalize (behavior policies and stabilization, or
 * the legacy path), decide the rescale, and rebuild the status with upstream's conditions and events.
 * @example
 * const r = reconcileHpa({ hpa, scale: { specReplicas: 3, statusReplicas: 3, selector: 'app=web' }, pods, metrics, now, history });
 * if (r.rescale !== undefined) await updateScale(r.rescale); // on failure: rescaleFailed(input, r, err.message)
 */
export function reconcileHpa(input: HpaSyncInput): HpaSyncResult {
  const o = hpaOptions(input.options);
  const { hpa, now } = input;
  const s = new SyncState(hpa, now);
  const spec = hpa.spec!;
  const ns = hpa.metadata?.namespace ?? '';
  const ref = `${spec.scaleTargetRef.kind}/${ns}/${spec.scaleTargetRef.name}`;
  const unchangedStatus = (): HorizontalPodAutoscalerStatus => ({ ...(hpa.status ?? { desiredReplicas: 0 }), ...(s.conditions ? { conditions: s.conditions } : {}) });

  const apiVersion = spec.scaleTargetRef.apiVersion ?? '';
  const scaleError = apiVersion.split('/').length > 2 ? `unexpected GroupVersion string: ${apiVersion}` : 'error' in input.scale ? input.scale.error : undefined;
  if (scaleError !== undefined || 'error' in input.scale) {
    const err = scaleError ?? '';
    s.event('Warning', 'FailedGetScale', err);
    s.set({ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${err}` });
    return s.result(unchangedStatus(), input.history, { error: `failed to query scale subresource for ${ref}: ${err}` });
  }
  const scale = input.scale;
  s.set(SUCCEEDED_GET_SCALE);
  const current = scale.specReplicas;
  let history: HpaHistory = { ...input.history, recommendations: input.history.recommendations ?? [{ recommendation: current, timestamp: now }] };

  const minReplicas = spec.minReplicas ?? 1;
  let desired = 0;
  let rescale = true;
  let reason = '';
  let statuses: MetricStatus[] | undefined;
  let error: string | undefined;

  if (current === 0 && minReplicas !== 0) {
    rescale = false;
    s.set({ type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
  } else if (current > spec.maxReplicas) {
    reason = 'Current number of replicas above Spec.MaxReplicas';
    desired = spec.maxReplicas;
  } else if (current < minReplicas) {
    reason = 'Current number of replicas below Spec.MinReplicas';
    desired = minReplicas;
  } else {
    const failed = (err: string, metricStatuses: MetricStatus[] | undefined): HpaSyncResult => {
      const status = s.status(current, hpa.status?.desiredReplicas ?? 0, metricStatuses, false);
      s.event('Warning', 'FailedComputeMetricsReplicas', err);
      return s.result(status, history, { error: `failed to compute desired number of replicas based on listed metrics for ${ref}: ${err}` });
    };
    const selected = validateScaleSelector(scale.selector, hpa.metadata?.name ?? '', ns, input.pods, input.otherHpaSelectors);
    if ('error' in selected) {
      s.event('Warning', selected.eventReason, selected.eventMessage);
      s.set(selected.condition);
      return failed(selected.error, undefined);
    }
    const outcome = computeReplicasForMetrics(spec.metrics ?? [], {
      ctx: { pods: selected.pods, tolerances: uniformTolerances(o.tolerance), now, ...o },
      hpa,
      metrics: input.metrics,
      specReplicas: current,
      statusReplicas: scale.statusReplicas,
    });
    for (const f of outcome.failures) s.event('Warning', f.reason, f.cause);
    s.set(outcome.condition);
    statuses = outcome.statuses;
    if (outcome.replicas === -1) return failed(outcome.error ?? '', statuses);
    error = outcome.error;

    let rescaleMetric = '';
    if (outcome.replicas > desired) {
      desired = outcome.replicas;
      rescaleMetric = outcome.metricName;
    }
    if (desired > current) reason = `${rescaleMetric} above target`;
    if (desired < current) reason = 'All metrics below target';
    const args = { currentReplicas: current, desiredReplicas: desired, minReplicas, maxReplicas: spec.maxReplicas, recommendations: history.recommendations ?? [], now };
    const n = spec.behavior
      ? normalizeDesiredReplicasWithBehaviors(args, scalingBehavior(spec.behavior, o.downscaleStabilizationWindowSeconds), history)
      : normalizeDesiredReplicas(args, o);
    s.set(n.ableToScale);
    s.set(n.limited);
    history = { ...history, recommendations: n.recommendations };
    desired = n.desiredReplicas;
    rescale = desired !== current;
  }

  if (!rescale) {
    return s.result(s.status(current, current, statuses, false), history, error ? { error } : {});
  }
  s.set({ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${desired}` });
  s.event('Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
  const behavior = spec.behavior ? scalingBehavior(spec.behavior, o.downscaleStabilizationWindowSeconds) : undefined;
  history = { ...history, ...storeScaleEvent(behavior, history, current, desired, now) };
  return s.result(s.status(current, desired, statuses, true), history, { rescale: desired, rescaleReason: reason, ...(error ? { error } : {}) });
}

/**
 * What upstream does when writing the scale fails: a FailedRescale event, AbleToScale False
 * FailedUpdateScale, the status keeping the previous desired count and lastScaleTime, and no scale
 * event recorded.
 */
export function rescaleFailed(input: HpaSyncInput, result: HpaSyncResult, message: string): HpaSyncResult {
  const s = new SyncState(input.hpa, input.now);
  s.conditions = result.status.conditions;
  s.events = result.events.filter((e) => e.reason !== 'SuccessfulRescale');
  s.event('Warning', 'FailedRescale', `New size: ${result.rescale}; reason: ${result.rescaleReason ?? ''}; error: ${message}`);
  s.set({ type: 'AbleToScale', status: 'False', reason: 'FailedUpdateScale', message: `the HPA controller was unable to update the target scale: ${message}` });
  const status = s.status(result.status.currentReplicas ?? 0, input.hpa.status?.desiredReplicas ?? 0, result.status.currentMetrics, false);
  const spec = input.hpa.spec!;
  const ref = `${spec.scaleTargetRef.kind}/${input.hpa.metadata?.namespace ?? ''}/${spec.scaleTargetRef.name}`;
  const history = { ...result.history, scaleUpEvents: input.history.scaleUpEvents, scaleDownEvents: input.history.scaleDownEvents };
  return s.result(status, history, { error: `failed to rescale ${ref}: ${message}` });
}
