import type { CycleContext, Plugin, StateData } from '../framework';
import { termMatches } from '../pod-info';
import { MAX_NODE_SCORE, status, type AffinityTerm, type NodeInfo, type PodInfo } from '../types';

/** InterPodAffinityArgs. */
export interface InterPodAffinityArgs {
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

type Counts = Map<string, number>;
const pair = (k: string, v: string) => `${k}\u0000${v}`;

function bump(m: Counts, n: NodeInfo, key: string, d: number): void {
  const v = n.labels[key];
  if (v === undefined) return;
  const p = pair(key, v);
  const c = (m.get(p) ?? 0) + d;
  if (c === 0) m.delete(p);
  else m.set(p, c);
}

class FilterState implements StateData {
  constructor(
    readonly existingAnti: Counts,
    readonly affinity: Counts,
    readonly anti: Counts,
  ) {}
  clone(): FilterState {
    return new FilterState(new Map(this.existingAnti), new Map(this.affinity), new Map(this.anti));
  }
}

function matchesAll(terms: AffinityTerm[], p: PodInfo, ns: Record<string, string> | undefined): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, p, ns)) return false;
  return true;
}

function updateWithPod(ctx: CycleContext, s: FilterState, p: PodInfo, n: NodeInfo, d: number): void {
  const me = ctx.podInfo;
  const nsOf = (ns: string) => ctx.snapshot.namespaceLabels.get(ns);
  for (const t of p.requiredAntiAffinity) if (termMatches(t, me, nsOf(me.namespace))) bump(s.existingAnti, n, t.topologyKey, d);
  if (matchesAll(me.requiredAffinity, p, nsOf(p.namespace))) for (const t of me.requiredAffinity) bump(s.affinity, n, t.topologyKey, d);
  for (const t of me.requiredAntiAffinity) if (termMatches(t, p, nsOf(p.namespace))) bump(s.anti, n, t.topologyKey, d);
}

/**
 * InterPodAffinity: required affinity/anti-affinity of the pod and anti-affinity of existing pods (symmetry)
 * filter by topology domain; preferred terms of both sides (and existing pods' required affinity with
 * hardPodAffinityWeight) score, normalized as 100·(s−min)/(max−min).
 */
export function interPodAffinity(args: InterPodAffinityArgs = {}): Plugin {
  const hardWeight = args.hardPodAffinityWeight ?? 1;
  const key = 'InterPodAffinity';
  const scoreKey = 'InterPodAffinity/score';
  return {
    name: 'InterPodAffinity',
    preFilter(ctx) {
      const me = ctx.podInfo;
      const nodes = ctx.snapshot.nodes;
      const anyAnti = nodes.some((n) => n.podsWithRequiredAntiAffinity > 0);
      if (me.requiredAffinity.length === 0 && me.requiredAntiAffinity.length === 0 && !anyAnti) return status('Skip');
      const s = new FilterState(new Map(), new Map(), new Map());
      const needAll = me.requiredAffinity.length > 0 || me.requiredAntiAffinity.length > 0;
      for (const n of nodes) {
        if (!needAll && n.podsWithRequiredAntiAffinity === 0) continue;
        for (const p of n.pods) {
          if (needAll) updateWithPod(ctx, s, p, n, 1);
          else for (const t of p.requiredAntiAffinity) if (termMatches(t, me, ctx.snapshot.namespaceLabels.get(me.namespace))) bump(s.existingAnti, n, t.topologyKey, 1);
        }
      }
      ctx.state.set(key, s);
      return null;
    },
    addPod: (ctx, p, n) => updateWithPod(ctx, ctx.state.get(key) as FilterState, p, n, 1),
    removePod: (ctx, p, n) => updateWithPod(ctx, ctx.state.get(key) as FilterState, p, n, -1),
    filter(ctx, n) {
      const s = ctx.state.get(key) as FilterState;
      const me = ctx.podInfo;
      // satisfyPodAffinity
      let podsExist = true;
      for (const t of me.requiredAffinity) {
        const v = n.labels[t.topologyKey];
        if (v === undefined) return status('UnschedulableAndUnresolvable', ERR_AFFINITY);
        if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
      }
      // The first pod of a group with affinity to itself may go anywhere with the topology labels.
      if (!podsExist && !(s.affinity.size === 0 && matchesAll(me.requiredAffinity, me, ctx.snapshot.namespaceLabels.get(me.namespace)))) {
        return status('UnschedulableAndUnresolvable', ERR_AFFINITY);
      }
      if (s.anti.size > 0) {
        for (const t of me.requiredAntiAffinity) {
          const v = n.labels[t.topologyKey];
          if (v !== undefined && (s.anti.get(pair(t.topologyKey, v)) ?? 0) > 0) return status('Unschedulable', ERR_ANTI_AFFINITY);
        }
      }
      if (s.existingAnti.size > 0) {
        for (const k in n.labels) if ((s.existingAnti.get(pair(k, n.labels[k]!)) ?? 0) > 0) return status('Unschedulable', ERR_EXISTING_ANTI_AFFINITY);
      }
      return null;
    },
    preScore(ctx) {
      const me = ctx.podInfo;
      const hasConstraints = me.preferredAffinity.length > 0 || me.preferredAntiAffinity.length > 0;
      if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return status('Skip');
      const topo = new Map<string, Map<string, number>>();
      const meNs = ctx.snapshot.namespaceLabels.get(me.namespace);
      const add = (t: AffinityTerm, w: number, p: PodInfo, ns: Record<string, string> | undefined, n: NodeInfo) => {
        if (!termMatches(t, p, ns)) return;
        const v = n.labels[t.topologyKey];
        if (v === undefined) return;
        let m = topo.get(t.topologyKey);
        if (!m) topo.set(t.topologyKey, (m = new Map()));
        m.set(v, (m.get(v) ?? 0) + w);
      };
      for (const n of ctx.snapshot.nodes) {
        if (!hasConstraints && n.podsWithAffinity === 0) continue;
        if (Object.keys(n.labels).length === 0) continue;
        for (const p of n.pods) {
          const pNs = ctx.snapshot.namespaceLabels.get(p.namespace);
          for (const t of me.preferredAffinity) add(t, t.weight, p, pNs, n);
          for (const t of me.preferredAntiAffinity) add(t, -t.weight, p, pNs, n);
          if (hardWeight > 0) for (const t of p.requiredAffinity) add(t, hardWeight, me, meNs, n);
          for (const t of p.preferredAffinity) add(t, t.weight, me, meNs, n);
          for (const t of p.preferredAntiAffinity) add(t, -t.weight, me, meNs, n);
        }
      }
      if (topo.size === 0) return status('Skip');
      ctx.state.set(scoreKey, { topo } as never);
      return null;
    },
    score(ctx, n) {
      const { topo } = ctx.state.get(scoreKey) as unknown as { topo: Map<string, Map<string, number>> };
      let score = 0;
      for (const [k, m] of topo) {
        const v = n.labels[k];
        if (v !== undefined) score += m.get(v) ?? 0;
      }
      return score;
    },
    normalizeScore(_ctx, scores) {
      let min = Infinity;
      let max = -Infinity;
      for (const s of scores) {
        if (s < min) min = s;
        if (s > max) max = s;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
    },
  };
}
