import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { CauseType, type StatusCause } from '../api/errors';
import { QUANTITY_FORMAT_ERROR, parseQuantity } from './quantity';

/**
 * A value over time. Values are quantities (`"250m"`, `"512Mi"`) for cpu/memory and plain
 * numbers for request rates. `at` is seconds since the container started, or since the Unix
 * epoch with `clock: wall` (so every replica sees the same phase).
 */
export type Demand =
  | { type: 'constant'; value: string | number }
  | { type: 'step'; steps: { at: number; value: string | number }[]; clock?: 'container' | 'wall' }
  | { type: 'sine'; base: string | number; amplitude: string | number; periodSeconds: number; phaseSeconds?: number; clock?: 'container' | 'wall' }
  | { type: 'trace'; points: { at: number; value: string | number }[]; interpolation?: 'linear' | 'step'; repeat?: boolean; clock?: 'container' | 'wall' };

/** How one container behaves. Every field is optional; unset means "a well-behaved server". */
export interface ContainerBehaviour {
  cpu?: Demand;
  memory?: Demand;
  /** Seconds from start until the process is up (startup probe passes, readiness may begin). */
  startupSeconds?: number;
  /** Further seconds until the readiness probe would succeed. */
  readinessDelaySeconds?: number;
  /** The process exits this many seconds after starting (unset: runs forever; init containers default to 1). */
  exitAfterSeconds?: number;
  /** Exit code when it exits (default 0). 137 with `oomKilled` reports OOMKilled. */
  exitCode?: number;
  oomKilled?: boolean;
  /** Seconds the process takes to stop after SIGTERM (default 0); beyond the grace period it is killed. */
  shutdownSeconds?: number;
  /** Log lines, cycled; placeholders {n} {pod} {namespace} {container} {node}. */
  logLines?: string[];
  /** Seconds between log lines (0: all lines once at start). */
  logIntervalSeconds?: number;
  /** Image size in bytes when the node does not know it (drives pull time). */
  imageSizeBytes?: number;
  /**
   * Bytes per second the container writes to each emptyDir volume, by volume name (`{ cache: "1Mi" }`):
   * a disk emptyDir counts toward ephemeral storage and its sizeLimit, a Memory one toward the
   * container's memory until the tmpfs is full.
   */
  volumeWrites?: Record<string, string>;
}

/** Traffic for the whole workload, shared evenly by its ready pods (a load balancer's view). */
export interface WorkloadLoad {
  requestsPerSecond: Demand;
  /** CPU time one request costs, as a CPU quantity: "2m" = 2ms of one core. */
  cpuPerRequest: string;
  /** Extra working set per request/s a pod serves (e.g. "1Mi"). */
  memoryPerRequestPerSecond?: string;
  /** The container that serves the traffic (default: the first). */
  container?: string;
}

/**
 * A custom metric each pod of the workload reports (custom.metrics.k8s.io, as prometheus-adapter
 * serves a per-pod series): the pod's share of the load, or a curve of its own.
 */
export type PodMetricSource =
  /** The requests per second this pod serves (its share of `load.requestsPerSecond`; 0 when not ready). */
  | { from: 'requestsPerSecond' }
  /** A value over time (plain numbers or quantities), on the clock of the pod's first container. */
  | { value: Demand };

/**
 * An external metric (external.metrics.k8s.io) in the profile's namespace, e.g. a queue's length.
 * `t` of its demand is seconds since the profile was created (or the Unix epoch with `clock: wall`).
 */
export interface ExternalMetricSource {
  /** The series' labels, which an HPA's `metric.selector` matches. */
  labels?: Record<string, string>;
  value: Demand;
}

/** `WorkloadProfile.spec`: defaults for every container, per-container overrides, and load. */
export interface WorkloadProfileSpec extends ContainerBehaviour {
  containers?: Record<string, ContainerBehaviour>;
  load?: WorkloadLoad;
  /** Per-pod custom metrics by name (`http_requests_per_second: { from: requestsPerSecond }`). */
  podMetrics?: Record<string, PodMetricSource>;
  /** External metrics by name (`queue_length: { labels: { queue: orders }, value: … }`). */
  externalMetrics?: Record<string, ExternalMetricSource>;
}

/** `kubeflare.dev/v1alpha1` WorkloadProfile (namespaced), named by a pod's `kubeflare.dev/profile` annotation. */
export interface WorkloadProfile {
  apiVersion?: string;
  kind?: 'WorkloadProfile';
  metadata?: ObjectMeta;
  spec?: WorkloadProfileSpec;
}

/** The annotation naming a WorkloadProfile in the pod's namespace. */
export const PROFILE_ANNOTATION = 'kubeflare.dev/profile';

