import { clock } from '../../platform/clock';
import { BUILTIN_RESOURCES, ResourceRegistry } from '../../shared/api/registry';
import { customResourceDef } from '../../shared/apiserver/custom-resources';
import type { CRD } from '../../shared/crd';
import { CLUSTER_STORE, storeStub } from '../../platform/stores';
import { type Env } from '../../platform/env';
import { unwrap } from '../../shared/client/store-result';
import { CUSTOM_RESOURCE_DEFINITION_DEF } from '../../shared/api/resource-defs';

/** How long this isolate trusts its copy of the CRDs before asking the cluster store again. */
const TTL_MS = 2000;

export interface ServedResources {
  registry: ResourceRegistry;
  crds: CRD[];
  /** Changes whenever the set of CRDs or any of them changes (OpenAPI document hashes). */
  fingerprint: string;
}

let cached: (ServedResources & { at: number }) | undefined;

/**
 * The registry this request is served from: the built-in kinds plus every CustomResourceDefinition
 * not being deleted, read from the cluster store and kept for a moment per isolate. A lookup miss
 * or a CRD write refreshes it at once, so a new CRD is served on the very next request.
 */
export async function servedResources(env: Env, fresh = false): Promise<ServedResources> {
  if (!fresh && cached && clock.wallNow() - cached.at < TTL_MS) return cached;
  const list = unwrap(await storeStub(env, CLUSTER_STORE).list({ def: CUSTOM_RESOURCE_DEFINITION_DEF }));
  const crds = (list.items as unknown as CRD[]).filter((c) => !c.metadata?.deletionTimestamp);
  const registry = new ResourceRegistry([...BUILTIN_RESOURCES, ...crds.map(customResourceDef)]);
  const fingerprint = crds.map((c) => `${c.metadata?.name}@${c.metadata?.resourceVersion}`).join(',');
  cached = { registry, crds, fingerprint, at: clock.wallNow() };
  return cached;
}

/** Forget the cached CRDs (after a CRD write through this isolate). */
export function invalidateServedResources(): void {
  cached = undefined;
}
