// Port of upstream formatHPAMetrics (pkg/printers/internalversion/printers.go): the TARGETS cell of
// `kubectl get hpa`. Its own module so a client that shows TARGETS (the dashboard) does not bundle the printers'
// column documentation.
import type { MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import { quantity } from './format';

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
