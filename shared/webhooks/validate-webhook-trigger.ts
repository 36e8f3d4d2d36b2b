import { isPlainObject } from '../api/object';
import type { StatusCause } from '../api/errors';
import { parseGoDuration } from '../clock/go-duration';
import { forbidden, invalid, notSupported, required } from '../validation/field-error';
import { templateErrors } from './payload-template';
import { validateNotify } from './notification';
import { actionType, NODE_FAULTS } from './plan-actions';
import { ACTION_TYPES, SIGNATURE_SCHEMES } from './webhook-trigger';

/** At most this many actions per trigger: each delivery runs them all, twice (dry run first). */
export const MAX_ACTIONS = 16;

const hasTemplate = (v: unknown) => typeof v === 'string' && /\{[.[]/.test(v);

/**
 * A WebhookTrigger's spec checked at admission (422 with field paths): the secret, scheme and
 * ServiceAccount named, the rate limit in range, and each action well formed with valid
 * expressions. Values that come from the payload are checked per delivery instead.
 */
export function validateWebhookTrigger(obj: unknown): StatusCause[] {
  const errs: StatusCause[] = [];
  const o = isPlainObject(obj) ? obj : {};
  const spec = isPlainObject(o['spec']) ? o['spec'] : undefined;
  if (!spec) return [required('spec')];
  const ref = isPlainObject(spec['secretRef']) ? spec['secretRef'] : undefined;
  if (!ref) errs.push(required('spec.secretRef'));
  else {
    if (typeof ref['name'] !== 'string' || !ref['name']) errs.push(required('spec.secretRef.name'));
    if (typeof ref['key'] !== 'string' || !ref['key']) errs.push(required('spec.secretRef.key'));
  }
  const scheme = spec['signature'];
  if (scheme === undefined || scheme === '') errs.push(required('spec.signature'));
  else if (!SIGNATURE_SCHEMES.includes(scheme as never)) errs.push(notSupported('spec.signature', scheme, SIGNATURE_SCHEMES));
  if (typeof spec['serviceAccountName'] !== 'string' || !spec['serviceAccountName']) errs.push(required('spec.serviceAccountName'));
  errs.push(...validateRateLimit(spec['rateLimit']));
  errs.push(...validateNotify(spec['notify']));
  const actions = spec['actions'];
  if (!Array.isArray(actions) || !actions.length) errs.push(required('spec.actions', 'at least one action'));
  else if (actions.length > MAX_ACTIONS) errs.push(invalid('spec.actions', actions.length, `must have at most ${MAX_ACTIONS} items`));
  else actions.forEach((a, i) => errs.push(...validateAction(a, `spec.actions[${i}]`)));
  return errs;
}

function validateRateLimit(rl: unknown): StatusCause[] {
  if (rl === undefined) return [];
  if (!isPlainObject(rl)) return [invalid('spec.rateLimit', rl, 'must be an object')];
  const errs: StatusCause[] = [];
  const per = rl['deliveriesPerMinute'];
  if (per === undefined) errs.push(required('spec.rateLimit.deliveriesPerMinute'));
  else if (!Number.isInteger(per) || (per as number) < 1 || (per as number) > 60_000) errs.push(invalid('spec.rateLimit.deliveriesPerMinute', per, 'must be an integer from 1 to 60000'));
  const burst = rl['burst'];
  if (burst !== undefined && (!Number.isInteger(burst) || (burst as number) < 1 || (burst as number) > 1000)) errs.push(invalid('spec.rateLimit.burst', burst, 'must be an integer from 1 to 1000'));
  return errs;
}

function validateAction(a: unknown, field: string): StatusCause[] {
  const type = actionType(a);
  if (!type) {
    const set = isPlainObject(a) ? ACTION_TYPES.filter((t) => a[t] !== undefined) : [];
    if (set.length > 1) return [forbidden(field, `may not set more than one of ${set.join(', ')}`)];
    return [required(field, `one of ${ACTION_TYPES.join(', ')}`)];
  }
  const body = (a as Record<string, unknown>)[type];
  const f = `${field}.${type}`;
  if (!isPlainObject(body)) return [invalid(f, body, 'must be an object')];
  const errs: StatusCause[] = templateErrors(body, f).map((e) => invalid(e.field, lookup(body, f, e.field), e.message));
  const need = (k: string) => {
    if (body[k] === undefined || body[k] === null || body[k] === '') errs.push(required(`${f}.${k}`));
  };
  const needTarget = () => {
    const t = body['target'];
    if (!isPlainObject(t)) return errs.push(required(`${f}.target`));
    for (const k of ['apiVersion', 'kind', 'name']) if (typeof t[k] !== 'string' || !t[k]) errs.push(required(`${f}.target.${k}`));
  };
  switch (type) {
    case 'scale':
      needTarget();
      need('replicas');
      if (typeof body['replicas'] === 'number' && (!Number.isInteger(body['replicas']) || body['replicas'] < 0)) errs.push(invalid(`${f}.replicas`, body['replicas'], 'must be a non-negative integer or an expression'));
      break;
    case 'patch':
      needTarget();
      if (!isPlainObject(body['patch'])) errs.push(required(`${f}.patch`, 'a JSON merge patch (an object)'));
      break;
    case 'apply': {
      const m = body['manifest'];
      if (!isPlainObject(m)) errs.push(required(`${f}.manifest`, 'a Kubernetes manifest (an object)'));
      else for (const k of ['apiVersion', 'kind']) if (typeof m[k] !== 'string' || !m[k]) errs.push(required(`${f}.manifest.${k}`));
      break;
    }
    case 'setLoad':
      need('profile');
      need('requestsPerSecond');
      break;
    case 'nodeFault': {
      need('pool');
      const faults = body['faults'];
      if (!isPlainObject(faults) || !Object.keys(faults).length) errs.push(required(`${f}.faults`, `one or more of ${NODE_FAULTS.join(', ')}`));
      else for (const k of Object.keys(faults)) if (!NODE_FAULTS.includes(k)) errs.push(notSupported(`${f}.faults`, k, NODE_FAULTS));
      break;
    }
    case 'advanceClock': {
      need('by');
      const by = body['by'];
      if (typeof by === 'string' && !hasTemplate(by) && !((parseGoDuration(by) ?? 0) > 0)) errs.push(invalid(`${f}.by`, by, 'must be a positive Go duration such as "10m", or an expression'));
      break;
    }
  }
  return errs;
}

/** The value at a field path under `root` (for the message of a bad expression). */
function lookup(root: unknown, rootField: string, field: string): unknown {
  let cur = root;
  for (const part of field.slice(rootField.length).split(/\.|\[(\d+)\]/).filter((p) => p)) {
    cur = isPlainObject(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[part] : undefined;
  }
  return cur;
}
