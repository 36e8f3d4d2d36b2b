import type { Lease } from 'kubernetes-types/coordination/v1';
import type { ConfigMap, Node, Pod, Secret } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { ApiError } from '../../shared/api/errors';
import type { Json, KubeObject } from '../../shared/api/object';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { kubeletHearsPod } from '../../shared/controllers/pod-update-filters';
import { kubeletHearsNode } from '../../shared/controllers/node-update-filters';
import { NodesWithoutKubelet, poolNodeNotice, type NodeKind } from '../../shared/controllers/nodes-without-kubelet';
import { recordStore, type EntryStore } from '../../shared/controllers/node-lifecycle/entry-store';
import type { Client } from '../../shared/client';
import {
  admitPod,
  admittedPod,
  allocatePodIP,
  defaultNodePool,
  heartbeatDelay,
  heartbeatPhase,
  HEARTBEAT_TICK_MS,
  leaseFor,
  leaseKnown,
  leaseOwedAt,
  leaseRenewal,
  NODE_LEASE_NAMESPACE,
  newHostLocal,
  NODE_POOL_LABEL,
  nodeStatusUpdate,
  PROFILE_ANNOTATION,
  rejectedPodStatus,
  releasePodIP,
  resolveProfile,
  sandboxNetwork,
  staleNames,
  statusConflictRetry,
  stepPod,
  type AdmittedPod,
  type HostLocalState,
  type NodeFaults,
  type NodeMemoryState,
  type NodePool,
  type PodRunState,
  type WorkloadProfile,
} from '../../shared/nodes';
import type { ControllerDef, KeyResult, NoticeState, ReconcileContext } from './controller-def';
import type { Rows } from './state-rows';
import { log } from '../../platform/log';
import type { ResourceDef } from '../../shared/api/registry';
import type { StoreApi, StoreResult, UpdateRequest } from '../../shared/apiserver/store-protocol';
import { leaseRenewed, type LeaseRenewal, type RenewedLease } from '../../shared/apiserver/lease-renewal';
import { microTime } from '../../shared/nodes/time-format';
import { earliestDue } from '../../shared/clock/pace';
import { statusToError, getOrUndefined } from '../../shared/client/store-result';
import { readMany, type ReadOutcome } from '../../shared/client/read-many';
import { CLUSTER_STORE, namespaceStore } from '../../platform/stores';
import { clock } from '../../platform/clock';
import { stableStringify } from '../../shared/apiserver/object-meta';
import { cniAddError, SANDBOX_RETRY_MS, sandboxFailureEvent, sandboxOptionsError } from '../../shared/network/sandbox-failure';
import { afterPodStep, evictionWrite, nodeMemoryHousekeeping, podsByNode, poolEviction, type MemoryPodEntry, type PoolEviction } from './kubelet-memory';
import { configReferences, type ConfigObjects } from '../../shared/nodes/container-config';
import { consultedConfig } from '../../shared/nodes/consulted-config';
import type { StepPodInput, StepPodResult } from '../../shared/nodes/pod-lifecycle';
import { KubeletBatch } from './kubelet-batch';
import { withoutManagedFields } from '../../shared/patch/field-manager';
import { LEASES, NODES, NODE_POOLS, PODS, WORKLOAD_PROFILES } from '../../shared/api/resource-refs';
import { LEASE_DEF, NODE_DEF } from '../../shared/api/resource-defs';


/** How soon a pod or node whose status write met a conflict is reconciled again. */
const CONFLICT_RETRY_MS = 20;

/** Simulated kubelets run as this many Durable Objects, each owning the nodes that hash to it. */
export const KUBELET_SHARDS = 8;

/** FNV-1a of the node name: which kubelet shard runs a node (and the pods bound to it). */
export function nodeShard(node: string): number {
  let h = 2166136261;
  for (let i = 0; i < node.length; i++) h = Math.imul(h ^ node.charCodeAt(i), 16777619);
  return (h >>> 0) % KUBELET_SHARDS;
}

interface PodEntry extends MemoryPodEntry {
  uid: string;
  node: string;
  run?: PodRunState;
  /** The sandbox's IP: host-local's, or the node's for a pod on the host's network (set once the sandbox exists). */
  ip?: string;
  /** The sandbox joined the node's network namespace: its IP is the node's, not host-local's. */
  hostNetwork?: boolean;
  rejected?: boolean;
  /** Why admission rejected it, to write again if that status write failed. */
  rejection?: { reason: string; message: string; at: number };
  /** What admitting the node's next pods needs of this one (rows written before it was kept count as requesting nothing). */
  adm?: AdmittedPod;
  /** The phase last computed for it: Succeeded and Failed pods leave room on the node. */
  phase?: string;
}

