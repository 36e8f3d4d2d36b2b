import type { StatusCause } from '../api/errors';
import { CauseType } from '../api/errors';
import { isPlainObject, setOwn } from '../api/object';
import type { FieldSchema, SchemaSource, TypeSchema } from '../api/schema-types';
import { goBase64Check } from './go-base64';
import { goTimeParseError } from './go-time';

/** What decoding a body against its schema found. */
export interface FieldCheck {
  /** JSON paths of fields the schema does not declare, in document order: `spec.template.spec.containers[0].imagee`. */
  unknown: string[];
  /** Values of the wrong JSON type or out of their integer's range, worded as upstream's schema validation words them. */
  typeErrors: StatusCause[];
}

/** What decodeBody returns: the checks, the object as Go would hold it, and the first hard decode failure. */
export interface DecodedBody extends FieldCheck {
  /** The body with nulls read as Go reads them (see decodeBody); unknown fields dropped when asked. */
  object: unknown;
  /** encoding/json's own error for a value it cannot decode at all (invalid base64 in a []byte): upstream's 400. */
  decodeError?: string;
  /**
   * Whether `object` holds an object or array of the input as it was (a free-form value, a list or map
   * whose items have no schema, a field kept unknown or of the wrong type). When false every object and
   * array in it was made by the decoding, so it may be changed without touching the input.
   */
  shared: boolean;
  /** The top-level fields under which `object` holds something of the input's (`metadata` for managedFields' free-form fieldsV1). */
  sharedFields: string[];
}

/** Fields every object has, whatever its schema says (a CRD schema may omit them). */
const ALWAYS_KNOWN = new Set(['apiVersion', 'kind', 'metadata']);

/** Whether an integer lies outside its Go type (int32, or int64 for any other integer). */
function outOfRange(format: string | undefined, v: number): boolean {
  return format === 'int32' ? v < -(2 ** 31) || v > 2 ** 31 - 1 : v < -(2 ** 63) || v >= 2 ** 63;
}

/**
 * Finds unknown fields and wrongly typed values, as upstream's decoder does for `fieldValidation`.
 * null is accepted anywhere (Go decodes it to the zero value); `any` fields accept everything.
 * @example checkFields(builtinSchemas, 'io.k8s.api.apps.v1.Deployment', { spec: { replicass: 1 } }).unknown // ['spec.replicass']
 */
export function checkFields(source: SchemaSource, typeName: string, obj: unknown): FieldCheck {
  const { unknown, typeErrors } = decodeBody(source, typeName, obj, { prune: false });
  return { unknown, typeErrors };
}

/**
 * Drops unknown fields, as upstream does under fieldValidation=Ignore or Warn. Returns a new
 * object (the input is not modified) and the paths it dropped. Wrongly typed values are kept.
 */
export function pruneUnknownFields(source: SchemaSource, typeName: string, obj: unknown): { object: unknown; pruned: string[] } {
  const { object, unknown } = decodeBody(source, typeName, obj, { prune: true, keepNulls: true });
  return { object, pruned: unknown };
}

/**
 * Reads a body as upstream's JSON decoder reads it into the kind's Go struct: unknown fields are
 * reported (and dropped with `prune`), values of the wrong type or beyond their int32/int64 range
 * are type errors, invalid base64 in a []byte is a decode error. Unless `keepNulls`, nulls become
 * what Go holds after decoding: an absent field, and the zero value of a list item or map value
 * (`containers: [null]` is one empty container), so no later stage meets a null where a value belongs.
 * Keys are copied as own properties, so `__proto__` or `constructor` stay ordinary keys.
 * @example decodeBody(builtinSchemas, DEPLOYMENT, { spec: { replicas: 2147483648 } }, { prune: false }).typeErrors[0].field // 'spec.replicas'
 */
export function decodeBody(source: SchemaSource, typeName: string, obj: unknown, opts: { prune: boolean; keepNulls?: boolean }): DecodedBody {
  const result: DecodedBody = { object: undefined, unknown: [], typeErrors: [], shared: false, sharedFields: [] };
  const visit: Visitor = {
    prune: opts.prune,
    keepNulls: Boolean(opts.keepNulls),
    shared: false,
    field: '',
    sharedFields: result.sharedFields,
    unknown: (path) => result.unknown.push(path),
    typeError: (cause) => result.typeErrors.push(cause),
    decodeError: (message) => {
      result.decodeError ??= message;
    },
  };
  result.object = walk(source, { kind: 'object', ref: typeName }, obj, '', true, visit);
  result.shared = visit.shared;
  return result;
}

interface Visitor {
  prune: boolean;
  keepNulls: boolean;
  /** Set once an object or array of the input is kept as it is (see DecodedBody.shared). */
  shared: boolean;
  /** The top-level field being walked, and those where something was kept (DecodedBody.sharedFields). */
  field: string;
  sharedFields: string[];
  unknown(path: string): void;
  typeError(cause: StatusCause): void;
  decodeError(message: string): void;
}

/** Go's zero value of a list item or map value decoded from null. */
function zeroValue(field: FieldSchema): unknown {
  switch (field.kind) {
    case 'object':
    case 'map':
      return {};
    case 'string':
      return field.format === 'byte' ? null : '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    // nil slices, nil Quantity/IntOrString/Time pointers and free-form values stay null
    default:
      return null;
  }
}

