import type { ContainerRun } from './container-run';
import { synchronizeEviction, type EvictionManagerState, type PodEviction } from './eviction-manager';
import { evictionCandidate, containerWorkingSets, runningWindow, tmpfsWritesOf, type PodMemory, type VolumeLedger } from './eviction-pod';
import type { EvictionThreshold } from './eviction-thresholds';
import { fnv1a } from './hash';
import type { SimEvent } from './node-conditions';
import { demandMaxBytes, firstCrossing, tmpfsWritten, type TmpfsWrites } from '../resources/memory-limit';
import { demandValue } from './demand';
import { selectOomVictim, type OomProcess } from '../resources/node-oom-killer';

/** One active pod of the node with what its memory depends on. */
export interface NodeMemoryPod {
  key: string;
  memory: PodMemory;
  runs: readonly ContainerRun[];
  ledger?: VolumeLedger;
}

/** Per-node state of the memory model between housekeeping runs. */
export interface NodeMemoryState {
  manager?: EvictionManagerState;
  /** The last run: the kernel's OOM killer is replayed over the time since. */
  lastSyncAt?: number;
}

export interface NodeMemorySyncInput {
  now: number;
  memoryCapacityBytes: number;
  pods: readonly NodeMemoryPod[];
  thresholds: readonly EvictionThreshold[];
  state?: NodeMemoryState;
  pressureTransitionPeriodMs?: number;
  maxPodGracePeriodSeconds?: number;
}

/** A container the kernel's OOM killer chose, and when. */
export interface OomKill {
  key: string;
  container: string;
  at: number;
}

export interface NodeMemorySyncResult {
  state: NodeMemoryState;
  conditions: 'MemoryPressure'[];
  evictions: PodEviction[];
  oomKills: OomKill[];
  /** Node events: SystemOOM, EvictionThresholdMet. */
  events: SimEvent[];
  memoryAvailableBytes: number;
}

/** How finely the OOM killer's replay samples the node's memory (demand curves change on whole seconds). */
const OOM_SCAN_STEP_MS = 100;
/** A runaway node cannot make one run kill without end. */
const MAX_OOM_KILLS = 32;

/**
 * The node's memory between two eviction-manager runs, then the run itself. The kernel acts first:
 * whenever the pods' working sets add up to more than the node's memory, its OOM killer kills the
 * container with the highest oom_badness at that millisecond (SystemOOM on the node). Then, at
 * `now`, the eviction manager observes memory.available and may evict one pod.
 */
export function nodeMemorySync(input: NodeMemorySyncInput): NodeMemorySyncResult {
  const { now, memoryCapacityBytes: capacity, pods } = input;
  const killed = new Map<string, Record<string, number>>();
  const oomKills: OomKill[] = [];
  const events: SimEvent[] = [];
  const from = input.state?.lastSyncAt;
  if (from !== undefined && from < now && capacity > 0 && memoryCeiling(pods) > capacity) {
    const procs = memoryProcesses(pods);
    const retained = pods.reduce((s, p) => s + p.memory.volumes.reduce((v, x) => v + (x.medium === 'Memory' ? (p.ledger?.[x.name]?.bytes ?? 0) : 0), 0), 0);
    // the hot loop of the replay: plain numbers per sample, no objects
    const total = (t: number) => {
      let sum = retained;
      for (const c of procs) if (t >= c.start && t < c.end) sum += workingSetOf(c, t);
      return sum;
    };
    let start = from;
    while (oomKills.length < MAX_OOM_KILLS) {
      const at = firstCrossing((t) => total(t) > capacity, start, now, OOM_SCAN_STEP_MS);
      if (at === undefined) break;
      const victim = selectOomVictim(processesAt(pods, at, killed), capacity);
      if (!victim) break;
      const [ns, pod, container] = victim.key.split('/') as [string, string, string];
      const key = `${ns}/${pod}`;
      killed.set(key, { ...killed.get(key), [container]: at });
      for (const c of procs) if (c.key === victim.key) c.end = Math.min(c.end, at);
      oomKills.push({ key, container, at });
      events.push({ type: 'Warning', reason: 'SystemOOM', message: `System OOM encountered, victim process: ${container}, pid: ${pid(victim.key, at)}`, atMs: at });
      start = at;
    }
  }
  const sync = synchronizeEviction({
    now,
    memoryCapacityBytes: capacity,
    pods: pods.map((p) => evictionCandidate(p.key, p.memory, p.runs, p.ledger, now, killed.get(p.key))),
    thresholds: input.thresholds,
    ...(input.state?.manager ? { state: input.state.manager } : {}),
    ...(input.pressureTransitionPeriodMs !== undefined ? { pressureTransitionPeriodMs: input.pressureTransitionPeriodMs } : {}),
    ...(input.maxPodGracePeriodSeconds !== undefined ? { maxPodGracePeriodSeconds: input.maxPodGracePeriodSeconds } : {}),
  });
  return {
    state: { manager: sync.state, lastSyncAt: now },
    conditions: sync.conditions,
    evictions: sync.evictions,
    oomKills,
    events: [...events, ...sync.events],
    memoryAvailableBytes: sync.memoryAvailableBytes,
  };
}

