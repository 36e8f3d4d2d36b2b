import type { MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';

// pkg/apis/autoscaling/v1/conversion.go: what autoscaling/v1 cannot hold travels in annotations, so
// a v1 client sees the conditions and a v1 round trip keeps the v2-only metrics and behavior.

export const HPA_V1_ANNOTATIONS = {
  metrics: 'autoscaling.alpha.kubernetes.io/metrics',
  currentMetrics: 'autoscaling.alpha.kubernetes.io/current-metrics',
  behavior: 'autoscaling.alpha.kubernetes.io/behavior',
  conditions: 'autoscaling.alpha.kubernetes.io/conditions',
} as const;

type Obj = Record<string, unknown>;
const defined = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The CPU utilization target autoscaling/v1 has a field for (the others go to the metrics annotation). */
export function isV1CpuTarget(m: MetricSpec): boolean {
  return m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target.averageUtilization !== undefined;
}

/** A v2 MetricSpec in autoscaling/v1's (v2beta1-shaped) annotation form. */
function metricSpecToV1(m: MetricSpec): Obj {
  const out: Obj = { type: m.type };
  if (m.resource) out.resource = defined({ name: m.resource.name, targetAverageUtilization: m.resource.target.averageUtilization, targetAverageValue: m.resource.target.averageValue });
  if (m.containerResource) {
    const c = m.containerResource;
    out.containerResource = defined({ name: c.name, targetAverageUtilization: c.target.averageUtilization, targetAverageValue: c.target.averageValue, container: c.container });
  }
  if (m.pods) out.pods = defined({ metricName: m.pods.metric.name, targetAverageValue: m.pods.target.averageValue, selector: m.pods.metric.selector });
  if (m.object) {
    const o = m.object;
    out.object = defined({ target: o.describedObject, metricName: o.metric.name, targetValue: o.target.value, selector: o.metric.selector, averageValue: o.target.averageValue });
  }
  if (m.external) {
    const e = m.external;
    out.external = defined({ metricName: e.metric.name, metricSelector: e.metric.selector, targetValue: e.target.value, targetAverageValue: e.target.averageValue });
  }
  return out;
}

/** The annotation form back to a v2 MetricSpec. */
function metricSpecFromV1(a: Obj): MetricSpec {
  const get = (k: string) => (a[k] ?? undefined) as Obj | undefined;
  const target = (value: unknown, averageValue: unknown, averageUtilization: unknown) => {
    const type = averageUtilization !== undefined ? 'Utilization' : averageValue !== undefined ? 'AverageValue' : 'Value';
    return defined({ type, value, averageValue, averageUtilization });
  };
  const out: Obj = { type: a.type };
  const r = get('resource');
  if (r) out.resource = { name: r.name, target: target(undefined, r.targetAverageValue, r.targetAverageUtilization) };
  const c = get('containerResource');
  if (c) out.containerResource = { name: c.name, container: c.container, target: target(undefined, c.targetAverageValue, c.targetAverageUtilization) };
  const p = get('pods');
  if (p) out.pods = { metric: defined({ name: p.metricName, selector: p.selector }), target: target(undefined, p.targetAverageValue, undefined) };
  const o = get('object');
  if (o) out.object = { describedObject: o.target, metric: defined({ name: o.metricName, selector: o.selector }), target: target(o.targetValue, o.averageValue, undefined) };
  const e = get('external');
  if (e) out.external = { metric: defined({ name: e.metricName, selector: e.metricSelector }), target: target(e.targetValue, e.targetAverageValue, undefined) };
  return out as unknown as MetricSpec;
}

function metricStatusToV1(m: MetricStatus): Obj {
  const out: Obj = { type: m.type };
  if (m.resource) out.resource = defined({ name: m.resource.name, currentAverageUtilization: m.resource.current.averageUtilization, currentAverageValue: m.resource.current.averageValue ?? '0' });
  if (m.containerResource) {
    const c = m.containerResource;
    out.containerResource = defined({ name: c.name, currentAverageUtilization: c.current.averageUtilization, currentAverageValue: c.current.averageValue ?? '0', container: c.container });
  }
  if (m.pods) out.pods = defined({ metricName: m.pods.metric.name, currentAverageValue: m.pods.current.averageValue ?? '0', selector: m.pods.metric.selector });
  if (m.object) {
    const o = m.object;
    out.object = defined({ target: o.describedObject, metricName: o.metric.name, currentValue: o.current.value ?? '0', selector: o.metric.selector, averageValue: o.current.averageValue });
  }
  if (m.external) {
    const e = m.external;
    out.external = defined({ metricName: e.metric.name, metricSelector: e.metric.selector, currentValue: e.current.value ?? '0', currentAverageValue: e.current.averageValue });
  }
  return out;
}

function metricStatusFromV1(a: Obj): MetricStatus {
  const get = (k: string) => (a[k] ?? undefined) as Obj | undefined;
  const out: Obj = { type: a.type };
  const r = get('resource');
  if (r) out.resource = { name: r.name, current: defined({ averageUtilization: r.currentAverageUtilization, averageValue: r.currentAverageValue }) };
  const c = get('containerResource');
  if (c) out.containerResource = { name: c.name, container: c.container, current: defined({ averageUtilization: c.currentAverageUtilization, averageValue: c.currentAverageValue }) };
  const p = get('pods');
  if (p) out.pods = { metric: defined({ name: p.metricName, selector: p.selector }), current: { averageValue: p.currentAverageValue } };
  const o = get('object');
  if (o) out.object = { describedObject: o.target, metric: defined({ name: o.metricName, selector: o.selector }), current: defined({ value: o.currentValue, averageValue: o.averageValue }) };
  const e = get('external');
  if (e) out.external = { metric: defined({ name: e.metricName, selector: e.metricSelector }), current: defined({ value: e.currentValue, averageValue: e.currentAverageValue }) };
  return out as unknown as MetricStatus;
}

/** The round-trip annotations (conditions in Go's field order) a v2 HPA gets when served as autoscaling/v1. */
export function hpaV1Annotations(spec: { metrics?: MetricSpec[]; behavior?: unknown }, status: { currentMetrics?: MetricStatus[]; conditions?: Obj[] } | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const others = (spec.metrics ?? []).filter((m) => !isV1CpuTarget(m));
  if (others.length) out[HPA_V1_ANNOTATIONS.metrics] = JSON.stringify(others.map(metricSpecToV1));
  if (status?.currentMetrics?.length) out[HPA_V1_ANNOTATIONS.currentMetrics] = JSON.stringify(status.currentMetrics.map(metricStatusToV1));
  if (spec.behavior) out[HPA_V1_ANNOTATIONS.behavior] = JSON.stringify(spec.behavior);
  if (status?.conditions?.length) {
    const conditions = status.conditions.map((c) => defined({ type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message }));
    out[HPA_V1_ANNOTATIONS.conditions] = JSON.stringify(conditions);
  }
  return out;
}

/** What a v1 object's round-trip annotations carry back into v2, and its annotations without them. */
export function readHpaV1Annotations(annotations: Record<string, string> | undefined): {
  annotations: Record<string, string> | undefined;
  metrics?: MetricSpec[];
  currentMetrics?: MetricStatus[];
  behavior?: unknown;
  conditions?: Obj[];
} {
  if (!annotations) return { annotations };
  const parse = (k: string): unknown => {
    try {
      return annotations[k] === undefined ? undefined : JSON.parse(annotations[k]!);
    } catch {
      return undefined;
    }
  };
  const list = (k: string) => (Array.isArray(parse(k)) ? (parse(k) as Obj[]) : undefined);
  const rest = Object.fromEntries(Object.entries(annotations).filter(([k]) => !(Object.values(HPA_V1_ANNOTATIONS) as string[]).includes(k)));
  const metrics = list(HPA_V1_ANNOTATIONS.metrics)?.map(metricSpecFromV1);
  const currentMetrics = list(HPA_V1_ANNOTATIONS.currentMetrics)?.map(metricStatusFromV1);
  const behavior = parse(HPA_V1_ANNOTATIONS.behavior);
  const conditions = list(HPA_V1_ANNOTATIONS.conditions);
  return {
    annotations: Object.keys(rest).length ? rest : undefined,
    ...(metrics ? { metrics } : {}),
    ...(currentMetrics ? { currentMetrics } : {}),
    ...(behavior ? { behavior } : {}),
    ...(conditions ? { conditions } : {}),
  };
}