/** The shard's persisted state, one row per pod (by `namespace/name`) and one per node (its host-local IPAM). */
interface KubeletState {
  pods: Rows<PodEntry>;
  hostLocal: Rows<HostLocalState>;
  /** Per node: the eviction manager's observations and when the memory model last ran. */
  memory: Rows<NodeMemoryState>;
  /** Pods an OOM kill or eviction changed during the node runs, to reconcile in the same batch. */
  affected: Set<string>;
  /** The pods this kubelet admitted to `node`, as admission counts them. */
  admittedOn(node: string): AdmittedPod[];
  /** Keeps a newly admitted pod's row (and its place in the node's index). */
  admit(key: string, e: PodEntry): void;
  /** Pod row keys by node. */
  byNode: Map<string, Set<string>>;
  /** Nodes this shard knows have no kubelet: their pods' notices queue nothing. */
  noKubelet: NodesWithoutKubelet;
}

const NOTHING_REQUESTED: AdmittedPod = { requests: { cpuMilli: 0, memoryBytes: 0, ephemeralStorageBytes: 0 } };

/**
 * The shard's NodesWithoutKubelet over its `nodeKinds` rows (one per node it heard of): a host leaves memory
 * after a few idle seconds, and the ADDED notices of nodes made before that do not come again. Without rows
 * (a caller outside a host) over its memo.
 */
function nodesWithoutKubelet(memo: Record<string, unknown>, rows?: ReconcileContext['rows']): NodesWithoutKubelet {
  return new NodesWithoutKubelet(rows ? rows<NodeKind>('nodeKinds') : ((memo.nodeKinds ??= recordStore<NodeKind>()) as EntryStore<NodeKind>));
}

function kubeletState(ctx: Pick<ReconcileContext, 'rows' | 'memo'>): KubeletState {
  const pods = ctx.rows<PodEntry>('pods');
  // node → pod keys, built from the rows at the host's first use and kept up by admit and forget:
  // heartbeats and admissions look up a node's pods without scanning every row of the shard
  const byNode = (ctx.memo.podsByNode ??= podsByNode(pods)) as Map<string, Set<string>>;
  return {
    pods,
    hostLocal: ctx.rows<HostLocalState>('hostLocal'),
    memory: ctx.rows<NodeMemoryState>('memory'),
    affected: new Set(),
    byNode,
    noKubelet: nodesWithoutKubelet(ctx.memo, ctx.rows),
    admittedOn(node) {
      const out: AdmittedPod[] = [];
      for (const key of byNode.get(node) ?? []) {
        const e = pods.get(key);
        if (!e || e.node !== node) continue;
        const adm = e.adm ?? NOTHING_REQUESTED;
        out.push({ ...adm, phase: e.rejected || e.evicted?.written ? 'Failed' : (e.phase ?? adm.phase) });
      }
      return out;
    },
    admit(key, e) {
      pods.put(key, e);
      const set = byNode.get(e.node);
      if (set) set.add(key);
      else byNode.set(e.node, new Set([key]));
    },
  };
}

/** The NodePool a node belongs to, by its label ('' for none). */
const poolKey = (node: Node): string => node.metadata?.labels?.[NODE_POOL_LABEL] ?? '';

function isSimulated(node: Node): boolean {
  return Boolean(node.metadata?.labels?.[NODE_POOL_LABEL]);
}


/**
 * Leases as this isolate last wrote them, by node, without their managedFields: a renewal built on
 * one sends none, which the API server takes as "keep them" (upstream too), so the store does not
 * decode and compare the field sets the request would otherwise carry back; and 5,000 of them weigh less.
 */
const lastLeases = new Map<string, Lease>();
const remember = (name: string, lease: Lease) => lastLeases.set(name, withoutManagedFields(lease as unknown as Json) as Lease);

/**
 * NodePools as this isolate last read them: every heartbeat needs its pool's settings and faults.
 * Values, never promises: the kubelet shards share the isolate, and a promise one Durable Object
 * started must not be awaited by another (workerd refuses cross-object I/O).
 */
const POOL_TTL_MS = 2000;

/** A pool as read, with what every heartbeat needs of it worked out once per read instead of per node. */
interface PoolView {
  pool: NodePool | undefined;
  heartbeat: { leaseRenewIntervalSeconds: number; leaseDurationSeconds: number; statusUpdateIntervalSeconds: number };
  eviction: PoolEviction;
}

const KUBELET_HEARTBEAT = { leaseRenewIntervalSeconds: 10, leaseDurationSeconds: 40, statusUpdateIntervalSeconds: 60 };
const pools = new Map<string, { at: number; view: PoolView }>();

