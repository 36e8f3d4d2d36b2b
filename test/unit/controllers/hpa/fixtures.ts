// Builders shared by the HPA tests: pods, metrics and HPAs shaped as upstream's test harnesses make them.
import type { Pod } from 'kubernetes-types/core/v1';
import { formatTime } from '../../../../shared/controllers';
import type { PodResourceMetrics } from '../../../../shared/controllers/hpa';

export const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
export const NAMESPACE = 'test-namespace';
export const POD_PREFIX = 'test-pod';
export const SELECTOR = `name=${POD_PREFIX}`;
/** Go's zero time, what upstream's fixtures leave in unset timestamps. */
export const ZERO = -62_135_596_800_000;
/** hotCPUCreationTime / coolCPUCreationTime. */
export const HOT = NOW;
export const COOL = NOW - 3 * 60_000;
/** defaultTesting* constants of replica_calculator.go. */
export const TESTING = { tolerance: 0.1, cpuInitializationPeriodMs: 2 * 60_000, delayOfInitialReadinessStatusMs: 10_000 };

export interface PodOpts {
  ready?: 'True' | 'False';
  phase?: string;
  start?: number;
  deleting?: boolean;
  /** Request of each of the two containers, as a quantity; none means no request. */
  containerRequest?: string;
  /** lastTransitionTime of Ready; Go's zero time when unset. */
  transition?: number;
}

/** A pod as the upstream fixtures build them: two containers, one Ready condition, a start time. */
export function pod(i: number, o: PodOpts = {}): Pod {
  const resources = o.containerRequest ? { requests: { cpu: o.containerRequest } } : {};
  return {
    metadata: {
      name: `${POD_PREFIX}-${i}`,
      namespace: NAMESPACE,
      labels: { name: POD_PREFIX },
      ...(o.deleting ? { deletionTimestamp: formatTime(NOW) } : {}),
    },
    spec: { containers: [{ name: 'container1', resources }, { name: 'container2', resources }] },
    status: {
      phase: o.phase ?? 'Running',
      startTime: formatTime(o.start ?? ZERO),
      conditions: [{ type: 'Ready', status: o.ready ?? 'True', ...(o.transition !== undefined ? { lastTransitionTime: formatTime(o.transition) } : {}) }],
    },
  };
}

/** PodMetrics with two container slots, as upstream's fake metrics client: unset slots are nameless and empty. */
export function podMetric(name: string, levels: readonly number[], resource = 'cpu', timestamp = ZERO, window = 60_000): PodResourceMetrics {
  return {
    pod: name,
    timestamp,
    window,
    containers: [0, 1].map((i) => (i < levels.length ? { name: `container${i + 1}`, usage: { [resource]: `${levels[i]}m` } } : { name: '', usage: {} })),
  };
}

/** makePodMetricLevels: the same level in both containers of each pod. */
export function levelsPerContainer(...values: number[]): number[][] {
  return values.map((v) => [v, v]);
}
