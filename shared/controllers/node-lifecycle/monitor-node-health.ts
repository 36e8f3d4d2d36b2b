import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1';
import type { Action, EventAction } from '../actions';
import type { NodeLifecycleConfig } from './config';
import { inZoneQueue, saveZoneQueue, zoneQueue, type NodeLifecycleStores } from './lifecycle-stores';
import { noExecuteTaintFor, taintBasedEviction } from './no-execute-taints';
import { nodeStatusUpdate, nodeTaintsPatch } from './node-actions';
import { nodeEvent, nodeStatusChangeEvent } from './node-events';
import { computeNodeHealth, onlyLeaseRenewed, sameHealthData, type NodeHealthData, type NodeHealthResult } from './node-health';
import { RateLimitedTimedQueue } from './rate-limited-queue';
import { NOT_READY_NO_EXECUTE, swapTaints, UNREACHABLE_NO_EXECUTE } from './taints';
import { handleDisruption, isNodeExcludedFromDisruptionChecks, zoneKey, type DisruptionDecision, type ZoneState } from './zone-state';

/** Both NoExecute taints the controller manages, which a node marked reachable loses. */
const NO_EXECUTE_TAINTS = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE];

/** What one monitorNodeHealth pass reads. */
export interface MonitorNodeHealthInput {
  /** Every node, as just read. */
  nodes: readonly Node[];
  /** The kube-node-lease Lease of each node, by node name. */
  leases: Readonly<Record<string, Lease | undefined>>;
  stores: NodeLifecycleStores;
  now: number;
  config: NodeLifecycleConfig;
  /**
   * computeNodeHealth of each node, by name, when the host has already worked it out for this pass
   * (with these leases, these stores and this `now`, so the verdict is the same): not computed again.
   */
  health?: ReadonlyMap<string, NodeHealthResult>;
}

/** What one pass decided. The stores are already updated as if every action succeeds. */
export interface MonitorNodeHealthResult {
  /** In order: RegisteredNode/RemovingNode events, node status updates, taint patches, NodeNotReady events. */
  actions: Action[];
  /**
   * Nodes whose pods must be marked not ready now: list each node's pods, run `markPodsNotReady`,
   * write the updates, then `setPodsNotReadyRetry(stores, node, anyWriteFailed)`.
   */
  markPodsNotReady: string[];
  zoneStates: Record<string, ZoneState>;
  transition?: DisruptionDecision['transition'];
}

/** Record whether marking a node's pods not ready failed, so the next pass retries (nodesToRetry). */
export function setPodsNotReadyRetry(stores: NodeLifecycleStores, nodeName: string, failed: boolean): void {
  const h = stores.health.get(nodeName);
  if (h && !!h.retryPodsNotReady !== failed) stores.health.put(nodeName, { ...h, retryPodsNotReady: failed });
}

/** Drop a zone's queue entries (a zone's queue is replaced when the zone is seen anew). */
function clearZoneQueue(stores: NodeLifecycleStores, zone: string): void {
  for (const [key] of [...stores.queue.scan()]) if (key.startsWith(`${zone}/`)) stores.queue.delete(key);
}

/**
 * monitorNodeHealth, every nodeMonitorPeriod: register new nodes and new zones, judge each node's
 * health (computeNodeHealth), decide its NoExecute taint (processTaintBaseEviction: instant swap,
 * rate-limited queue, or removal once Ready), report Ready → not Ready transitions (NodeNotReady
 * event, pods marked not ready), then recompute zone states and eviction rates (handleDisruption).
 * Taint changes of a node are merged into one patch.
 */
