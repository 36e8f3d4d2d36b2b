// Port of upstream printHorizontalPodAutoscaler / formatHPAMetrics. Upstream prints the internal
// (v2-shaped) object, so autoscaling/v1 objects are first mapped to v2 metrics as conversion does.
import type { HorizontalPodAutoscaler as HpaV1 } from 'kubernetes-types/autoscaling/v1';
import type { HorizontalPodAutoscaler as HpaV2 } from 'kubernetes-types/autoscaling/v2';
import { AGE_COLUMN, NAME_COLUMN, column } from './columns';
import { age } from './timestamps';
import { int } from './format';
import { formatHpaMetrics } from './hpa-metrics-text';
import type { Printer } from './types';
import type { KubeObject } from '../api/object';

export { formatHpaMetrics };

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
