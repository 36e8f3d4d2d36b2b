import { CauseType, type StatusCause } from '../api/errors';
import { isPlainObject } from '../api/object';
import { child, goValue, invalidValue, notSupported, required, tooLong, tooMany, typeInvalid } from './field-errors';
import { checkFormat } from './formats';
import type { JSONSchemaProps } from './types';

/**
 * Validates a custom object against its version's structural schema, as the apiextensions
 * schema validator (kube-openapi validate) does, with its messages converted to field errors:
 * `spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`,
 * `spec.size: Unsupported value: "XL": supported values: "S", "M"`, `spec.x: Required value`.
 * Run it after applyCrdDefaults and pruneCustomObject, as the API server does.
 * @example validateCustomObject(schema, { spec: { replicas: 'x' } })
 */
export function validateCustomObject(schema: JSONSchemaProps, obj: unknown, path = ''): StatusCause[] {
  const errs: StatusCause[] = [];
  validate(schema, obj, path, errs, path === '');
  return errs;
}

function validate(s: JSONSchemaProps, value: unknown, path: string, errs: StatusCause[], isRoot = false): void {
  if (value === undefined) return;
  if (value === null) {
    if (!s.nullable && s.type) errs.push(typeInvalid(path, 'null', `${path} in body must be of type ${s.type}: "null"`));
    return;
  }
  if (!typeMatches(s, value, path, errs)) return;
  junctors(s, value, path, errs);
  if (s.enum && !s.enum.some((e) => deepEqual(e, value))) {
    errs.push(notSupported(path, value, s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }
  if (typeof value === 'string') strings(s, value, path, errs);
  else if (typeof value === 'number') numbers(s, value, path, errs);
  else if (Array.isArray(value)) arrays(s, value, path, errs);
  else if (isPlainObject(value)) objects(s, value, path, errs, isRoot);
}

/** The JSON type name kube-openapi reports: integral numbers are "integer". */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(s: JSONSchemaProps, value: unknown, path: string, errs: StatusCause[]): boolean {
  const actual = jsonType(value);
  let wanted = s.type;
  let ok = true;
  if (s['x-kubernetes-int-or-string']) {
    wanted = 'integer,string';
    ok = actual === 'integer' || actual === 'string';
  } else if (!wanted) {
    return true;
  } else if (wanted === 'number') {
    ok = actual === 'number' || actual === 'integer';
  } else {
    ok = actual === wanted;
  }
  if (!ok) errs.push(typeInvalid(path, actual, `${path} in body must be of type ${wanted}: "${actual}"`));
  return ok;
}

function strings(s: JSONSchemaProps, v: string, path: string, errs: StatusCause[]): void {
  const length = [...v].length;
  if (s.maxLength !== undefined && length > s.maxLength) errs.push(tooLong(path, s.maxLength));
  if (s.minLength !== undefined && length < s.minLength) errs.push(invalidValue(path, v, `${path} in body should be at least ${s.minLength} chars long`));
  if (s.pattern !== undefined && !safeRegExp(s.pattern)?.test(v)) errs.push(invalidValue(path, v, `${path} in body should match '${s.pattern}'`));
  if (s.format && !checkFormat(s.format, v)) errs.push(typeInvalid(path, v, `${path} in body must be of type ${s.format}: ${JSON.stringify(v)}`));
}

function numbers(s: JSONSchemaProps, v: number, path: string, errs: StatusCause[]): void {
  if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
    errs.push(invalidValue(path, v, `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
  }
  if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
    errs.push(invalidValue(path, v, `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
  }
  if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) {
    errs.push(invalidValue(path, v, `${path} in body should be a multiple of ${s.multipleOf}`));
  }
}

function arrays(s: JSONSchemaProps, v: unknown[], path: string, errs: StatusCause[]): void {
  if (s.maxItems !== undefined && v.length > s.maxItems) errs.push(tooMany(path, v.length, s.maxItems));
  if (s.minItems !== undefined && v.length < s.minItems) errs.push(invalidValue(path, v.length, `${path} in body should have at least ${s.minItems} items`));
  const items = Array.isArray(s.items) ? undefined : s.items;
  if (items) v.forEach((item, i) => validate(items, item, `${path}[${i}]`, errs));
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const keyOf = listType === 'set' ? (x: unknown) => JSON.stringify(x) : mapKeyOf(s['x-kubernetes-list-map-keys'] ?? []);
    const seen = new Set<string>();
    v.forEach((item, i) => {
      const k = keyOf(item);
      if (seen.has(k)) errs.push({ reason: CauseType.Duplicate, message: `Duplicate value: ${listType === 'set' ? goValue(item) : k}`, field: `${path}[${i}]` });
      seen.add(k);
    });
  }
}

function mapKeyOf(keys: string[]): (x: unknown) => string {
  return (x) => JSON.stringify(Object.fromEntries(keys.map((k) => [k, isPlainObject(x) ? x[k] : undefined])));
}

function objects(s: JSONSchemaProps, v: Record<string, unknown>, path: string, errs: StatusCause[], isRoot: boolean): void {
  for (const r of s.required ?? []) if (!(r in v) || v[r] === undefined) errs.push(required(child(path, r)));
  const n = Object.keys(v).length;
  if (s.maxProperties !== undefined && n > s.maxProperties) errs.push(tooMany(path, n, s.maxProperties));
  if (s.minProperties !== undefined && n < s.minProperties) errs.push(invalidValue(path, n, `${path} in body should have at least ${s.minProperties} properties`));
  if (s['x-kubernetes-embedded-resource']) {
    for (const f of ['apiVersion', 'kind']) if (typeof v[f] !== 'string' || v[f] === '') errs.push(required(child(path, f), 'must not be empty'));
  }
  const props = s.properties ?? {};
  for (const [k, item] of Object.entries(v)) {
    // metadata of a resource is ObjectMeta, validated by the generic object-meta rules, not here
    if ((isRoot || s['x-kubernetes-embedded-resource']) && k === 'metadata') continue;
    const p = props[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    if (p) validate(p, item, child(path, k), errs);
  }
}

/** Value validations under allOf/anyOf/oneOf/not (structural schemas hold no structure there). */
function junctors(s: JSONSchemaProps, value: unknown, path: string, errs: StatusCause[]): void {
  const passes = (j: JSONSchemaProps): boolean => validateCustomObject(j, value, path).length === 0;
  for (const j of s.allOf ?? []) validate(j, value, path, errs);
  const quoted = JSON.stringify(path);
  // x-kubernetes-int-or-string's anyOf [integer, string] is already the type check
  if (s.anyOf?.length && !s['x-kubernetes-int-or-string'] && !s.anyOf.some(passes)) {
    errs.push(invalidValue(path, value, `${quoted} must validate at least one schema (anyOf)`));
  }
  if (s.oneOf?.length && s.oneOf.filter(passes).length !== 1) {
    errs.push(invalidValue(path, value, `${quoted} must validate one and only one schema (oneOf)`));
  }
  if (s.not && passes(s.not)) errs.push(invalidValue(path, value, `${quoted} must not validate the schema (not)`));
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (isPlainObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

const regexCache = new Map<string, RegExp | undefined>();

/** Compiles an ECMA-262 pattern (upstream uses Go RE2; the common subset behaves the same). */
function safeRegExp(pattern: string): RegExp | undefined {
  if (!regexCache.has(pattern)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = undefined;
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern);
}
