// Port of upstream printHorizontalPodAutoscaler / formatHPAMetrics. Upstream prints the internal
// (v2-shaped) object, so autoscaling/v1 objects are first mapped to v2 metrics as conversion does.
import type { HorizontalPodAutoscaler as HpaV1 } from 'kubernetes-types/autoscaling/v1';
import type { HorizontalPodAutoscaler as HpaV2, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import { int, quantity } from './format';
import type { Printer } from './types';
import type { KubeObject } from '../api/object';

/** Columns and cells for autoscaling HPA (v1 or v2): NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE. */
export const hpaPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column('Reference', 'string', 'HorizontalPodAutoscalerSpec.scaleTargetRef'),
    column('Targets', 'string', 'HorizontalPodAutoscalerSpec.metrics'),
    column('MinPods', 'string', 'HorizontalPodAutoscalerSpec.minReplicas'),
    column('MaxPods', 'string', 'HorizontalPodAutoscalerSpec.maxReplicas'),
    column('Replicas', 'string', 'HorizontalPodAutoscalerStatus.currentReplicas'),
    AGE_COLUMN,
  ],
  print: (obj, now) => {
    const hpa = toV2(obj);
    const ref = hpa.spec?.scaleTargetRef;
    const min = hpa.spec?.minReplicas;
    return {
      cells: [
        hpa.metadata?.name ?? '',
        `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
        formatHpaMetrics(hpa.spec?.metrics ?? [], hpa.status?.currentMetrics ?? []),
        typeof min === 'number' ? String(Math.trunc(min)) : '<unset>',
        int(hpa.spec?.maxReplicas),
        int(hpa.status?.currentReplicas),
        age(hpa, now),
      ],
    };
  },
};

/** Map an autoscaling/v1 HPA's CPU target and current utilisation onto v2 metrics. */
export function toV2(obj: KubeObject): HpaV2 {
  const spec = obj.spec as (HpaV1['spec'] & { metrics?: unknown }) | undefined;
  if (obj.apiVersion !== 'autoscaling/v1' && !(spec && 'targetCPUUtilizationPercentage' in spec)) return obj as unknown as HpaV2;
  const v1 = obj as unknown as HpaV1;
  const target = v1.spec?.targetCPUUtilizationPercentage;
  const current = v1.status?.currentCPUUtilizationPercentage;
  return {
    metadata: v1.metadata,
    spec: {
      scaleTargetRef: v1.spec?.scaleTargetRef ?? { kind: '', name: '' },
      minReplicas: v1.spec?.minReplicas,
      maxReplicas: v1.spec?.maxReplicas ?? 0,
      metrics:
        typeof target === 'number'
          ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }]
          : [],
    },
    status: {
      currentReplicas: v1.status?.currentReplicas,
      desiredReplicas: v1.status?.desiredReplicas ?? 0,
      currentMetrics:
        typeof current === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] : [],
    },
  };
}

/** formatHPAMetrics: at most two metrics ("cpu: 50%/80%"), then " + N more...". */
export function formatHpaMetrics(specs: MetricSpec[], statuses: MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  const max = 2;
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]));
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External': {
      const target = spec.external?.target;
      const cur = status?.external;
      if (target?.averageValue !== undefined) {
        const current = cur?.current.averageValue !== undefined ? quantity(cur.current.averageValue) : '<unknown>';
        return `${current}/${quantity(target.averageValue)} (avg)`;
      }
      return `${cur ? quantity(cur.current.value) : '<unknown>'}/${quantity(target?.value)}`;
    }
    case 'Pods': {
      const current = status?.pods ? quantity(status.pods.current.averageValue) : '<unknown>';
      return `${current}/${quantity(spec.pods?.target.averageValue)}`;
    }
    case 'Object': {
      const target = spec.object?.target;
      const cur = status?.object;
      if (target?.averageValue !== undefined) {
        const current = cur?.current.averageValue !== undefined ? quantity(cur.current.averageValue) : '<unknown>';
        return `${current}/${quantity(target.averageValue)} (avg)`;
      }
      return `${cur ? quantity(cur.current.value) : '<unknown>'}/${quantity(target?.value)}`;
    }
    case 'Resource':
      return resourceMetric(spec.resource, status?.resource);
    case 'ContainerResource':
      return resourceMetric(spec.containerResource, status?.containerResource);
  }
  return '<unknown type>';
}

type ResourceSpec = NonNullable<MetricSpec['resource']>;
type ResourceStatus = NonNullable<MetricStatus['resource']>;

function resourceMetric(spec: ResourceSpec | undefined, status: ResourceStatus | undefined): string {
  const name = spec?.name ?? '';
  if (spec?.target.averageValue !== undefined) {
    const current = status ? quantity(status.current.averageValue) : '<unknown>';
    return `${name}: ${current}/${quantity(spec.target.averageValue)}`;
  }
  const cur = status?.current.averageUtilization;
  const current = typeof cur === 'number' ? `${Math.trunc(cur)}%` : '<unknown>';
  const t = spec?.target.averageUtilization;
  const target = typeof t === 'number' ? `${Math.trunc(t)}%` : '<auto>';
  return `${name}: ${current}/${target}`;
}