/** A running container reduced to what its working set at an instant needs. */
interface MemoryProcess {
  key: string;
  start: number;
  end: number;
  demand: PodMemory['containers'][number]['demand'];
  limitBytes: number;
  writes?: TmpfsWrites;
}

function memoryProcesses(pods: readonly NodeMemoryPod[]): MemoryProcess[] {
  const out: MemoryProcess[] = [];
  for (const p of pods) {
    for (const c of p.memory.containers) {
      const w = runningWindow(p.runs.find((r) => r.name === c.name));
      if (!w) continue;
      const writes = tmpfsWritesOf(c, p.memory, p.ledger);
      out.push({ key: `${p.key}/${c.name}`, start: w.start, end: w.end, demand: c.demand, limitBytes: c.limitBytes, ...(writes ? { writes } : {}) });
    }
  }
  return out;
}

// the same working set as containerWorkingSets, for one container already known to run at t
function workingSetOf(c: MemoryProcess, t: number): number {
  const ws = demandValue(c.demand, 'memory', t, c.start) + tmpfsWritten(c.writes, c.start, t);
  return c.limitBytes > 0 ? Math.min(ws, c.limitBytes) : ws;
}

// The most the node's pods could ever hold: when that fits, the OOM killer has nothing to replay.
function memoryCeiling(pods: readonly NodeMemoryPod[]): number {
  let sum = 0;
  for (const p of pods) {
    for (const c of p.memory.containers) {
      if (!runningWindow(p.runs.find((r) => r.name === c.name))) continue;
      const own = demandMaxBytes(c.demand) + (tmpfsWritesOf(c, p.memory, p.ledger)?.capBytes ?? 0);
      sum += c.limitBytes > 0 ? Math.min(c.limitBytes, own) : own;
    }
    for (const v of p.memory.volumes) if (v.medium === 'Memory') sum += p.ledger?.[v.name]?.bytes ?? 0;
  }
  return sum;
}

function processesAt(pods: readonly NodeMemoryPod[], t: number, killed: Map<string, Record<string, number>>): OomProcess[] {
  const out: OomProcess[] = [];
  for (const p of pods) {
    const ws = containerWorkingSets(p.memory, p.runs, p.ledger, t, killed.get(p.key));
    for (const c of p.memory.containers) {
      const rss = ws.get(c.name) ?? 0;
      if (rss > 0) out.push({ key: `${p.key}/${c.name}`, rssBytes: rss, oomScoreAdj: c.oomScoreAdj });
    }
  }
  return out;
}

// a stable pid for the simulated process (the kernel's message names one)
const pid = (key: string, at: number) => 1000 + (fnv1a(`${key}@${at}`) % 4_000_000);
