import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { ContainerUsage } from './demand';
import { formatBytesKi, formatCpuMilli } from './quantity';
import { rfc3339 } from './time-format';

/** metrics.k8s.io/v1beta1 PodMetrics. */
export interface PodMetrics {
  kind: 'PodMetrics';
  apiVersion: 'metrics.k8s.io/v1beta1';
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  containers: { name: string; usage: { cpu: string; memory: string } }[];
}

/** metrics.k8s.io/v1beta1 NodeMetrics. */
export interface NodeMetrics {
  kind: 'NodeMetrics';
  apiVersion: 'metrics.k8s.io/v1beta1';
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  usage: { cpu: string; memory: string };
}

/** The scrape window metrics-server reports. */
export const METRICS_WINDOW = '20s';

const usageOf = (u: ContainerUsage) => ({ cpu: formatCpuMilli(u.cpuMilli), memory: formatBytesKi(u.memoryBytes) });

/**
 * PodMetrics for running pods, in metrics-server's shape (`kubectl top pods` reads it).
 * `usage` maps `namespace/name` to per-container usage; pods without usage are skipped.
 */
export function podMetrics(pods: readonly Pod[], usage: Record<string, Record<string, ContainerUsage>>, now: number): PodMetrics[] {
  const out: PodMetrics[] = [];
  for (const p of pods) {
    const key = `${p.metadata?.namespace}/${p.metadata?.name}`;
    const u = usage[key];
    if (!u || p.status?.phase !== 'Running') continue;
    out.push({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: p.metadata!.name!, namespace: p.metadata!.namespace!, creationTimestamp: rfc3339(now), ...(p.metadata?.labels ? { labels: p.metadata.labels } : {}) },
      timestamp: rfc3339(now),
      window: METRICS_WINDOW,
      containers: Object.entries(u).map(([name, cu]) => ({ name, usage: usageOf(cu) })),
    });
  }
  return out;
}

/** Node overhead outside pods (system daemons, kubelet, runtime) added to node usage. */
export const NODE_BASELINE: ContainerUsage = { cpuMilli: 50, memoryBytes: 512 * 2 ** 20 };

/** NodeMetrics for a node: its pods' usage summed plus the system baseline. */
export function nodeMetrics(node: Node, podUsage: readonly Record<string, ContainerUsage>[], now: number, baseline = NODE_BASELINE): NodeMetrics {
  const total = sumUsage([baseline, ...podUsage.flatMap((p) => Object.values(p))]);
  return {
    kind: 'NodeMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: node.metadata!.name!, creationTimestamp: rfc3339(now), ...(node.metadata?.labels ? { labels: node.metadata.labels } : {}) },
    timestamp: rfc3339(now),
    window: METRICS_WINDOW,
    usage: usageOf(total),
  };
}

/** Sum of usages. */
export function sumUsage(us: readonly ContainerUsage[]): ContainerUsage {
  return us.reduce((a, b) => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memoryBytes: a.memoryBytes + b.memoryBytes }), { cpuMilli: 0, memoryBytes: 0 });
}

/** Cumulative CPU counters (core-seconds) by series key, advanced by integrating usage over time. */
export interface CpuCounters {
  atMs: number;
  seconds: Record<string, number>;
}

/** Advance counters to `now` assuming each series ran at `milli` millicores since the last update. */
export function advanceCpuCounters(c: CpuCounters | undefined, usageMilli: Record<string, number>, now: number): CpuCounters {
  const prev = c ?? { atMs: now, seconds: {} };
  const dt = Math.max(0, now - prev.atMs) / 1000;
  const seconds = { ...prev.seconds };
  for (const [k, m] of Object.entries(usageMilli)) seconds[k] = (seconds[k] ?? 0) + (m / 1000) * dt;
  return { atMs: now, seconds };
}
