import type { Event } from 'kubernetes-types/core/v1';
import { DEFAULT_NODE_LIFECYCLE_CONFIG } from '../controllers/node-lifecycle/config';
import { goDuration } from '../nodes/time-format';
import { eventTime, type Observation } from './observe';
import type { Scenario, Step } from './scenario-types';
import { clockLabel } from './timeline-format';

/** What a run saw, accumulated sample by sample (plain data: the runner owns one and feeds it). */
export interface Tally {
  t0: number;
  last?: Observation;
  replicas: Record<string, { first: number; min: number; max: number; last: number }>;
  rescales: Record<string, { at: number; size: number; message: string }[]>;
  zoneStates: Record<string, { at: number; state: string }[]>;
  /** First time each node was seen not Ready, and first seen with a NoExecute taint. */
  notReadyAt: Record<string, number>;
  noExecuteAt: Record<string, number>;
  /** Pods marked for eviction (DisruptionTarget) and when. */
  evicted: Record<string, number>;
  /** Spans an HPA held its replicas while lower recommendations waited out the scale-down window. */
  holds: Record<string, { from: number; to?: number; replicas: number }[]>;
  /** Steps carried out: when (cluster ms) and, for zone failures, which nodes. */
  done: { at: number; step: Step; nodes?: string[] }[];
}

export function newTally(t0: number): Tally {
  return { t0, replicas: {}, rescales: {}, holds: {}, zoneStates: {}, notReadyAt: {}, noExecuteAt: {}, evicted: {}, done: [] };
}

/** Folds one observation into the tally. */
export function tallyObservation(t: Tally, o: Observation): void {
  for (const [name, d] of Object.entries(o.deployments)) {
    const r = (t.replicas[name] ??= { first: d.replicas, min: d.replicas, max: d.replicas, last: d.replicas });
    Object.assign(r, { min: Math.min(r.min, d.replicas), max: Math.max(r.max, d.replicas), last: d.replicas });
  }
  for (const [name, h] of Object.entries(o.hpas)) {
    const holds = (t.holds[name] ??= []);
    const open = holds.at(-1)?.to === undefined ? holds.at(-1) : undefined;
    const holding = h.conditions['AbleToScale']?.reason === 'ScaleDownStabilized';
    if (holding && !open) holds.push({ from: o.now, replicas: h.current });
    if (!holding && open) open.to = o.now;
  }
  for (const [zone, z] of Object.entries(o.zones)) {
    const states = (t.zoneStates[zone] ??= []);
    if (states.at(-1)?.state !== z.state) states.push({ at: o.now, state: z.state });
  }
  for (const [name, n] of Object.entries(o.nodes)) {
    if (n.ready.status !== 'True' && t.notReadyAt[name] === undefined) t.notReadyAt[name] = o.now;
    if (n.taints.some((x) => x.endsWith(':NoExecute')) && t.noExecuteAt[name] === undefined) t.noExecuteAt[name] = o.now;
  }
  for (const [name, p] of Object.entries(o.pods)) if (p.disruption && t.evicted[name] === undefined) t.evicted[name] = o.now;
  t.last = o;
}

/** Records an HPA's SuccessfulRescale (the event carries the new size and the reason). */
export function tallyEvent(t: Tally, e: Event): void {
  if (e.involvedObject?.kind !== 'HorizontalPodAutoscaler' || e.reason !== 'SuccessfulRescale') return;
  const size = Number(/^New size: (\d+)/.exec(e.message ?? '')?.[1]);
  (t.rescales[e.involvedObject.name ?? ''] ??= []).push({ at: eventTime(e), size, message: e.message ?? '' });
}

const rel = (t: Tally, at: number) => clockLabel(at - t.t0);
const after = (ms: number) => goDuration(Math.round(ms / 1000) * 1000);

/**
 * The summary: how fast the run went, each workload's replicas and rescales (with how long after a
 * load change they came), each failed zone (when its nodes went Unknown, when they were tainted
 * NoExecute and at what pace, evictions), zone states, and what was expected but not seen.
 */
