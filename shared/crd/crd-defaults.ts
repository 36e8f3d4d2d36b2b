import { isPlainObject } from '../api/object';
import type { JSONSchemaProps } from './types';

/**
 * Applies schema defaults at every level, as apiextensions' structuraldefaulting.Default does on
 * read and write: a property that is absent (or null while not nullable) takes a copy of its
 * default, then defaulting recurses into every value, defaults included. Afterwards non-nullable
 * nulls without a default are dropped (PruneNonNullableNullsWithoutDefaults). Returns a new object.
 * @example applyCrdDefaults({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string', default: 'M' } } } } }, { spec: {} })
 * // { spec: { size: 'M' } }
 */
export function applyCrdDefaults<T>(schema: JSONSchemaProps, obj: T): T {
  const copy = structuredClone(obj);
  defaultValue(copy, schema);
  dropNulls(copy, schema);
  return copy;
}

function isNonNullableNull(v: unknown, s: JSONSchemaProps | undefined): boolean {
  return v === null && s !== undefined && !s.nullable;
}

function defaultValue(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isPlainObject(x)) {
    const props = s.properties ?? {};
    for (const [k, p] of Object.entries(props)) {
      if (p.default === undefined) continue;
      if (!(k in x) || x[k] === undefined || isNonNullableNull(x[k], p)) x[k] = structuredClone(p.default);
    }
    const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    for (const k of Object.keys(x)) {
      const p = props[k];
      if (p) defaultValue(x[k], p);
      else if (extra) {
        if (isNonNullableNull(x[k], extra) && extra.default !== undefined) x[k] = structuredClone(extra.default);
        defaultValue(x[k], extra);
      }
    }
  } else if (Array.isArray(x)) {
    const items = Array.isArray(s.items) ? undefined : s.items;
    if (!items) return;
    x.forEach((v, i) => {
      if (isNonNullableNull(v, items) && items.default !== undefined) x[i] = structuredClone(items.default);
      defaultValue(x[i], items);
    });
  }
}

function dropNulls(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isPlainObject(x)) {
    const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    for (const k of Object.keys(x)) {
      const p = s.properties?.[k] ?? extra;
      if (!p) continue;
      if (isNonNullableNull(x[k], p) && p.default === undefined) delete x[k];
      else dropNulls(x[k], p);
    }
  } else if (Array.isArray(x)) {
    const items = Array.isArray(s.items) ? undefined : s.items;
    x.forEach((v) => dropNulls(v, items));
  }
}
