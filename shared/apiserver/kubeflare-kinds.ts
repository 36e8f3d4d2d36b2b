import type { StatusCause } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import { validateNodePool } from '../nodes';

/** Validation of Kubeflare's own kinds (kubeflare.dev), which upstream's validators do not know. */
export function validateKubeflareKind(def: ResourceDef, obj: KubeObject): StatusCause[] {
  if (def.group !== 'kubeflare.dev') return [];
  if (def.kind === 'NodePool') return validateNodePool(obj);
  return [];
}