async function poolView(client: Client, node: Node): Promise<PoolView> {
  const name = poolKey(node);
  const hit = name ? pools.get(name) : undefined;
  if (hit && clock.wallNow() - hit.at < POOL_TTL_MS) return hit.view;
  const pool = name ? await getOrUndefined(client.resource<NodePool>(NODE_POOLS).get(name)) : undefined;
  const view = { pool, heartbeat: pool ? defaultNodePool(pool).spec.heartbeat : KUBELET_HEARTBEAT, eviction: poolEviction(pool) };
  if (name) pools.set(name, { at: clock.wallNow(), view });
  return view;
}

async function poolOf(client: Client, node: Node): Promise<NodePool | undefined> {
  return (await poolView(client, node)).pool;
}

function faultsOf(pool: NodePool | undefined, node: string): NodeFaults | undefined {
  const spec = pool?.spec;
  if (!spec) return undefined;
  return { ...(spec.faults ?? {}), ...(spec.nodeFaults?.[node] ?? {}) };
}

/**
 * Nodes as this isolate last saw or wrote them, without their managedFields (a third of a pool node's
 * size): the status post is built on the cached node, and one without managedFields is taken as
 * "keep them", as for lastLeases. The rest of the node stays: the post replaces the whole status, on
 * the copy's resourceVersion (writeStatuses).
 * A node someone else changed is read again at its next heartbeat (its notice drops the copy:
 * kubeletHearsNodeUpdate); the copy's age bound only repairs a lost notice.
 */
const NODE_TTL_MS = 10 * 60_000;
const knownNodes = new Map<string, { at: number; node: Node }>();
function knowNode(name: string, at: number, read: Node): Node {
  const node = withoutManagedFields(read as unknown as Json) as Node;
  knownNodes.set(name, { at, node });
  return node;
}

/**
 * The batch's nodes: each from the cache while it is fresh, the stale ones read again together (one
 * getMany to the cluster store per NAMES_PER_READ, not one get each). A node gone leaves the cache; a
 * node whose read failed carries its error (it alone is retried).
 */
async function currentNodes(store: StoreApi, names: string[], now: number): Promise<Map<string, ReadOutcome<Node>>> {
  const stale = staleNames(names, (n) => knownNodes.get(n)?.at, now, NODE_TTL_MS);
  const read = stale.length ? await readMany<Node>(store, NODE_DEF, stale) : new Map<string, ReadOutcome<Node>>();
  const out = new Map<string, ReadOutcome<Node>>();
  for (const name of names) {
    const r = read.get(name);
    if (!r) out.set(name, { object: knownNodes.get(name)!.node });
    else if ('object' in r) out.set(name, { object: knowNode(name, now, r.object) });
    else {
      if ('gone' in r) knownNodes.delete(name);
      out.set(name, r);
    }
  }
  return out;
}

interface Heartbeat {
  name: string;
  node: Node;
  /** The node's faults and its pool's renewal interval: what its next renewal is owed by (leaseOwedAt). */
  faults?: NodeFaults;
  renewIntervalSeconds: number;
  /** When leaseRenewal scheduled the next renewal (cluster ms): what the next pass counts from. */
  nextLeaseDueMs: number;
  lease?: Lease;
  nextLease?: Lease;
  nextNode?: Node;
  result: KeyResult;
}

function updateRequest(def: ResourceDef, name: string, object: KubeObject, target: 'main' | 'status'): UpdateRequest {
  return { def, name, object, target, version: 'v1', fieldManager: 'kubelet' };
}

/**
 * Heartbeats of all due nodes of this shard in one go: each Lease renewed every 10 s and each status
 * posted every minute or on change, written as ONE store call for the Leases and one for the statuses
 * (the "one store write per shard per tick"), with no reads in the steady state. The reads a
 * batch does need (nodes past their cache, a pool, a Lease not written yet) overlap: one wait for
 * all, not one per node.
 */
