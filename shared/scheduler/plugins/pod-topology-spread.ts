import type { Node } from 'kubernetes-types/core/v1';
import type { CycleContext, Plugin, StateData } from '../framework';
import { compileRequiredNodeAffinity } from '../labels';
import { MAX_NODE_SCORE, status, type NodeInfo, type PodInfo } from '../types';
import { goRound } from './scoring-strategies';
import {
  SYSTEM_DEFAULT_CONSTRAINTS,
  countMatching,
  defaultConstraints,
  hasAllTopologyKeys,
  includesNode,
  podConstraints,
  type Constraint,
  type PodTopologySpreadArgs,
} from './spread-constraints';

export const ERR_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_NODE_LABEL_NOT_MATCH = `${ERR_CONSTRAINTS_NOT_MATCH} (missing required label)`;

class FilterState implements StateData {
  mins: (number | undefined)[];
  constructor(
    readonly constraints: Constraint[],
    readonly counts: Map<string, number>[],
    readonly affinity: (n: Node) => boolean,
  ) {
    this.mins = constraints.map(() => undefined);
  }
  clone(): FilterState {
    return new FilterState(this.constraints, this.counts.map((m) => new Map(m)), this.affinity);
  }
  /** minMatchNum: the global minimum, treated as 0 while fewer than minDomains domains exist. */
  min(i: number): number {
    const m = this.counts[i]!;
    if (m.size < this.constraints[i]!.minDomains) return 0;
    let v = this.mins[i];
    if (v === undefined) {
      v = 2147483647;
      for (const c of m.values()) if (c < v) v = c;
      this.mins[i] = v;
    }
    return v;
  }
}

function update(ctx: CycleContext, s: FilterState, p: PodInfo, n: NodeInfo, d: number): void {
  if (p.namespace !== ctx.podInfo.namespace || !hasAllTopologyKeys(n.labels, s.constraints)) return;
  s.constraints.forEach((c, i) => {
    if (!c.selector(p.labels) || !includesNode(c, ctx.pod, n.node, s.affinity)) return;
    const v = n.labels[c.topologyKey]!;
    s.counts[i]!.set(v, (s.counts[i]!.get(v) ?? 0) + d);
    s.mins[i] = undefined;
  });
}

interface ScoreState {
  constraints: Constraint[];
  ignored: Set<string>;
  pairCounts: Map<string, number>[];
  weights: number[];
}

/**
 * PodTopologySpread: DoNotSchedule constraints filter on skew = matching pods in the domain (+1 if the pod
 * matches itself) − global minimum ≤ maxSkew; ScheduleAnyway constraints (or the system defaults, built from
 * Services/controllers selecting the pod) score with log-weighted counts, fewer matching pods scoring higher.
 */
