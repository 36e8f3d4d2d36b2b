import type { Pod } from 'kubernetes-types/core/v1';
import { podKey } from './pod-info';

/** A pod in the scheduling queue (framework.QueuedPodInfo), plain data. */
export interface QueuedPod {
  key: string;
  pod: Pod;
  priority: number;
  /** when it was last (re)queued, ms */
  timestamp: number;
  initialAttemptTimestamp?: number;
  attempts: number;
  /** plugins that rejected it last time; only events they care about move it back */
  unschedulablePlugins: string[];
  backoffExpiry?: number;
  /** the scheduling cycle that popped it */
  cycle?: number;
}

/** The whole queue, JSON-serializable so a Durable Object can persist it as is. */
export interface QueueState {
  active: QueuedPod[];
  backoff: QueuedPod[];
  unschedulable: QueuedPod[];
  /** pods held back by spec.schedulingGates (PreEnqueue) */
  gated: QueuedPod[];
  inFlight: Record<string, QueuedPod>;
  schedulingCycle: number;
  moveRequestCycle: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  maxInUnschedulableMs: number;
  /**
   * Keys whose entry changed since `takeDirty`, tracked only when this is set (a Durable Object that
   * stores one row per pod sets it, to write only the rows that changed).
   */
  dirty?: Record<string, true>;
}

/** Which sub-queue a pod is in. */
export type SubQueue = 'active' | 'backoff' | 'unschedulable' | 'gated' | 'inFlight';

/** One queued pod as stored in its own row. */
export interface QueueRow {
  queue: SubQueue;
  pod: QueuedPod;
}

/** The queue-wide part of the state (counters and settings), stored apart from the pods' rows. */
export type QueueMeta = Pick<QueueState, 'schedulingCycle' | 'moveRequestCycle' | 'initialBackoffMs' | 'maxBackoffMs' | 'maxInUnschedulableMs'>;

function touch(q: QueueState, key: string): void {
  if (q.dirty) q.dirty[key] = true;
}

/** Upstream's defaults: backoff 1s doubling to 10s, unschedulable pods flushed after 5 minutes. */
export function createQueue(opts: Partial<Pick<QueueState, 'initialBackoffMs' | 'maxBackoffMs' | 'maxInUnschedulableMs'>> = {}): QueueState {
  return {
    active: [],
    backoff: [],
    unschedulable: [],
    gated: [],
    inFlight: {},
    schedulingCycle: 0,
    moveRequestCycle: -1,
    initialBackoffMs: opts.initialBackoffMs ?? 1000,
    maxBackoffMs: opts.maxBackoffMs ?? 10_000,
    maxInUnschedulableMs: opts.maxInUnschedulableMs ?? 5 * 60_000,
  };
}

/** calculateBackoffDuration: initial·2^(attempts−1), capped at max. */
export function backoffDuration(q: QueueState, attempts: number): number {
  let d = q.initialBackoffMs;
  for (let i = 1; i < attempts; i++) {
    if (d > q.maxBackoffMs - d) return q.maxBackoffMs;
    d += d;
  }
  return Math.min(d, q.maxBackoffMs);
}

/** PrioritySort's order: higher priority first, then earlier timestamp. */
function less(a: QueuedPod, b: QueuedPod): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.timestamp < b.timestamp);
}

function pushActive(q: QueueState, p: QueuedPod): void {
  let lo = 0;
  let hi = q.active.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (less(q.active[mid]!, p)) lo = mid + 1;
    else hi = mid;
  }
  q.active.splice(lo, 0, p);
  touch(q, p.key);
}

/** PrioritySort as a comparator, for sorting many pods at once. */
const byPriority = (a: QueuedPod, b: QueuedPod) => (less(a, b) ? -1 : less(b, a) ? 1 : 0);

