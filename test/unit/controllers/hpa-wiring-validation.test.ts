// HPA admission: rows after upstream's TestValidateHorizontalPodAutoscaler error cases
// (pkg/apis/autoscaling/validation/validation_test.go), checked as the whole cause list.
import { describe, expect, it } from 'vitest';
import { CauseType } from '../../../shared/api/errors';
import { validateCreate } from '../../../shared/validation/validate';

const REF = { apiVersion: 'apps/v1', kind: 'ReplicationController', name: 'myrc' };
const CPU = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } };

function hpa(spec: Record<string, unknown>) {
  return { metadata: { name: 'myautoscaler', namespace: 'default' }, spec: { scaleTargetRef: REF, minReplicas: 1, maxReplicas: 5, metrics: [CPU], ...spec } };
}
const validate = (spec: Record<string, unknown>) => validateCreate('autoscaling', 'HorizontalPodAutoscaler', hpa(spec));
const cause = (reason: string, field: string, message: string) => ({ reason, field, message });
const qty = (value: number, scale: number, s: string) =>
  `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(s)}, Format:"DecimalSI"}`;

describe('validateHorizontalPodAutoscaler', () => {
  it('accepts the valid cases', () => {
    expect(validate({})).toEqual([]);
    expect(validate({ metrics: [{ type: 'Pods', pods: { metric: { name: 'somemetric' }, target: { type: 'AverageValue', averageValue: '100m' } } }] })).toEqual([]);
    expect(
      validate({ metrics: [{ type: 'External', external: { metric: { name: 'q', selector: { matchLabels: { a: 'b' } } }, target: { type: 'Value', value: '300' } } }] }),
    ).toEqual([]);
    expect(validate({ behavior: { scaleUp: { selectPolicy: 'Disabled', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] } } })).toEqual([]);
  });

  it.each([
    ['scaleTargetRef.kind required', { scaleTargetRef: { name: 'myrc' } }, [cause(CauseType.Required, 'spec.scaleTargetRef.kind', 'Required value')]],
    ['scaleTargetRef.kind ..', { scaleTargetRef: { kind: '..', name: 'myrc' } }, [cause(CauseType.Invalid, 'spec.scaleTargetRef.kind', `Invalid value: "..": may not be '..'`)]],
    ['scaleTargetRef.name with /', { scaleTargetRef: { kind: 'ReplicationController', name: 'my/rc' } }, [cause(CauseType.Invalid, 'spec.scaleTargetRef.name', `Invalid value: "my/rc": may not contain '/'`)]],
    ['minReplicas 0 (HPAScaleToZero is off)', { minReplicas: 0 }, [cause(CauseType.Invalid, 'spec.minReplicas', 'Invalid value: 0: must be greater than or equal to 1')]],
    ['maxReplicas 0', { minReplicas: undefined, maxReplicas: 0 }, [cause(CauseType.Invalid, 'spec.maxReplicas', 'Invalid value: 0: must be greater than 0')]],
    ['min > max', { minReplicas: 7, maxReplicas: 5 }, [cause(CauseType.Invalid, 'spec.maxReplicas', 'Invalid value: 5: must be greater than or equal to `minReplicas`')]],
    [
      'utilization -10',
      { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: -10 } } }] },
      [cause(CauseType.Invalid, 'spec.metrics[0].resource.target.averageUtilization', 'Invalid value: -10: must be greater than 0')],
    ],
    [
      'resource with both targets',
      { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '100m', averageUtilization: 10 } } }] },
      [cause(CauseType.Forbidden, 'spec.metrics[0].resource.target.averageValue', 'Forbidden: may not set both a target raw value and a target utilization')],
    ],
    [
      'resource without a name or target value',
      { metrics: [{ type: 'Resource', resource: { target: { type: 'Utilization' } } }] },
      [
        cause(CauseType.Required, 'spec.metrics[0].resource.name', 'Required value: must specify a resource name'),
        cause(CauseType.Required, 'spec.metrics[0].resource.target.averageUtilization', 'Required value: must set either a target raw value or a target utilization'),
      ],
    ],
    [
      'pods averageValue -100m',
      { metrics: [{ type: 'Pods', pods: { metric: { name: 'somemetric' }, target: { type: 'AverageValue', averageValue: '-100m' } } }] },
      [cause(CauseType.Invalid, 'spec.metrics[0].pods.target.averageValue', `Invalid value: ${qty(-100, -3, '-100m')}: must be positive`)],
    ],
    [
      'pods target 0 and no name',
      { metrics: [{ type: 'Pods', pods: { metric: {}, target: { type: 'AverageValue', averageValue: '0' } } }] },
      [
        cause(CauseType.Required, 'spec.metrics[0].pods.metric.name', 'Required value: must specify a metric name'),
        cause(CauseType.Invalid, 'spec.metrics[0].pods.target.averageValue', `Invalid value: ${qty(0, 0, '')}: must be positive`),
      ],
    ],
    [
      'pods without averageValue',
      { metrics: [{ type: 'Pods', pods: { metric: { name: 'somemetric' }, target: { type: 'Value', value: '100' } } }] },
      [cause(CauseType.Required, 'spec.metrics[0].pods.target.averageValue', 'Required value: must specify a positive target averageValue')],
    ],
    [
      'object without a target value',
      { metrics: [{ type: 'Object', object: { describedObject: { kind: 'ReplicationController', name: 'myrc' }, metric: { name: 'somemetric' }, target: { type: 'Value' } } }] },
      [cause(CauseType.Required, 'spec.metrics[0].object.target.averageValue', 'Required value: must set either a target value or averageValue')],
    ],
    [
      'external with both targets',
      { metrics: [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '1', averageValue: '1' } } }] },
      [cause(CauseType.Forbidden, 'spec.metrics[0].external.target.value', 'Forbidden: may not set both a target value for metric and a per-pod target')],
    ],
    [
      'an unknown target type',
      { metrics: [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'Sum', value: '1' } } }] },
      [cause(CauseType.Invalid, 'spec.metrics[0].external.target.type', 'Invalid value: "Sum": must be either Utilization, Value, or AverageValue')],
    ],
    [
      'a missing metric type',
      { metrics: [{ resource: CPU.resource }] },
      [
        cause(CauseType.Required, 'spec.metrics[0].type', 'Required value: must specify a metric source type'),
        cause(CauseType.NotSupported, 'spec.metrics[0].type', 'Unsupported value: "": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"'),
        cause(CauseType.NotSupported, 'spec.metrics[0].type', 'Unsupported value: "": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"'),
      ],
    ],
    [
      'an unknown metric type, reported twice as upstream does',
      { metrics: [{ type: 'InvalidType', resource: CPU.resource }] },
      [
        cause(CauseType.NotSupported, 'spec.metrics[0].type', 'Unsupported value: "InvalidType": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"'),
        cause(CauseType.NotSupported, 'spec.metrics[0].type', 'Unsupported value: "InvalidType": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"'),
      ],
    ],
    [
      'the type names a source not given',
      { metrics: [{ type: 'Pods', resource: CPU.resource }] },
      [
        cause(CauseType.Required, 'spec.metrics[0].pods', 'Required value: must populate information for the given metric source'),
      ],
    ],
    [
      'two sources',
      { metrics: [{ type: 'Resource', resource: CPU.resource, pods: { metric: { name: 'somemetric' }, target: { type: 'AverageValue', averageValue: '100m' } } }] },
      [cause(CauseType.Forbidden, 'spec.metrics[0].pods', 'Forbidden: must populate the given metric source only')],
    ],
    [
      'containerResource on an unknown resource',
      { metrics: [{ type: 'ContainerResource', containerResource: { name: 'gpu', container: 'app', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      [cause(CauseType.Invalid, 'spec.metrics[0].containerResource.name', 'Invalid value: "gpu": must be a standard resource for containers')],
    ],
    [
      'unknown selectPolicy, no policies',
      { behavior: { scaleUp: { selectPolicy: 'Foo', policies: [] } } },
      [
        cause(CauseType.NotSupported, 'spec.behavior.scaleUp.selectPolicy', 'Unsupported value: "Foo": supported values: "Disabled", "Max", "Min"'),
        cause(CauseType.Required, 'spec.behavior.scaleUp.policies', 'Required value: must specify at least one Policy'),
      ],
    ],
    [
      'policy bounds and window bounds',
      { behavior: { scaleDown: { stabilizationWindowSeconds: 3601, policies: [{ type: 'Nodes', value: 0, periodSeconds: 1801 }] } } },
      [
        cause(CauseType.Invalid, 'spec.behavior.scaleDown.stabilizationWindowSeconds', 'Invalid value: 3601: must be less than or equal to 3600'),
        cause(CauseType.NotSupported, 'spec.behavior.scaleDown.policies[0].type', 'Unsupported value: "Nodes": supported values: "Percent", "Pods"'),
        cause(CauseType.Invalid, 'spec.behavior.scaleDown.policies[0].value', 'Invalid value: 0: must be greater than zero'),
        cause(CauseType.Invalid, 'spec.behavior.scaleDown.policies[0].periodSeconds', 'Invalid value: 1801: must be less than or equal to 1800'),
      ],
    ],
  ])('%s', (_name, spec, causes) => {
    expect(validate(spec as Record<string, unknown>)).toEqual(causes);
  });
});
