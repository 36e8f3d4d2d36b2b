import type { Binding, Pod } from 'kubernetes-types/core/v1';
import {
  addPodExtensions,
  cloneContext,
  newCycleContext,
  runFilters,
  runPreFilter,
  type CycleContext,
  type FrameworkHandle,
  type PostFilterResult,
  type Profile,
} from './framework';
import { fitErrorMessage } from './messages';
import { addPodToNode, cloneNodeInfo } from './node-info';
import { newPodInfo } from './pod-info';
import type { Snapshot } from './snapshot';
import { MAX_NODE_SCORE, type NodeInfo, type Status } from './types';

/** Below this many nodes every node is evaluated (minFeasibleNodesToFind). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** Floor of the adaptive percentage (minFeasibleNodesPercentageToFind). */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * Scheduler.numFeasibleNodesToFind: how many feasible nodes to find before scoring.
 * @example numFeasibleNodesToFind(5000) === 500 // adaptive 50 - 5000/125 = 10%
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentageOfNodesToScore;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** One score plugin's column: raw Score, after NormalizeScore, and × weight, aligned with ScoreTable.nodes. */
export interface PluginScores {
  plugin: string;
  weight: number;
  raw: number[];
  normalized: number[];
  weighted: number[];
}

/** Scores of every scored node, per plugin, and the totals used for selection. */
export interface ScoreTable {
  nodes: string[];
  plugins: PluginScores[];
  totals: number[];
}

/** Options of one cycle: injected randomness, the rotating start index, and the global percentage. */
export interface ScheduleOptions {
  rand: () => number;
  startIndex?: number;
  /** KubeSchedulerConfiguration.percentageOfNodesToScore; the profile's own value wins */
  percentageOfNodesToScore?: number;
}

/** The outcome of scheduleOne: plain data, ready to turn into a binding, events and an annotation. */
export interface ScheduleResult {
  node?: string;
  /** nodes that were rejected, with the first rejecting plugin's status */
  filterStatuses: Record<string, Status>;
  preFilterStatus?: Status;
  evaluatedNodes: number;
  feasibleNodes: string[];
  scores?: ScoreTable;
  nextStartIndex: number;
  /** the FailedScheduling event message when no node was chosen */
  failureMessage?: string;
  /** preemption outcome when no node fitted */
  postFilter?: PostFilterResult;
  /** the Binding to POST to pods/binding when a node was chosen */
  binding?: Binding;
  /** a Reserve/Permit/PreBind rejection after a node was chosen */
  bindingCycleStatus?: Status;
}

/**
 * RunFilterPluginsWithNominatedPods: when pods of equal or higher priority are nominated to the node,
 * the node must fit with them added and, if that passes, without them too.
 */
export function runFilterWithNominated(profile: Profile, ctx: CycleContext, node: NodeInfo): Status | null {
  const nominated = ctx.snapshot.nominated.get(node.name);
  if (nominated && nominated.length > 0) {
    const ge = nominated.filter((p) => p.priority >= ctx.podInfo.priority && p.key !== ctx.podInfo.key);
    if (ge.length > 0) {
      const c = cloneContext(ctx);
      const n = cloneNodeInfo(node);
      for (const p of ge) {
        addPodToNode(n, p);
        addPodExtensions(profile, c, p, n);
      }
      const s = runFilters(profile, c, n);
      if (s) return s;
    }
  }
  return runFilters(profile, ctx, node);
}

/** The framework handle PostFilter plugins receive. */
export function frameworkHandle(profile: Profile): FrameworkHandle {
  return {
    profile,
    runFilterWithNominated: (ctx, node) => runFilterWithNominated(profile, ctx, node),
    cloneContext,
  };
}

/** RunScorePlugins + NormalizeScore + weights; PreScore Skip bypasses a plugin's Score. */
export function prioritize(profile: Profile, ctx: CycleContext, nodes: NodeInfo[]): ScoreTable {
  for (const pl of profile.preScore) {
    const s = pl.preScore!(ctx, nodes);
    if (s && s.code === 'Skip') ctx.skip.add(pl.name);
  }
  const totals = new Array<number>(nodes.length).fill(0);
  const plugins: PluginScores[] = [];
  for (const { plugin, weight } of profile.score) {
    if (ctx.skip.has(plugin.name)) continue;
    const raw = new Array<number>(nodes.length);
    for (let i = 0; i < nodes.length; i++) raw[i] = plugin.score!(ctx, nodes[i]!);
    const normalized = raw.slice();
    if (plugin.normalizeScore) plugin.normalizeScore(ctx, normalized, nodes);
    const weighted = new Array<number>(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const n = normalized[i]!;
      if (n > MAX_NODE_SCORE || n < 0) throw new Error(`plugin "${plugin.name}" returns an invalid score ${n}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`);
      weighted[i] = n * weight;
      totals[i]! += weighted[i]!;
    }
    plugins.push({ plugin: plugin.name, weight, raw, normalized, weighted });
  }
  return { nodes: nodes.map((n) => n.name), plugins, totals };
}

/** selectHost: the highest total wins; k tied nodes each win with probability 1/k (reservoir sampling). */
export function selectHost(totals: number[], rand: () => number): number {
  let best = -1;
  let bestScore = -Infinity;
  let ties = 0;
  for (let i = 0; i < totals.length; i++) {
    const t = totals[i]!;
    if (t > bestScore) {
      bestScore = t;
      best = i;
      ties = 1;
    } else if (t === bestScore) {
      ties++;
      if (Math.floor(rand() * ties) === 0) best = i;
    }
  }
  return best;
}

