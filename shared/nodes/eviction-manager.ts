import type { SimEvent } from './node-conditions';
import { rankMemoryPressure, type EvictionCandidate } from './eviction-ranking';
import { EVICTION_DEFAULTS, formatThreshold, thresholdBytes, thresholdId, type EvictionThreshold } from './eviction-thresholds';
import { formatBytes } from './quantity';

/** What the eviction manager remembers between housekeeping runs (per node). */
export interface EvictionManagerState {
  /** When each currently met threshold was first observed (by thresholdId). */
  thresholdsFirstObservedAt: Record<string, number>;
  /** When each pressure condition was last observed. */
  nodeConditionsLastObservedAt: Record<string, number>;
}

/** Whether two records hold the same numbers (keys with an undefined value count as absent). */
function sameTimes(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  let n = 0;
  for (const k in a) {
    if (a[k] === undefined) continue;
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const k in b) if (b[k] !== undefined) n--;
  return n === 0;
}

/**
 * Whether two eviction-manager states are the same (absent and undefined alike): a run that changed
 * neither leaves the node's row as it was, without serializing both states to compare them.
 * @example sameEvictionManagerState(undefined, undefined) === true
 */
export function sameEvictionManagerState(a: EvictionManagerState | undefined, b: EvictionManagerState | undefined): boolean {
  if (!a || !b) return !a && !b;
  return sameTimes(a.thresholdsFirstObservedAt, b.thresholdsFirstObservedAt) && sameTimes(a.nodeConditionsLastObservedAt, b.nodeConditionsLastObservedAt);
}

export interface EvictionSyncInput {
  now: number;
  /** The node's memory capacity (memory.available is capacity − working set). */
  memoryCapacityBytes: number;
  /** The node's active pods (admitted, not terminal) with their stats. */
  pods: readonly EvictionCandidate[];
  thresholds: readonly EvictionThreshold[];
  state?: EvictionManagerState;
  pressureTransitionPeriodMs?: number;
  maxPodGracePeriodSeconds?: number;
}

/** One pod the eviction manager kills: upstream's status message, the event's annotations, the grace period. */
export interface PodEviction {
  key: string;
  message: string;
  annotations: Record<string, string>;
  gracePeriodSeconds: number;
  /** Threshold evictions add the DisruptionTarget condition (TerminationByKubelet); local-storage ones do not. */
  disruptionTarget: boolean;
}

export interface EvictionSyncResult {
  state: EvictionManagerState;
  /** Pressure conditions to report True, in the manager's order. */
  conditions: 'MemoryPressure'[];
  /** At most one pod per run for node pressure; every offender for local-storage limits. */
  evictions: PodEviction[];
  /** Node events (EvictionThresholdMet). */
  events: SimEvent[];
  /** The memory.available observation. */
  memoryAvailableBytes: number;
}

const NODE_LOW = (resource: string) => `The node was low on resource: ${resource}. `;

/**
 * One run of the kubelet eviction manager's synchronize (pkg/kubelet/eviction/eviction_manager.go)
 * for memory: observe memory.available, track when thresholds were first met and conditions last
 * seen (a condition stays for the pressure transition period), evict pods over an emptyDir
 * sizeLimit first, then — once a threshold has been met for its grace period — the first pod of
 * rankMemoryPressure that is not critical, with upstream's message.
 */
export function synchronizeEviction(input: EvictionSyncInput): EvictionSyncResult {
  const { now, memoryCapacityBytes: capacity } = input;
  const prev = input.state ?? { thresholdsFirstObservedAt: {}, nodeConditionsLastObservedAt: {} };
  const used = input.pods.reduce((s, p) => s + p.workingSetBytes, 0);
  const available = Math.max(0, capacity - used);
  const met = input.thresholds.filter((t) => thresholdBytes(t, capacity) > available);

  const firstObserved: Record<string, number> = {};
  for (const t of met) firstObserved[thresholdId(t)] = prev.thresholdsFirstObservedAt[thresholdId(t)] ?? now;
  const lastObserved: Record<string, number> = { ...prev.nodeConditionsLastObservedAt };
  if (met.length) lastObserved['MemoryPressure'] = now;
  const transition = input.pressureTransitionPeriodMs ?? EVICTION_DEFAULTS.pressureTransitionPeriodMs;
  const conditions = Object.entries(lastObserved).filter(([, at]) => now - at < transition).map(([c]) => c as 'MemoryPressure');
  const state: EvictionManagerState = { thresholdsFirstObservedAt: firstObserved, nodeConditionsLastObservedAt: lastObserved };
  const out: EvictionSyncResult = { state, conditions, evictions: [], events: [], memoryAvailableBytes: available };

  const local = input.pods.filter((p) => !p.critical).flatMap((p) => emptyDirEviction(p) ?? []);
  if (local.length) return { ...out, evictions: local };

  const due = met.filter((t) => now - firstObserved[thresholdId(t)]! >= t.gracePeriodMs);
  if (!due.length) return out;
  out.events.push({ type: 'Warning', reason: 'EvictionThresholdMet', message: 'Attempting to reclaim memory', atMs: now });
  const victim = rankMemoryPressure(input.pods).find((p) => !p.critical);
  if (!victim) return out;
  const hard = due[0]!.gracePeriodMs === 0;
  const { message, annotations } = evictionMessage(victim, due[0]!, capacity, available);
  out.evictions.push({ key: victim.key, message, annotations, gracePeriodSeconds: hard ? 0 : (input.maxPodGracePeriodSeconds ?? EVICTION_DEFAULTS.maxPodGracePeriodSeconds), disruptionTarget: true });
  return out;
}

/**
 * evictionMessage for memory: the starved resource, the threshold and what was available, then each
 * container using more than it requested.
 * @example "The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container hog was using 900Mi, request is 0, has larger consumption of memory. "
 */
export function evictionMessage(pod: EvictionCandidate, threshold: EvictionThreshold, capacity: number, available: number): { message: string; annotations: Record<string, string> } {
  let message = NODE_LOW('memory') + `Threshold quantity: ${formatThreshold(threshold, capacity)}, available: ${formatBytes(available)}. `;
  const names: string[] = [];
  const usage: string[] = [];
  for (const c of pod.containers) {
    if (c.workingSetBytes > c.memoryRequestBytes) {
      message += `Container ${c.name} was using ${formatBytes(c.workingSetBytes)}, request is ${c.memoryRequest ?? '0'}, has larger consumption of memory. `;
      names.push(c.name);
      usage.push(formatBytes(c.workingSetBytes));
    }
  }
  return { message, annotations: { offending_containers: names.join(','), offending_containers_usage: usage.join(','), starved_resource: 'memory' } };
}

// emptyDirLimitEviction: a volume holding strictly more than a positive sizeLimit evicts the pod at once
function emptyDirEviction(p: EvictionCandidate): PodEviction | undefined {
  for (const v of p.emptyDirs ?? []) {
    if (v.sizeLimitBytes !== undefined && v.sizeLimitBytes > 0 && v.usedBytes > v.sizeLimitBytes) {
      return { key: p.key, message: `Usage of EmptyDir volume ${JSON.stringify(v.name)} exceeds the limit ${JSON.stringify(v.sizeLimit ?? formatBytes(v.sizeLimitBytes))}. `, annotations: {}, gracePeriodSeconds: 0, disruptionTarget: false };
    }
  }
  return undefined;
}
