import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { conditionsChanged, nodeConditions, type SimEvent } from './node-conditions';
import type { NodeFaults } from './node-pool-types';
import { microTime, parseTime } from './time-format';
import { periodicSyncTime } from '../controllers/periodic-sync';

/** Namespace of node heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface LeaseOptions {
  /** Written as spec.leaseDurationSeconds (kubelet default 40). */
  leaseDurationSeconds?: number;
  /** The Lease as stored, so its acquireTime and metadata carry over. */
  previous?: Lease;
}

/**
 * The node's heartbeat Lease renewed at `now`, as kubelet's nodelease controller writes it:
 * name = node name in kube-node-lease, holderIdentity = node name, owner = the Node,
 * renewTime in MicroTime format.
 */
export function leaseFor(node: Node, now: number, opts: LeaseOptions = {}): Lease {
  const name = node.metadata?.name ?? '';
  const prev = opts.previous;
  const lease: Lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      ...(prev?.metadata ?? {}),
      name,
      namespace: NODE_LEASE_NAMESPACE,
      ownerReferences: node.metadata?.uid ? [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }] : prev?.metadata?.ownerReferences,
    },
    spec: {
      holderIdentity: name,
      leaseDurationSeconds: opts.leaseDurationSeconds ?? 40,
      renewTime: microTime(now),
    },
  };
  if (!lease.metadata!.ownerReferences) delete lease.metadata!.ownerReferences;
  return lease;
}

/**
 * When the Lease must next be renewed: due when never renewed, or when its renewal is due (leaseDueAt).
 * The next renewal is then due a renewInterval after this one was *due*, not after it ran: the
 * simulated kubelet keeps upstream's 10 s period in cluster time however late the simulator runs its
 * alarm (upstream's lease controller renews every renewInterval after its last sync ended, a sync of a
 * few ms; here an alarm can run seconds of a fast clock late, and a period counted from the late run
 * would stretch every period by that latency). A renewal later than a whole interval starts afresh
 * from now, so a stalled simulator catches up with one renewal, not a burst. A node whose faults say
 * stopHeartbeat never renews.
 * @example leaseRenewal(renewedAtZero, undefined, 13_000, 10, 10_000) // { due: true, nextDueMs: 20_000 }: 3 s late, next 7 s on
 */
export function leaseRenewal(
  lease: Lease | undefined,
  faults: NodeFaults | undefined,
  now: number,
  renewIntervalSeconds = 10,
  scheduledMs?: number,
): { due: boolean; nextDueMs: number } {
  const interval = renewIntervalSeconds * 1000;
  if (faults?.stopHeartbeat) return { due: false, nextDueMs: now + interval };
  const last = parseTime(lease?.spec?.renewTime);
  if (last === undefined) return { due: true, nextDueMs: now + interval };
  const dueAt = leaseDueAt(last, interval, scheduledMs);
  if (now < dueAt) return { due: false, nextDueMs: dueAt };
  // this renewal stands for its due time unless a whole period late (periodicSyncTime, as the HPA's and the node monitor's periods)
  return { due: true, nextDueMs: periodicSyncTime(dueAt - interval, now, interval) + interval };
}

/**
 * When a Lease last renewed at `lastMs` is next due: at `scheduledMs` (the time leaseRenewal scheduled
 * it, a renewInterval after the previous one was due) when that lies after the renewal and at most an
 * interval after it, else an interval after the renewal (nothing scheduled yet: a restart, a first
 * Lease, or a renewal someone else wrote).
 * @example leaseDueAt(13_000, 10_000, 20_000) === 20_000 // scheduled 10 s after the renewal due at 10 s, which ran 3 s late
 * @example leaseDueAt(13_000, 10_000, undefined) === 23_000
 */
export function leaseDueAt(lastMs: number, intervalMs: number, scheduledMs?: number): number {
  return scheduledMs !== undefined && scheduledMs > lastMs && scheduledMs <= lastMs + intervalMs ? scheduledMs : lastMs + intervalMs;
}

/**
 * From when (cluster ms) the pace keeper counts a node's Lease renewal as owed (shared/clock/pace.ts):
 * when the renewal is due given the renewTime as last written and the time the kubelet scheduled
 * (leaseDueAt). A renewal being written still counts from its due time (the Lease is stale until it
 * lands); a node whose faults stop its heartbeat owes none (its Lease goes stale on purpose, and a
 * keeper that slowed for it would slow for ever), nor one with no Lease written yet.
 * @example leaseOwedAt('2026-01-01T00:00:00.000000Z', undefined, 10) === Date.parse('2026-01-01T00:00:10Z')
 */
export function leaseOwedAt(renewTime: string | null | undefined, faults: NodeFaults | undefined, renewIntervalSeconds = 10, scheduledMs?: number): number | undefined {
  if (faults?.stopHeartbeat) return undefined;
  const last = parseTime(renewTime);
  return last === undefined ? undefined : leaseDueAt(last, renewIntervalSeconds * 1000, scheduledMs);
}

