import type { StatusCause } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { ResourceDef } from '../api/registry';
import type { ConfigMap } from 'kubernetes-types/core/v1';
import { validateNodePool, validateWorkloadProfile } from '../nodes';
import { parseConfigMap, SCHEDULER_CONFIG_NAME, SCHEDULER_CONFIG_NAMESPACE } from '../scheduler/config-map';
import { admitClusterClock, type ClusterClockObject } from '../clock/clock-object';
import type { WriteContext } from './object-meta';
import { validateWebhookTrigger } from '../webhooks/validate-webhook-trigger';

/** Validation of Kubeflare's own kinds and of the configuration objects its components read. */

export function validateKubeflareKind(def: ResourceDef, obj: KubeObject): StatusCause[] {
  // the pod network a pool's nodes take CIDRs from is kube-system's kube-flannel-cfg, which the cluster
  // store does not hold: the NodePool controller checks the node count against it (validateNodeCount)
  if (def.group === 'kubeflare.dev' && def.kind === 'NodePool') return validateNodePool(obj, { clusterCIDR: null });
  if (def.group === 'kubeflare.dev' && def.kind === 'WorkloadProfile') return validateWorkloadProfile(obj);
  if (def.group === 'kubeflare.dev' && def.kind === 'WebhookTrigger') return validateWebhookTrigger(obj);
  if (isSchedulerConfig(def, obj)) return parseConfigMap(obj as ConfigMap).causes ?? [];
  return [];
}

/**
 * The scheduler reads its KubeSchedulerConfiguration from a ConfigMap; checking it at admission
 * means an invalid configuration is refused with 422 and the one in force stays.
 */
function isSchedulerConfig(def: ResourceDef, obj: KubeObject): boolean {
  return (
    def.group === '' &&
    def.kind === 'ConfigMap' &&
    obj.metadata?.namespace === SCHEDULER_CONFIG_NAMESPACE &&
    obj.metadata?.name === SCHEDULER_CONFIG_NAME
  );
}

/**
 * Kubeflare kinds whose stored form is computed at admission: a ClusterClock write turns its spec
 * (speed, pause, an advance request) into the clock state in status. Other kinds pass unchanged.
 */
export function mutateKubeflareKind(def: ResourceDef, prev: KubeObject | null, obj: KubeObject, ctx: WriteContext): { object: KubeObject; causes: StatusCause[] } {
  if (def.group !== 'kubeflare.dev' || def.kind !== 'ClusterClock') return { object: obj, causes: [] };
  const r = admitClusterClock(prev as unknown as ClusterClockObject | null, obj as unknown as ClusterClockObject, ctx.wallMs ?? Date.parse(ctx.now));
  return { object: r.object as unknown as KubeObject, causes: r.causes };
}