/** Annotation keys (suffix `.<container>` to target one container, e.g. `kubeflare.dev/cpu-demand.sidecar`). */
export const ANNOTATIONS = {
  cpuDemand: 'kubeflare.dev/cpu-demand',
  memoryDemand: 'kubeflare.dev/memory-demand',
  startupSeconds: 'kubeflare.dev/startup-seconds',
  readinessDelaySeconds: 'kubeflare.dev/readiness-delay-seconds',
  exitAfterSeconds: 'kubeflare.dev/exit-after-seconds',
  exitCode: 'kubeflare.dev/exit-code',
  shutdownSeconds: 'kubeflare.dev/shutdown-seconds',
  logLines: 'kubeflare.dev/log-lines',
  logIntervalSeconds: 'kubeflare.dev/log-interval-seconds',
  requestsPerSecond: 'kubeflare.dev/requests-per-second',
  cpuPerRequest: 'kubeflare.dev/cpu-per-request',
  /** `cache=10Mi,scratch=1Mi`: bytes per second written to each emptyDir. */
  volumeWrites: 'kubeflare.dev/volume-writes',
} as const;

/**
 * Prefix of the annotations declaring a per-pod custom metric: `kubeflare.dev/metric.<name>` is
 * `requestsPerSecond` (the pod's share of the load) or a demand (`5`, `step:0=1,60=20`).
 */
export const POD_METRIC_ANNOTATION_PREFIX = 'kubeflare.dev/metric.';

/**
 * Parse the annotation form of a Demand:
 * `250m` (constant) · `step:0=100m,60=500m` · `sine:base=200m,amplitude=100m,period=300[,phase=0][,clock=wall]`
 * · `trace:0=100m,30=400m,60=100m[;repeat][;step][;wall]`. Undefined when malformed.
 */
export function parseDemand(s: string): Demand | undefined {
  const t = s.trim();
  const kind = /^(step|sine|trace):(.*)$/.exec(t);
  if (!kind) return t ? { type: 'constant', value: t } : undefined;
  const [body, ...flags] = kind[2]!.split(';').map((x) => x.trim());
  const clock = flags.includes('wall') ? ('wall' as const) : undefined;
  const pairs = (body ?? '').split(',').map((p) => p.split('=').map((x) => x.trim()));
  if (pairs.some((p) => p.length !== 2 || !p[0] || !p[1])) return undefined;
  if (kind[1] === 'sine') {
    const m = Object.fromEntries(pairs) as Record<string, string>;
    const period = Number(m['period']?.replace(/s$/, ''));
    if (!m['base'] || !(period > 0)) return undefined;
    return {
      type: 'sine', base: m['base'], amplitude: m['amplitude'] ?? '0', periodSeconds: period,
      ...(m['phase'] ? { phaseSeconds: Number(m['phase'].replace(/s$/, '')) } : {}),
      ...(m['clock'] === 'wall' || clock ? { clock: 'wall' as const } : {}),
    };
  }
  const points = pairs.map(([at, value]) => ({ at: Number(at!.replace(/s$/, '')), value: value! }));
  if (points.some((p) => !Number.isFinite(p.at))) return undefined;
  points.sort((a, b) => a.at - b.at);
  if (kind[1] === 'step') return { type: 'step', steps: points, ...(clock ? { clock } : {}) };
  return {
    type: 'trace', points,
    ...(flags.includes('step') ? { interpolation: 'step' as const } : {}),
    ...(flags.includes('repeat') ? { repeat: true } : {}),
    ...(clock ? { clock } : {}),
  };
}

/** The behaviour of every container of a pod and the workload's load, after merging all sources. */
export interface EffectiveProfile {
  containers: Record<string, ContainerBehaviour>;
  load?: WorkloadLoad;
  /** Per-pod custom metrics: the profile's, then the pod's `kubeflare.dev/metric.<name>` annotations. */
  podMetrics?: Record<string, PodMetricSource>;
}

/**
 * Merge, lowest precedence first: the WorkloadProfile's defaults, its per-container entries,
 * the pod's annotations, then the pod's `.<container>` annotations. Init containers default
 * to exiting 0 after 1s.
 */
