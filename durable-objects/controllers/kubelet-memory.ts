import type { Node, Pod, PodStatus } from 'kubernetes-types/core/v1';
import {
  defaultNodePool,
  EVICTED_REASON,
  evictedPodStatus,
  EVICTION_DEFAULTS,
  nodeMemorySync,
  parseBytes,
  parseEvictionThresholds,
  podMemoryOf,
  runningWindow,
  sameEvictionManagerState,
  settleVolumeWrites,
  tmpfsWritesOf,
  type EffectiveProfile,
  type EvictionThreshold,
  type NodeMemoryPod,
  type NodeMemoryState,
  type NodePool,
  type PodEvictionRecord,
  type PodMemory,
  type PodRunState,
  type SimEvent,
  type VolumeLedger,
} from '../../shared/nodes';
import { memoryExceedsAt } from '../../shared/resources/memory-limit';
import type { Rows } from './state-rows';

/** The memory model's part of a kubelet pod row. */
export interface MemoryPodEntry {
  node: string;
  run?: PodRunState;
  rejected?: boolean;
  mem?: PodMemory;
  ledger?: VolumeLedger;
  evicted?: PodEvictionRecord & { written?: boolean };
}

/** What the eviction manager and the kernel did on one node this run. */
export interface NodeMemoryOutcome {
  memoryPressure: boolean;
  /** Node events (SystemOOM, EvictionThresholdMet). */
  events: SimEvent[];
  /** Pods whose run state changed (an OOM kill or an eviction): reconcile them now. */
  affected: string[];
}

/** Pod row keys by node (built from the rows once per host, then kept up as pods are admitted and forgotten). */
export function podsByNode(pods: Rows<MemoryPodEntry>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, e] of pods.scan()) {
    const set = out.get(e.node);
    if (set) set.add(key);
    else out.set(e.node, new Set([key]));
  }
  return out;
}

/** What the eviction manager needs of a node's pool, worked out once per pool read (not per heartbeat). */
export interface PoolEviction {
  thresholds: EvictionThreshold[];
}

/** The pool's eviction thresholds (the kubelet's defaults without a pool). */
export function poolEviction(pool: NodePool | undefined): PoolEviction {
  const spec = pool ? defaultNodePool(pool).spec : undefined;
  const parsed = parseEvictionThresholds({ hard: spec?.evictionHard ?? EVICTION_DEFAULTS.hard, soft: spec?.evictionSoft, softGracePeriod: spec?.evictionSoftGracePeriod });
  return { thresholds: 'thresholds' in parsed ? parsed.thresholds : [] };
}

/**
 * The eviction manager's housekeeping for one node (every node heartbeat, 10 s by default): replay
 * the kernel's OOM killer over the time since the last run, observe memory.available, evict; the
 * decisions are `nodeMemorySync`'s, this only applies them to the pods' rows.
 */
export function nodeMemoryHousekeeping(node: Node, eviction: PoolEviction, keys: Iterable<string>, pods: Rows<MemoryPodEntry>, memory: Rows<NodeMemoryState>, now: number): NodeMemoryOutcome {
  const name = node.metadata?.name ?? '';
  const active: NodeMemoryPod[] = [];
  for (const key of keys) {
    const e = pods.get(key);
    if (e && e.mem && e.run && !e.rejected && !e.evicted && e.run.terminatingSince === undefined) active.push({ key, memory: e.mem, runs: e.run.containers, ...(e.ledger ? { ledger: e.ledger } : {}) });
  }
  const capacity = parseBytes(node.status?.capacity?.['memory']) ?? 0;
  const prev = memory.get(name);
  const r = nodeMemorySync({ now, memoryCapacityBytes: capacity, pods: active, thresholds: eviction.thresholds, ...(prev ? { state: prev } : {}) });
  if (prev && sameEvictionManagerState(prev.manager, r.state.manager)) {
    // only the time of the run moved: keep it in memory, not a row write per node per heartbeat (after
    // a restart the replay starts from the last written time, which only widens the window it checks)
    prev.lastSyncAt = r.state.lastSyncAt;
  } else memory.put(name, r.state);
  const affected = new Set<string>();
  for (const k of r.oomKills) {
    const e = pods.get(k.key);
    const c = e?.run?.containers.find((x) => x.name === k.container);
    if (!e?.run || !c || c.stage !== 'running') continue;
    // the kernel's SIGKILL ends the instance as the memory cgroup's would: OOMKilled, 137
    const at = Math.max(k.at, e.run.cursor);
    c.oomAt = at;
    c.nextAt = Math.min(c.nextAt ?? Infinity, at);
    pods.put(k.key, e);
    affected.add(k.key);
  }
  for (const ev of r.evictions) {
    const e = pods.get(ev.key);
    if (!e) continue;
    e.evicted = { at: now, message: ev.message, disruptionTarget: ev.disruptionTarget };
    pods.put(ev.key, e);
    affected.add(ev.key);
  }
  return { memoryPressure: r.conditions.includes('MemoryPressure'), events: r.events, affected: [...affected] };
}

/**
 * After a pod step: remember what its memory depends on, carry ended instances' writes into the
 * emptyDir ledger, and let a container writing to a Memory-medium emptyDir be OOM-killed when its
 * working set plus its tmpfs pages cross its limit. Returns when the pod next needs a step for that.
 */
export function afterPodStep(e: MemoryPodEntry, pod: Pod, profile: EffectiveProfile, node: Node): number | undefined {
  if (!e.run) return undefined;
  const mem = podMemoryOf(pod, profile, node);
  e.mem = mem;
  if (!mem.containers.some((c) => c.writes)) return undefined;
  e.ledger = settleVolumeWrites(mem, e.run.containers, e.ledger);
  let next: number | undefined;
  for (const c of mem.containers) {
    const writes = tmpfsWritesOf(c, mem, e.ledger);
    const r = e.run.containers.find((x) => x.name === c.name);
    const w = runningWindow(r);
    if (!writes || !r || r.stage !== 'running' || !w || !(c.limitBytes > 0)) continue;
    const at = memoryExceedsAt(c.demand, c.limitBytes, w.start, Math.max(w.start, e.run.cursor), writes);
    if (at === undefined || (r.oomAt !== undefined && r.oomAt <= at)) continue;
    r.oomAt = at;
    r.nextAt = Math.min(r.nextAt ?? Infinity, at);
    next = Math.min(next ?? Infinity, at);
  }
  return next;
}

/** The status to write for an evicted pod (once), and its Evicted event. */
export function evictionWrite(e: MemoryPodEntry, status: PodStatus): { status: PodStatus; event: SimEvent } | undefined {
  if (!e.evicted || e.evicted.written) return undefined;
  e.evicted.written = true;
  return { status: evictedPodStatus(status, e.evicted), event: { type: 'Warning', reason: EVICTED_REASON, message: e.evicted.message, atMs: e.evicted.at } };
}
