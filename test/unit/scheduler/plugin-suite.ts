import type { Node, Pod } from 'kubernetes-types/core/v1';
import { expect, test } from 'vitest';
import { newCycleContext, newPodInfo, buildSnapshot, type ClusterState, type Plugin } from '../../../shared/scheduler';

/** One plugin case: the cluster, the pod, and what upstream's plugin returns for each node. */
export interface PluginCase {
  name: string;
  plugin: Plugin;
  nodes: Node[];
  pods?: Pod[];
  pod: Pod;
  cluster?: Omit<ClusterState, 'nodes' | 'pods'>;
  /** PreFilter rejection reason, when the whole pod is rejected */
  preFilter?: string;
  /** node → rejection reason, or null when the node passes; nodes not listed are not checked */
  filter?: Record<string, string | null>;
  /** node → raw Score */
  raw?: Record<string, number>;
  /** node → score after NormalizeScore */
  normalized?: Record<string, number>;
}

/** Runs a plugin's extension points the way the framework does and returns what it observed. */
export function runPlugin(c: PluginCase) {
  const snapshot = buildSnapshot({ nodes: c.nodes, pods: c.pods ?? [], ...c.cluster });
  const ctx = newCycleContext(c.pod, newPodInfo(c.pod), snapshot, () => 0);
  const pre = c.plugin.preFilter?.(ctx) ?? null;
  const filter: Record<string, string | null> = {};
  const passing = [];
  for (const n of snapshot.nodes) {
    const s = pre?.code === 'Skip' || !c.plugin.filter ? null : pre ? pre : c.plugin.filter(ctx, n);
    filter[n.name] = s ? s.reasons.join(', ') : null;
    if (!s) passing.push(n);
  }
  const raw: Record<string, number> = {};
  const normalized: Record<string, number> = {};
  if (c.plugin.score) {
    const skip = c.plugin.preScore?.(ctx, passing)?.code === 'Skip';
    const scores = passing.map((n) => (skip ? 0 : c.plugin.score!(ctx, n)));
    passing.forEach((n, i) => (raw[n.name] = scores[i]!));
    if (!skip) c.plugin.normalizeScore?.(ctx, scores, passing);
    passing.forEach((n, i) => (normalized[n.name] = scores[i]!));
  }
  return { pre, filter, raw, normalized };
}

/** The one suite shape every plugin's table runs through. */
export function pluginSuite(cases: PluginCase[]): void {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = runPlugin(c);
    if (c.preFilter !== undefined) expect(got.pre?.reasons.join(', ')).toBe(c.preFilter);
    if (c.filter) for (const [n, want] of Object.entries(c.filter)) expect(got.filter[n], `filter ${n}`).toBe(want);
    if (c.raw) expect(got.raw).toEqual(c.raw);
    if (c.normalized) expect(got.normalized).toEqual(c.normalized);
  });
}
