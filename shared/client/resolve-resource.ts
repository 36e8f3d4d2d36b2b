import { ApiError } from '../api/errors';
import { BUILTIN_RESOURCES, type ResourceDef } from '../api/registry';
import type { ResourceRef } from './client';

function isDef(ref: ResourceRef): ref is ResourceDef {
  return 'kind' in ref && 'versions' in ref;
}

/**
 * The registry entry and the version a caller speaks. A full ResourceDef speaks its preferred
 * version; a {group, version, plural} ref must name a served version (404 as upstream otherwise).
 */
export function resolveResource(
  ref: ResourceRef,
  defs: readonly ResourceDef[] = BUILTIN_RESOURCES,
  unknown: 'throw' | 'synthesize' = 'throw',
): { def: ResourceDef; version: string; known: boolean } {
  if (isDef(ref)) return { def: ref, version: ref.versions[0] ?? ref.storageVersion, known: true };
  const def = defs.find((d) => d.group === ref.group && d.plural === ref.plural && d.versions.includes(ref.version));
  if (def) return { def, version: ref.version, known: true };
  // over HTTP the server knows kinds the client does not (custom resources): let the URL decide
  if (unknown === 'synthesize') return { def: synthesize(ref), version: ref.version, known: false };
  const gv = ref.group ? `${ref.group}/${ref.version}` : ref.version;
  throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${gv}, Resource=${ref.plural})`, {});
}

function synthesize(ref: { group: string; version: string; plural: string }): ResourceDef {
  return {
    group: ref.group,
    versions: [ref.version],
    storageVersion: ref.version,
    kind: '',
    plural: ref.plural,
    singular: '',
    shortNames: [],
    categories: [],
    namespaced: true,
    subresources: ['status', 'scale'],
    hasStatus: true,
  };
}