async function reconcileNodes(names: string[], ctx: ReconcileContext, s: KubeletState, batch: KubeletBatch): Promise<Record<string, KeyResult>> {
  const { client, now } = ctx;
  const out: Record<string, KeyResult> = {};
  const beats: Heartbeat[] = [];
  const nodes = await currentNodes(ctx.store(CLUSTER_STORE), names, now);
  const simulated = [...nodes].flatMap(([name, r]) => ('object' in r && isSimulated(r.object) ? [{ name, node: r.object }] : []));
  // the Leases this isolate has not written for these nodes, in one read of the kube-node-lease store (none in the steady state)
  const unknown = simulated.filter(({ name, node }) => !leaseKnown(lastLeases.get(name), node)).map(({ name }) => name);
  // one read per pool the batch's nodes belong to (none while its view is fresh), not one wait per node
  const poolReads = new Map<string, Promise<PoolView | { error: unknown }>>();
  for (const { node } of simulated) {
    const key = poolKey(node);
    if (!poolReads.has(key)) poolReads.set(key, poolView(client, node).catch((error: unknown) => ({ error })));
  }
  const [views, leaseReads] = await Promise.all([
    Promise.all(poolReads.values()),
    unknown.length ? readMany<Lease>(ctx.store(namespaceStore(NODE_LEASE_NAMESPACE)), LEASE_DEF, unknown) : new Map<string, ReadOutcome<Lease>>(),
  ]);
  const viewByPool = new Map([...poolReads.keys()].map((key, i) => [key, views[i]!] as const));
  const read = names.map((name) => {
    // this node's read failed (its node, its pool or its Lease): it alone is retried
    const n = nodes.get(name)!;
    if ('error' in n) return { name, error: n.error };
    if ('gone' in n || !isSimulated(n.object)) return { name, node: 'gone' in n ? undefined : n.object };
    const view = viewByPool.get(poolKey(n.object))!;
    if ('error' in view) return { name, error: view.error };
    const l = leaseReads.get(name);
    if (l && 'error' in l) return { name, error: l.error };
    return { name, node: n.object, view, lease: !l ? lastLeases.get(name) : 'object' in l ? l.object : undefined };
  });
  for (const { name, node, view, lease, error } of read) {
    if (error !== undefined) {
      out[name] = { error };
      continue;
    }
    if (!node) {
      s.hostLocal.delete(name);
      s.memory.delete(name);
      lastLeases.delete(name);
      leasesOwed(ctx.memo).delete(name);
      out[name] = {};
      continue;
    }
    if (!view) {
      leasesOwed(ctx.memo).delete(name);
      out[name] = {};
      continue;
    }
    const { pool, heartbeat: beat, eviction } = view;
    const own = faultsOf(pool, name);
    resumePods(name, Boolean(own?.stopHeartbeat), ctx.memo, s);
    const memory = own?.stopHeartbeat ? undefined : nodeMemoryHousekeeping(node, eviction, s.byNode.get(name) ?? [], s.pods, s.memory, now);
    if (memory) for (const k of memory.affected) s.affected.add(k);
    if (memory?.events.length) batch.recordEvents(node as KubeObject, memory.events);
    const faults = memory?.memoryPressure ? { ...own, memoryPressure: true } : own;
    const renewal = leaseRenewal(lease, faults, now, beat.leaseRenewIntervalSeconds, leasesOwed(ctx.memo).get(name));
    const update = nodeStatusUpdate(node, faults, now, { statusUpdateIntervalSeconds: beat.statusUpdateIntervalSeconds });
    batch.recordEvents(node as KubeObject, update.events);
    beats.push({
      name,
      node,
      faults,
      renewIntervalSeconds: beat.leaseRenewIntervalSeconds,
      nextLeaseDueMs: renewal.nextDueMs,
      lease,
      // upstream's newLease: a renewal is the Lease as last written with renewTime now (and the Node as owner if it has none)
      nextLease: !renewal.due ? undefined : lease ? leaseRenewed(lease, microTime(now), nodeOwner(node)) : leaseFor(node, now, { leaseDurationSeconds: beat.leaseDurationSeconds }),
      nextNode: update.write ? update.node : undefined,
      // each shard at its own point of the tick (heartbeatPhase), so the shards' Lease batches take turns at the store
      result: { requeueAfterMs: heartbeatDelay(Math.min(renewal.nextDueMs, update.nextDueMs), now, HEARTBEAT_TICK_MS, heartbeatPhase(nodeShard(name), KUBELET_SHARDS)) },
    });
  }
  // two stores (kube-node-lease's and the cluster's): the two batches go out together
  await Promise.all([writeLeases(ctx, beats), writeStatuses(ctx, beats)]);
  const owed = leasesOwed(ctx.memo);
  for (const b of beats) {
    out[b.name] = b.result;
    // the Lease as now stored (written: its next renewal is due as scheduled; refused and left as it was: due an interval after it)
    const at = leaseOwedAt((lastLeases.get(b.name) ?? b.lease)?.spec?.renewTime, b.faults, b.renewIntervalSeconds, b.nextLeaseDueMs);
    if (at === undefined) owed.delete(b.name);
    else owed.set(b.name, at);
  }
  return out;
}

/**
 * Per node of this shard: from when its next Lease renewal is owed (cluster ms), what the pace keeper judges the
 * shard by, and what the next pass schedules the renewal by (leaseRenewal: a period after the last was due).
 */
function leasesOwed(memo: Record<string, unknown>): Map<string, number> {
  return (memo.leasesOwed ??= new Map<string, number>()) as Map<string, number>;
}

