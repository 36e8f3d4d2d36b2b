import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { StatusCause } from '../api/errors';
import { child, invalid, notSupported } from './field-error';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './apps';
import { nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta } from './object-meta';

/** The HPA's rules live in ./autoscaling; re-exported for the validation table. */
export { validateHorizontalPodAutoscaler } from './autoscaling';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

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
