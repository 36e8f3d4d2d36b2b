import type { Container, Pod } from 'kubernetes-types/core/v1';
import { qosClass } from '../nodes/pod-resources';
import { parseBytes } from '../nodes/quantity';

/** pkg/kubelet/qos/policy.go */
export const GUARANTEED_OOM_SCORE_ADJ = -997;
export const BESTEFFORT_OOM_SCORE_ADJ = 1000;
export const KUBELET_OOM_SCORE_ADJ = -999;

const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;
const memoryRequest = (c: Container) => parseBytes(c.resources?.requests?.['memory']) ?? 0;

// IsNodeCriticalPod: a critical pod (static, mirror, or priority ≥ system-critical) of class system-node-critical
function isNodeCritical(pod: Pod): boolean {
  const source = pod.metadata?.annotations?.['kubernetes.io/config.source'] ?? 'api';
  const critical = source !== 'api' || pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined || (pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY;
  return critical && pod.spec?.priorityClassName === 'system-node-critical';
}

/**
 * The oom_score_adj the kubelet gives a container's processes (GetContainerOOMScoreAdjust):
 * node-critical and Guaranteed pods −997, BestEffort 1000, Burstable 1000 − 1000·request/capacity
 * kept within [3, 999], a sidecar no higher than the pod's smallest regular container.
 * @example oomScoreAdj(burstablePod, burstablePod.spec.containers[0], 8e9) // 500 for a 4e9-byte request
 */
export function oomScoreAdj(pod: Pod, container: Container, memoryCapacity: number): number {
  if (isNodeCritical(pod)) return GUARANTEED_OOM_SCORE_ADJ;
  const qos = qosClass(pod);
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BESTEFFORT_OOM_SCORE_ADJ;
  let adj = 1000 - Math.trunc((1000 * memoryRequest(container)) / memoryCapacity);
  const sidecar = container.restartPolicy === 'Always' && (pod.spec?.initContainers ?? []).some((c) => c.name === container.name);
  if (sidecar) {
    const regular = pod.spec?.containers ?? [];
    const min = regular.length ? Math.min(...regular.map(memoryRequest)) : 0;
    adj = Math.min(adj, 1000 - Math.trunc((1000 * min) / memoryCapacity));
  }
  if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adj === BESTEFFORT_OOM_SCORE_ADJ) return adj - 1;
  return adj;
}
