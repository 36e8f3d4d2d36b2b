import type { PodTemplateSpec } from 'kubernetes-types/core/v1';

/** A controller's revision data as stored: `{"spec":{"template":{…,"$patch":"replace"}}}`. */
export interface TemplatePatch {
  spec: { template: Record<string, unknown> };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const val = (v as Record<string, unknown>)[k];
      if (val !== undefined) out[k] = sortKeys(val);
    }
    return out;
  }
  return v;
}

/** encoding/json's escaping of HTML-significant characters and line separators, which JSON.stringify leaves as is. */
function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The bytes upstream stores as `data.raw`: Go's json.Marshal of a map, i.e. keys sorted at every level,
 * no spaces, HTML characters escaped. Equal data gives equal bytes whatever order the keys arrived in.
 */
export function revisionRaw(data: unknown): string {
  return goEscape(JSON.stringify(sortKeys(data ?? null)));
}

/**
 * A pod template as Go's typed encoder writes it: struct fields without `omitempty` effect appear even when
 * empty (`metadata.creationTimestamp: null`, a container's `resources: {}`), so that kubectl, which
 * re-encodes the object it read, computes the same patch bytes when it checks a rollback target.
 */
function asGoEncodes(template: PodTemplateSpec | undefined): Record<string, unknown> {
  const t = structuredClone(template ?? {}) as Record<string, any>;
  t.metadata = { creationTimestamp: null, ...(t.metadata ?? {}) };
  t.spec ??= {};
  for (const list of ['initContainers', 'containers'] as const) {
    for (const c of t.spec[list] ?? []) c.resources ??= {};
  }
  return t;
}

/**
 * getPatch (daemon/update.go, statefulset/stateful_set_utils.go): a strategic merge patch that replaces the
 * object's pod template — the state a DaemonSet or StatefulSet revision records.
 */
export function templatePatch(template: PodTemplateSpec | undefined): TemplatePatch {
  return sortKeys({ spec: { template: { ...asGoEncodes(template), $patch: 'replace' } } }) as TemplatePatch;
}

/**
 * ApplyRevision: the pod template a revision restores (its patch replaces the template outright).
 * Data that is not a template patch restores nothing (undefined).
 */
export function templateOfRevision(data: unknown): PodTemplateSpec | undefined {
  const t = (data as Partial<TemplatePatch> | undefined)?.spec?.template;
  if (!t || typeof t !== 'object') return undefined;
  const { $patch: _directive, ...template } = t;
  const meta = template.metadata as Record<string, unknown> | undefined;
  if (meta && meta.creationTimestamp === null) {
    const { creationTimestamp: _ts, ...rest } = meta;
    template.metadata = rest;
  }
  return template as PodTemplateSpec;
}

/** Whether two revisions' data are the same bytes (history.EqualRevision's data comparison). */
export function sameRevisionData(a: unknown, b: unknown): boolean {
  return revisionRaw(a) === revisionRaw(b);
}
