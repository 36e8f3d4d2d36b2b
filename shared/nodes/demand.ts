import { parseBytes, parseCpuMilli, parseQuantity } from './quantity';
import type { Demand, EffectiveProfile } from './workload-profile';

type Unit = 'cpu' | 'memory' | 'number';

const toNumber = (v: string | number, unit: Unit): number =>
  (unit === 'cpu' ? parseCpuMilli(v) : unit === 'memory' ? parseBytes(v) : parseQuantity(v)) ?? 0;

/**
 * The value of a Demand at `now`, in millicores (cpu), bytes (memory) or plain units.
 * `startedAtMs` anchors container-clock demands.
 * @example demandValue({ type: 'sine', base: '200m', amplitude: '100m', periodSeconds: 60 }, 'cpu', 15_000, 0) === 300
 */
export function demandValue(d: Demand | undefined, unit: Unit, now: number, startedAtMs: number): number {
  if (!d) return 0;
  const t = ((d.type !== 'constant' && d.clock === 'wall') ? now : now - startedAtMs) / 1000;
  switch (d.type) {
    case 'constant':
      return toNumber(d.value, unit);
    case 'step': {
      let v = 0;
      for (const s of d.steps) if (t >= s.at) v = toNumber(s.value, unit);
      return v;
    }
    case 'sine': {
      const x = (2 * Math.PI * (t + (d.phaseSeconds ?? 0))) / d.periodSeconds;
      return Math.max(0, Math.round(toNumber(d.base, unit) + toNumber(d.amplitude, unit) * Math.sin(x)));
    }
    case 'trace':
      return traceValue(d, unit, t);
  }
}

function traceValue(d: Extract<Demand, { type: 'trace' }>, unit: Unit, t0: number): number {
  const pts = d.points;
  if (!pts.length) return 0;
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const span = last.at - first.at;
  let t = t0;
  if (d.repeat && span > 0 && t > last.at) t = first.at + ((t - first.at) % span);
  if (t <= first.at) return toNumber(first.value, unit);
  if (t >= last.at) return toNumber(last.value, unit);
  const i = pts.findIndex((p) => p.at > t);
  const a = pts[i - 1]!;
  const b = pts[i]!;
  const va = toNumber(a.value, unit);
  if (d.interpolation === 'step') return va;
  return Math.round(va + ((toNumber(b.value, unit) - va) * (t - a.at)) / (b.at - a.at));
}

/** One container's resource use at an instant. */
export interface ContainerUsage {
  cpuMilli: number;
  memoryBytes: number;
}

export interface DemandContext {
  now: number;
  /** When each running app container started (epoch ms), serving container first; absent = not running. */
  startedAtMs: Record<string, number>;
  /** Ready pods of the workload sharing its load (this pod included when ready). */
  readyPods: number;
  /** Whether this pod is ready (only ready pods receive traffic). */
  ready: boolean;
}

/**
 * Per-container CPU and memory demand of one pod at `now`: each container's own demand
 * curve, plus — for the serving container of a ready pod — its share of the workload's load
 * (requests/s ÷ ready pods × CPU per request), so more replicas mean less CPU each.
 */
export function demandAt(profile: EffectiveProfile, ctx: DemandContext): Record<string, ContainerUsage> {
  const out: Record<string, ContainerUsage> = {};
  const names = Object.keys(ctx.startedAtMs);
  for (const name of names) {
    const b = profile.containers[name] ?? {};
    const start = ctx.startedAtMs[name]!;
    out[name] = { cpuMilli: demandValue(b.cpu, 'cpu', ctx.now, start), memoryBytes: demandValue(b.memory, 'memory', ctx.now, start) };
  }
  const load = profile.load;
  const server = load?.container ?? names[0];
  if (load && server && out[server]) {
    const rps = requestShare(profile, ctx);
    out[server].cpuMilli += Math.round(rps * (parseCpuMilli(load.cpuPerRequest) ?? 0));
    out[server].memoryBytes += Math.round(rps * (parseBytes(load.memoryPerRequestPerSecond ?? '0') ?? 0));
  }
  return out;
}

/**
 * The requests per second one pod serves at `now`: its even share of the workload's load when it
 * is ready and its serving container runs, else 0 (the CPU it costs and the custom metric
 * `requestsPerSecond` both come from here).
 */
export function requestShare(profile: EffectiveProfile, ctx: DemandContext): number {
  const load = profile.load;
  const server = load?.container ?? Object.keys(ctx.startedAtMs)[0];
  if (!load || !server || ctx.startedAtMs[server] === undefined || !ctx.ready || ctx.readyPods <= 0) return 0;
  return demandValue(load.requestsPerSecond, 'number', ctx.now, ctx.startedAtMs[server]) / ctx.readyPods;
}
