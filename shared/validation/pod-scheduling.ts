import type { StatusCause } from '../api/errors';
import { child, duplicate, forbidden, index, invalid, notSupported, required, type FieldPath } from './field-error';
import { isQualifiedName } from './name-validators';
import { validateLabelSelector } from './object-meta';

/* Upstream's scheduling rules of a PodSpec (core/validation): affinity and topology spread. */
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const NOT_POSITIVE = 'must be greater than zero';
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

function labelName(key: string, path: FieldPath): StatusCause[] {
  return isQualifiedName(key).map((msg) => invalid(path, key, msg));
}

/** ValidateNodeSelectorRequirement: the operator decides how many values there must be. */
function nodeSelectorRequirement(raw: unknown, path: FieldPath): StatusCause[] {
  const rq = obj(raw);
  const errs: StatusCause[] = [];
  const values = list(rq['values']);
  const op = rq['operator'];
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(child(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(child(path, 'operator'), op ?? '', 'not a valid selector operator'));
  }
  return [...errs, ...labelName(str(rq['key']), child(path, 'key'))];
}

/** validateNodeFieldSelectorRequirement: only metadata.name, with In or NotIn and exactly one value. */
function nodeFieldSelectorRequirement(raw: unknown, path: FieldPath): StatusCause[] {
  const rq = obj(raw);
  const errs: StatusCause[] = [];
  const op = rq['operator'];
  if (op === 'In' || op === 'NotIn') {
    if (list(rq['values']).length !== 1) errs.push(required(child(path, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else {
    errs.push(invalid(child(path, 'operator'), op ?? '', 'not a valid selector operator'));
  }
  if (rq['key'] !== 'metadata.name') errs.push(notSupported(child(path, 'key'), rq['key'] ?? '', ['metadata.name']));
  return errs;
}

function nodeSelectorTerm(raw: unknown, path: FieldPath): StatusCause[] {
  const term = obj(raw);
  return [
    ...list(term['matchExpressions']).flatMap((r, i) => nodeSelectorRequirement(r, index(child(path, 'matchExpressions'), i))),
    ...list(term['matchFields']).flatMap((r, i) => nodeFieldSelectorRequirement(r, index(child(path, 'matchFields'), i))),
  ];
}

function weight(w: unknown, path: FieldPath): StatusCause[] {
  const n = typeof w === 'number' ? w : 0;
  return n <= 0 || n > 100 ? [invalid(path, n, 'must be in the range 1-100')] : [];
}

function podAffinityTerm(raw: unknown, path: FieldPath): StatusCause[] {
  const term = obj(raw);
  const errs = validateLabelSelector(term['labelSelector'] as never, child(path, 'labelSelector'));
  errs.push(...validateLabelSelector(term['namespaceSelector'] as never, child(path, 'namespaceSelector')));
  const key = str(term['topologyKey']);
  if (!key) errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
  else errs.push(...labelName(key, child(path, 'topologyKey')));
  return errs;
}

function podAffinity(raw: unknown, path: FieldPath): StatusCause[] {
  const a = obj(raw);
  const req = child(path, 'requiredDuringSchedulingIgnoredDuringExecution');
  const pref = child(path, 'preferredDuringSchedulingIgnoredDuringExecution');
  return [
    ...list(a['requiredDuringSchedulingIgnoredDuringExecution']).flatMap((t, i) => podAffinityTerm(t, index(req, i))),
    ...list(a['preferredDuringSchedulingIgnoredDuringExecution']).flatMap((t, i) => [
      ...weight(obj(t)['weight'], child(index(pref, i), 'weight')),
      ...podAffinityTerm(obj(t)['podAffinityTerm'], child(index(pref, i), 'podAffinityTerm')),
    ]),
  ];
}

/** validateAffinity: node affinity terms and operators, pod (anti-)affinity terms and weights. */
export function validateAffinity(raw: unknown, path: FieldPath): StatusCause[] {
  const affinity = obj(raw);
  const errs: StatusCause[] = [];
  const na = obj(affinity['nodeAffinity']);
  const naPath = child(path, 'nodeAffinity');
  const requiredSel = na['requiredDuringSchedulingIgnoredDuringExecution'];
  if (requiredSel !== undefined) {
    const p = child(naPath, 'requiredDuringSchedulingIgnoredDuringExecution');
    const terms = list(obj(requiredSel)['nodeSelectorTerms']);
    if (terms.length === 0) errs.push(required(child(p, 'nodeSelectorTerms'), 'must have at least one node selector term'));
    terms.forEach((t, i) => errs.push(...nodeSelectorTerm(t, index(child(p, 'nodeSelectorTerms'), i))));
  }
  const prefPath = child(naPath, 'preferredDuringSchedulingIgnoredDuringExecution');
  list(na['preferredDuringSchedulingIgnoredDuringExecution']).forEach((t, i) => {
    errs.push(...weight(obj(t)['weight'], child(index(prefPath, i), 'weight')));
    errs.push(...nodeSelectorTerm(obj(t)['preference'], child(index(prefPath, i), 'preference')));
  });
  errs.push(...podAffinity(affinity['podAffinity'], child(path, 'podAffinity')));
  errs.push(...podAffinity(affinity['podAntiAffinity'], child(path, 'podAntiAffinity')));
  return errs;
}

/** validateTopologySpreadConstraints: maxSkew > 0, a topology key, a known action, unique {key, action}, minDomains rules. */
export function validateTopologySpreadConstraints(raw: unknown, path: FieldPath): StatusCause[] {
  const constraints = list(raw).map(obj);
  const errs: StatusCause[] = [];
  constraints.forEach((c, i) => {
    const p = index(path, i);
    const maxSkew = typeof c['maxSkew'] === 'number' ? c['maxSkew'] : 0;
    if (maxSkew <= 0) errs.push(invalid(child(p, 'maxSkew'), maxSkew, NOT_POSITIVE));
    const key = str(c['topologyKey']);
    if (!key) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    const action = str(c['whenUnsatisfiable']);
    if (!WHEN_UNSATISFIABLE.includes(action)) errs.push(notSupported(child(p, 'whenUnsatisfiable'), action, WHEN_UNSATISFIABLE));
    if (constraints.slice(i + 1).some((o) => str(o['topologyKey']) === key && str(o['whenUnsatisfiable']) === action)) {
      errs.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), `{${key}, ${action}}`));
    }
    const minDomains = c['minDomains'];
    if (typeof minDomains === 'number') {
      if (minDomains <= 0) errs.push(invalid(child(p, 'minDomains'), minDomains, NOT_POSITIVE));
      if (action !== 'DoNotSchedule') errs.push(invalid(child(p, 'minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
    }
    for (const f of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const policy = c[f];
      if (policy !== undefined && !NODE_INCLUSION_POLICIES.includes(policy as string)) errs.push(notSupported(child(p, f), policy, NODE_INCLUSION_POLICIES));
    }
    errs.push(...validateLabelSelector(c['labelSelector'] as never, child(p, 'labelSelector')));
  });
  return errs;
}
