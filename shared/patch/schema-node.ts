import type { FieldSchema, SchemaSource, TypeSchema } from '../api/schema-types';

/**
 * A position in a type schema: the schema of one value, or `undefined` where nothing is known
 * (custom resources without a schema, `kind: 'any'`). Every patch strategy walks values and
 * nodes together.
 */
export interface SchemaNode {
  readonly source: SchemaSource;
  readonly field: FieldSchema | undefined;
}

/** The node of a top-level type, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function rootNode(source: SchemaSource, typeName: string | undefined): SchemaNode {
  return { source, field: typeName ? { kind: 'object', ref: typeName } : undefined };
}

/** The struct type behind a node, when the node is a known `object`. */
export function structOf(node: SchemaNode): TypeSchema | undefined {
  const f = node.field;
  if (f?.kind !== 'object' || !f.ref) return undefined;
  return node.source.type(f.ref);
}

/** The node of a map entry or struct field `key`; unknown when the schema does not say. */
export function childNode(node: SchemaNode, key: string): SchemaNode {
  const f = node.field;
  if (f?.kind === 'map') return { source: node.source, field: f.values };
  const t = structOf(node);
  return { source: node.source, field: t?.fields[key] };
}

/** Whether `key` is a declared field of the struct at `node` (upstream: a "named field"). */
export function isNamedField(node: SchemaNode, key: string): boolean {
  const t = structOf(node);
  return t !== undefined && Object.prototype.hasOwnProperty.call(t.fields, key);
}

/** The node of the elements of a list. */
export function itemsNode(node: SchemaNode): SchemaNode {
  const f = node.field;
  return { source: node.source, field: f?.kind === 'array' ? f.items : undefined };
}

/** Strategic merge patch metadata of a field: its strategy (without retainKeys) and merge key. */
export function patchMeta(field: FieldSchema | undefined): { strategy: string; mergeKey: string } {
  const parts = (field?.patchStrategy ?? '').split(',').filter((s) => s && s !== 'retainKeys');
  return { strategy: parts[0] ?? '', mergeKey: field?.patchMergeKey ?? '' };
}

export type ListSemantics = { type: 'atomic' } | { type: 'set' } | { type: 'map'; keys: string[] };

/**
 * How server-side apply treats a list. Without x-kubernetes-list-type, upstream's schema
 * conversion derives it from the patch strategy: merge + merge key → map, merge alone → set,
 * otherwise (and for unknown schemas) atomic.
 */
export function listSemantics(field: FieldSchema | undefined): ListSemantics {
  if (field?.kind !== 'array') return ATOMIC;
  // a schema's fields are fixed once loaded: each list's semantics are worked out once (every item of every compare asks)
  let sem = SEMANTICS.get(field);
  if (!sem) SEMANTICS.set(field, (sem = Object.freeze(semanticsOf(field))));
  return sem;
}

const ATOMIC: ListSemantics = Object.freeze({ type: 'atomic' });
const SEMANTICS = new WeakMap<FieldSchema, ListSemantics>();

function semanticsOf(field: FieldSchema): ListSemantics {
  const { strategy, mergeKey } = patchMeta(field);
  const type = field.listType ?? (strategy === 'merge' ? (mergeKey ? 'map' : 'set') : 'atomic');
  if (type === 'map') {
    const keys = field.listMapKeys?.length ? field.listMapKeys : mergeKey ? [mergeKey] : [];
    return keys.length ? { type: 'map', keys: Object.freeze([...keys]) as string[] } : ATOMIC;
  }
  return { type };
}

/** Whether a map-shaped value at this node is merged key by key (not replaced as one atom). */
export function isGranularMap(field: FieldSchema | undefined): boolean {
  if (!field) return true;
  if (field.mapType === 'atomic') return false;
  return field.kind === 'object' || field.kind === 'map' || field.kind === 'any';
}