/** Moves many pods into activeQ: one sort instead of one insertion each (n log n, not n², at 50,000 pods). */
function pushActiveAll(q: QueueState, ps: QueuedPod[]): void {
  if (ps.length < 16) {
    for (const p of ps) pushActive(q, p);
    return;
  }
  for (const p of ps) {
    q.active.push(p);
    touch(q, p.key);
  }
  q.active.sort(byPriority);
}

/** Splits `list` in one pass: the pods `pred` takes out, and the rest (kept in order). */
function takeWhere(list: QueuedPod[], pred: (p: QueuedPod) => boolean): [QueuedPod[], QueuedPod[]] {
  const taken: QueuedPod[] = [];
  const kept: QueuedPod[] = [];
  for (const p of list) (pred(p) ? taken : kept).push(p);
  return [taken, kept];
}

function take(list: QueuedPod[], key: string): QueuedPod | undefined {
  const i = list.findIndex((p) => p.key === key);
  return i >= 0 ? list.splice(i, 1)[0] : undefined;
}

function detach(q: QueueState, key: string): QueuedPod | undefined {
  return take(q.active, key) ?? take(q.backoff, key) ?? take(q.unschedulable, key) ?? take(q.gated, key);
}

const gated = (pod: Pod) => (pod.spec?.schedulingGates ?? []).length > 0;

/** Adds a new pending pod, or updates it in place if already queued (a gate removal releases it). */
export function add(q: QueueState, pod: Pod, now: number): void {
  const key = podKey(pod);
  touch(q, key);
  const old = detach(q, key);
  const p: QueuedPod = old
    ? { ...old, pod, priority: pod.spec?.priority ?? 0 }
    : { key, pod, priority: pod.spec?.priority ?? 0, timestamp: now, attempts: 0, unschedulablePlugins: [] };
  if (q.inFlight[key]) {
    q.inFlight[key] = { ...q.inFlight[key]!, pod };
    return;
  }
  if (gated(pod)) q.gated.push(p);
  else if (old && old.backoffExpiry !== undefined && old.backoffExpiry > now && !q.active.includes(old)) q.backoff.push(p);
  else pushActive(q, p);
}

/**
 * Adds pods known not to be queued yet, all at once: no search for an old entry and one sort, so a
 * cycle that finds 50,000 new pending pods does not take quadratic time. Same result as `add` each.
 */
export function addNew(q: QueueState, pods: Iterable<Pod>, now: number): void {
  const ready: QueuedPod[] = [];
  for (const pod of pods) {
    const p: QueuedPod = { key: podKey(pod), pod, priority: pod.spec?.priority ?? 0, timestamp: now, attempts: 0, unschedulablePlugins: [] };
    if (gated(pod)) {
      q.gated.push(p);
      touch(q, p.key);
    } else ready.push(p);
  }
  pushActiveAll(q, ready);
}

/** Drops a pod (deleted, or bound by someone else). */
export function remove(q: QueueState, key: string): void {
  touch(q, key);
  detach(q, key);
  delete q.inFlight[key];
}

function flush(q: QueueState, now: number): void {
  if (q.backoff.some((b) => (b.backoffExpiry ?? 0) <= now)) {
    const [expired, waiting] = takeWhere(q.backoff, (b) => (b.backoffExpiry ?? 0) <= now);
    q.backoff = waiting;
    pushActiveAll(q, expired);
  }
  if (q.unschedulable.some((u) => now - u.timestamp >= q.maxInUnschedulableMs)) {
    const [stale, rest] = takeWhere(q.unschedulable, (u) => now - u.timestamp >= q.maxInUnschedulableMs);
    q.unschedulable = rest;
    moveBack(q, stale, now);
  }
}

/** Pods leaving unschedulableQ: to backoff while their backoff lasts, else to activeQ. */
function moveBack(q: QueueState, ps: QueuedPod[], now: number): void {
  const [backingOff, ready] = takeWhere(ps, (p) => p.backoffExpiry !== undefined && p.backoffExpiry > now);
  for (const p of backingOff) {
    q.backoff.push(p);
    touch(q, p.key);
  }
  pushActiveAll(q, ready);
}