export function monitorNodeHealth(input: MonitorNodeHealthInput): MonitorNodeHealthResult {
  const { nodes, leases, stores, now, config } = input;
  const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
  const registration: EventAction[] = [];
  const statusUpdates: Action[] = [];
  const notReadyEvents: EventAction[] = [];
  const markPods: string[] = [];
  const statusWritten = new Set<string>();
  const taints = new Map<string, Taint[]>();
  const taintsOf = (n: Node) => taints.get(n.metadata?.name ?? '') ?? n.spec?.taints ?? [];
  const setTaints = (n: Node, next: Taint[] | undefined) => next && taints.set(n.metadata?.name ?? '', next);
  const knownZones = new Set([...stores.zones.scan()].map(([z]) => z));

  const ensureZone = (zone: string) => {
    if (knownZones.has(zone)) return;
    knownZones.add(zone);
    clearZoneQueue(stores, zone);
    stores.zones.put(zone, { state: 'Initial', limiter: RateLimitedTimedQueue.newLimiter(config.evictionLimiterQps, now) });
  };
  const withQueue = (zone: string, fn: (q: RateLimitedTimedQueue) => void) => {
    ensureZone(zone);
    const q = zoneQueue(stores, zone);
    fn(q);
    saveZoneQueue(stores, zone, q);
  };
  const markNodeAsReachable = (n: Node) => {
    setTaints(n, swapTaints(taintsOf(n), [], NO_EXECUTE_TAINTS, now));
    const zone = zoneKey(n);
    const name = n.metadata?.name ?? '';
    // a node not in its zone's queue (every Ready node, every pass): the removal would change nothing
    if (inZoneQueue(stores, zone, name)) withQueue(zone, (q) => q.remove(name));
    else ensureZone(zone);
  };

  // classifyNodes: the health table is the set of known nodes.
  const gone: [string, NodeHealthData][] = [];
  for (const e of stores.health.scan()) if (!byName.has(e[0])) gone.push(e);
  for (const [name, h] of gone) {
    const gone: Node = { metadata: { name, uid: h.uid } };
    registration.push({ kind: 'event', event: nodeEvent(gone, 'RemovingNode', `Removing Node ${name} from Controller`, now) });
    stores.health.delete(name);
    for (const [key] of [...stores.queue.scan()]) if (key.endsWith(`/${name}`)) stores.queue.delete(key);
  }
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    if (stores.health.get(name)) {
      ensureZone(zoneKey(n));
      continue;
    }
    registration.push({ kind: 'event', event: nodeEvent(n, 'RegisteredNode', `Registered Node ${name} in Controller`, now) });
    markNodeAsReachable(n);
  }

  const zoneToReady: Record<string, (NodeCondition | undefined)[]> = {};
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    const prev = stores.health.get(name);
    const h = input.health?.get(name) ?? computeNodeHealth(n, leases[name], prev, now, config);
    if (h.newConditions) {
      statusUpdates.push(nodeStatusUpdate(n, h.newConditions));
      statusWritten.add(name);
    }
    const zone = zoneKey(n);
    if (!isNodeExcludedFromDisruptionChecks(n)) (zoneToReady[zone] ??= []).push(h.currentReady);
    const retry = !!h.healthData.retryPodsNotReady;
    const next = { ...h.healthData, uid: n.metadata?.uid, retryPodsNotReady: false };
    // Most passes change nothing for a node between Lease renewals: skip the row write then; a renewal
    // seen is kept in memory (onlyLeaseRenewed: a restart relists the Leases)
    if (onlyLeaseRenewed(prev, next) && stores.health.keep) stores.health.keep(name, next);
    else if (!sameHealthData(prev, next)) stores.health.put(name, next);
    if (!h.currentReady) continue;

    const decision = taintBasedEviction(n, h.observedReady.status);
    if (decision?.kind === 'swap') setTaints(n, swapTaints(taintsOf(n), [decision.add], [decision.remove], now));
    else if (decision?.kind === 'markReachable') markNodeAsReachable(n);
    else if (decision?.kind === 'enqueue') {
      withQueue(zone, (q) => {
        if (decision.requeue) q.remove(name);
        q.add(name, n.metadata?.uid ?? '', now);
      });
    }

    if (h.currentReady.status !== 'True' && h.observedReady.status === 'True') {
      notReadyEvents.push({ kind: 'event', event: nodeStatusChangeEvent(n, 'NodeNotReady', now) });
      markPods.push(name);
    } else if (retry && h.observedReady.status !== 'True') {
      markPods.push(name);
    }
  }

  const previous = Object.fromEntries([...stores.zones.scan()].map(([z, r]) => [z, r.state]));
  const decision = handleDisruption(previous, zoneToReady, config);
  if (decision.transition === 'EnterMasterDisruption') for (const n of nodes) markNodeAsReachable(n);
  if (decision.transition === 'ExitMasterDisruption') {
    for (const n of nodes) {
      const name = n.metadata?.name ?? '';
      const h = stores.health.get(name);
      if (h) stores.health.put(name, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
    }
  }
  for (const [zone, qps] of Object.entries(decision.limiterQps)) withQueue(zone, (q) => q.swapLimiter(qps, now));
  for (const [zone, record] of [...stores.zones.scan()]) {
    const state = decision.zoneStates[zone];
    if (state) stores.zones.put(zone, { ...record, state });
    else {
      stores.zones.delete(zone);
      clearZoneQueue(stores, zone);
    }
  }

  const taintPatches: Action[] = [];
  for (const n of nodes) {
    const name = n.metadata?.name ?? '';
    const next = taints.get(name);
    if (next && JSON.stringify(next) !== JSON.stringify(n.spec?.taints ?? [])) {
      taintPatches.push(nodeTaintsPatch(n, next, !statusWritten.has(name)));
    }
  }
  return {
    actions: [...registration, ...statusUpdates, ...taintPatches, ...notReadyEvents],
    markPodsNotReady: markPods,
    zoneStates: decision.zoneStates,
    transition: decision.transition,
  };
}