export function podTopologySpread(args: PodTopologySpreadArgs = {}): Plugin {
  const systemDefaulted = (args.defaultingType ?? 'System') === 'System';
  const defaults = systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : (args.defaultConstraints ?? []);
  const constraintsFor = (ctx: CycleContext, when: 'DoNotSchedule' | 'ScheduleAnyway') =>
    (ctx.pod.spec?.topologySpreadConstraints ?? []).length > 0
      ? podConstraints(ctx.pod, when)
      : defaultConstraints(ctx.pod, ctx.snapshot, defaults, when);
  const key = 'PodTopologySpread';
  const scoreKey = 'PodTopologySpread/score';
  return {
    name: 'PodTopologySpread',
    preFilter(ctx) {
      const constraints = constraintsFor(ctx, 'DoNotSchedule');
      if (constraints.length === 0) return status('Skip');
      const affinity = compileRequiredNodeAffinity(ctx.pod);
      const s = new FilterState(constraints, constraints.map(() => new Map()), affinity);
      for (const n of ctx.snapshot.nodes) {
        if (!hasAllTopologyKeys(n.labels, constraints)) continue;
        constraints.forEach((c, i) => {
          if (!includesNode(c, ctx.pod, n.node, affinity)) return;
          const v = n.labels[c.topologyKey]!;
          s.counts[i]!.set(v, (s.counts[i]!.get(v) ?? 0) + countMatching(n.pods, c.selector, ctx.podInfo.namespace));
        });
      }
      ctx.state.set(key, s);
      return null;
    },
    addPod: (ctx, p, n) => update(ctx, ctx.state.get(key) as FilterState, p, n, 1),
    removePod: (ctx, p, n) => update(ctx, ctx.state.get(key) as FilterState, p, n, -1),
    filter(ctx, n) {
      const s = ctx.state.get(key) as FilterState;
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i]!;
        const v = n.labels[c.topologyKey];
        if (v === undefined) return status('UnschedulableAndUnresolvable', ERR_NODE_LABEL_NOT_MATCH);
        const self = c.selector(ctx.podInfo.labels) ? 1 : 0;
        const skew = (s.counts[i]!.get(v) ?? 0) + self - s.min(i);
        if (skew > c.maxSkew) return status('Unschedulable', ERR_CONSTRAINTS_NOT_MATCH);
      }
      return null;
    },
    preScore(ctx, filtered) {
      const constraints = constraintsFor(ctx, 'ScheduleAnyway');
      if (constraints.length === 0) return status('Skip');
      const requireAll = (ctx.pod.spec?.topologySpreadConstraints ?? []).length > 0 || !systemDefaulted;
      const st: ScoreState = { constraints, ignored: new Set(), pairCounts: constraints.map(() => new Map()), weights: [] };
      const sizes = constraints.map(() => 0);
      for (const n of filtered) {
        if (requireAll && !hasAllTopologyKeys(n.labels, constraints)) {
          st.ignored.add(n.name);
          continue;
        }
        constraints.forEach((c, i) => {
          if (c.topologyKey === 'kubernetes.io/hostname') return;
          const v = n.labels[c.topologyKey] ?? '';
          if (!st.pairCounts[i]!.has(v)) {
            st.pairCounts[i]!.set(v, 0);
            sizes[i]!++;
          }
        });
      }
      st.weights = constraints.map((c, i) =>
        Math.log((c.topologyKey === 'kubernetes.io/hostname' ? filtered.length - st.ignored.size : sizes[i]!) + 2),
      );
      const affinity = compileRequiredNodeAffinity(ctx.pod);
      for (const n of ctx.snapshot.nodes) {
        if (requireAll && !hasAllTopologyKeys(n.labels, constraints)) continue;
        constraints.forEach((c, i) => {
          if (c.topologyKey === 'kubernetes.io/hostname' || !includesNode(c, ctx.pod, n.node, affinity)) return;
          const v = n.labels[c.topologyKey] ?? '';
          const cur = st.pairCounts[i]!.get(v);
          if (cur === undefined) return;
          st.pairCounts[i]!.set(v, cur + countMatching(n.pods, c.selector, ctx.podInfo.namespace));
        });
      }
      ctx.state.set(scoreKey, st as never);
      return null;
    },
    score(ctx, n) {
      const st = ctx.state.get(scoreKey) as unknown as ScoreState;
      if (st.ignored.has(n.name)) return 0;
      let score = 0;
      st.constraints.forEach((c, i) => {
        const v = n.labels[c.topologyKey];
        if (v === undefined) return;
        const cnt =
          c.topologyKey === 'kubernetes.io/hostname'
            ? countMatching(n.pods, c.selector, ctx.podInfo.namespace)
            : (st.pairCounts[i]!.get(v) ?? 0);
        score += cnt * st.weights[i]! + (c.maxSkew - 1);
      });
      return goRound(score);
    },
    normalizeScore(ctx, scores, nodes) {
      const st = ctx.state.get(scoreKey) as unknown as ScoreState;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      nodes.forEach((n, i) => {
        if (st.ignored.has(n.name)) return;
        if (scores[i]! < min) min = scores[i]!;
        if (scores[i]! > max) max = scores[i]!;
      });
      nodes.forEach((n, i) => {
        if (st.ignored.has(n.name)) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
      });
    },
  };
}
