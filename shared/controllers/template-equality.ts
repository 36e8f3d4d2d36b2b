import type { PodTemplateSpec } from 'kubernetes-types/core/v1';

/** The label carrying a ReplicaSet's template hash. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** Drop null/undefined, empty objects and empty arrays: apimachinery's semantic equality treats nil and empty alike. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(normalize);
    return items.length ? items : undefined;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null ? undefined : v;
}

/** JSON with sorted keys and empty values dropped: equal for semantically equal objects. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(normalize(v) ?? {});
}

function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(t ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH];
  return copy;
}

/** deploymentutil.EqualIgnoreHash: templates equal once the pod-template-hash label is removed. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));
}
