import type { FieldKind, FieldSchema, SchemaSource, TypeSchema } from '../api/schema-types';
import generated from './generated/builtin-schemas.json';
import { kubeflareTypes } from './kubeflare-schemas';
import { atomicStructs, conditionsConvention, patchMetadata, type PatchMeta } from './patch-metadata';

/** A named upstream definition that is a scalar on the wire (Quantity, Time, IntOrString, RawExtension…). */
export interface ScalarSchema {
  kind: FieldKind;
  description?: string;
}

interface GeneratedSchemas {
  source: string;
  types: Record<string, TypeSchema>;
  scalars: Record<string, ScalarSchema>;
}

/**
 * A SchemaSource over a fixed set of types, indexed by name and by GVK.
 * @example createSchemaSource(types).rootType('apps', 'v1', 'Deployment') // 'io.k8s.api.apps.v1.Deployment'
 */
export function createSchemaSource(types: Record<string, TypeSchema>): SchemaSource {
  const byGvk = new Map<string, string>();
  for (const t of Object.values(types)) {
    if (t.gvk) byGvk.set(`${t.gvk.group}/${t.gvk.version}/${t.gvk.kind}`, t.name);
  }
  return {
    type: (name) => types[name],
    rootType: (group, version, kind) => byGvk.get(`${group}/${version}/${kind}`),
  };
}

/** Returns new TypeSchemas with the patch-metadata overlay applied; the input is not modified. */
export function applyPatchMetadata(types: Record<string, TypeSchema>): Record<string, TypeSchema> {
  const out: Record<string, TypeSchema> = {};
  for (const [name, t] of Object.entries(types)) {
    const fields: Record<string, FieldSchema> = {};
    for (const [fieldName, field] of Object.entries(t.fields)) {
      const meta = patchMetadata[name]?.[fieldName] ?? conventionFor(fieldName, field);
      fields[fieldName] = markAtomicStructs({ ...field, ...meta });
    }
    out[name] = { ...t, fields };
  }
  return out;
}

function conventionFor(fieldName: string, field: FieldSchema): PatchMeta | undefined {
  const isConditionList =
    fieldName === 'conditions' && field.kind === 'array' && field.items?.kind === 'object' && field.items.ref?.endsWith('Condition');
  return isConditionList ? conditionsConvention : undefined;
}

/** SSA treats a field whose struct is `+structType=atomic` as one value; record that on the field. */
function markAtomicStructs(field: FieldSchema): FieldSchema {
  if (field.kind === 'object' && field.ref && atomicStructs.has(field.ref) && !field.mapType) {
    return { ...field, mapType: 'atomic' };
  }
  if (field.kind === 'array' && field.items) return { ...field, items: markAtomicStructs(field.items) };
  if (field.kind === 'map' && field.values) return { ...field, values: markAtomicStructs(field.values) };
  return field;
}

const data = generated as unknown as GeneratedSchemas;

/** The built-in kinds' types (upstream's and Kubeflare's own), patch metadata applied, keyed by definition name. */
export const builtinTypes: Readonly<Record<string, TypeSchema>> = applyPatchMetadata({ ...data.types, ...kubeflareTypes });

/** Schemas of the built-in kinds (generated from kubernetes-types plus the patch-metadata overlay). */
export const builtinSchemas: SchemaSource = createSchemaSource(builtinTypes);

/** Upstream's scalar definitions (Quantity, Time, MicroTime, IntOrString, RawExtension, FieldsV1, JSON…). */
export const builtinScalars: Readonly<Record<string, ScalarSchema>> = data.scalars;