/**
 * The batch's Lease writes to the kube-node-lease store: renewals as one renewLeases (one transaction,
 * no generic admission: store/lease-renewals.ts) and first Leases as one createMany, both at once. A
 * write refused (changed by someone else since, gone, already there) is read and written again on its
 * own, which is rare: upstream's lease controller does the same (a conflict: get the Lease and renew
 * that; gone: create it again).
 */
async function writeLeases(ctx: ReconcileContext, beats: Heartbeat[]): Promise<void> {
  const leases = ctx.client.resource<Lease>(LEASES).namespace(NODE_LEASE_NAMESPACE);
  const store = ctx.store(namespaceStore(NODE_LEASE_NAMESPACE));
  const renewals = beats.filter((b) => b.nextLease && b.lease);
  const firsts = beats.filter((b) => b.nextLease && !b.lease);
  const [renewed, created] = await Promise.all([
    renewals.length ? renew(store, renewals) : [],
    firsts.length ? store.createMany(firsts.map((b) => ({ def: LEASE_DEF, object: b.nextLease as KubeObject, version: 'v1', fieldManager: 'kubelet' }))) : [],
  ]);
  const again: Heartbeat[] = [];
  for (const [i, b] of renewals.entries()) {
    const r = renewed[i]!;
    // written as sent unless the store says otherwise (it then sends the whole Lease)
    if (r.ok) remember(b.name, (r.value.object as Lease | undefined) ?? withVersion(b.nextLease!, r.value.resourceVersion));
    else again.push(b);
  }
  for (const [i, b] of firsts.entries()) {
    const r = created[i]!;
    if (r.ok) remember(b.name, r.value.object as Lease);
    else again.push(b);
  }
  for (const b of again) {
    lastLeases.delete(b.name);
    try {
      const current = await getOrUndefined(leases.get(b.name));
      const next = current ? leaseRenewed(withoutManagedFields(current as unknown as Json) as Lease, microTime(ctx.now), nodeOwner(b.node)) : leaseFor(b.node, ctx.now, { leaseDurationSeconds: b.nextLease!.spec?.leaseDurationSeconds ?? 40 });
      remember(b.name, current ? await leases.update(next) : await leases.create(next));
    } catch (error) {
      b.result = { error };
    }
  }
}

/** A batch's renewals: each the Lease the kubelet last wrote (its resourceVersion the precondition) with the new renewTime. */
function renew(store: StoreApi, beats: Heartbeat[]): Promise<StoreResult<RenewedLease>[]> {
  const renewals = beats.map((b): LeaseRenewal => ({
    name: b.name,
    resourceVersion: b.lease!.metadata?.resourceVersion ?? '',
    renewTime: b.nextLease!.spec!.renewTime!,
    ownerReferences: nodeOwner(b.node),
    fieldManager: 'kubelet',
  }));
  if (store.renewLeases) return store.renewLeases(LEASE_DEF, renewals);
  // a store without the renewal path (in memory): the same writes as generic updates
  return store
    .updateMany(beats.map((b) => updateRequest(LEASE_DEF, b.name, b.nextLease as KubeObject, 'main')))
    .then((rs) => rs.map((r) => (r.ok ? { ok: true, value: { resourceVersion: r.value.object.metadata.resourceVersion, object: r.value.object } } : r)));
}

function withVersion(lease: Lease, resourceVersion: string): Lease {
  return { ...lease, metadata: { ...lease.metadata, resourceVersion } };
}

/** The Node as the owner of its Lease (upstream's setNodeOwnerFunc), when its uid is known. */
function nodeOwner(node: Node): OwnerReference[] | undefined {
  const { name, uid } = node.metadata ?? {};
  return name && uid ? [{ apiVersion: 'v1', kind: 'Node', name, uid }] : undefined;
}

/**
 * The batch's status reports as one updateMany, each conditional on the resourceVersion of the copy it was
 * built on. The report replaces the whole status; upstream's kubelet patches its own condition types onto
 * the node it just read, so another writer's condition (flannel's NetworkUnavailable) stays. A copy that
 * missed such a write (its notice still on the way) would drop it: the store refuses the report (409), the
 * copy is dropped, and the node is tried again at once on a fresh read, as upstream's tryUpdateNodeStatus
 * retries on a conflict.
 */
