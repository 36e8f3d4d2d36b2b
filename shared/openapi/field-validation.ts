import type { StatusCause } from '../api/errors';
import { CauseType } from '../api/errors';
import { isPlainObject } from '../api/object';
import type { FieldSchema, SchemaSource, TypeSchema } from '../api/schema-types';

/** What decoding a body against its schema found. */
export interface FieldCheck {
  /** JSON paths of fields the schema does not declare, in document order: `spec.template.spec.containers[0].imagee`. */
  unknown: string[];
  /** Values of the wrong JSON type, worded as upstream's schema validation words them. */
  typeErrors: StatusCause[];
}

/** Fields every object has, whatever its schema says (a CRD schema may omit them). */
const ALWAYS_KNOWN = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Finds unknown fields and wrongly typed values, as upstream's decoder does for `fieldValidation`.
 * null is accepted anywhere (Go decodes it to the zero value); `any` fields accept everything.
 * @example checkFields(builtinSchemas, 'io.k8s.api.apps.v1.Deployment', { spec: { replicass: 1 } }).unknown // ['spec.replicass']
 */
export function checkFields(source: SchemaSource, typeName: string, obj: unknown): FieldCheck {
  const result: FieldCheck = { unknown: [], typeErrors: [] };
  walk(source, { kind: 'object', ref: typeName }, obj, '', true, {
    unknown: (path) => result.unknown.push(path),
    typeError: (cause) => result.typeErrors.push(cause),
  });
  return result;
}

/**
 * Drops unknown fields, as upstream does under fieldValidation=Ignore or Warn. Returns a new
 * object (the input is not modified) and the paths it dropped. Wrongly typed values are kept.
 */
export function pruneUnknownFields(source: SchemaSource, typeName: string, obj: unknown): { object: unknown; pruned: string[] } {
  const pruned: string[] = [];
  const object = walk(source, { kind: 'object', ref: typeName }, obj, '', true, {
    unknown: (path) => pruned.push(path),
    typeError: () => {},
  });
  return { object, pruned };
}

interface Visitor {
  unknown(path: string): void;
  typeError(cause: StatusCause): void;
}

/** Walks `value` against `field`, reporting to `visit`; returns the value without unknown fields. */
function walk(source: SchemaSource, field: FieldSchema, value: unknown, path: string, root: boolean, visit: Visitor): unknown {
  if (value === null || value === undefined) return value;
  switch (field.kind) {
    case 'any':
      return value;
    case 'string':
    case 'time':
      return expect(typeof value === 'string', 'string', value, path, visit);
    case 'boolean':
      return expect(typeof value === 'boolean', 'boolean', value, path, visit);
    case 'integer':
      return expect(typeof value === 'number' && Number.isInteger(value), 'integer', value, path, visit);
    case 'number':
      return expect(typeof value === 'number', 'number', value, path, visit);
    case 'quantity':
      return expect(typeof value === 'string' || typeof value === 'number', 'string,number', value, path, visit);
    case 'int-or-string':
      return expect(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)), 'integer,string', value, path, visit);
    case 'array': {
      if (!Array.isArray(value)) return expect(false, 'array', value, path, visit);
      const items = field.items;
      return items ? value.map((v, i) => walk(source, items, v, `${path}[${i}]`, false, visit)) : value;
    }
    case 'map': {
      if (!isPlainObject(value)) return expect(false, 'object', value, path, visit);
      const values = field.values;
      if (!values) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(source, values, v, join(path, k), false, visit);
      return out;
    }
    case 'object': {
      if (!isPlainObject(value)) return expect(false, 'object', value, path, visit);
      const type = field.ref ? source.type(field.ref) : undefined;
      // A reference the source cannot resolve is treated as free-form rather than as all-unknown.
      return type ? walkStruct(source, type, value, path, root, visit) : value;
    }
  }
}

function walkStruct(source: SchemaSource, type: TypeSchema, value: Record<string, unknown>, path: string, root: boolean, visit: Visitor) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const fieldPath = join(path, k);
    const f = type.fields[k];
    if (f) out[k] = walk(source, f, v, fieldPath, false, visit);
    else if (root && ALWAYS_KNOWN.has(k)) out[k] = v;
    else visit.unknown(fieldPath);
  }
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
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
  return value;
}

/** The JSON type name upstream's validator reports for a value. */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value; // string, boolean, object
}
