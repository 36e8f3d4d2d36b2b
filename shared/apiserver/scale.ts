import { ApiError, invalid, CauseType } from '../api/errors';
import type { KubeObject, StoredObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import { labelSelectorToString } from '../selectors';

/** The autoscaling/v1 Scale view of a workload (upstream's scale subresource). */
export function toScale(def: ResourceDef, obj: StoredObject): KubeObject {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
  const status = (obj.status ?? {}) as { replicas?: number };
  const selector = spec.selector ? labelSelectorToString(spec.selector as never) : '';
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, ...(selector ? { selector } : {}) },
  };
}

/** Applies a Scale's spec.replicas to the workload, checking the Scale's preconditions. */
export function applyScale(def: ResourceDef, obj: StoredObject, scale: KubeObject): KubeObject {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', 'autoscaling', obj.metadata.name, [
      {
        reason: CauseType.Invalid,
        message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`,
        field: 'spec.replicas',
      },
    ]);
  }
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== obj.metadata.resourceVersion) {
    throw new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${def.group ? `${def.plural}.${def.group}` : def.plural} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name: obj.metadata.name, group: def.group || undefined, kind: def.plural },
    );
  }
  const next = structuredClone(obj) as KubeObject;
  next.spec = { ...(obj.spec as object), replicas };
  return next;
}