async function writeStatuses(ctx: ReconcileContext, beats: Heartbeat[]): Promise<void> {
  const posts = beats.filter((b) => b.nextNode);
  if (!posts.length) return;
  const results = await ctx.store(CLUSTER_STORE).updateMany(posts.map((b) => updateRequest(NODE_DEF, b.name, b.nextNode as KubeObject, 'status')));
  const conflicts = (ctx.memo.statusConflicts ??= new Map<string, number>()) as Map<string, number>;
  for (const [i, b] of posts.entries()) {
    const r = results[i]!;
    if (r.ok) {
      conflicts.delete(b.name);
      knowNode(b.name, ctx.now, r.value.object as Node);
      continue;
    }
    knownNodes.delete(b.name); // changed since we read it: read again next time
    if (r.status.code !== 409) {
      b.result = { error: statusToError(r.status) };
      continue;
    }
    // at once on a fresh read, a few times in a row; then the report waits for its period (b.result as it was)
    const next = statusConflictRetry(conflicts.get(b.name) ?? 0);
    if (next.conflicts) conflicts.set(b.name, next.conflicts);
    else conflicts.delete(b.name);
    if (next.retry) b.result = { requeueAfterMs: CONFLICT_RETRY_MS };
    else log.warn('node status update exceeds retry count', { node: b.name });
  }
}

/**
 * A kubelet that comes back (its stopHeartbeat fault cleared) syncs its pods again at once: they were
 * left as they were while it was down, and no notice or resync would bring them back otherwise.
 */
function resumePods(node: string, stopped: boolean, memo: Record<string, unknown>, s: KubeletState): void {
  const down = (memo.stoppedNodes ??= new Set<string>()) as Set<string>;
  if (stopped) down.add(node);
  else if (down.delete(node)) for (const key of s.byNode.get(node) ?? []) s.affected.add(key);
}

/** One pod on a simulated node: admission, IP, lifecycle step, status, events, final delete; writes go out with the batch. */
async function reconcilePod(client: Client, key: string, now: number, state: KubeletState, batch: KubeletBatch): Promise<{ requeueAfterMs?: number }> {
  const [ns, name] = key.split('/') as [string, string];
  const pods = client.resource<Pod>(PODS).namespace(ns);
  const pod = await batch.get<Pod>(PODS, ns, name);
  const entry = state.pods.get(key);
  if (!pod || (entry && entry.uid !== pod.metadata?.uid)) forgetPod(state, key);
  if (!pod) return {};
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return {};
  const node = await batch.node(nodeName);
  if (!node) return {};
  if (!isSimulated(node)) {
    state.noKubelet.readBare(nodeName); // the node's next pods queue nothing
    return {};
  }
  // a dead kubelet (stopHeartbeat) writes no pod status either: the node lifecycle controller's
  // Ready=False and DisruptionTarget stay, and a deleted pod stays Terminating; the resync resumes it
  const pool = await poolOf(client, node);
  if (faultsOf(pool, nodeName)?.stopHeartbeat) return {};
  let e = state.pods.get(key);
  if (!e) {
    // admitted against this shard's own rows of the node's pods: no read, and (no await from here
    // to the put) two pods of one batch never both take the last room on a node
    const verdict = admitPod(pod, node, state.admittedOn(nodeName));
    e = { uid: pod.metadata!.uid!, node: nodeName, adm: admittedPod(pod) };
    state.admit(key, e);
    if (!verdict.admit) {
      const rejected = rejectedPodStatus(pod, verdict, now);
      batch.writeStatus(key, pod, rejected.status);
      batch.recordEvents(pod as KubeObject, [rejected.event]);
      e.rejected = true;
      e.rejection = { reason: verdict.reason, message: verdict.message, at: now };
      state.pods.put(key, e);
      return {};
    }
  }
  if (e.rejected) {
    // the rejection's status write failed (a conflict): write it again on top of the pod as it is now
    if (e.rejection && pod.status?.phase !== 'Failed') batch.writeStatus(key, pod, rejectedPodStatus(pod, e.rejection, e.rejection.at).status);
    return {};
  }
  if (e.evicted?.written) {
    // an evicted pod stays Failed until deleted; then the kubelet lets it go
    if (pod.metadata?.deletionTimestamp) {
      await pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata!.uid } }).catch(() => undefined);
      forgetPod(state, key);
    }
    return {};
  }
  if (!e.ip && pod.metadata?.deletionTimestamp) {
    // no sandbox ever ran: nothing to stop
    await pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } }).catch(() => undefined);
    forgetPod(state, key);
    return {};
  }
  if (!e.ip) {
    const net = sandboxNetwork(pod, node);
    if (net.mode === 'NODE') {
      // the node's own network namespace: no CNI ADD, no host-local IP, no bandwidth annotations read
      if (!net.ip) return { requeueAfterMs: 1000 }; // the node has no InternalIP yet
      e.ip = net.ip;
      e.hostNetwork = true;
    } else {
      if (!net.podCIDR) return { requeueAfterMs: 1000 }; // waiting for node IPAM
      const refused = sandboxOptionsError(pod);
      if (refused) return sandboxFailed(pod, node, refused, now, batch);
      const result = allocatePodIP(state.hostLocal.get(nodeName) ?? newHostLocal(net.podCIDR), pod.metadata!.uid!);
      state.hostLocal.put(nodeName, result.state);
      if (!result.ok) return sandboxFailed(pod, node, cniAddError(result.error), now, batch);
      e.ip = result.ip;
    }
    state.pods.put(key, e);
  }
  const profileName = pod.metadata?.annotations?.[PROFILE_ANNOTATION];
  const profile = profileName ? await batch.get<WorkloadProfile>(WORKLOAD_PROFILES, ns, profileName) : undefined;
  const resolved = resolveProfile(pod, profile);
  const step = await stepReadingConfig({ pod, node, profile: resolved, now, state: e.run, podIP: e.ip, missingImages: pool?.spec?.missingImages }, () => readConfigObjects(batch, ns, pod));
  e.run = step.state;
  e.phase = step.status.phase;
  const memoryDue = afterPodStep(e, pod, resolved, node);
  state.pods.put(key, e);
  batch.recordEvents(pod as KubeObject, step.events);
  const evicted = evictionWrite(e, step.status);
  if (evicted) {
    e.phase = 'Failed';
    batch.recordEvents(pod as KubeObject, [evicted.event]);
    batch.writeStatus(key, pod, evicted.status);
    return {};
  }
  if (step.deletePod) {
    await pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata!.uid } }).catch((err) => {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    });
    forgetPod(state, key);
    return {};
  }
  if (stableStringify(step.status) !== stableStringify(pod.status ?? {})) batch.writeStatus(key, pod, step.status);
  const due = Math.min(step.nextDueMs ?? Infinity, memoryDue ?? Infinity);
  return due === Infinity ? {} : { requeueAfterMs: Math.max(50, due - now) };
}

