import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { formatTime, parseTime } from '../time';
import type { NodeLifecycleConfig } from './config';

/**
 * nodeHealthData, one entry per node: when the controller last saw the node alive (probeTimestamp,
 * local time, so clock skew between kubelet and controller does not matter), when its Ready
 * condition last changed, and the two probes it compares against next time.
 */
export interface NodeHealthData {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The node's Ready condition when last seen; absent when it had none. */
  ready?: Pick<NodeCondition, 'status' | 'lastHeartbeatTime' | 'lastTransitionTime'>;
  /** The node's Lease when last seen (renewTime in ms, absent when unset); absent when never seen. */
  lease?: { renewTime?: number };
  /** nodesToRetry: marking the node's pods not ready failed; retry while the node stays not ready. */
  retryPodsNotReady?: boolean;
  /** The node's uid, for the RemovingNode event once the node is gone (knownNodeSet kept the object). */
  uid?: string;
}

/**
 * Whether `next` only saw the node's Lease renewed since `prev`: a later renewTime and probe, all else
 * the same. Such a change may stay in memory, its row left as it was: a restarted controller lists the
 * Leases, finds each renewTime later than the row's and takes the probe as now (computeNodeHealth), the
 * fresh grace period upstream's controller gives every node when it starts. It is 100 rows a second of
 * 1000 nodes renewing every 10 s, none of which a restart needs.
 */
export function onlyLeaseRenewed(prev: NodeHealthData | undefined, next: NodeHealthData): boolean {
  const [was, is] = [prev?.lease?.renewTime, next.lease?.renewTime];
  if (!prev || was === undefined || is === undefined || is < was || next.probeTimestamp < prev.probeTimestamp) return false;
  return (
    prev.readyTransitionTimestamp === next.readyTransitionTimestamp &&
    (prev.ready === undefined) === (next.ready === undefined) &&
    prev.ready?.status === next.ready?.status &&
    prev.ready?.lastHeartbeatTime === next.ready?.lastHeartbeatTime &&
    prev.ready?.lastTransitionTime === next.ready?.lastTransitionTime &&
    !!prev.retryPodsNotReady === !!next.retryPodsNotReady &&
    prev.uid === next.uid
  );
}

/** Whether two health records are the same (to skip writing an unchanged row). */
export function sameHealthData(a: NodeHealthData | undefined, b: NodeHealthData): boolean {
  return (
    !!a &&
    a.probeTimestamp === b.probeTimestamp &&
    a.readyTransitionTimestamp === b.readyTransitionTimestamp &&
    a.ready?.status === b.ready?.status &&
    a.ready?.lastHeartbeatTime === b.ready?.lastHeartbeatTime &&
    a.ready?.lastTransitionTime === b.ready?.lastTransitionTime &&
    a.lease?.renewTime === b.lease?.renewTime &&
    (a.lease === undefined) === (b.lease === undefined) &&
    !!a.retryPodsNotReady === !!b.retryPodsNotReady &&
    a.uid === b.uid
  );
}

/** The kubelet-owned conditions the controller turns Unknown (NetworkUnavailable belongs to the network plugin). */
export const KUBELET_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** What tryUpdateNodeHealth decided for one node. */
export interface NodeHealthResult {
  /** nodeStartupGracePeriod for a node that never posted Ready, else nodeMonitorGracePeriod. */
  gracePeriodMs: number;
  /** The Ready condition as read (a fake Unknown one dated at creation when the node has none). */
  observedReady: NodeCondition;
  /** The Ready condition after this decision; undefined when the node has none and is still in its grace. */
  currentReady?: NodeCondition;
  /** The node's whole condition list to write with an UpdateStatus, when the Ready condition changed. */
  newConditions?: NodeCondition[];
  /** What to keep for the next pass (assumes the status write, if any, succeeds). */
  healthData: NodeHealthData;
}

const snapshot = (c: NodeCondition | undefined): NodeHealthData['ready'] =>
  c && { status: c.status, lastHeartbeatTime: c.lastHeartbeatTime, lastTransitionTime: c.lastTransitionTime };
/** Two times as instants (the same text is the same instant, without parsing either). */
const sameTime = (a: string | undefined, b: string | undefined) => a === b || parseTime(a) === parseTime(b);

/** The node's Ready condition, itself (a list of another shape throws: the host screens such a node out). */
const readyOf = (conditions: readonly NodeCondition[] | undefined): NodeCondition | undefined => conditions?.find((c) => c.type === 'Ready');

