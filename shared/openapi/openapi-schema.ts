import type { FieldSchema, SchemaSource, TypeSchema } from '../api/schema-types';
import { builtinScalars } from './builtin-schemas';
import { atomicStructs } from './patch-metadata';

/** An OpenAPI 3.0 schema object, as upstream's /openapi/v3 documents spell them. */
export type OpenApiSchema = { [key: string]: unknown };

const REF = '#/components/schemas/';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** Upstream's component for each scalar definition (kube-openapi's v3 output for these Go types). */
function scalarComponent(name: string): OpenApiSchema | undefined {
  const scalar = builtinScalars[name];
  if (!scalar) return undefined;
  const description = scalar.description ? { description: scalar.description } : {};
  switch (scalar.kind) {
    case 'quantity':
      return { ...description, oneOf: [{ type: 'string' }, { type: 'number' }] };
    case 'int-or-string':
      return { ...description, format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] };
    case 'time':
      return { ...description, type: 'string', format: 'date-time' };
    default:
      return { ...description, type: 'object' };
  }
}

/** Which scalar component a field of this kind refers to. */
const scalarRefOf: Partial<Record<FieldSchema['kind'], string>> = {
  quantity: QUANTITY,
  'int-or-string': INT_OR_STRING,
  time: TIME,
};

/**
 * Converts one field. Named types are referenced through a one-element `allOf`, as upstream does,
 * so that siblings such as `description` stay valid; array items carry `default: {}` like upstream's.
 */
export function fieldToOpenApi(field: FieldSchema, asItem = false): OpenApiSchema {
  const out: OpenApiSchema = {};
  const scalarRef = scalarRefOf[field.kind];
  switch (field.kind) {
    case 'object':
      out.allOf = [{ $ref: REF + field.ref }];
      if (asItem) out.default = {};
      break;
    case 'array':
      out.type = 'array';
      out.items = field.items ? fieldToOpenApi(field.items, true) : {};
      break;
    case 'map':
      out.type = 'object';
      out.additionalProperties = field.values ? fieldToOpenApi(field.values) : {};
      break;
    case 'any':
      out['x-kubernetes-preserve-unknown-fields'] = true;
      break;
    case 'number':
      out.type = 'number';
      out.format = 'double';
      break;
    case 'string':
    case 'integer':
    case 'boolean':
      out.type = field.kind;
      break;
    default:
      if (scalarRef) out.allOf = [{ $ref: REF + scalarRef }];
  }
  if (field.description) out.description = field.description;
  if (field.enum) out.enum = field.enum;
  if (field.kind === 'array') {
    if (field.listMapKeys) out['x-kubernetes-list-map-keys'] = field.listMapKeys;
    if (field.listType) out['x-kubernetes-list-type'] = field.listType;
  }
  if (field.kind === 'map' && field.mapType) out['x-kubernetes-map-type'] = field.mapType;
  if (field.patchMergeKey) out['x-kubernetes-patch-merge-key'] = field.patchMergeKey;
  if (field.patchStrategy) out['x-kubernetes-patch-strategy'] = field.patchStrategy;
  return out;
}

/** Converts a named type to its `components.schemas` entry. */
export function typeToOpenApi(type: TypeSchema): OpenApiSchema {
  const out: OpenApiSchema = {};
  if (type.description) out.description = type.description;
  const properties: Record<string, OpenApiSchema> = {};
  for (const name of Object.keys(type.fields).sort()) properties[name] = fieldToOpenApi(type.fields[name]!);
  out.properties = properties;
  if (type.required?.length) out.required = type.required;
  out.type = 'object';
  if (type.gvk) out['x-kubernetes-group-version-kind'] = [{ group: type.gvk.group, kind: type.gvk.kind, version: type.gvk.version }];
  if (atomicStructs.has(type.name)) out['x-kubernetes-map-type'] = 'atomic';
  return out;
}

/**
 * `components.schemas` for the named types and everything they reach, scalar definitions
 * included. Names the source does not know are skipped.
 */
export function componentsFor(roots: readonly string[], source: SchemaSource): Record<string, OpenApiSchema> {
  const seen = new Set<string>();
  const scalars = new Set<string>();
  const queue = [...roots];
  const visitField = (f: FieldSchema): void => {
    if (f.kind === 'object' && f.ref) queue.push(f.ref);
    const scalarRef = scalarRefOf[f.kind];
    if (scalarRef) scalars.add(scalarRef);
    if (f.items) visitField(f.items);
    if (f.values) visitField(f.values);
  };
  const out: Record<string, OpenApiSchema> = {};
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const type = source.type(name);
    if (!type) {
      const scalar = scalarComponent(name);
      if (scalar) out[name] = scalar;
      continue;
    }
    out[name] = typeToOpenApi(type);
    for (const f of Object.values(type.fields)) visitField(f);
  }
  for (const name of scalars) {
    const scalar = scalarComponent(name);
    if (scalar) out[name] = scalar;
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}
