/** One container's sample for the kubelet's resource metrics. */
export interface ContainerSample {
  namespace: string;
  pod: string;
  container: string;
  /** Cumulative core-seconds. */
  cpuSeconds: number;
  memoryBytes: number;
  startTimeSeconds?: number;
  /** cpu.stat's bandwidth counters, for a container with a CPU quota (cAdvisor's container_cpu_cfs_*). */
  cfs?: { periods: number; throttledPeriods: number; throttledSeconds: number };
  /** The cfs quota and burst koordlet's CPU burst set (koordlet_container_scaled_cfs_*_us). */
  koordlet?: { quotaUs: number; burstUs: number };
  containerID?: string;
}

/** What one node exposes on /metrics (kubelet) and /metrics/resource. */
export interface NodeSample {
  node: string;
  cpuSeconds: number;
  memoryBytes: number;
  runningPods: number;
  /** Containers by state (running, exited, created, unknown). */
  containersByState: Record<string, number>;
  containers: ContainerSample[];
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labels = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}`;
const num = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6));

/**
 * Prometheus text exposition (format 0.0.4) with the kubelet's names and help strings:
 * container_/pod_/node_ cpu and memory from /metrics/resource, and kubelet_running_pods /
 * kubelet_running_containers from /metrics. Timestamps (ms) on the resource series, as kubelet.
 */
export function prometheusText(nodes: readonly NodeSample[], now: number): string {
  const out: string[] = [];
  const family = (name: string, help: string, type: 'counter' | 'gauge', rows: string[]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...rows);
  };
  const cs = nodes.flatMap((n) => n.containers);
  family('container_cpu_usage_seconds_total', '[STABLE] Cumulative cpu time consumed by the container in core-seconds', 'counter',
    cs.map((c) => `container_cpu_usage_seconds_total${labels({ container: c.container, namespace: c.namespace, pod: c.pod })} ${num(c.cpuSeconds)} ${now}`));
  family('container_memory_working_set_bytes', '[STABLE] Current working set of the container in bytes', 'gauge',
    cs.map((c) => `container_memory_working_set_bytes${labels({ container: c.container, namespace: c.namespace, pod: c.pod })} ${num(c.memoryBytes)} ${now}`));
  family('container_start_time_seconds', '[STABLE] Start time of the container since unix epoch in seconds', 'gauge',
    cs.filter((c) => c.startTimeSeconds !== undefined).map((c) => `container_start_time_seconds${labels({ container: c.container, namespace: c.namespace, pod: c.pod })} ${num(c.startTimeSeconds!)} ${now}`));
  const cfs = cs.filter((c) => c.cfs);
  const cfsRow = (name: string, v: (c: ContainerSample) => number) => (c: ContainerSample) => `${name}${labels({ container: c.container, namespace: c.namespace, pod: c.pod })} ${num(v(c))} ${now}`;
  family('container_cpu_cfs_periods_total', 'Number of elapsed enforcement period intervals.', 'counter',
    cfs.map(cfsRow('container_cpu_cfs_periods_total', (c) => c.cfs!.periods)));
  family('container_cpu_cfs_throttled_periods_total', 'Number of throttled period intervals.', 'counter',
    cfs.map(cfsRow('container_cpu_cfs_throttled_periods_total', (c) => c.cfs!.throttledPeriods)));
  family('container_cpu_cfs_throttled_seconds_total', 'Total time duration the container has been throttled.', 'counter',
    cfs.map(cfsRow('container_cpu_cfs_throttled_seconds_total', (c) => c.cfs!.throttledSeconds)));
  // koordlet's own series and labels (pkg/koordlet/metrics/cpu_burst.go)
  const scaled = nodes.flatMap((n) => n.containers.filter((c) => c.koordlet).map((c) => ({ n, c })));
  const koordRow = (name: string, v: (c: ContainerSample) => number) => ({ n, c }: { n: NodeSample; c: ContainerSample }) =>
    `${name}${labels({ container_id: c.containerID ?? '', container_name: c.container, node: n.node, pod_name: c.pod, pod_namespace: c.namespace })} ${num(v(c))}`;
  family('koordlet_container_scaled_cfs_quota_us', 'Run-time replenished within a period (in microseconds) in container-level set by koordlet', 'gauge',
    scaled.map(koordRow('koordlet_container_scaled_cfs_quota_us', (c) => c.koordlet!.quotaUs)));
  family('koordlet_container_scaled_cfs_burst_us', 'The maximum accumulated run-time(in microseconds) in container-level set by koordlet', 'gauge',
    scaled.map(koordRow('koordlet_container_scaled_cfs_burst_us', (c) => c.koordlet!.burstUs)));
  const pods = new Map<string, { ns: string; pod: string; cpuSeconds: number; memoryBytes: number }>();
  for (const c of cs) {
    const k = `${c.namespace}/${c.pod}`;
    const p = pods.get(k) ?? { ns: c.namespace, pod: c.pod, cpuSeconds: 0, memoryBytes: 0 };
    pods.set(k, { ...p, cpuSeconds: p.cpuSeconds + c.cpuSeconds, memoryBytes: p.memoryBytes + c.memoryBytes });
  }
  family('pod_cpu_usage_seconds_total', '[STABLE] Cumulative cpu time consumed by the pod in core-seconds', 'counter',
    [...pods.values()].map((p) => `pod_cpu_usage_seconds_total${labels({ namespace: p.ns, pod: p.pod })} ${num(p.cpuSeconds)} ${now}`));
  family('pod_memory_working_set_bytes', '[STABLE] Current working set of the pod in bytes', 'gauge',
    [...pods.values()].map((p) => `pod_memory_working_set_bytes${labels({ namespace: p.ns, pod: p.pod })} ${num(p.memoryBytes)} ${now}`));
  family('node_cpu_usage_seconds_total', '[STABLE] Cumulative cpu time consumed by the node in core-seconds', 'counter',
    nodes.map((n) => `node_cpu_usage_seconds_total${labels({ node: n.node })} ${num(n.cpuSeconds)} ${now}`));
  family('node_memory_working_set_bytes', '[STABLE] Current working set of the node in bytes', 'gauge',
    nodes.map((n) => `node_memory_working_set_bytes${labels({ node: n.node })} ${num(n.memoryBytes)} ${now}`));
  family('kubelet_running_pods', '[ALPHA] Number of pods that have a running pod sandbox', 'gauge',
    nodes.map((n) => `kubelet_running_pods${labels({ node: n.node })} ${n.runningPods}`));
  family('kubelet_running_containers', '[ALPHA] Number of containers currently running', 'gauge',
    nodes.flatMap((n) => Object.entries(n.containersByState).map(([state, v]) => `kubelet_running_containers${labels({ container_state: state, node: n.node })} ${v}`)));
  return out.join('\n') + '\n';
}
