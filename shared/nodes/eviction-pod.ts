import type { Node, Pod } from 'kubernetes-types/core/v1';
import { demandValue } from './demand';
import type { ContainerRun } from './container-run';
import type { EvictionCandidate } from './eviction-ranking';
import { podLimits, podRequests } from './pod-resources';
import { formatBytes, parseBytes } from './quantity';
import type { Demand, EffectiveProfile } from './workload-profile';
import { oomScoreAdj } from '../resources/oom-score-adj';
import { tmpfsWritten, type TmpfsWrites } from '../resources/memory-limit';

/** Priority from which a pod is critical (scheduling.SystemCriticalPriority). */
const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** One container as the node's memory model sees it. */
export interface MemoryContainer {
  name: string;
  demand?: Demand;
  /** 0: no memory limit. */
  limitBytes: number;
  /** The request as written (for the eviction message), and in bytes. */
  memoryRequest?: string;
  memoryRequestBytes: number;
  oomScoreAdj: number;
  /** Bytes per second it writes, by emptyDir volume name. */
  writes?: Record<string, number>;
}

/** An emptyDir of the pod: its medium, its sizeLimit, and for Memory the tmpfs size. */
export interface MemoryVolume {
  name: string;
  medium: '' | 'Memory';
  sizeLimit?: string;
  sizeLimitBytes?: number;
  /** Memory medium: min(node allocatable memory, pod memory limit, sizeLimit). */
  tmpfsBytes?: number;
}

/** What the kubelet keeps of a pod to compute its memory at any instant (stored with the pod's run state). */
export interface PodMemory {
  name: string;
  priority: number;
  critical: boolean;
  memoryRequestBytes: number;
  containers: MemoryContainer[];
  volumes: MemoryVolume[];
}

/** Bytes each emptyDir holds from container instances that have ended (they survive restarts). */
export type VolumeLedger = Record<string, { bytes: number; counted: Record<string, number> }>;

function isCritical(pod: Pod): boolean {
  const source = pod.metadata?.annotations?.['kubernetes.io/config.source'] ?? 'api';
  return source !== 'api' || pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined || (pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY;
}

/**
 * The memory model's view of a pod on `node`: each container's memory curve, limit, request and
 * oom_score_adj, the emptyDirs it writes to (tmpfs sized as pkg/volume/emptydir does), its priority.
 */
export function podMemoryOf(pod: Pod, profile: EffectiveProfile, node: Node): PodMemory {
  const capacity = parseBytes(node.status?.capacity?.['memory']) ?? 0;
  const allocatable = parseBytes(node.status?.allocatable?.['memory']) ?? capacity;
  const podLimit = podLimits(pod).memoryBytes;
  const volumes: MemoryVolume[] = (pod.spec?.volumes ?? []).filter((v) => v.emptyDir).map((v) => {
    const sizeLimitBytes = parseBytes(v.emptyDir!.sizeLimit);
    const medium = v.emptyDir!.medium === 'Memory' ? ('Memory' as const) : ('' as const);
    const tmpfs = medium === 'Memory' ? Math.min(allocatable, podLimit ?? Infinity, sizeLimitBytes && sizeLimitBytes > 0 ? sizeLimitBytes : Infinity) : undefined;
    return { name: v.name, medium, ...(v.emptyDir!.sizeLimit !== undefined ? { sizeLimit: String(v.emptyDir!.sizeLimit), sizeLimitBytes } : {}), ...(tmpfs !== undefined ? { tmpfsBytes: tmpfs } : {}) };
  });
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c): MemoryContainer => {
    const b = profile.containers[c.name] ?? {};
    const req = c.resources?.requests?.['memory'];
    const writes: Record<string, number> = {};
    for (const [vol, rate] of Object.entries(b.volumeWrites ?? {})) {
      const bps = parseBytes(rate);
      if (bps && volumes.some((v) => v.name === vol)) writes[vol] = bps;
    }
    return {
      name: c.name,
      ...(b.memory ? { demand: b.memory } : {}),
      limitBytes: parseBytes(c.resources?.limits?.['memory']) ?? 0,
      ...(req !== undefined ? { memoryRequest: /[KMGTPE]i$/.test(String(req)) ? formatBytes(parseBytes(req) ?? 0) : String(req) } : {}),
      memoryRequestBytes: parseBytes(req) ?? 0,
      oomScoreAdj: oomScoreAdj(pod, c, capacity || 1),
      ...(Object.keys(writes).length ? { writes } : {}),
    };
  });
  return { name: pod.metadata?.name ?? '', priority: pod.spec?.priority ?? 0, critical: isCritical(pod), memoryRequestBytes: podRequests(pod).memoryBytes, containers, volumes };
}

/** The window [start, end) in which a container's current instance runs, as its run state has it planned. */
export function runningWindow(r: ContainerRun | undefined): { start: number; end: number } | undefined {
  if (!r) return undefined;
  if (r.stage === 'running' && r.startedAt !== undefined) return { start: r.startedAt, end: r.nextAt ?? Infinity };
  // created and about to start: it runs from its start on, with a curve anchored there
  if (r.stage === 'creating' && r.nextAt !== undefined) return { start: r.nextAt, end: Infinity };
  return undefined;
}

