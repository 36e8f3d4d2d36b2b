import type { CrossVersionObjectReference } from 'kubernetes-types/autoscaling/v2';
import type { ResourceDef } from '../../api/registry';

/**
 * The resource an HPA's scaleTargetRef names, with a scale subresource, or the error upstream's
 * controller reports as FailedGetScale: the RESTMapper's NoKindMatchError for an unknown kind, the
 * scale client's discovery error for a kind without `/scale`. (A malformed apiVersion is
 * `reconcileHpa`'s to report.)
 * @example scaleTargetResource({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, BUILTIN_RESOURCES) // the deployments def
 */
export function scaleTargetResource(ref: CrossVersionObjectReference, defs: readonly ResourceDef[]): { def: ResourceDef } | { error: string } {
  const apiVersion = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const def = defs.find((d) => d.kind === ref.kind && d.group === group && !d.virtual);
  if (!def) return { error: `no matches for kind ${JSON.stringify(ref.kind)} in group ${JSON.stringify(group)}` };
  if (!def.subresources.includes('scale')) {
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1]! : apiVersion || def.versions[0]!;
    return { error: `could not find scale subresource for ${group ? `${group}/` : ''}${version}, Resource=${def.plural} in discovery information` };
  }
  return { def };
}
