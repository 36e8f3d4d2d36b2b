import type { ContainerStatus, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { rfc3339 } from './time-format';

/** What the kubelet decided about an evicted pod (kept with its run state). */
export interface PodEvictionRecord {
  at: number;
  message: string;
  disruptionTarget: boolean;
}

/** Reason on an evicted pod's status and event (pkg/kubelet/eviction Reason). */
export const EVICTED_REASON = 'Evicted';

const killed = (s: ContainerStatus, at: number): ContainerStatus => {
  const running = s.state?.running;
  if (!running) return { ...s, ready: false, started: false };
  return {
    ...s,
    ready: false,
    started: false,
    state: { terminated: { exitCode: 137, reason: 'Error', startedAt: running.startedAt!, finishedAt: rfc3339(at), ...(s.containerID ? { containerID: s.containerID } : {}) } },
  };
};

/**
 * The status an evicted pod ends with (evictPod → killPod with a status override): phase Failed,
 * reason Evicted, the eviction manager's message, every running container killed (137), the pod no
 * longer ready, and for a node-pressure eviction the DisruptionTarget condition
 * (TerminationByKubelet). `status` is the pod as it was at the eviction.
 */
export function evictedPodStatus(status: PodStatus, e: PodEvictionRecord): PodStatus {
  const when = rfc3339(e.at);
  const flip = (c: PodCondition): PodCondition => {
    if (c.type === 'Ready' || c.type === 'ContainersReady') {
      const { message: _m, ...rest } = c;
      return { ...rest, status: 'False', reason: 'PodCompleted', lastTransitionTime: c.status === 'False' ? c.lastTransitionTime : when };
    }
    if (c.type === 'PodReadyToStartContainers') return { ...c, status: 'False', lastTransitionTime: c.status === 'False' ? c.lastTransitionTime : when };
    return c;
  };
  const conditions: PodCondition[] = (status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget').map(flip);
  if (e.disruptionTarget) {
    conditions.unshift({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: when, reason: 'TerminationByKubelet', message: e.message });
  }
  return {
    ...status,
    phase: 'Failed',
    reason: EVICTED_REASON,
    message: e.message,
    conditions,
    ...(status.containerStatuses ? { containerStatuses: status.containerStatuses.map((s) => killed(s, e.at)) } : {}),
    ...(status.initContainerStatuses ? { initContainerStatuses: status.initContainerStatuses.map((s) => killed(s, e.at)) } : {}),
  };
}
