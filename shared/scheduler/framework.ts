import type { Binding, Pod } from 'kubernetes-types/core/v1';
import type { Snapshot } from './snapshot';
import type { NodeInfo, PodInfo, Status } from './types';

/** Per-plugin cycle state; `clone` lets preemption dry runs change it without touching the real cycle. */
export interface StateData {
  clone?(): StateData;
}

/** Everything one scheduling cycle shares between plugins (CycleState + the pod + the snapshot). */
export interface CycleContext {
  pod: Pod;
  podInfo: PodInfo;
  snapshot: Snapshot;
  state: Map<string, StateData>;
  /** plugins whose PreFilter/PreScore returned Skip */
  skip: Set<string>;
  rand: () => number;
}

/** The queue's view of a pod, what QueueSort compares. */
export interface QueuedPodRef {
  priority: number;
  timestamp: number;
}

/** What a PostFilter plugin (preemption) proposes when no node fits. */
export interface PostFilterResult {
  status: Status;
  nominatedNodeName?: string;
  victims?: Pod[];
}

/**
 * A scheduler plugin: implement only the extension points it serves. Returning `null` means Success.
 * Plugins are stateless across cycles; per-cycle data lives in `ctx.state` under the plugin's name.
 */
export interface Plugin {
  name: string;
  less?(a: QueuedPodRef, b: QueuedPodRef): boolean;
  preFilter?(ctx: CycleContext): Status | null;
  /** PreFilterExtensions.AddPod/RemovePod: keep PreFilter state right when preemption adds or removes pods. */
  addPod?(ctx: CycleContext, added: PodInfo, node: NodeInfo): void;
  removePod?(ctx: CycleContext, removed: PodInfo, node: NodeInfo): void;
  filter?(ctx: CycleContext, node: NodeInfo): Status | null;
  postFilter?(ctx: CycleContext, statuses: Map<string, Status>, fw: FrameworkHandle): PostFilterResult;
  preScore?(ctx: CycleContext, nodes: NodeInfo[]): Status | null;
  score?(ctx: CycleContext, node: NodeInfo): number;
  normalizeScore?(ctx: CycleContext, scores: number[], nodes: NodeInfo[]): void;
  reserve?(ctx: CycleContext, nodeName: string): Status | null;
  permit?(ctx: CycleContext, nodeName: string): Status | null;
  preBind?(ctx: CycleContext, nodeName: string): Status | null;
  bind?(ctx: CycleContext, nodeName: string): Binding | null;
}

/** A score plugin with its weight in a profile. */
export interface WeightedPlugin {
  plugin: Plugin;
  weight: number;
}

/** A resolved scheduling profile: the ordered plugins at each extension point. */
export interface Profile {
  schedulerName: string;
  percentageOfNodesToScore?: number;
  queueSort: Plugin[];
  preFilter: Plugin[];
  filter: Plugin[];
  postFilter: Plugin[];
  preScore: Plugin[];
  score: WeightedPlugin[];
  reserve: Plugin[];
  permit: Plugin[];
  preBind: Plugin[];
  bind: Plugin[];
}

/** What PostFilter plugins may call back into (framework.Handle). */
export interface FrameworkHandle {
  profile: Profile;
  runFilterWithNominated(ctx: CycleContext, node: NodeInfo): Status | null;
  cloneContext(ctx: CycleContext): CycleContext;
}

/** Starts a cycle for a pod. */
export function newCycleContext(pod: Pod, podInfo: PodInfo, snapshot: Snapshot, rand: () => number): CycleContext {
  return { pod, podInfo, snapshot, state: new Map(), skip: new Set(), rand };
}

/** CycleState.Clone. */
export function cloneContext(ctx: CycleContext): CycleContext {
  const state = new Map<string, StateData>();
  for (const [k, v] of ctx.state) state.set(k, v.clone ? v.clone() : v);
  return { ...ctx, state, skip: new Set(ctx.skip) };
}

/** RunPreFilterPlugins: the first rejection wins; Skip marks the plugin's Filter as bypassed. */
export function runPreFilter(profile: Profile, ctx: CycleContext): Status | null {
  for (const pl of profile.preFilter) {
    const s = pl.preFilter!(ctx);
    if (!s) continue;
    if (s.code === 'Skip') {
      ctx.skip.add(pl.name);
      continue;
    }
    return { ...s, plugin: pl.name };
  }
  return null;
}

/** RunFilterPlugins: stops at the first plugin that rejects the node. */
export function runFilters(profile: Profile, ctx: CycleContext, node: NodeInfo): Status | null {
  const plugins = profile.filter;
  for (let i = 0; i < plugins.length; i++) {
    const pl = plugins[i]!;
    if (ctx.skip.size > 0 && ctx.skip.has(pl.name)) continue;
    const s = pl.filter!(ctx, node);
    if (s) return s.plugin ? s : { ...s, plugin: pl.name };
  }
  return null;
}

/** Runs every PreFilter extension after adding a pod to a (cloned) node. */
export function addPodExtensions(profile: Profile, ctx: CycleContext, p: PodInfo, node: NodeInfo): void {
  for (const pl of profile.preFilter) if (pl.addPod && !ctx.skip.has(pl.name)) pl.addPod(ctx, p, node);
}

/** Runs every PreFilter extension after removing a pod from a (cloned) node. */
export function removePodExtensions(profile: Profile, ctx: CycleContext, p: PodInfo, node: NodeInfo): void {
  for (const pl of profile.preFilter) if (pl.removePod && !ctx.skip.has(pl.name)) pl.removePod(ctx, p, node);
}
