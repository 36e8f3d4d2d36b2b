/**
 * Per-pod CPU bandwidth counters from `/metrics` (the simulated kubelets' cAdvisor series and koordlet's CPU
 * burst gauges, shared/nodes/prometheus.ts), summed over each pod's containers, and the rates between two
 * scrapes that the throttling charts draw.
 */
export interface PodCpuCounters {
  namespace: string;
  pod: string;
  /** Sample time (ms): the series' own timestamp, which is cluster time. */
  at: number;
  /** container_cpu_usage_seconds_total */
  usageSeconds: number;
  /** container_cpu_cfs_periods_total, throttled_periods_total, throttled_seconds_total (containers with a quota). */
  periods: number;
  throttledPeriods: number;
  throttledSeconds: number;
  /** koordlet_container_scaled_cfs_quota_us and _burst_us, when koordlet's CPU burst changed the cgroup. */
  scaledQuotaUs?: number;
  burstUs?: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\}\s+(\S+)(?:\s+(\d+))?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** One exposition line's name, labels, value and timestamp; undefined for comments and lines without labels. */
export function parseSample(line: string): { name: string; labels: Record<string, string>; value: number; at?: number } | undefined {
  const m = SAMPLE.exec(line);
  if (!m) return undefined;
  const labels: Record<string, string> = {};
  for (const l of m[2]!.matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  return { name: m[1]!, labels, value: Number(m[3]), at: m[4] === undefined ? undefined : Number(m[4]) };
}

const COUNTERS: Record<string, keyof Pick<PodCpuCounters, 'usageSeconds' | 'periods' | 'throttledPeriods' | 'throttledSeconds' | 'scaledQuotaUs' | 'burstUs'>> = {
  container_cpu_usage_seconds_total: 'usageSeconds',
  container_cpu_cfs_periods_total: 'periods',
  container_cpu_cfs_throttled_periods_total: 'throttledPeriods',
  container_cpu_cfs_throttled_seconds_total: 'throttledSeconds',
  koordlet_container_scaled_cfs_quota_us: 'scaledQuotaUs',
  koordlet_container_scaled_cfs_burst_us: 'burstUs',
};

/** The counters of every pod that has at least one container with a CPU quota (the only ones CFS can throttle), by namespace/pod. */
export function podCpuCounters(text: string, fallbackAt: number): Map<string, PodCpuCounters> {
  const all = new Map<string, PodCpuCounters & { quota: boolean }>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const s = parseSample(line);
    const field = s && COUNTERS[s.name];
    if (!s || !field || !Number.isFinite(s.value)) continue;
    // cAdvisor labels pods namespace/pod; koordlet pod_namespace/pod_name
    const namespace = s.labels['namespace'] ?? s.labels['pod_namespace'] ?? '';
    const pod = s.labels['pod'] ?? s.labels['pod_name'] ?? '';
    const key = `${namespace}/${pod}`;
    let c = all.get(key);
    if (!c) all.set(key, (c = { namespace, pod, at: s.at ?? fallbackAt, usageSeconds: 0, periods: 0, throttledPeriods: 0, throttledSeconds: 0, quota: false }));
    if (s.at !== undefined) c.at = s.at;
    if (field === 'periods') c.quota = true;
    c[field] = (c[field] ?? 0) + s.value;
  }
  const out = new Map<string, PodCpuCounters>();
  for (const [key, { quota, ...c }] of all) if (quota) out.set(key, c);
  return out;
}

/** What happened between two scrapes of one pod. */
export interface CpuRates {
  /** Cores used on average. */
  cores: number;
  /** Share of the CFS periods that ran out of quota (0..1); null when no period elapsed. */
  throttledShare: number | null;
  /** Seconds throttled per second. */
  throttledPerSecond: number;
}

/** Rates between two samples of the same pod; undefined when no time passed or a counter went back (the pod restarted). */
export function cpuRates(prev: PodCpuCounters, next: PodCpuCounters): CpuRates | undefined {
  const dt = (next.at - prev.at) / 1000;
  const d = (k: 'usageSeconds' | 'periods' | 'throttledPeriods' | 'throttledSeconds') => next[k] - prev[k];
  if (dt <= 0 || d('usageSeconds') < 0 || d('periods') < 0 || d('throttledPeriods') < 0) return undefined;
  return { cores: d('usageSeconds') / dt, throttledShare: d('periods') > 0 ? d('throttledPeriods') / d('periods') : null, throttledPerSecond: d('throttledSeconds') / dt };
}