/** Takes the next pod to schedule (expired backoffs and stale unschedulable pods move first); undefined when none is ready. */
export function pop(q: QueueState, now: number): QueuedPod | undefined {
  flush(q, now);
  const p = q.active.shift();
  if (!p) return undefined;
  q.schedulingCycle++;
  p.attempts++;
  p.cycle = q.schedulingCycle;
  if (p.initialAttemptTimestamp === undefined) p.initialAttemptTimestamp = now;
  q.inFlight[p.key] = p;
  touch(q, p.key);
  return p;
}

/** The pod was bound (or given up on): it leaves the queue. */
export function done(q: QueueState, key: string): void {
  touch(q, key);
  delete q.inFlight[key];
}

/**
 * AddUnschedulableIfNotPresent: after a failed cycle the pod waits for a relevant cluster event, or goes to
 * backoff if an event already arrived during its cycle or it failed with an error (no rejecting plugin).
 */
export function requeueUnschedulable(q: QueueState, key: string, now: number, unschedulablePlugins: string[] = []): void {
  const p = q.inFlight[key];
  if (!p) return;
  touch(q, key);
  delete q.inFlight[key];
  p.timestamp = now;
  p.unschedulablePlugins = unschedulablePlugins;
  p.backoffExpiry = now + backoffDuration(q, p.attempts);
  if (unschedulablePlugins.length === 0 || q.moveRequestCycle >= (p.cycle ?? 0)) q.backoff.push(p);
  else q.unschedulable.push(p);
}

/** A cluster change that may make pending pods schedulable. */
export interface ClusterEvent {
  resource: 'Node' | 'AssignedPod' | 'Pod' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass' | 'Service' | 'Namespace';
  action: 'Add' | 'Update' | 'Delete';
}

const INTERESTS: Record<string, string[]> = {
  NodeResourcesFit: ['Node/Add', 'Node/Update', 'AssignedPod/Delete', 'AssignedPod/Update'],
  NodePorts: ['Node/Add', 'AssignedPod/Delete'],
  NodeName: ['Node/Add'],
  NodeUnschedulable: ['Node/Add', 'Node/Update'],
  NodeAffinity: ['Node/Add', 'Node/Update'],
  TaintToleration: ['Node/Add', 'Node/Update', 'Pod/Update'],
  InterPodAffinity: ['AssignedPod/Add', 'AssignedPod/Update', 'AssignedPod/Delete', 'Node/Add', 'Node/Update', 'Namespace/Add', 'Namespace/Update'],
  PodTopologySpread: ['AssignedPod/Add', 'AssignedPod/Update', 'AssignedPod/Delete', 'Node/Add', 'Node/Update', 'Node/Delete'],
  VolumeBinding: ['PersistentVolume/Add', 'PersistentVolume/Update', 'PersistentVolumeClaim/Add', 'PersistentVolumeClaim/Update', 'StorageClass/Add', 'StorageClass/Update', 'Node/Add', 'Node/Update'],
  VolumeZone: ['PersistentVolume/Add', 'PersistentVolume/Update', 'PersistentVolumeClaim/Add', 'PersistentVolumeClaim/Update', 'Node/Add', 'Node/Update'],
  VolumeRestrictions: ['AssignedPod/Delete', 'PersistentVolumeClaim/Add', 'PersistentVolumeClaim/Update'],
};

/** Whether an event could help a pod rejected by these plugins (EventsToRegister, without queueing hints). */
export function eventRelevant(ev: ClusterEvent, plugins: string[]): boolean {
  if (plugins.length === 0) return true;
  const k = `${ev.resource}/${ev.action}`;
  return plugins.some((p) => (INTERESTS[p] ?? []).includes(k));
}

/** MoveAllToActiveOrBackoffQueue: pods whose rejecting plugins care about the event go back to active (or backoff). */
export function onClusterEvent(q: QueueState, ev: ClusterEvent, now: number): number {
  q.moveRequestCycle = q.schedulingCycle;
  const [moving, rest] = takeWhere(q.unschedulable, (p) => eventRelevant(ev, p.unschedulablePlugins));
  q.unschedulable = rest;
  moveBack(q, moving, now);
  return moving.length;
}

