import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus, MetricTarget, MetricValueStatus } from 'kubernetes-types/autoscaling/v2';
import { parseQuantity } from '../../../shared/nodes/quantity';
import { formatHpaMetrics } from '../../../shared/tables/hpa-metrics-text';

/** One metric of an HPA as a number pair the chart draws: what it reads now against what it aims for. */
export interface HpaMetric {
  /** "cpu", "memory of app", "http_requests_per_second", "requests on Ingress/main". */
  name: string;
  /** '%' for a utilization target (percent of request); '' for values and average values. */
  unit: '%' | '';
  current: number | null;
  target: number | null;
}

/** An HPA as the dashboard shows it: its target, bounds, replicas now and wanted, each metric against its target. */
export interface HpaRow {
  key: string;
  namespace: string;
  name: string;
  reference: string;
  min: number;
  max: number;
  current: number | null;
  desired: number | null;
  metrics: HpaMetric[];
  /** TARGETS as `kubectl get hpa` prints it. */
  targets: string;
  /** Condition that keeps it from scaling (ScalingActive=False, AbleToScale=False) or limits it (ScalingLimited=True). */
  limited?: string;
  /** No metric has a reading yet: desired replicas are unknown (kubectl prints `<unknown>` targets), not a fault. */
  awaitingMetrics: boolean;
}

/** The number a target or reading is compared by: utilization, else average value, else value (as upstream picks). */
function pick(v: MetricTarget | MetricValueStatus | undefined, kind: 'Utilization' | 'AverageValue' | 'Value'): number | null {
  if (!v) return null;
  const n = kind === 'Utilization' ? v.averageUtilization : parseQuantity(kind === 'AverageValue' ? v.averageValue : v.value);
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** The metric's name, target and reading; `status` is the HPA's currentMetrics entry at the same index (as kubectl pairs them). */
export function hpaMetric(spec: MetricSpec, status: MetricStatus | undefined): HpaMetric {
  const [name, target, current] = ((): [string, MetricTarget | undefined, MetricValueStatus | undefined] => {
    switch (spec.type) {
      case 'Resource':
        return [spec.resource?.name ?? '', spec.resource?.target, status?.resource?.current];
      case 'ContainerResource':
        return [`${spec.containerResource?.name ?? ''} of ${spec.containerResource?.container ?? ''}`, spec.containerResource?.target, status?.containerResource?.current];
      case 'Pods':
        return [spec.pods?.metric.name ?? '', spec.pods?.target, status?.pods?.current];
      case 'Object': {
        const o = spec.object?.describedObject;
        return [`${spec.object?.metric.name ?? ''} on ${o?.kind ?? ''}/${o?.name ?? ''}`, spec.object?.target, status?.object?.current];
      }
      case 'External':
        return [spec.external?.metric.name ?? '', spec.external?.target, status?.external?.current];
      default:
        return [spec.type, undefined, undefined];
    }
  })();
  const kind = target?.averageUtilization !== undefined || target?.type === 'Utilization' ? 'Utilization' : target?.averageValue !== undefined ? 'AverageValue' : 'Value';
  return { name, unit: kind === 'Utilization' ? '%' : '', target: pick(target, kind), current: pick(current, kind) };
}

export function hpaRow(hpa: HorizontalPodAutoscaler): HpaRow {
  const specs = hpa.spec?.metrics ?? [];
  const statuses = hpa.status?.currentMetrics ?? [];
  const ref = hpa.spec?.scaleTargetRef;
  const conditions = hpa.status?.conditions ?? [];
  const blocked = conditions.find((c) => (c.type === 'ScalingActive' || c.type === 'AbleToScale') && c.status === 'False') ?? conditions.find((c) => c.type === 'ScalingLimited' && c.status === 'True');
  const namespace = hpa.metadata?.namespace ?? '';
  const name = hpa.metadata?.name ?? '';
  const metrics = specs.map((s, i) => hpaMetric(s, statuses[i]));
  // before a first reading the controller's status says desiredReplicas 0, which it has not computed
  const awaitingMetrics = !metrics.some((m) => m.current !== null);
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    reference: `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
    min: hpa.spec?.minReplicas ?? 1,
    max: hpa.spec?.maxReplicas ?? 0,
    current: hpa.status?.currentReplicas ?? null,
    desired: awaitingMetrics ? null : (hpa.status?.desiredReplicas ?? null),
    metrics,
    targets: formatHpaMetrics(specs, statuses),
    limited: blocked ? `${blocked.type}: ${blocked.reason ?? ''}${blocked.message ? ` — ${blocked.message}` : ''}` : undefined,
    awaitingMetrics,
  };
}

/**
 * The replicas cell: current → desired, an unknown one as `–`. A warning only for a condition that
 * stops or limits a computed scale; an HPA still waiting for its first metric is not failing.
 */
export function hpaReplicasCell(row: Pick<HpaRow, 'current' | 'desired' | 'limited' | 'awaitingMetrics'>): { text: string; warning: boolean; title?: string } {
  const text = `${row.current ?? '–'} → ${row.desired ?? '–'}`;
  if (row.awaitingMetrics) return { text, warning: false, title: `desired replicas unknown: no metric reading yet${row.limited ? ` (${row.limited})` : ''}` };
  return { text, warning: row.limited !== undefined, title: row.limited };
}

/** Rows in namespace/name order, optionally for one namespace. */
export function hpaRows(hpas: readonly HorizontalPodAutoscaler[], namespace?: string): HpaRow[] {
  return hpas
    .filter((h) => !namespace || h.metadata?.namespace === namespace)
    .map(hpaRow)
    .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}

/** The chart's series names for an HPA's metrics: each metric's reading and its target. */
export function metricSeriesNames(row: Pick<HpaRow, 'metrics'>): string[] {
  return row.metrics.flatMap((m) => [`${m.name}${m.unit ? ` ${m.unit}` : ''}`, `${m.name} target`]);
}

/** The values for metricSeriesNames, in its order. */
export function metricSeriesValues(row: Pick<HpaRow, 'metrics'>): (number | null)[] {
  return row.metrics.flatMap((m) => [m.current, m.target]);
}