/** The kubelet's nodeStatusUpdateRetry: status reports tried in a row before one waits for its next period. */
export const NODE_STATUS_UPDATE_RETRY = 5;

/**
 * After a node status report met a conflict, whether to try again at once on a fresh read, given the
 * conflicts in a row before it: as upstream's updateNodeStatus, which tries `NODE_STATUS_UPDATE_RETRY` times
 * and then leaves the report to the next nodeStatusUpdateFrequency. Answers the count to keep (0: start over).
 * @example statusConflictRetry(0) // { retry: true, conflicts: 1 }
 */
export function statusConflictRetry(conflictsBefore: number): { retry: boolean; conflicts: number } {
  const conflicts = conflictsBefore + 1;
  return conflicts < NODE_STATUS_UPDATE_RETRY ? { retry: true, conflicts } : { retry: false, conflicts: 0 };
}

/** The grid a kubelet shard's heartbeats are aligned to (ms). */
export const HEARTBEAT_TICK_MS = 1000;

/**
 * How long until a node's next heartbeat work (due at `dueMs`), rounded up to the next tick of
 * `tickMs` (shifted by `phaseMs`): nodes due within the same tick are renewed together, in one alarm
 * and one store call, instead of each drifting to its own alarm (nodes reconciled a few ms apart
 * would otherwise never meet again). Up to a tick late is well inside the 40 s Lease; never sooner
 * than 100 ms.
 */
export function heartbeatDelay(dueMs: number, now: number, tickMs = HEARTBEAT_TICK_MS, phaseMs = 0): number {
  return Math.max(100, Math.ceil((dueMs - phaseMs) / tickMs) * tickMs + phaseMs - now);
}

/**
 * Where in each tick shard `shard` of `shards` renews its Leases: shards spread evenly over the tick,
 * so the single kube-node-lease store gets one shard's batch at a time instead of all of them at
 * every tick's first millisecond.
 * @example heartbeatPhase(3, 8) === 375
 */
export function heartbeatPhase(shard: number, shards: number, tickMs = HEARTBEAT_TICK_MS): number {
  return Math.floor((shard * tickMs) / shards);
}

export interface NodeStatusUpdateOptions {
  /** Report even without a change this often (kubelet nodeStatusReportFrequency: 5 min; pools default to it). */
  statusUpdateIntervalSeconds?: number;
  /** Last status write; defaults to the Ready condition's lastHeartbeatTime. */
  lastWriteMs?: number;
}

export interface NodeStatusUpdate {
  /** True when the node status should be written now. */
  write: boolean;
  /** The node with refreshed conditions (a copy; equal to the input when write is false). */
  node: Node;
  /** Events for conditions that flipped. */
  events: SimEvent[];
  /** When to look again. */
  nextDueMs: number;
}

/**
 * Kubelet's status loop for one node: rebuild the conditions from the fault switches and
 * write when something changed or the report interval has passed. A node with
 * stopHeartbeat set writes nothing, so node-lifecycle sees its heartbeat go stale.
 */
export function nodeStatusUpdate(node: Node, faults: NodeFaults | undefined, now: number, opts: NodeStatusUpdateOptions = {}): NodeStatusUpdate {
  const interval = (opts.statusUpdateIntervalSeconds ?? 60) * 1000;
  const prevConds = node.status?.conditions;
  const last = opts.lastWriteMs ?? parseTime(prevConds?.find((c) => c.type === 'Ready')?.lastHeartbeatTime);
  if (faults?.stopHeartbeat) return { write: false, node, events: [], nextDueMs: now + interval };
  const periodic = last === undefined || now - last >= interval;
  // most heartbeats: nothing to report yet and no condition to change, so none is built
  if (!periodic && !conditionsChanged(prevConds, faults)) return { write: false, node, events: [], nextDueMs: last + interval };
  const { conditions, events } = nodeConditions(node.metadata?.name ?? '', prevConds, faults, now);
  const copy = structuredClone(node);
  const out: Node = { ...copy, status: { ...copy.status, conditions: mergeConditions(prevConds, conditions) } };
  return { write: true, node: out, events, nextDueMs: now + interval };
}

/**
 * The node's conditions with the kubelet's own replaced where they stand and new ones appended, as upstream's
 * condition setters update node.Status.Conditions in place: another writer's condition (flannel's
 * NetworkUnavailable, which its strategic merge patch puts first) keeps its place, so an unchanged report
 * changes only heartbeat times (a reordered list is a change every watcher of node status wakes for).
 */
function mergeConditions(prev: NodeCondition[] | undefined, own: NodeCondition[]): NodeCondition[] {
  const ownByType = new Map(own.map((c) => [c.type, c]));
  const present = new Set((prev ?? []).map((c) => c.type));
  return [...(prev ?? []).map((c) => ownByType.get(c.type) ?? c), ...own.filter((c) => !present.has(c.type))];
}
