import { isPlainObject } from '../api/object';
import type { JSONSchemaProps } from './types';

/** Fields every resource keeps whatever its schema says, at the root and in embedded resources. */
const RESOURCE_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * Drops fields the structural schema does not specify, as apiextensions' pruning does on every
 * write (unless `x-kubernetes-preserve-unknown-fields`). Returns a new object and the dropped
 * paths (`spec.foo`, `spec.items[0].bar`), which are also what fieldValidation=Strict rejects
 * and Warn reports as `unknown field "spec.foo"`.
 * @example pruneCustomObject({ type: 'object', properties: { spec: { type: 'object' } } }, { spec: { x: 1 }, extra: 2 })
 * // { object: { spec: {} }, pruned: ['spec.x', 'extra'] }
 */
export function pruneCustomObject<T>(schema: JSONSchemaProps, obj: T): { object: T; pruned: string[] } {
  const pruned: string[] = [];
  const object = prune(obj, schema, '', true, pruned) as T;
  return { object, pruned };
}

function prune(x: unknown, s: JSONSchemaProps | undefined, path: string, isResource: boolean, pruned: string[]): unknown {
  if (!s) return x;
  if (Array.isArray(x)) {
    const items = Array.isArray(s.items) ? undefined : s.items;
    return items ? x.map((v, i) => prune(v, items, `${path}[${i}]`, Boolean(items['x-kubernetes-embedded-resource']), pruned)) : x;
  }
  if (!isPlainObject(x)) return x;
  const preserve = Boolean(s['x-kubernetes-preserve-unknown-fields']);
  const extra = s.additionalProperties;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    const at = path ? `${path}.${k}` : k;
    const p = s.properties?.[k];
    if (isResource && RESOURCE_FIELDS.has(k)) {
      out[k] = v;
    } else if (p) {
      out[k] = prune(v, p, at, Boolean(p['x-kubernetes-embedded-resource']), pruned);
    } else if (typeof extra === 'object') {
      out[k] = prune(v, extra, at, Boolean(extra['x-kubernetes-embedded-resource']), pruned);
    } else if (preserve || extra === true) {
      out[k] = v;
    } else {
      pruned.push(at);
    }
  }
  return out;
}
