import type { OpenApiSchema } from './openapi-schema';

const REF = '#/components/schemas/';

/**
 * Inlines the named components whose names start with one of `prefixes` (the nested types a
 * CRD's schema was split into), as upstream's CRD OpenAPI builder does: one definition per kind,
 * so `kubectl explain` shows nested fields as `<Object>` with their description once.
 */
export function inlineComponents(doc: { components?: { schemas?: Record<string, OpenApiSchema> } }, prefixes: readonly string[]): void {
  const schemas = doc.components?.schemas;
  if (!schemas || prefixes.length === 0) return;
  const inlined = (name: string) => prefixes.some((p) => name.startsWith(`${p}.`));
  const visit = (s: unknown): unknown => {
    if (Array.isArray(s)) return s.map(visit);
    if (!s || typeof s !== 'object') return s;
    const o = s as Record<string, unknown>;
    const all = o.allOf as { $ref?: string }[] | undefined;
    const ref = all?.length === 1 ? all[0]!.$ref : undefined;
    if (ref?.startsWith(REF) && inlined(ref.slice(REF.length))) {
      const target = visit(schemas[ref.slice(REF.length)]) as Record<string, unknown>;
      const { allOf: _a, ...rest } = o;
      return { ...target, ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, visit(v)])) };
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, visit(v)]));
  };
  for (const name of Object.keys(schemas)) if (!inlined(name)) schemas[name] = visit(schemas[name]) as OpenApiSchema;
  for (const name of Object.keys(schemas)) if (inlined(name)) delete schemas[name];
}