/** When the owner should wake up next (now if a pod is ready); undefined when nothing is waiting. */
export function nextWakeUp(q: QueueState, now: number): number | undefined {
  if (q.active.length > 0) return now;
  let t = Infinity;
  for (const p of q.backoff) t = Math.min(t, p.backoffExpiry ?? now);
  for (const p of q.unschedulable) t = Math.min(t, p.timestamp + q.maxInUnschedulableMs);
  return t === Infinity ? undefined : Math.max(t, now);
}

/** Counts per sub-queue, for metrics and logs. */
export function queueLengths(q: QueueState): { active: number; backoff: number; unschedulable: number; gated: number; inFlight: number } {
  return { active: q.active.length, backoff: q.backoff.length, unschedulable: q.unschedulable.length, gated: q.gated.length, inFlight: Object.keys(q.inFlight).length };
}

/** Drops every queued pod `keep` refuses (deleted, or bound by someone else), in one pass per sub-queue. */
export function prune(q: QueueState, keep: (key: string) => boolean): void {
  const kept = (list: QueuedPod[]) =>
    list.filter((p) => {
      if (keep(p.key)) return true;
      touch(q, p.key);
      return false;
    });
  q.active = kept(q.active);
  q.backoff = kept(q.backoff);
  q.unschedulable = kept(q.unschedulable);
  q.gated = kept(q.gated);
  for (const key of Object.keys(q.inFlight)) if (!keep(key)) remove(q, key);
}

/** Every queued pod's key, whichever sub-queue it is in. */
export function queuedKeys(q: QueueState): string[] {
  return [...Object.keys(q.inFlight), ...q.active.map((p) => p.key), ...q.backoff.map((p) => p.key), ...q.unschedulable.map((p) => p.key), ...q.gated.map((p) => p.key)];
}

/** The keys changed since the last call (needs `q.dirty` set), forgetting them. */
export function takeDirty(q: QueueState): string[] {
  const keys = Object.keys(q.dirty ?? {});
  if (q.dirty) q.dirty = {};
  return keys;
}

/** The rows of `keys` as they are now: undefined for a key no longer queued (its row goes). */
export function queueRows(q: QueueState, keys: Iterable<string>): Map<string, QueueRow | undefined> {
  const where = new Map<string, QueueRow>();
  const index = (queue: SubQueue, list: Iterable<QueuedPod>) => {
    for (const pod of list) where.set(pod.key, { queue, pod });
  };
  index('active', q.active);
  index('backoff', q.backoff);
  index('unschedulable', q.unschedulable);
  index('gated', q.gated);
  index('inFlight', Object.values(q.inFlight));
  return new Map([...keys].map((k) => [k, where.get(k)]));
}

/** The queue-wide counters and settings, to store beside the rows. */
export function queueMeta(q: QueueState): QueueMeta {
  const { schedulingCycle, moveRequestCycle, initialBackoffMs, maxBackoffMs, maxInUnschedulableMs } = q;
  return { schedulingCycle, moveRequestCycle, initialBackoffMs, maxBackoffMs, maxInUnschedulableMs };
}

/**
 * The queue rebuilt from its rows: activeQ in PrioritySort order, the others oldest first. A pod
 * stored in flight (its cycle ended without a verdict) waits in backoff, as after a failed attempt.
 */
export function restoreQueue(meta: QueueMeta, rows: Iterable<QueueRow>): QueueState {
  const q = { ...createQueue(), ...meta };
  for (const { queue, pod } of rows) (queue === 'inFlight' ? q.backoff : q[queue]).push(pod);
  q.active.sort(byPriority);
  for (const list of [q.backoff, q.unschedulable, q.gated]) list.sort((a, b) => a.timestamp - b.timestamp);
  return q;
}