/** apiequality.Semantic.DeepEqual of two node conditions (times compared as instants). */
function sameCondition(a: NodeCondition | undefined, b: NodeCondition): boolean {
  return (
    !!a &&
    a.type === b.type &&
    a.status === b.status &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '') &&
    sameTime(a.lastHeartbeatTime, b.lastHeartbeatTime) &&
    sameTime(a.lastTransitionTime, b.lastTransitionTime)
  );
}

/**
 * tryUpdateNodeHealth as a pure decision. The probe time moves to `now` whenever the Ready
 * condition's lastHeartbeatTime changes or the Lease's renewTime increases (a kubelet that renews
 * its Lease but never posts status is healthy). When `now` is past probe + grace, every kubelet
 * condition becomes Unknown: "NodeStatusUnknown" / "Kubelet stopped posting node status." for
 * reported ones, "NodeStatusNeverUpdated" / "Kubelet never posted node status." (heartbeat = the
 * node's creation) for missing ones — written only when that changes the Ready condition.
 * @example
 * const h = computeNodeHealth(node, lease, rows.get(name), now, config);
 * if (h.newConditions) actions.push(nodeStatusUpdate(node, h.newConditions));
 * rows.put(name, h.healthData);
 */
export function computeNodeHealth(
  node: Node,
  lease: Lease | undefined,
  prev: NodeHealthData | undefined,
  now: number,
  config: NodeLifecycleConfig,
): NodeHealthResult {
  const created = node.metadata?.creationTimestamp;
  // the node's own conditions, read without a copy: only a node past its grace gets new ones (below)
  const currentReady = readyOf(node.status?.conditions);

  let health: NodeHealthData | undefined = prev;
  const savedLease = prev?.lease;
  let observedReady: NodeCondition;
  let gracePeriodMs: number;
  if (!currentReady) {
    // Never posted: judge it against its creation, with the startup grace.
    observedReady = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
    gracePeriodMs = config.nodeStartupGracePeriodMs;
    if (health) health = { ...health, ready: undefined };
    else {
      const createdMs = parseTime(created) ?? 0;
      health = { probeTimestamp: createdMs, readyTransitionTimestamp: createdMs };
    }
  } else {
    observedReady = currentReady;
    gracePeriodMs = config.nodeMonitorGracePeriodMs;
  }

  const saved = health?.ready;
  if (!health || (!saved && currentReady)) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, ready: snapshot(currentReady), retryPodsNotReady: health?.retryPodsNotReady };
  } else if (saved && currentReady && !sameTime(saved.lastHeartbeatTime, currentReady.lastHeartbeatTime)) {
    const transition = sameTime(saved.lastTransitionTime, currentReady.lastTransitionTime) ? health.readyTransitionTimestamp : now;
    health = { probeTimestamp: now, readyTransitionTimestamp: transition, ready: snapshot(currentReady), retryPodsNotReady: health.retryPodsNotReady };
  }
  // Both branches above start a fresh record without the Lease, as upstream does: the next pass then
  // takes the Lease as newly seen and refreshes the probe once more.

  const renew = parseTime(lease?.spec?.renewTime);
  if (lease && (!savedLease || (savedLease.renewTime !== undefined && renew !== undefined && savedLease.renewTime < renew))) {
    health = { ...health, lease: { renewTime: renew }, probeTimestamp: now };
  }

  if (!(now > health.probeTimestamp + gracePeriodMs)) {
    return { gracePeriodMs, observedReady, currentReady, healthData: health };
  }
  const nowTime = formatTime(now);
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  for (const type of KUBELET_CONDITION_TYPES) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: created,
        lastTransitionTime: nowTime,
      });
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowTime });
    }
  }
  const newReady = conditions.find((c) => c.type === 'Ready');
  if (sameCondition(newReady, observedReady)) {
    return { gracePeriodMs, observedReady, currentReady: newReady, healthData: health };
  }
  return {
    gracePeriodMs,
    observedReady,
    currentReady: newReady,
    newConditions: conditions,
    healthData: {
      probeTimestamp: health.probeTimestamp,
      readyTransitionTimestamp: now,
      ready: snapshot(newReady),
      lease: lease ? { renewTime: renew } : undefined,
      retryPodsNotReady: health.retryPodsNotReady,
    },
  };
}
