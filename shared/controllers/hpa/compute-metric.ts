import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus, MetricTarget, MetricValueStatus } from 'kubernetes-types/autoscaling/v2';
import { milliValue } from '../../scheduler/quantity';
import { goLabelSelectorString } from './go-format';
import type { HpaConditionUpdate } from './hpa-conditions';
import { externalMetricValues, objectMetricValue, podsMetricsInfo, resourceMetricsInfo } from './metrics-info';
import { externalMetricKey, objectMetricKey, podsMetricKey, type MetricsSnapshot } from './metrics-snapshot';
import { formatMilliQuantity } from './milli-quantity';
import {
  getExternalMetricReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getPerPodValueReplicas,
  getRawResourceReplicas,
  getResourceReplicas,
  sumValues,
  type CalculatorContext,
} from './replica-calculator';

/** A metric's proposal: replicas, the description used in conditions and events, and its status. */
export interface MetricProposal {
  replicas: number;
  metricName: string;
  status: MetricStatus;
}

/** A metric that could not be computed: the error and the ScalingActive condition (plus event) upstream reports. */
export interface MetricFailure {
  error: string;
  /** Reason of the condition and of the Warning event (FailedGetResourceMetric, InvalidMetricSourceType, …). */
  reason: string;
  /** The inner error: the event's message and, after "the HPA was unable to compute the replica count: ", the condition's. */
  cause: string;
}

/** What one metric's computation reads besides the spec. */
export interface MetricInputs {
  ctx: CalculatorContext;
  hpa: HorizontalPodAutoscaler;
  metrics: MetricsSnapshot;
  specReplicas: number;
  statusReplicas: number;
}

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The condition getUnableComputeReplicaCountCondition builds for a failure. */
export function failureCondition(f: MetricFailure): HpaConditionUpdate {
  return { type: 'ScalingActive', status: 'False', reason: f.reason, message: `the HPA was unable to compute the replica count: ${f.cause}` };
}

/**
 * computeReplicasForMetric: one metric's proposal, or the failure upstream reports for it (with
 * upstream's error chain, e.g. "failed to get cpu resource metric value: failed to get cpu
 * utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API").
 */
export function computeReplicasForMetric(spec: MetricSpec, m: MetricInputs): MetricProposal | MetricFailure {
  switch (spec.type) {
    case 'Object':
      if (spec.object) return wrap(objectMetric(spec, m), 'failed to get object metric value: ');
      break;
    case 'Pods':
      if (spec.pods) return wrap(podsMetric(spec, m), 'failed to get pods metric value: ');
      break;
    case 'Resource':
      if (spec.resource) return wrap(resourceMetric(spec, m, 'Resource'), `failed to get ${spec.resource.name} resource metric value: `);
      break;
    case 'ContainerResource':
      if (spec.containerResource) {
        return wrap(resourceMetric(spec, m, 'ContainerResource'), `failed to get ${spec.containerResource.container} container metric value: `);
      }
      break;
    case 'External':
      if (spec.external) return wrap(externalMetric(spec, m), `failed to get ${spec.external.metric.name} external metric value: `);
      break;
  }
  // Validation keeps these out; upstream still answers them.
  const error = `unknown metric source type "${spec.type}"`;
  return { error, reason: 'InvalidMetricSourceType', cause: error };
}

function wrap(r: MetricProposal | MetricFailure, prefix: string): MetricProposal | MetricFailure {
  return 'error' in r ? { ...r, error: prefix + r.error } : r;
}

function fail(reason: string, cause: string, error = cause): MetricFailure {
  return { error, reason, cause };
}

