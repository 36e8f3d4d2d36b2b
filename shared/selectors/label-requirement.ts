import { isQualifiedName, isValidLabelValue } from '../validation/name-validators';
import { formatValue } from '../validation/field-error';

/** selection.Operator values, spelled as upstream spells them. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One ANDed term of a label selector (labels.Requirement). */
export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** The binary operators in upstream's order, used in the parser's "expected:" message. */
export const BINARY_OPERATORS: readonly LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const ALL_OPERATORS: readonly LabelOperator[] = [...BINARY_OPERATORS, 'exists', '!'];

/** A field.Error rendered as `path: Invalid value: "v": detail`; upstream prints a nil path as `<nil>`. */
export function fieldErrorString(path: string | null, value: unknown, detail: string, type = 'Invalid value'): string {
  return `${path ?? '<nil>'}: ${type}: ${formatValue(value)}${detail ? `: ${detail}` : ''}`;
}

/** The `<nil>: Invalid value: "k": ...` error the parser raises for a bad key, or null. */
export function labelKeyError(key: string, path: string | null): string | null {
  const errs = isQualifiedName(key);
  return errs.length ? fieldErrorString(path, key, errs.join('; ')) : null;
}

/** utilerrors.Aggregate's Error(): one message alone, several deduplicated in `[a, b]`. */
export function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/**
 * labels.NewRequirement: checks key syntax, operator arity and value syntax. Returns the error
 * text (aggregated as upstream does) or null. `path` is null for the string parser.
 */
export function requirementError(req: LabelRequirement, path: string | null = null): string | null {
  const errs: string[] = [];
  const sub = (name: string): string => (path === null ? name : `${path}.${name}`);
  const keyErr = labelKeyError(req.key, sub('key'));
  if (keyErr) errs.push(keyErr);
  const valuesPath = sub('values');
  const n = req.values.length;
  switch (req.operator) {
    case 'in':
    case 'notin':
      if (n === 0) errs.push(fieldErrorString(valuesPath, req.values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (n !== 1) errs.push(fieldErrorString(valuesPath, req.values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (n !== 0) errs.push(fieldErrorString(valuesPath, req.values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (n !== 1) errs.push(fieldErrorString(valuesPath, req.values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      req.values.forEach((v, i) => {
        if (!/^[+-]?\d+$/.test(v))
          errs.push(fieldErrorString(`${valuesPath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(
        `${sub('operator')}: Unsupported value: ${formatValue(req.operator)}: supported values: ${ALL_OPERATORS.map((o) =>
          JSON.stringify(o),
        ).join(', ')}`,
      );
  }
  req.values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) errs.push(fieldErrorString(`${valuesPath}[${i}][${req.key}]`, v, valueErrs.join('; ')));
  });
  return errs.length ? aggregate(errs) : null;
}

/** Requirement.String(): `k=v`, `k in (a,b)`, `!k`, values sorted when there are several. */
export function requirementToString(req: LabelRequirement): string {
  let s = req.operator === '!' ? `!${req.key}` : req.key;
  switch (req.operator) {
    case 'exists':
    case '!':
      return s;
    case '=':
    case '==':
    case '!=':
      s += req.operator;
      break;
    case 'in':
    case 'notin':
      s += ` ${req.operator} `;
      break;
    case 'gt':
      s += '>';
      break;
    case 'lt':
      s += '<';
      break;
  }
  const values = req.values.length === 1 ? req.values[0]! : [...req.values].sort().join(',');
  return req.operator === 'in' || req.operator === 'notin' ? `${s}(${values})` : s + values;
}

/** A selector's String(): the requirements' strings joined by `,` (empty for "everything"). */
export function requirementsToString(reqs: readonly LabelRequirement[]): string {
  return reqs.map(requirementToString).join(',');
}

/** Sorts by key as upstream's selector does (stable, so equal keys keep their order). */
export function sortByKey(reqs: LabelRequirement[]): LabelRequirement[] {
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