/** What one doNoExecuteTaintingPass decided. */
export interface TaintingPassResult {
  /** Taint patches, each with the zone and node it came from (on failure: `retryTainting`). */
  patches: { zone: string; node: string; action: Action }[];
  /** When a queue can next make progress (arm the alarm); undefined when every queue is idle or stopped. */
  nextTryAt?: number;
}

/**
 * doNoExecuteTaintingPass (upstream: every 100 ms): each zone's queue hands out nodes at its rate;
 * a node Ready=False gets not-ready:NoExecute, Unknown gets unreachable:NoExecute (the opposite
 * taint removed in the same patch); a node Ready again or gone is dropped; a node without a Ready
 * condition is retried after 50 ms.
 */
export function noExecuteTaintingPass(nodes: readonly Node[], stores: NodeLifecycleStores, now: number): TaintingPassResult {
  // built only when a queue hands out a node: most passes find every queue idle
  let byName: Map<string, Node> | undefined;
  const patches: TaintingPassResult['patches'] = [];
  let nextTryAt: number | undefined;
  for (const [zone] of [...stores.zones.scan()]) {
    const q = zoneQueue(stores, zone);
    q.try(now, (v) => {
      const node = (byName ??= new Map(nodes.map((n) => [n.metadata?.name ?? '', n]))).get(v.value);
      if (!node) return { done: true };
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready) return { done: false, retryAfterMs: 50 };
      const pair = noExecuteTaintFor(ready.status);
      if (!pair) return { done: true };
      const next = swapTaints(node.spec?.taints, [pair.add], [pair.remove], now);
      if (next) patches.push({ zone, node: v.value, action: nodeTaintsPatch(node, next) });
      return { done: true };
    });
    saveZoneQueue(stores, zone, q);
    const at = q.nextTryAt(now);
    if (at !== undefined && (nextTryAt === undefined || at < nextTryAt)) nextTryAt = at;
  }
  return { patches, nextTryAt };
}

/** Put a node back in its zone's queue after its taint patch failed (upstream: retry at once). */
export function retryTainting(stores: NodeLifecycleStores, zone: string, node: string, now: number): void {
  if (!stores.zones.get(zone)) return;
  const q = zoneQueue(stores, zone);
  q.retry(node, now);
  saveZoneQueue(stores, zone, q);
}