export function summaryLines(s: Scenario, t: Tally, { end, wallMs }: { end: number; wallMs: number }): string[] {
  const simulated = end - t.t0;
  const out = [
    `Summary of ${s.name}: ${after(simulated)} of cluster time in ${(wallMs / 1000).toFixed(1)} s of wall time (${(simulated / Math.max(1, wallMs)).toFixed(0)}× real time)`,
  ];
  for (const [name, r] of Object.entries(t.replicas)) {
    out.push(`  deployment/${name}: ${r.first} replicas at the start, ${r.max} at most, ${r.min} at least, ${r.last} at the end`);
  }
  const loads = t.done.filter((d): d is typeof d & { step: Extract<Step, { load: unknown }> } => 'load' in d.step);
  for (const [name, rs] of Object.entries(t.rescales)) {
    out.push(`  hpa/${name}: ${rs.length} rescale${rs.length === 1 ? '' : 's'}`);
    let size: number | undefined;
    for (const r of rs.sort((a, b) => a.at - b.at)) {
      const cause = [...loads].reverse().find((l) => l.at <= r.at);
      const since = cause ? `, ${after(r.at - cause.at)} after the load went to ${cause.step.load.requestsPerSecond}/s at ${rel(t, cause.at)}` : '';
      const dir = size === undefined ? '' : r.size > size ? 'up ' : 'down ';
      out.push(`    ${rel(t, r.at)} ${dir}to ${r.size}${since}: ${r.message.replace(/^New size: \d+; /, '')}`);
      size = r.size;
    }
    for (const h of t.holds[name] ?? []) {
      const to = h.to ?? t.last?.now ?? h.from;
      out.push(`    held at ${h.replicas} from ${rel(t, h.from)} to ${h.to === undefined ? 'the end' : rel(t, to)} (${after(to - h.from)}): lower recommendations waited for the scale-down stabilization window`);
    }
  }
  const grace = DEFAULT_NODE_LIFECYCLE_CONFIG.nodeMonitorGracePeriodMs;
  for (const d of t.done) {
    if (!('failZone' in d.step) || !d.nodes) continue;
    const zone = d.step.failZone.zone;
    out.push(`  zone ${zone} failed at ${rel(t, d.at)} (${d.nodes.length} node${d.nodes.length === 1 ? '' : 's'}):`);
    const unknown = d.nodes.map((n) => t.notReadyAt[n]).filter((x): x is number => x !== undefined && x >= d.at).sort((a, b) => a - b);
    if (unknown.length) {
      out.push(`    not Ready ${after(unknown[0]! - d.at)}–${after(unknown.at(-1)! - d.at)} after the kubelets stopped (grace period ${after(grace)}), ${unknown.length}/${d.nodes.length} nodes`);
    } else {
      out.push(`    NOT OBSERVED: no node of ${zone} left Ready=True within ${after(Math.max(0, (t.last?.now ?? d.at) - d.at))} of the failure; is the node lifecycle controller running?`);
    }
    const tainted = d.nodes.map((n) => t.noExecuteAt[n]).filter((x): x is number => x !== undefined && x >= d.at).sort((a, b) => a - b);
    if (tainted.length) {
      const gaps = tainted.slice(1).map((x, i) => x - tainted[i]!);
      const pace = gaps.length ? `, one every ${after(gaps.reduce((a, b) => a + b, 0) / gaps.length)} on average (rate-limited per zone)` : '';
      out.push(`    tainted NoExecute at ${tainted.map((x) => rel(t, x)).join(', ')}${pace}`);
    } else if (unknown.length) {
      out.push('    no NoExecute taint observed (zone eviction rate 0, e.g. a partially disrupted small zone or a full-cluster outage, or no tainting controller)');
    }
  }
  const evicted = Object.values(t.evicted).sort((a, b) => a - b);
  if (evicted.length) out.push(`  evictions: ${evicted.length} pod${evicted.length === 1 ? '' : 's'} marked DisruptionTarget, first at ${rel(t, evicted[0]!)}, last at ${rel(t, evicted.at(-1)!)}`);
  else if (t.done.some((d) => 'failZone' in d.step)) out.push('  evictions: none observed');
  const zones = Object.entries(t.zoneStates).sort(([a], [b]) => a.localeCompare(b));
  if (zones.length) {
    out.push(`  zone states (the node lifecycle rule over Ready conditions): ${zones.map(([z, ss]) => `${z || '(none)'} ${ss.map((x, i) => (i ? `${x.state} (${rel(t, x.at)})` : x.state)).join(' → ')}`).join('; ')}`);
  }
  return out;
}