/**
 * The pod's step, reading its ConfigMaps and Secrets only when the step looks in them: mounting its
 * volumes (at its start, at each FailedMount retry) or creating a container (env from them). A pod
 * whose containers run reads none at its later steps (status changes, probes, exits), as the kubelet's
 * managers are asked only at mounts and container starts.
 */
async function stepReadingConfig(input: Omit<StepPodInput, 'config'>, read: () => Promise<ConfigObjects | undefined>): Promise<StepPodResult> {
  const refs = configReferences(input.pod);
  if (!refs.configMaps.length && !refs.secrets.length) return stepPod(input);
  const probe = consultedConfig();
  const step = stepPod({ ...input, config: probe.objects });
  return probe.consulted() ? stepPod({ ...input, config: await read() }) : step;
}

/** The ConfigMaps and Secrets the pod references, as the kubelet's managers find them; undefined when it references none. */
async function readConfigObjects(batch: KubeletBatch, ns: string, pod: Pod): Promise<ConfigObjects | undefined> {
  const refs = configReferences(pod);
  if (!refs.configMaps.length && !refs.secrets.length) return undefined;
  const read = async <T extends ConfigMap | Secret>(plural: string, names: string[]): Promise<Map<string, T>> => {
    const found = await Promise.all(names.map(async (n) => [n, await batch.get<T>({ group: '', version: 'v1', plural }, ns, n)] as const));
    return new Map(found.filter((f): f is readonly [string, T] => f[1] !== undefined));
  };
  return { configMaps: await read<ConfigMap>('configmaps', refs.configMaps), secrets: await read<Secret>('secrets', refs.secrets) };
}

/** Sandbox network setup failed (bad bandwidth annotations, host-local exhausted): the pod stays ContainerCreating, a FailedCreatePodSandBox event, a retry after the back-off. */
function sandboxFailed(pod: Pod, node: Node, error: string, now: number, batch: KubeletBatch): { requeueAfterMs: number } {
  const { status } = stepPod({ pod, node, profile: resolveProfile(pod), now });
  const next = { ...status, startTime: pod.status?.startTime ?? status.startTime };
  const key = `${pod.metadata!.namespace}/${pod.metadata!.name}`;
  if (stableStringify(next) !== stableStringify(pod.status ?? {})) batch.writeStatus(key, pod, next);
  batch.recordEvents(pod as KubeObject, [sandboxFailureEvent(pod, error, now, String(now))]);
  return { requeueAfterMs: SANDBOX_RETRY_MS };
}

function forgetPod(state: KubeletState, key: string): void {
  const e = state.pods.get(key);
  if (!e) return;
  const local = state.hostLocal.get(e.node);
  if (local && e.ip && !e.hostNetwork) state.hostLocal.put(e.node, releasePodIP(local, e.uid));
  state.pods.delete(key);
  state.byNode.get(e.node)?.delete(key);
}

/** Shards that listed every pod since this isolate started. */
const podsListed = new Set<number>();

/**
 * The simulated kubelets of every pool node: keys are `node/<name>` (heartbeats) and
 * `pod/<namespace>/<name>` (pods bound to a simulated node).
 */
