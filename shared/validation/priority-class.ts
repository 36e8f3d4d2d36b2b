import type { StatusCause } from '../api/errors';
import { forbidden, immutable, notSupported } from './field-error';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** scheduling.HighestUserDefinablePriority. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** The predefined system classes and their values (scheduling.SystemPriorityClasses). */
const SYSTEM_CLASSES: Record<string, number> = { 'system-node-critical': 2_000_001_000, 'system-cluster-critical': 2_000_000_000 };
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

/** IsKnownSystemPriorityClass's error, or undefined for a predefined class with its own value. */
function systemClassError(name: string, value: unknown): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(SYSTEM_CLASSES, name)) return `${name} is not a known system priority class`;
  if (value !== SYSTEM_CLASSES[name]) return `value of ${name} PriorityClass must be ${SYSTEM_CLASSES[name]}`;
  return undefined;
}

/** ValidatePriorityClass: `system-` names are reserved, user values stop at one billion, a known preemption policy. */
export function validatePriorityClass(pc: Obj): StatusCause[] {
  const meta = obj(pc['metadata']);
  const errs = validateObjectMeta(meta, false, nameIsDNSSubdomain);
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const value = typeof pc['value'] === 'number' ? pc['value'] : 0;
  if (name.startsWith('system-')) {
    const err = systemClassError(name, value);
    if (err) errs.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`));
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  const policy = pc['preemptionPolicy'];
  if (policy !== undefined && !PREEMPTION_POLICIES.includes(policy as string)) errs.push(notSupported('preemptionPolicy', policy, PREEMPTION_POLICIES));
  return errs;
}

/** ValidatePriorityClassUpdate: value and preemptionPolicy never change. */
export function validatePriorityClassUpdate(pc: Obj, old: Obj): StatusCause[] {
  const errs = [...validateObjectMetaUpdate(obj(pc['metadata']), obj(old['metadata']))];
  if ((pc['value'] ?? 0) !== (old['value'] ?? 0)) errs.push(forbidden('value', 'may not be changed in an update.'));
  errs.push(...immutable(pc['preemptionPolicy'], old['preemptionPolicy'], 'preemptionPolicy'));
  return errs;
}
