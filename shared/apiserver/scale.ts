import { ApiError, invalid, CauseType } from '../api/errors';
import type { KubeObject, StoredObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import { labelSelectorToString } from '../selectors';

/** A `.spec.replicas`-style path (the CRD scale subresource's paths) as keys. */
function pathKeys(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter(Boolean);
}

function readPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of pathKeys(path)) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

function writePath(obj: KubeObject, path: string, value: unknown): KubeObject {
  const keys = pathKeys(path);
  const out = structuredClone(obj) as Record<string, unknown>;
  let cur = out;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    cur[k] = next && typeof next === 'object' ? next : {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
  return out as KubeObject;
}

/**
 * The autoscaling/v1 Scale view of a workload (upstream's scale subresource). Built-in kinds read
 * spec.replicas, status.replicas and spec.selector; custom resources read the paths their CRD names.
 */
export function toScale(def: ResourceDef, obj: StoredObject): KubeObject {
  let specReplicas: unknown;
  let statusReplicas: unknown;
  let selector = '';
  if (def.crd && def.scale) {
    specReplicas = readPath(obj, def.scale.specReplicasPath);
    statusReplicas = readPath(obj, def.scale.statusReplicasPath);
    const sel = def.scale.labelSelectorPath ? readPath(obj, def.scale.labelSelectorPath) : undefined;
    selector = typeof sel === 'string' ? sel : '';
  } else {
    const spec = (obj.spec ?? {}) as { replicas?: number; selector?: unknown };
    specReplicas = spec.replicas ?? 1;
    statusReplicas = (obj.status as { replicas?: number } | undefined)?.replicas;
    selector = spec.selector ? labelSelectorToString(spec.selector as never) : '';
  }
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
    spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 },
    status: { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0, ...(selector ? { selector } : {}) },
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
  if (def.crd && def.scale) return writePath(obj, def.scale.specReplicasPath, replicas);
  const next = structuredClone(obj) as KubeObject;
  next.spec = { ...(obj.spec as object), replicas };
  return next;
}