export function resolveProfile(pod: Pod, profile?: WorkloadProfile): EffectiveProfile {
  const spec = profile?.spec ?? {};
  const { containers: perContainer, load: specLoad, podMetrics: _pm, externalMetrics: _em, ...base } = spec;
  const ann = pod.metadata?.annotations ?? {};
  const containers: Record<string, ContainerBehaviour> = {};
  const all = [...(pod.spec?.initContainers ?? []).map((c) => ({ c, init: c.restartPolicy !== 'Always' })), ...(pod.spec?.containers ?? []).map((c) => ({ c, init: false }))];
  for (const { c, init } of all) {
    containers[c.name] = {
      ...(init ? { exitAfterSeconds: 1, exitCode: 0 } : {}),
      ...base,
      ...(perContainer?.[c.name] ?? {}),
      ...fromAnnotations(ann, ''),
      ...fromAnnotations(ann, `.${c.name}`),
    };
  }
  let load = specLoad;
  const rps = ann[ANNOTATIONS.requestsPerSecond];
  const cpr = ann[ANNOTATIONS.cpuPerRequest];
  if (rps !== undefined) {
    const d = parseDemand(rps);
    if (d) load = { ...(load ?? { cpuPerRequest: '0' }), requestsPerSecond: d };
  }
  if (cpr !== undefined && load) load = { ...load, cpuPerRequest: cpr };
  const podMetrics = { ...spec.podMetrics, ...podMetricAnnotations(ann) };
  return { containers, ...(load ? { load } : {}), ...(Object.keys(podMetrics).length ? { podMetrics } : {}) };
}

function podMetricAnnotations(ann: Record<string, string>): Record<string, PodMetricSource> {
  const out: Record<string, PodMetricSource> = {};
  for (const [k, v] of Object.entries(ann)) {
    if (!k.startsWith(POD_METRIC_ANNOTATION_PREFIX)) continue;
    const name = k.slice(POD_METRIC_ANNOTATION_PREFIX.length);
    if (v.trim() === 'requestsPerSecond') out[name] = { from: 'requestsPerSecond' };
    else {
      const d = parseDemand(v);
      if (d) out[name] = { value: d };
    }
  }
  return out;
}

function fromAnnotations(ann: Record<string, string>, suffix: string): ContainerBehaviour {
  const out: ContainerBehaviour = {};
  const get = (k: string) => ann[k + suffix];
  const num = (k: string) => {
    const v = get(k);
    if (v === undefined) return undefined;
    const n = Number(v.replace(/s$/, ''));
    return Number.isFinite(n) ? n : undefined;
  };
  const cpu = get(ANNOTATIONS.cpuDemand);
  const mem = get(ANNOTATIONS.memoryDemand);
  if (cpu !== undefined) { const d = parseDemand(cpu); if (d) out.cpu = d; }
  if (mem !== undefined) { const d = parseDemand(mem); if (d) out.memory = d; }
  const set = <K extends keyof ContainerBehaviour>(k: K, v: ContainerBehaviour[K] | undefined) => { if (v !== undefined) out[k] = v; };
  set('startupSeconds', num(ANNOTATIONS.startupSeconds));
  set('readinessDelaySeconds', num(ANNOTATIONS.readinessDelaySeconds));
  set('exitAfterSeconds', num(ANNOTATIONS.exitAfterSeconds));
  set('exitCode', num(ANNOTATIONS.exitCode));
  set('shutdownSeconds', num(ANNOTATIONS.shutdownSeconds));
  set('logIntervalSeconds', num(ANNOTATIONS.logIntervalSeconds));
  const writes = get(ANNOTATIONS.volumeWrites);
  if (writes !== undefined) {
    const pairs = writes.split(',').map((p) => p.split('=').map((x) => x.trim()));
    if (pairs.every((p) => p.length === 2 && p[0] && p[1])) out.volumeWrites = Object.fromEntries(pairs);
  }
  const lines = get(ANNOTATIONS.logLines);
  if (lines !== undefined) out.logLines = lines.split('\n').filter((l) => l !== '');
  return out;
}

/**
 * Validate what the simulator cannot take from a WorkloadProfile's schema alone: each `volumeWrites`
 * rate is a non-negative quantity (`spec.containers[app].volumeWrites[cache]: Invalid value: "fast": …`).
 */
export function validateWorkloadProfile(obj: unknown): StatusCause[] {
  const spec = (obj as WorkloadProfile | undefined)?.spec;
  if (!spec || typeof spec !== 'object') return [];
  const errs: StatusCause[] = [];
  const check = (b: ContainerBehaviour | undefined, path: string) => {
    const writes = b?.volumeWrites;
    if (!writes || typeof writes !== 'object') return;
    for (const [vol, rate] of Object.entries(writes)) {
      const field = `${path}.volumeWrites[${vol}]`;
      const n = parseQuantity(rate);
      if (n === undefined) errs.push({ reason: CauseType.Invalid, message: `Invalid value: ${JSON.stringify(rate)}: ${QUANTITY_FORMAT_ERROR}`, field });
      else if (n < 0) errs.push({ reason: CauseType.Invalid, message: `Invalid value: ${JSON.stringify(rate)}: must be greater than or equal to 0`, field });
    }
  };
  check(spec, 'spec');
  for (const [name, b] of Object.entries(spec.containers ?? {})) check(b, `spec.containers[${name}]`);
  return errs;
}