function resourceMetric(spec: MetricSpec, m: MetricInputs, type: 'Resource' | 'ContainerResource'): MetricProposal | MetricFailure {
  const src = type === 'Resource' ? spec.resource! : spec.containerResource!;
  const container = type === 'ContainerResource' ? spec.containerResource!.container : '';
  const reason = type === 'Resource' ? 'FailedGetResourceMetric' : 'FailedGetContainerResourceMetric';
  const name = src.name;
  const target: MetricTarget = src.target;
  const status = (current: MetricValueStatus): MetricStatus =>
    type === 'Resource' ? { type, resource: { name, current } } : { type, containerResource: { name, container, current } };
  if (target.averageValue !== undefined) {
    let p;
    try {
      p = getRawResourceReplicas(m.ctx, m.specReplicas, milliValue(target.averageValue), name, fetchResource(m, name, container));
    } catch (e) {
      return fail(reason, `failed to get ${name} usage: ${msg(e)}`);
    }
    return { replicas: p.replicas, metricName: `${name} resource`, status: status({ averageValue: formatMilliQuantity(p.usage) }) };
  }
  if (target.averageUtilization === undefined) {
    return fail(reason, 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
  }
  let p;
  try {
    p = getResourceReplicas(m.ctx, m.specReplicas, target.averageUtilization, name, container, fetchResource(m, name, container));
  } catch (e) {
    return fail(reason, `failed to get ${name} utilization: ${msg(e)}`);
  }
  const metricName =
    type === 'ContainerResource' ? `${name} container resource utilization (percentage of request)` : `${name} resource utilization (percentage of request)`;
  return { replicas: p.replicas, metricName, status: status({ averageUtilization: p.utilization, averageValue: formatMilliQuantity(p.rawUtilization) }) };
}

function fetchResource(m: MetricInputs, name: string, container: string) {
  try {
    return resourceMetricsInfo(m.metrics, name, container, m.hpa.metadata?.namespace ?? '');
  } catch (e) {
    throw new Error(`unable to get metrics for resource ${name}: ${msg(e)}`);
  }
}

function podsMetric(spec: MetricSpec, m: MetricInputs): MetricProposal | MetricFailure {
  const src = spec.pods!;
  try {
    let info;
    try {
      info = podsMetricsInfo(m.metrics, podsMetricKey(src.metric));
    } catch (e) {
      throw new Error(`unable to get metric ${src.metric.name}: ${msg(e)}`);
    }
    const p = getMetricReplicas(m.ctx, m.specReplicas, milliValue(src.target.averageValue), info);
    return {
      replicas: p.replicas,
      metricName: `pods metric ${src.metric.name}`,
      status: { type: 'Pods', pods: { metric: identifier(src.metric), current: { averageValue: formatMilliQuantity(p.usage) } } },
    };
  } catch (e) {
    return fail('FailedGetPodsMetric', msg(e));
  }
}

function objectMetric(spec: MetricSpec, m: MetricInputs): MetricProposal | MetricFailure {
  const src = spec.object!;
  const ns = m.hpa.metadata?.namespace ?? '';
  const reason = 'FailedGetObjectMetric';
  const fetch = () => {
    try {
      return objectMetricValue(m.metrics, objectMetricKey(src.describedObject, src.metric));
    } catch (e) {
      // Upstream's argument order, kept: "unable to get metric qps: Deployment on ns some-deployment/<error>".
      throw new Error(`unable to get metric ${src.metric.name}: ${src.describedObject.kind} on ${ns} ${src.describedObject.name}/${msg(e)}`);
    }
  };
  if (src.target.type === 'Value' && src.target.value !== undefined) {
    try {
      const p = getObjectMetricReplicas(m.ctx, m.specReplicas, milliValue(src.target.value), fetch());
      return {
        replicas: p.replicas,
        metricName: `${src.describedObject.kind} metric ${src.metric.name}`,
        status: { type: 'Object', object: { describedObject: src.describedObject, metric: identifier(src.metric), current: { value: formatMilliQuantity(p.usage) } } },
      };
    } catch (e) {
      return fail(reason, msg(e));
    }
  }
  if (src.target.type === 'AverageValue' && src.target.averageValue !== undefined) {
    try {
      const p = getPerPodValueReplicas(m.ctx.tolerances, m.statusReplicas, milliValue(src.target.averageValue), fetch());
      return {
        replicas: p.replicas,
        // Upstream describes this one as an external metric; kept so messages match.
        metricName: `external metric ${src.metric.name}(${goLabelSelectorString(src.metric.selector)})`,
        status: { type: 'Object', object: { describedObject: { kind: '', name: '' }, metric: identifier(src.metric), current: { averageValue: formatMilliQuantity(p.usage) } } },
      };
    } catch (e) {
      return fail(reason, msg(e), `failed to get ${src.metric.name} object metric: ${msg(e)}`);
    }
  }
  return fail(reason, 'invalid object metric source: neither a value target nor an average value target was set');
}

function externalMetric(spec: MetricSpec, m: MetricInputs): MetricProposal | MetricFailure {
  const src = spec.external!;
  const ns = m.hpa.metadata?.namespace ?? '';
  const reason = 'FailedGetExternalMetric';
  const name = src.metric.name;
  const metricName = `external metric ${name}(${goLabelSelectorString(src.metric.selector)})`;
  const fetch = () => {
    try {
      return externalMetricValues(m.metrics, externalMetricKey(src.metric));
    } catch (e) {
      throw new Error(`unable to get external metric ${ns}/${name}/${goLabelSelectorString(src.metric.selector)}: ${msg(e)}`);
    }
  };
  if (src.target.averageValue !== undefined) {
    try {
      const p = getPerPodValueReplicas(m.ctx.tolerances, m.statusReplicas, milliValue(src.target.averageValue), sumValues(fetch()));
      return { replicas: p.replicas, metricName, status: { type: 'External', external: { metric: identifier(src.metric), current: { averageValue: formatMilliQuantity(p.usage) } } } };
    } catch (e) {
      return fail(reason, msg(e), `failed to get ${name} external metric: ${msg(e)}`);
    }
  }
  if (src.target.value !== undefined) {
    try {
      const p = getExternalMetricReplicas(m.ctx, m.specReplicas, milliValue(src.target.value), fetch());
      return { replicas: p.replicas, metricName, status: { type: 'External', external: { metric: identifier(src.metric), current: { value: formatMilliQuantity(p.usage) } } } };
    } catch (e) {
      return fail(reason, msg(e), `failed to get external metric ${name}: ${msg(e)}`);
    }
  }
  return fail(reason, 'invalid external metric source: neither a value target nor an average value target was set');
}

function identifier(metric: { name: string; selector?: unknown }) {
  return { name: metric.name, ...(metric.selector ? { selector: metric.selector as never } : {}) };
}
