import type { FieldSchema, SchemaSource, TypeSchema } from '../api/schema-types';
import { builtinSchemas } from '../openapi';
import { crdTypeName } from './crd-resource-defs';
import type { CRD, JSONSchemaProps } from './types';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * A SchemaSource over CRD schemas, so kubectl explain, the OpenAPI v3 documents and the patch
 * machinery see custom kinds like built-in ones. Nested structs become named types
 * (`com.example.stable.v1.CronTab.spec`); other names fall through to `base` (ObjectMeta…).
 * Unknown-field handling for custom objects is pruneCustomObject's: a TypeSchema cannot say
 * "these fields plus anything" (x-kubernetes-preserve-unknown-fields with properties).
 * @example crdSchemaSource([crd]).rootType('stable.example.com', 'v1', 'CronTab') // 'com.example.stable.v1.CronTab'
 */
export function crdSchemaSource(crds: CRD | readonly CRD[], base: SchemaSource = builtinSchemas): SchemaSource {
  const types: Record<string, TypeSchema> = {};
  const roots = new Map<string, string>();
  for (const crd of Array.isArray(crds) ? crds : [crds as CRD]) {
    const { group, names } = crd.spec;
    for (const v of crd.spec.versions) {
      const schema = v.schema?.openAPIV3Schema;
      if (!v.served || !schema) continue;
      const name = crdTypeName(group, v.name, names.kind);
      rootType(types, name, schema, { group, version: v.name, kind: names.kind });
      roots.set(`${group}/${v.name}/${names.kind}`, name);
    }
  }
  return {
    type: (name) => types[name] ?? base.type(name),
    rootType: (group, version, kind) => roots.get(`${group}/${version}/${kind}`) ?? base.rootType(group, version, kind),
  };
}

/** JSONSchemaProps → TypeSchemas; exported for tests and for one-off conversions. */
export function schemaToTypes(name: string, schema: JSONSchemaProps, gvk?: TypeSchema['gvk']): Record<string, TypeSchema> {
  const types: Record<string, TypeSchema> = {};
  rootType(types, name, schema, gvk);
  return types;
}

function rootType(types: Record<string, TypeSchema>, name: string, schema: JSONSchemaProps, gvk?: TypeSchema['gvk']): void {
  const t = struct(types, name, schema);
  // every resource has these, whatever the schema declares about them
  t.fields = {
    apiVersion: { kind: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
    kind: { kind: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
    metadata: { kind: 'object', ref: OBJECT_META, description: "Standard object's metadata." },
    ...Object.fromEntries(Object.entries(t.fields).filter(([k]) => k !== 'metadata' && k !== 'apiVersion' && k !== 'kind')),
  };
  if (gvk) t.gvk = gvk;
}

function struct(types: Record<string, TypeSchema>, name: string, s: JSONSchemaProps): TypeSchema {
  const fields: Record<string, FieldSchema> = {};
  for (const [k, p] of Object.entries(s.properties ?? {})) fields[k] = field(types, `${name}.${k}`, p);
  const t: TypeSchema = { name, fields };
  if (s.description) t.description = s.description;
  if (s.required?.length) t.required = [...s.required];
  types[name] = t;
  return t;
}

function field(types: Record<string, TypeSchema>, name: string, s: JSONSchemaProps): FieldSchema {
  const out = base(types, name, s);
  if (s.description) out.description = s.description;
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'atomic' || listType === 'set' || listType === 'map') out.listType = listType;
  if (s['x-kubernetes-list-map-keys']?.length) out.listMapKeys = [...s['x-kubernetes-list-map-keys']];
  const mapType = s['x-kubernetes-map-type'];
  if (mapType === 'atomic' || mapType === 'granular') out.mapType = mapType;
  if (s.enum?.length) out.enum = s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  return out;
}

function base(types: Record<string, TypeSchema>, name: string, s: JSONSchemaProps): FieldSchema {
  if (s['x-kubernetes-int-or-string']) return { kind: 'int-or-string' };
  switch (s.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return { kind: s.type };
    case 'array': {
      const items = Array.isArray(s.items) ? undefined : s.items;
      return items ? { kind: 'array', items: field(types, name, items) } : { kind: 'array', items: { kind: 'any' } };
    }
    case 'object': {
      if (s.properties && Object.keys(s.properties).length > 0) {
        struct(types, name, s);
        return { kind: 'object', ref: name };
      }
      if (typeof s.additionalProperties === 'object') return { kind: 'map', values: field(types, name, s.additionalProperties) };
      if (s.additionalProperties === true || s['x-kubernetes-preserve-unknown-fields'] || s['x-kubernetes-embedded-resource']) return { kind: 'any' };
      struct(types, name, s);
      return { kind: 'object', ref: name };
    }
  }
  return { kind: 'any' };
}
