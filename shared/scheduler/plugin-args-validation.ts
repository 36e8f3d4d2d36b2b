import type { StatusCause } from '../api/errors';
import { isPlainObject } from '../api/object';
import { fieldDuplicate, fieldInvalid, fieldNotSupported, fieldRequired } from './field-errors';

type Args = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);

function resources(list: unknown, path: string, rule: (w: number) => string | null): StatusCause[] {
  const out: StatusCause[] = [];
  if (!Array.isArray(list)) return out;
  const seen = new Set<string>();
  list.forEach((r, i) => {
    const name = isPlainObject(r) ? String(r.name ?? '') : '';
    const w = isPlainObject(r) ? num(r.weight) : Number.NaN;
    if (seen.has(name)) out.push(fieldDuplicate(`${path}[${i}].name`, name));
    seen.add(name);
    const msg = rule(w);
    if (msg) out.push(fieldInvalid(`${path}[${i}].weight`, isPlainObject(r) ? r.weight : undefined, msg.replace('%s', name)));
  });
  return out;
}

function shape(list: unknown, path: string): StatusCause[] {
  if (!Array.isArray(list) || list.length === 0) return [fieldRequired(path, 'at least one point must be specified')];
  const out: StatusCause[] = [];
  const pts = list.map((p) => (isPlainObject(p) ? { u: num(p.utilization), s: num(p.score) } : { u: Number.NaN, s: Number.NaN }));
  for (let i = 1; i < pts.length; i++) {
    if (!(pts[i - 1]!.u < pts[i]!.u)) {
      out.push(fieldInvalid(`${path}[${i}].utilization`, pts[i]!.u, 'utilization values must be sorted in increasing order'));
      break;
    }
  }
  pts.forEach((p, i) => {
    if (!(p.u >= 0 && p.u <= 100)) out.push(fieldInvalid(`${path}[${i}].utilization`, p.u, 'not in valid range [0, 100]'));
    if (!(p.s >= 0 && p.s <= 10)) out.push(fieldInvalid(`${path}[${i}].score`, p.s, 'not in valid range [0, 10]'));
  });
  return out;
}

const STRATEGIES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

/** ValidateNodeResourcesFitArgs. */
export function validateFitArgs(a: Args, path: string): StatusCause[] {
  const s = a.scoringStrategy;
  if (s === undefined) return [];
  if (!isPlainObject(s)) return [fieldInvalid(`${path}.scoringStrategy`, s, 'must be an object')];
  const out: StatusCause[] = [];
  if (s.type !== undefined && !STRATEGIES.includes(String(s.type))) out.push(fieldNotSupported(`${path}.scoringStrategy.type`, s.type, STRATEGIES));
  out.push(...resources(s.resources, `${path}.scoringStrategy.resources`, (w) => (w > 0 && w <= 100 ? null : 'resource weight of %s not in valid range (0, 100]')));
  const rtc = s.requestedToCapacityRatio;
  if (rtc !== undefined) {
    if (!isPlainObject(rtc)) out.push(fieldInvalid(`${path}.scoringStrategy.requestedToCapacityRatio`, rtc, 'must be an object'));
    else out.push(...shape(rtc.shape, `${path}.scoringStrategy.shape`));
  }
  return out;
}

/** ValidateNodeResourcesBalancedAllocationArgs: weights must be 1. */
export function validateBalancedArgs(a: Args, path: string): StatusCause[] {
  return resources(a.resources, `${path}.resources`, (w) => (w === 1 ? null : 'must be 1'));
}

/** ValidateInterPodAffinityArgs. */
export function validateInterPodAffinityArgs(a: Args, path: string): StatusCause[] {
  const w = a.hardPodAffinityWeight;
  if (w === undefined) return [];
  return num(w) >= 0 && num(w) <= 100 ? [] : [fieldInvalid(`${path}.hardPodAffinityWeight`, w, 'not in valid range [0, 100]')];
}

/** ValidateDefaultPreemptionArgs. */
export function validatePreemptionArgs(a: Args, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const p = a.minCandidateNodesPercentage;
  const abs = a.minCandidateNodesAbsolute;
  if (p !== undefined && !(num(p) >= 0 && num(p) <= 100)) out.push(fieldInvalid(`${path}.minCandidateNodesPercentage`, p, 'not in valid range [0, 100]'));
  if (abs !== undefined && !(num(abs) >= 0)) out.push(fieldInvalid(`${path}.minCandidateNodesAbsolute`, abs, 'not in valid range [0, inf)'));
  if (p === 0 && abs === 0) out.push(fieldInvalid(path, `${p}, ${abs}`, 'numbers cannot both be zero'));
  return out;
}

/** ValidatePodTopologySpreadArgs. */
export function validateSpreadArgs(a: Args, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  const type = a.defaultingType ?? 'System';
  if (type !== 'System' && type !== 'List') out.push(fieldNotSupported(`${path}.defaultingType`, type, ['List', 'System']));
  const cs = Array.isArray(a.defaultConstraints) ? a.defaultConstraints : [];
  if (type === 'System' && cs.length > 0) out.push(fieldInvalid(`${path}.defaultingType`, type, 'when .defaultConstraints are not empty'));
  cs.forEach((c, i) => {
    const p = `${path}.defaultConstraints[${i}]`;
    if (!isPlainObject(c)) return;
    if (!(num(c.maxSkew) > 0)) out.push(fieldInvalid(`${p}.maxSkew`, c.maxSkew, 'must be greater than zero'));
    if (!c.topologyKey) out.push(fieldRequired(`${p}.topologyKey`, 'can not be empty'));
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(String(c.whenUnsatisfiable))) {
      out.push(fieldNotSupported(`${p}.whenUnsatisfiable`, c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    if (c.labelSelector !== undefined) out.push(fieldInvalid(`${p}.labelSelector`, c.labelSelector, 'constraint must not define a selector, as they deduced for each pod'));
  });
  return out;
}

/** Args validators by plugin name. */
export const ARGS_VALIDATORS: Record<string, (a: Args, path: string) => StatusCause[]> = {
  NodeResourcesFit: validateFitArgs,
  NodeResourcesBalancedAllocation: validateBalancedArgs,
  InterPodAffinity: validateInterPodAffinityArgs,
  DefaultPreemption: validatePreemptionArgs,
  PodTopologySpread: validateSpreadArgs,
};