function runBindingCycle(profile: Profile, ctx: CycleContext, node: string): { binding?: Binding; status?: Status } {
  const stages = [
    [profile.reserve, 'reserve'],
    [profile.permit, 'permit'],
    [profile.preBind, 'preBind'],
  ] as const;
  for (const [plugins, point] of stages) {
    for (const pl of plugins) {
      const s = pl[point]!(ctx, node);
      if (s && s.code !== 'Success' && s.code !== 'Skip') return { status: { ...s, plugin: pl.name } };
    }
  }
  for (const pl of profile.bind) {
    const b = pl.bind!(ctx, node);
    if (b) return { binding: b };
  }
  return {};
}

/**
 * One scheduling cycle (schedulePod + the binding cycle's pure part): PreFilter → Filter from the rotating
 * start index until enough feasible nodes are found → PreScore/Score/Normalize/weights → selectHost;
 * on failure PostFilter (preemption) and the FailedScheduling message. Does not assume the pod: call `assume`.
 */
export function scheduleOne(pod: Pod, snapshot: Snapshot, profile: Profile, opts: ScheduleOptions): ScheduleResult {
  const all = snapshot.nodes;
  const start = all.length > 0 ? (opts.startIndex ?? 0) % all.length : 0;
  const result: ScheduleResult = { filterStatuses: {}, evaluatedNodes: 0, feasibleNodes: [], nextStartIndex: start };
  const ctx = newCycleContext(pod, newPodInfo(pod), snapshot, opts.rand);
  const statuses = new Map<string, Status>();
  let feasible: NodeInfo[] = [];

  const fail = (preFilterMsg?: string): ScheduleResult => {
    for (const [n, s] of statuses) result.filterStatuses[n] = s;
    let postMsg: string | undefined;
    if (profile.postFilter.length > 0 && all.length > 0) {
      const handle = frameworkHandle(profile);
      const reasons: string[] = [];
      for (const pl of profile.postFilter) {
        const r = pl.postFilter!(ctx, statuses, handle);
        if (r.status.code === 'Success') {
          result.postFilter = r;
          reasons.length = 0;
          break;
        }
        result.postFilter = r;
        reasons.push(...r.status.reasons);
      }
      if (reasons.length > 0) postMsg = reasons.join(', ');
    }
    result.failureMessage = fitErrorMessage(all.length, statuses.values(), preFilterMsg, postMsg);
    return result;
  };

  const pre = runPreFilter(profile, ctx);
  if (pre) {
    result.preFilterStatus = pre;
    if (pre.code === 'Error') {
      result.failureMessage = `running PreFilter plugin "${pre.plugin}": ${pre.reasons.join(', ')}`;
      return result;
    }
    for (const n of all) statuses.set(n.name, pre);
    return fail(pre.reasons.join(', '));
  }

  // A pod that already won a preemption tries its nominated node first (evaluateNominatedNode).
  const nominated = pod.status?.nominatedNodeName ? snapshot.byName.get(pod.status.nominatedNodeName) : undefined;
  if (nominated && !runFilterWithNominated(profile, ctx, nominated)) feasible = [nominated];

  if (feasible.length === 0) {
    const pct = profile.percentageOfNodesToScore ?? opts.percentageOfNodesToScore ?? 0;
    const want = numFeasibleNodesToFind(all.length, pct);
    let processed = 0;
    for (let i = 0; i < all.length && feasible.length < want; i++) {
      const n = all[(start + i) % all.length]!;
      processed++;
      const s = runFilterWithNominated(profile, ctx, n);
      if (s) {
        if (s.code === 'Error') {
          result.failureMessage = `running "${s.plugin}" filter plugin: ${s.reasons.join(', ')}`;
          return result;
        }
        statuses.set(n.name, s);
      } else feasible.push(n);
    }
    result.evaluatedNodes = processed;
    result.nextStartIndex = all.length > 0 ? (start + processed) % all.length : 0;
  } else result.evaluatedNodes = 1;

  result.feasibleNodes = feasible.map((n) => n.name);
  if (feasible.length === 0) return fail();

  let chosen: NodeInfo;
  if (feasible.length === 1) {
    chosen = feasible[0]!;
  } else {
    const table = prioritize(profile, ctx, feasible);
    result.scores = table;
    chosen = feasible[selectHost(table.totals, opts.rand)]!;
  }
  for (const [n, s] of statuses) result.filterStatuses[n] = s;
  result.node = chosen.name;
  const bc = runBindingCycle(profile, ctx, chosen.name);
  if (bc.status) result.bindingCycleStatus = bc.status;
  if (bc.binding) result.binding = bc.binding;
  return result;
}

/** The plugins that rejected the pod in a failed cycle: what requeueUnschedulable needs to pick relevant events. */
export function unschedulablePlugins(r: ScheduleResult): string[] {
  const out = new Set<string>();
  if (r.preFilterStatus?.plugin) out.add(r.preFilterStatus.plugin);
  for (const s of Object.values(r.filterStatuses)) if (s.plugin) out.add(s.plugin);
  return [...out];
}