/** What a container's tmpfs writes can add in its current instance: the free space when it started. */
export function tmpfsWritesOf(c: MemoryContainer, pm: PodMemory, ledger: VolumeLedger | undefined): TmpfsWrites | undefined {
  let rate = 0;
  let cap = 0;
  for (const [vol, bps] of Object.entries(c.writes ?? {})) {
    const v = pm.volumes.find((x) => x.name === vol);
    if (v?.medium !== 'Memory') continue;
    rate += bps;
    cap += Math.max(0, (v.tmpfsBytes ?? 0) - (ledger?.[vol]?.bytes ?? 0));
  }
  return rate > 0 ? { bytesPerSecond: rate, capBytes: cap } : undefined;
}

/**
 * Working set of every container at `t` (0 when not running): its memory curve plus the tmpfs
 * pages it wrote, never above its limit (the cgroup reclaims or kills there). `killedAt` ends an
 * instance early (the node OOM killer's victims).
 */
export function containerWorkingSets(pm: PodMemory, runs: readonly ContainerRun[], ledger: VolumeLedger | undefined, t: number, killedAt: Record<string, number> = {}): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of pm.containers) {
    const w = runningWindow(runs.find((r) => r.name === c.name));
    const end = Math.min(w?.end ?? -Infinity, killedAt[c.name] ?? Infinity);
    if (!w || t < w.start || t >= end) { out.set(c.name, 0); continue; }
    const ws = demandValue(c.demand, 'memory', t, w.start) + tmpfsWritten(tmpfsWritesOf(c, pm, ledger), w.start, t);
    out.set(c.name, c.limitBytes > 0 ? Math.min(ws, c.limitBytes) : ws);
  }
  return out;
}

/** Bytes each emptyDir holds at `t`: what ended instances left plus what running writers wrote, a tmpfs never past its size. */
export function emptyDirUsage(pm: PodMemory, runs: readonly ContainerRun[], ledger: VolumeLedger | undefined, t: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of pm.volumes) {
    let bytes = ledger?.[v.name]?.bytes ?? 0;
    for (const c of pm.containers) {
      const bps = c.writes?.[v.name];
      const w = runningWindow(runs.find((r) => r.name === c.name));
      if (bps && w && t >= w.start && t < w.end) bytes += Math.floor((bps * (t - w.start)) / 1000);
    }
    out.set(v.name, v.medium === 'Memory' ? Math.min(bytes, v.tmpfsBytes ?? bytes) : bytes);
  }
  return out;
}

/**
 * Carry into the ledger what ended instances wrote (each instance once, by its start time): the
 * previous instance (lastState) and a current one that has terminated.
 */
export function settleVolumeWrites(pm: PodMemory, runs: readonly ContainerRun[], ledger: VolumeLedger = {}): VolumeLedger {
  const out: VolumeLedger = structuredClone(ledger);
  for (const c of pm.containers) {
    const r = runs.find((x) => x.name === c.name);
    if (!r || !c.writes) continue;
    const ended = [r.last ? { start: r.last.startedAt, end: r.last.finishedAt } : undefined, r.stage === 'terminated' && r.startedAt !== undefined && r.finishedAt !== undefined ? { start: r.startedAt, end: r.finishedAt } : undefined];
    for (const inst of ended) {
      if (!inst) continue;
      for (const [vol, bps] of Object.entries(c.writes)) {
        const v = pm.volumes.find((x) => x.name === vol);
        const entry = (out[vol] ??= { bytes: 0, counted: {} });
        if ((entry.counted[c.name] ?? -Infinity) >= inst.start) continue;
        const written = Math.floor((bps * Math.max(0, inst.end - inst.start)) / 1000);
        entry.bytes = v?.medium === 'Memory' ? Math.min(v.tmpfsBytes ?? Infinity, entry.bytes + written) : entry.bytes + written;
        entry.counted[c.name] = inst.start;
      }
    }
  }
  return out;
}

/** The pod's stats at `t` as the eviction manager reads them (tmpfs pages of ended instances stay charged to the pod). */
export function evictionCandidate(key: string, pm: PodMemory, runs: readonly ContainerRun[], ledger: VolumeLedger | undefined, t: number, killedAt?: Record<string, number>): EvictionCandidate {
  const ws = containerWorkingSets(pm, runs, ledger, t, killedAt);
  const usage = emptyDirUsage(pm, runs, ledger, t);
  const retainedTmpfs = pm.volumes.filter((v) => v.medium === 'Memory').reduce((s, v) => s + (ledger?.[v.name]?.bytes ?? 0), 0);
  return {
    key,
    name: pm.name,
    priority: pm.priority,
    critical: pm.critical,
    memoryRequestBytes: pm.memoryRequestBytes,
    workingSetBytes: [...ws.values()].reduce((a, b) => a + b, 0) + retainedTmpfs,
    containers: pm.containers.map((c) => ({ name: c.name, workingSetBytes: ws.get(c.name) ?? 0, memoryRequestBytes: c.memoryRequestBytes, ...(c.memoryRequest !== undefined ? { memoryRequest: c.memoryRequest } : {}) })),
    emptyDirs: pm.volumes.map((v) => ({ name: v.name, usedBytes: usage.get(v.name) ?? 0, medium: v.medium, ...(v.sizeLimit !== undefined ? { sizeLimit: v.sizeLimit } : {}), ...(v.sizeLimitBytes !== undefined ? { sizeLimitBytes: v.sizeLimitBytes } : {}) })),
  };
}