/** `value` kept as the input has it: an object or array of the input's is then shared with it. */
function kept(value: unknown, visit: Visitor): unknown {
  if (typeof value === 'object' && value !== null) {
    visit.shared = true;
    if (!visit.sharedFields.includes(visit.field)) visit.sharedFields.push(visit.field);
  }
  return value;
}

/** Walks `value` against `field`, reporting to `visit`; returns the value as decoded. */
function walk(source: SchemaSource, field: FieldSchema, value: unknown, path: string, root: boolean, visit: Visitor): unknown {
  if (value === null || value === undefined) return value;
  switch (field.kind) {
    case 'any':
      return kept(value, visit);
    case 'string':
      if (typeof value === 'string' && field.format === 'byte') checkBase64(value, visit);
      return expect(typeof value === 'string', 'string', value, path, visit);
    case 'time':
      if (typeof value === 'string') checkTime(value, field, visit);
      return expect(typeof value === 'string', 'string', value, path, visit);
    case 'boolean':
      return expect(typeof value === 'boolean', 'boolean', value, path, visit);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return inRange(field, value, path, visit);
      return expect(false, 'integer', value, path, visit);
    case 'number':
      return expect(typeof value === 'number', 'number', value, path, visit);
    case 'quantity':
      return expect(typeof value === 'string' || typeof value === 'number', 'string,number', value, path, visit);
    case 'int-or-string':
      // IntOrString holds an int32
      if (typeof value === 'number' && Number.isInteger(value)) return inRange({ kind: 'integer', format: 'int32' }, value, path, visit);
      return expect(typeof value === 'string', 'integer,string', value, path, visit);
    case 'array': {
      if (!Array.isArray(value)) return expect(false, 'array', value, path, visit);
      const items = field.items;
      if (!items) return kept(value, visit);
      return value.map((v, i) => (v === null && !visit.keepNulls ? zeroValue(items) : walk(source, items, v, `${path}[${i}]`, false, visit)));
    }
    case 'map': {
      if (!isPlainObject(value)) return expect(false, 'object', value, path, visit);
      const values = field.values;
      if (!values) return kept(value, visit);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        setOwn(out, k, v === null && !visit.keepNulls ? zeroValue(values) : walk(source, values, v, join(path, k), false, visit));
      }
      return out;
    }
    case 'object': {
      if (!isPlainObject(value)) return expect(false, 'object', value, path, visit);
      const type = field.ref ? source.type(field.ref) : undefined;
      // A reference the source cannot resolve is treated as free-form rather than as all-unknown.
      return type ? walkStruct(source, type, value, path, root, visit) : kept(value, visit);
    }
  }
}

function walkStruct(source: SchemaSource, type: TypeSchema, value: Record<string, unknown>, path: string, root: boolean, visit: Visitor) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const fieldPath = join(path, k);
    if (root) visit.field = k;
    const f = Object.prototype.hasOwnProperty.call(type.fields, k) ? type.fields[k] : undefined;
    const known = f !== undefined || (root && ALWAYS_KNOWN.has(k));
    if (!known) visit.unknown(fieldPath);
    // a null field decodes to Go's nil or zero value: as good as absent
    if (v === null && !visit.keepNulls) continue;
    if (f) setOwn(out, k, walk(source, f, v, fieldPath, false, visit));
    else if (known || !visit.prune) setOwn(out, k, kept(v, visit));
  }
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * An integer outside its Go type (`replicas: 2147483648`, `1e300`) fails to decode upstream
 * (`json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32`).
 * Reported like the other type errors, naming the field:
 * `Invalid value: 2147483648: spec.replicas in body must be of type int32: "2147483648"`.
 */
function inRange(field: FieldSchema, value: number, path: string, visit: Visitor): unknown {
  if (outOfRange(field.format, value)) {
    const literal = String(value).replace('e+', 'e');
    const type = field.format === 'int32' ? 'int32' : 'int64';
    visit.typeError({
      reason: CauseType.TypeInvalid,
      message: `Invalid value: ${literal}: ${path} in body must be of type ${type}: "${literal}"`,
      field: path,
    });
  }
  return kept(value, visit);
}

/** metav1.Time and MicroTime decode with time.Parse (MicroTime with exactly six fraction digits) and fail the whole body on a string Go cannot parse. */
function checkTime(value: string, field: FieldSchema, visit: Visitor): void {
  const error = goTimeParseError(value, field.layout ?? 'RFC3339');
  if (error) visit.decodeError(error);
}

/** encoding/json decodes a []byte from base64 and fails the whole body on bad input. */
function checkBase64(value: string, visit: Visitor): void {
  const r = goBase64Check(value);
  if ('corruptAt' in r) visit.decodeError(`illegal base64 data at input byte ${r.corruptAt}`);
}

/**
 * Reports a type mismatch in the words of upstream's OpenAPI schema validation
 * (k8s.io/kube-openapi validate, as CRDs report it):
 * `Invalid value: "string": spec.replicas in body must be of type integer: "string"`.
 */
function expect(ok: boolean, wanted: string, value: unknown, path: string, visit: Visitor): unknown {
  if (!ok) {
    const actual = jsonType(value);
    visit.typeError({
      reason: CauseType.TypeInvalid,
      message: `Invalid value: "${actual}": ${path} in body must be of type ${wanted}: "${actual}"`,
      field: path,
    });
  }
  return kept(value, visit);
}

/** The JSON type name upstream's validator reports for a value. */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value; // string, boolean, object
}
