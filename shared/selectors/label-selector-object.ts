import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { badRequest } from '../api/errors';
import { requirementError, requirementsToString, sortByKey, type LabelOperator, type LabelRequirement } from './label-requirement';

const OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: matchLabels become `=` terms, matchExpressions their set
 * operators, sorted by key. A null/undefined selector selects nothing and returns null; an empty
 * one selects everything and returns []. Throws ApiError 400 on a bad operator, key or value.
 * @example labelSelectorFromObject({ matchLabels: { app: 'web' } }) // [{ key: 'app', operator: '=', values: ['web'] }]
 */
export function labelSelectorFromObject(sel: LabelSelector | null | undefined): LabelRequirement[] | null {
  if (sel === null || sel === undefined) return null;
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push(checked({ key, operator: '=', values: [value] }));
  for (const expr of sel.matchExpressions ?? []) {
    const operator = OPERATORS[expr.operator];
    if (!operator) throw badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    reqs.push(checked({ key: expr.key, operator, values: [...(expr.values ?? [])] }));
  }
  return sortByKey(reqs);
}

function checked(req: LabelRequirement): LabelRequirement {
  const err = requirementError(req);
  if (err) throw badRequest(err);
  return req;
}

/**
 * The selector as `kubectl` and Scale's `status.selector` print it: `app=web,tier in (a,b)`.
 * A null selector (matches nothing) and an empty one both print as "".
 */
export function labelSelectorToString(sel: LabelSelector | null | undefined): string {
  const reqs = labelSelectorFromObject(sel);
  return reqs ? requirementsToString(reqs) : '';
}

/**
 * True when every requirement matches (labels.Selector.Matches). `null` is upstream's
 * Nothing() selector and matches no object; `[]` matches every object.
 */
export function matchesLabels(reqs: readonly LabelRequirement[] | null, labels: Record<string, string> | null | undefined): boolean {
  if (reqs === null) return false;
  const ls = labels ?? {};
  // a plain loop and no closures: this runs for every pod against every selector of a sync (HPA, ReplicaSet, Service)
  for (let i = 0; i < reqs.length; i++) if (!matchesRequirement(reqs[i]!, ls)) return false;
  return true;
}

function matchesRequirement(r: LabelRequirement, ls: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(ls, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(ls[r.key]!);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(ls[r.key]!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const lv = parseInt64(ls[r.key]!);
      const rv = parseInt64(r.values[0]!);
      if (lv === null || rv === null) return false;
      return r.operator === 'gt' ? lv > rv : lv < rv;
    }
    default:
      return false;
  }
}

function parseInt64(s: string): bigint | null {
  return /^[+-]?\d+$/.test(s) ? BigInt(s) : null;
}
