import { CauseType, type StatusCause } from '../api/errors';

/**
 * Builders for upstream's field.Error kinds, rendered as the StatusCause a 422 carries:
 * `reason` is the CauseType, `message` is field.Error.ErrorBody(), `field` the path string.
 */

/** A field path as upstream prints it: `spec.containers[0].image`, `data[key]`. */
export type FieldPath = string;

/** `parent.name` (or `name` at the root). */
export function child(path: FieldPath, ...names: string[]): FieldPath {
  return names.reduce((p, n) => (p ? `${p}.${n}` : n), path);
}

/** `parent[i]`. */
export function index(path: FieldPath, i: number): FieldPath {
  return `${path}[${i}]`;
}

/** `parent[key]` (map keys are not quoted upstream). */
export function key(path: FieldPath, k: string): FieldPath {
  return `${path}[${k}]`;
}

/**
 * Renders a bad value as field.Error does: Go %q for strings, %v for numbers and bools, and %#v
 * for the composite values validation reports (label maps, string lists, label selectors);
 * JSON for any other shape.
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'null';
  return goSharpV(value) ?? JSON.stringify(value);
}

function isStringMap(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

function goStringMap(m: Record<string, string>): string {
  return `map[string]string{${Object.keys(m).sort().map((k) => `${goQuote(k)}:${goQuote(m[k]!)}`).join(', ')}}`;
}

function goStrings(a: unknown[]): string {
  return `[]string{${a.map((x) => goQuote(String(x))).join(', ')}}`;
}

/** Go's %#v for the composite values upstream's validators put in messages, or undefined. */
function goSharpV(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? goStrings(v) : undefined;
  if (typeof v !== 'object' || v === null) return undefined;
  const keys = Object.keys(v);
  if (keys.length && keys.every((k) => k === 'matchLabels' || k === 'matchExpressions')) {
    const sel = v as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
    const labels = sel.matchLabels ? goStringMap(sel.matchLabels) : 'map[string]string(nil)';
    const exprs = sel.matchExpressions?.length
      ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
          .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${e.values ? goStrings(e.values) : '[]string(nil)'}}`)
          .join(', ')}}`
      : '[]v1.LabelSelectorRequirement(nil)';
    return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`;
  }
  return isStringMap(v) ? goStringMap(v) : undefined;
}

// Go's %q escapes non-printable runes with \x/\u; JSON.stringify is the same for everything
// a user is likely to type, so it stands in.
function goQuote(s: string): string {
  return JSON.stringify(s);
}

function body(type: string, value: unknown, detail: string, withValue: boolean): string {
  let s = withValue ? `${type}: ${formatValue(value)}` : type;
  if (detail) s += `: ${detail}`;
  return s;
}

/** field.Required: `Required value[: detail]`. */
export function required(field: FieldPath, detail = ''): StatusCause {
  return { reason: CauseType.Required, message: body('Required value', '', detail, false), field };
}

/** field.Invalid: `Invalid value: <v>: detail`. */
export function invalid(field: FieldPath, value: unknown, detail: string): StatusCause {
  return { reason: CauseType.Invalid, message: body('Invalid value', value, detail, true), field };
}

/** field.NotSupported: `Unsupported value: <v>: supported values: "a", "b"`. */
export function notSupported(field: FieldPath, value: unknown, valid: readonly string[]): StatusCause {
  const detail = valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return { reason: CauseType.NotSupported, message: body('Unsupported value', value, detail, true), field };
}

/** field.Duplicate: `Duplicate value: <v>`. */
export function duplicate(field: FieldPath, value: unknown): StatusCause {
  return { reason: CauseType.Duplicate, message: body('Duplicate value', value, '', true), field };
}

/** field.NotFound: `Not found: <v>`. */
export function notFound(field: FieldPath, value: unknown): StatusCause {
  return { reason: CauseType.NotFound, message: body('Not found', value, '', true), field };
}

/** field.Forbidden: `Forbidden: detail`. */
export function forbidden(field: FieldPath, detail: string): StatusCause {
  return { reason: CauseType.Forbidden, message: body('Forbidden', '', detail, false), field };
}

/** field.TooLong as of 1.32: `Too long: must have at most N bytes`. */
export function tooLong(field: FieldPath, maxBytes: number): StatusCause {
  return { reason: CauseType.TooLong, message: `Too long: must have at most ${maxBytes} bytes`, field };
}

/** ValidateNonnegativeField: `Invalid value: -1: must be greater than or equal to 0`. */
export function nonNegative(value: number | undefined, field: FieldPath): StatusCause[] {
  return value !== undefined && value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
}

/** ValidateImmutableField: `Invalid value: <new>: field is immutable` when deep-unequal. */
export function immutable(newValue: unknown, oldValue: unknown, field: FieldPath): StatusCause[] {
  return deepEqual(newValue, oldValue) ? [] : [invalid(field, newValue, 'field is immutable')];
}

/**
 * Semantic equality as apiequality.Semantic.DeepEqual sees decoded JSON: an absent field, null,
 * "", an empty list and an empty map are not distinguished (Go decodes them to the same zero value).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).length === 0;
  return false;
}