export const kubeletController: ControllerDef = {
  name: 'kubelet',
  watches: ['pods', 'nodes'],
  // the resync only covers lost notices: node keys requeue themselves every heartbeat, and a pod's
  // changes arrive as notices; listing every pool node (and pod) per shard each minute cost more than
  // the heartbeats themselves at thousands of nodes
  resyncMs: 5 * 60_000,
  resyncOnWallClock: true,
  wants(n: ChangeNotice): boolean {
    return n.resource === 'nodes' ? kubeletHearsNode(n) : kubeletHearsPod(n);
  },
  // a node's update by someone else queues nothing (its heartbeat is queued already): it drops the copy;
  // a node outside any NodePool queues nothing either, nor do the pods bound to one the shard knows of
  // (but their deletion: a row kept from when the node was in a pool is let go by the pod's reconcile)
  keysFor(n: ChangeNotice, host?: NoticeState): string[] {
    if (n.resource === 'nodes') return n.type === 'MODIFIED' || !poolNodeNotice(n) ? [] : [`node/${n.name}`];
    if (host && n.nodeName && n.type !== 'DELETED' && nodesWithoutKubelet(host.memo, host.rows).runsNoKubelet(n.nodeName)) return [];
    return [`pod/${n.namespace}/${n.name}`];
  },
  observe(notices, memo, rows) {
    const noKubelet = nodesWithoutKubelet(memo, rows);
    for (const n of notices) {
      if (n.resource !== 'nodes') continue;
      if (n.type === 'MODIFIED') knownNodes.delete(n.name);
      noKubelet.observe(n);
    }
  },
  shards: KUBELET_SHARDS,
  // judged by the renewals its Leases owe, not by its queue: a pod key, or one a notice queued a moment
  // ago behind a batch, is not a node about to look dead
  paceDue: (memo) => earliestDue(leasesOwed(memo).values()),
  shardOf: (n: ChangeNotice) => nodeShard(n.resource === 'nodes' ? n.name : (n.nodeName ?? '')),
  async allKeys(client: Client, shard?: number): Promise<string[]> {
    const nodes = (await client.resource<Node>(NODES).list({ labelSelector: NODE_POOL_LABEL })).items;
    const names = new Set(nodes.map((n) => n.metadata!.name!).filter((n) => shard === undefined || nodeShard(n) === shard));
    const nodeKeys = [...names].map((n) => `node/${n}`);
    // every pod is listed once per isolate (pods bound while this shard was not running); after that
    // the shard hears of its pods from notices, and its rows hold the ones it runs
    if (podsListed.has(shard ?? -1)) return nodeKeys;
    const pods = (await client.resource<Pod>(PODS).list()).items.filter((p) => p.spec?.nodeName && names.has(p.spec.nodeName));
    podsListed.add(shard ?? -1);
    return [...nodeKeys, ...pods.map((p) => `pod/${p.metadata!.namespace}/${p.metadata!.name}`)];
  },
  importState(state, rows) {
    for (const table of ['pods', 'hostLocal']) {
      for (const [key, value] of Object.entries((state[table] ?? {}) as Record<string, unknown>)) rows(table).put(key, value);
    }
  },
  async reconcile(key, ctx) {
    return (await this.reconcileBatch!([key], ctx))[key] ?? {};
  },
  async reconcileBatch(keys, ctx) {
    const s = kubeletState(ctx);
    const batch = new KubeletBatch(ctx.client, ctx.store, 'kubelet');
    const out = await reconcileNodes(
      keys.filter((k) => k.startsWith('node/')).map((k) => k.slice(5)),
      ctx,
      s,
      batch,
    ).then((r) => Object.fromEntries(Object.entries(r).map(([name, v]) => [`node/${name}`, v])));
    const podKeys = new Set([...keys.filter((k) => k.startsWith('pod/')), ...[...s.affected].map((k) => `pod/${k}`)]);
    // the batch's pods read together (one getMany per namespace), then their nodes (one), before their steps
    await batch.readPodsAndNodes([...podKeys].map((k) => k.slice(4)));
    // the pods' reads overlap (their decisions and row updates run without an await between them), their writes go out together
    await Promise.all(
      [...podKeys].map(async (key) => {
        try {
          out[key] = await reconcilePod(ctx.client, key.slice(4), ctx.now, s, batch);
        } catch (error) {
          out[key] = { error };
        }
      }),
    );
    for (const [key, error] of await batch.flush()) {
      // the pod changed between its read and the write (the Job controller's finalizer, a label): read it
      // again soon, as client-go's status manager does, not through the rate limiter's 10/s bucket
      out[`pod/${key}`] = error instanceof ApiError && error.code === 409 ? { requeueAfterMs: CONFLICT_RETRY_MS } : { error };
    }
    return out;
  },
};
