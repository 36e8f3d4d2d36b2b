import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { StatusCause } from '../api/errors';
import { child, index, invalid, notSupported, required } from './field-error';
import { isValidPathSegmentName } from './name-validators';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './apps';
import { nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta } from './object-meta';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const TARGET_TYPES = ['AverageValue', 'Utilization', 'Value'];

/** ValidateCrossVersionObjectReference: kind and name required and usable as path segments. */
function validateScaleTargetRef(ref: Obj, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  for (const f of ['kind', 'name'] as const) {
    const v = str(ref[f]);
    if (!v) errs.push(required(child(path, f)));
    else for (const msg of isValidPathSegmentName(v)) errs.push(invalid(child(path, f), v, msg));
  }
  return errs;
}

function validateMetrics(metrics: unknown[], path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  metrics.forEach((raw, i) => {
    const m = obj(raw);
    const p = index(path, i);
    const type = str(m['type']);
    if (!type) {
      errs.push(required(child(p, 'type'), 'must specify a metric source type'));
      return;
    }
    if (!METRIC_TYPES.includes(type)) {
      errs.push(notSupported(child(p, 'type'), type, METRIC_TYPES));
      return;
    }
    const field = type.charAt(0).toLowerCase() + type.slice(1);
    const source = m[field];
    if (!source) {
      errs.push(required(child(p, field), `must populate information for the given metric source (only allowed when type is '${type}')`));
      return;
    }
    const target = obj(obj(source)['target']);
    const tPath = child(p, field, 'target');
    const tType = str(target['type']);
    if (!tType) errs.push(required(child(tPath, 'type'), 'must specify a metric target type'));
    else if (!TARGET_TYPES.includes(tType)) errs.push(notSupported(child(tPath, 'type'), tType, TARGET_TYPES));
    const util = target['averageUtilization'];
    if (typeof util === 'number' && util < 1) errs.push(invalid(child(tPath, 'averageUtilization'), util, 'must be greater than 0'));
  });
  return errs;
}

/** ValidateHorizontalPodAutoscaler (autoscaling/v2): replica bounds, scaleTargetRef, metrics. */
export function validateHorizontalPodAutoscaler(hpa: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(hpa['metadata']), true, nameIsDNSSubdomain);
  const spec = obj(hpa['spec']);
  const min = spec['minReplicas'];
  const max = typeof spec['maxReplicas'] === 'number' ? spec['maxReplicas'] : 0;
  if (typeof min === 'number' && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  // Upstream stops at the first failing group: ref, then metrics.
  const refErrs = validateScaleTargetRef(obj(spec['scaleTargetRef']), 'spec.scaleTargetRef');
  errs.push(...(refErrs.length ? refErrs : validateMetrics(list(spec['metrics']), 'spec.metrics')));
  return errs;
}

/** ValidatePodDisruptionBudget (policy/v1): not both minAvailable and maxUnavailable, each int-or-percent ≤ 100%. */
export function validatePodDisruptionBudget(pdb: Obj): StatusCause[] {
  const errs = validateObjectMeta(obj(pdb['metadata']), true, nameIsDNSSubdomain);
  const spec = obj(pdb['spec']);
  const hasMin = spec['minAvailable'] !== undefined && spec['minAvailable'] !== null;
  const hasMax = spec['maxUnavailable'] !== undefined && spec['maxUnavailable'] !== null;
  if (hasMin && hasMax) errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  for (const f of ['minAvailable', 'maxUnavailable'] as const) {
    errs.push(...validatePositiveIntOrPercent(spec[f], child('spec', f)));
    errs.push(...isNotMoreThan100Percent(spec[f], child('spec', f)));
  }
  errs.push(...validateLabelSelector(spec['selector'] as LabelSelector | undefined, 'spec.selector'));
  const policy = spec['unhealthyPodEvictionPolicy'];
  if (policy !== undefined && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow')
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']));
  return errs;
}
