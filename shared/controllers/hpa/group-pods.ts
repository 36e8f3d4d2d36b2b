import type { Pod } from 'kubernetes-types/core/v1';
import { milliValue } from '../../scheduler/quantity';
import { parseTime } from '../time';
import { podReadyCondition } from '../pod-util';
import type { PodMetricsInfo } from './metrics-info';
import { GO_ZERO_TIME } from './options';

/** How groupPods sorts a target's pods. */
export interface PodGroups {
  /** Pods whose metric counts as is. */
  readyPodCount: number;
  /** Pending pods, and (CPU only) pods not yet ready or still warming up: 0% on a scale-up, left out otherwise. */
  unreadyPods: Set<string>;
  /** Pods without a metric: 100% (or the target) on a scale-down, 0% on a scale-up. */
  missingPods: Set<string>;
  /** Terminating and Failed pods: not counted at all. */
  ignoredPods: Set<string>;
}

/** When readiness may be judged, as groupPods reads the clock and its two flags. */
export interface Readiness {
  now: number;
  cpuInitializationPeriodMs: number;
  delayOfInitialReadinessStatusMs: number;
}

/**
 * groupPods (replica_calculator.go): deleted or Failed pods are ignored, Pending pods unready, pods
 * without a metric missing. For CPU only, a pod without a Ready condition or start time is unready;
 * within the initialization period after start it is unready while not Ready or until a full metric
 * window has passed since it became Ready; after it, only a pod that went unready right at start
 * (never ready within the initial readiness delay) still is.
 */
export function groupPods(pods: readonly Pod[], metrics: PodMetricsInfo, resource: string, r: Readiness): PodGroups {
  const g: PodGroups = { readyPodCount: 0, unreadyPods: new Set(), missingPods: new Set(), ignoredPods: new Set() };
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      g.ignoredPods.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      g.unreadyPods.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missingPods.add(name);
      continue;
    }
    if (resource === 'cpu' && cpuUnready(pod, metric.timestamp, metric.window, r)) {
      g.unreadyPods.add(name);
      continue;
    }
    g.readyPodCount++;
  }
  return g;
}

function cpuUnready(pod: Pod, metricTime: number, metricWindow: number, r: Readiness): boolean {
  const cond = podReadyCondition(pod);
  const start = parseTime(pod.status?.startTime);
  if (!cond || start === undefined) return true;
  const transition = parseTime(cond.lastTransitionTime) ?? GO_ZERO_TIME;
  if (start + r.cpuInitializationPeriodMs > r.now) {
    return cond.status === 'False' || metricTime < transition + metricWindow;
  }
  return cond.status === 'False' && start + r.delayOfInitialReadinessStatusMs > transition;
}

/**
 * calculatePodRequests: each pod's request of `resource` in milli-units, summed over its containers
 * and restartable (sidecar) init containers, or only `container`'s. A container without the request
 * is an error, as upstream.
 */
export function calculatePodRequests(pods: readonly Pod[], container: string, resource: string): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
    let sum = 0;
    for (const c of containers) {
      if (container !== '' && container !== c.name) continue;
      const q = c.resources?.requests?.[resource];
      if (q === undefined) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name ?? ''}`);
      sum += milliValue(q);
    }
    requests.set(pod.metadata?.name ?? '', sum);
  }
  return requests;
}

/** getReadyPodsCount: Running and Ready pods; no pods at all is an error. */
export function readyPodsCount(pods: readonly Pod[]): number {
  if (pods.length === 0) throw new Error('no pods returned by selector while calculating replica count');
  return pods.filter((p) => p.status?.phase === 'Running' && podReadyCondition(p)?.status === 'True').length;
}
