import { ApiError, invalid, CauseType } from '../api/errors';
import type { KubeObject, StoredObject } from '../api/object';

/**
 * pods/binding: assigns a pod to a node once (upstream's BindingREST). Sets spec.nodeName and the
 * PodScheduled condition; a pod already bound, or being deleted, cannot be bound again.
 */
export function applyBinding(pod: StoredObject, binding: KubeObject, now: string): KubeObject {
  const target = binding.target as { kind?: string; name?: string } | undefined;
  const name = pod.metadata.name;
  if (!target?.name) {
    throw invalid('Binding', '', name, [{ reason: CauseType.Required, message: 'Required value', field: 'target.name' }]);
  }
  if (target.kind && target.kind !== 'Node') {
    throw invalid('Binding', '', name, [
      { reason: CauseType.NotSupported, message: `Unsupported value: "${target.kind}": supported values: "Node"`, field: 'target.kind' },
    ]);
  }
  if (pod.metadata.deletionTimestamp) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`);
  }
  const spec = (pod.spec ?? {}) as { nodeName?: string };
  if (spec.nodeName) {
    throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${spec.nodeName}"`);
  }
  const next = structuredClone(pod) as KubeObject;
  next.spec = { ...(pod.spec as object), nodeName: target.name };
  const status = { ...((pod.status ?? {}) as { conditions?: { type: string }[] }) };
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now } as never);
  status.conditions = conditions;
  next.status = status;
  if (binding.metadata?.annotations) {
    next.metadata = { ...next.metadata, annotations: { ...next.metadata?.annotations, ...binding.metadata.annotations } };
  }
  return next;
}
