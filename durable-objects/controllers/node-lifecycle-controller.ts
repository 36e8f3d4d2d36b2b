import { periodicSyncTime } from '../../shared/controllers/periodic-sync';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import { LEASE_RESOURCE, type ChangeNotice } from '../../shared/apiserver/change-notice';
import { nodeLifecycleHearsPod } from '../../shared/controllers/pod-update-filters';
import type { Client } from '../../shared/client';
import { foundByName, getOrUndefined } from '../../shared/client/store-result';
import type { Action } from '../../shared/controllers/actions';
import { makeEvent } from '../../shared/controllers/events';
import {
  computeNodeHealth,
  computeNoScheduleTaints,
  lifecycleNode,
  DEFAULT_NODE_LIFECYCLE_CONFIG,
  markPodsNotReady,
  monitorNodeHealth,
  NODE_CONTROLLER_COMPONENT,
  nodeNoticeWork,
  nodeTaintsPatch,
  noExecuteTaintingPass,
  podNeedsNotReady,
  podStatusUpdate,
  processPod,
  lostNodesPodSelector,
  podsOfNodes,
  recordRenewal,
  readCovers,
  relistDue,
  rereadBeforeLosing,
  retryTainting,
  setPodsNotReadyRetry,
  snapshotRead,
  statusUpdateOnto,
  taintBasedEviction,
  zoneKey,
  type EntryStore,
  type LeaseSnapshot,
  type ListedAt,
  type PassTime,
  type NodeHealthData,
  type NodeHealthResult,
  type NodeLifecycleStores,
  type PodsNotReadyPlan,
  type TimedValue,
  type ZoneRecord,
} from '../../shared/controllers/node-lifecycle';
import { resyncByWall } from '../../shared/controllers/resync-policy';
import { clock } from '../../platform/clock';
import { log } from '../../platform/log';
import type { ControllerDef, KeyResult, ReconcileContext } from './controller-def';
import { executeActions } from './execute-actions';
import { LEASES, NODES, PODS } from '../../shared/api/resource-refs';
import { CLUSTER_STORE, namespaceStore } from '../../platform/stores';
import { LEASE_DEF, NODE_DEF } from '../../shared/api/resource-defs';
import { NODE_LEASE_NAMESPACE } from '../../shared/nodes/node-heartbeat';

const NAME = 'node-lifecycle';
const CONFIG = DEFAULT_NODE_LIFECYCLE_CONFIG;

/** The key of monitorNodeHealth plus the NoExecute tainting pass, requeued every 5 s of cluster time. */
export const MONITOR_KEY = 'monitor';
/** `node/<name>`: the node's NoSchedule taints from its conditions (upstream's nodeUpdateQueue). */
const NODE_PREFIX = 'node/';
/**
 * `pod/<node>/<namespace>/<name>`: a pod just bound to a node that is not ready is marked so (upstream's
 * podUpdateQueue, one item per pod; the node rides in the key so a healthy node costs no read).
 */
const POD_PREFIX = 'pod/';

/** Row tables: one health row per node, one row per zone, one per node queued for its NoExecute taint. */
export const NODE_LIFECYCLE_TABLES = { health: 'health', zones: 'zones', queue: 'queue' } as const;

/**
 * How long (cluster ms) the monitor trusts its node snapshot before listing every node again. Between
 * lists the snapshot follows the nodes' change notices (the `node/<name>` keys read the changed
 * nodes; a heartbeat-only report is only marked unread, nodeNoticeWork), as upstream's node informer follows its watch; a notice can be lost (they are fire and
 * forget), so a list every 6 monitor periods bounds how stale a node can be, at a sixth of the reads
 * of listing every pass. The Leases follow the same pattern: their notices carry the renewTime
 * (observe), and a full list on the same period covers a lost one; a node the snapshot would have
 * lost has its Lease read first (confirmLeases), so a lost renewal notice never makes it Unknown.
 */
export const NODE_RELIST_MS = 30_000;

/**
 * The relists' wall-clock floor (wall ms): on a running clock they come at most this often, so a
 * clock at 60× lists every node and Lease every 10 wall s (10 cluster min) instead of twice a wall
 * second. At real time NODE_RELIST_MS is the longer and rules alone; paused (stepped), cluster time
 * alone counts (relistDue). What it gives up is only the repair of a lost node notice, later in
 * cluster time: Lease verdicts are confirmed by a read, and notices are replayed after a store restarts.
 */
export const NODE_RELIST_WALL_MS = 10_000;

const RELIST = { clusterMs: NODE_RELIST_MS, wallFloorMs: NODE_RELIST_WALL_MS };

/** What the host keeps in memory between alarms (lost on restart, when a pass simply runs at once). */
interface MonitorMemo {
  /** The cluster time the last monitor pass stands for: when it was due if it ran less than a period late (periodicSyncTime). */
  lastPass?: number;
  nextTaintTry?: number;
  /** Nodes already told (by event) why they cannot be processed, with the message. */
  reported: Map<string, string>;
  /** Every node as last read, cut down to what the passes read (lifecycleNode), by name; undefined until the first list. */
  nodes?: Map<string, Node>;
  /** When every node was last listed. */
  listed?: ListedAt;
  /** Nodes the monitor wrote to: read again before the next pass judges them. */
  stale: Set<string>;
  /**
   * Nodes whose heartbeat-only report came after the snapshot read them (nodeNoticeWork), with the
   * report's resourceVersion: read again only before a pass would lose them (rereadBeforeLosing); a
   * list or read of the node that saw the report (readCovers) clears the mark.
   */
  heartbeatUnread: Map<string, string>;
  /** Every node's Lease renewTime, by node (notices keep it current); undefined until the first list. */
  leases?: LeaseSnapshot;
  /** When every Lease was last listed. */
  leasesListed?: ListedAt;
}

function stores(ctx: ReconcileContext): NodeLifecycleStores {
  return {
    health: ctx.rows<NodeHealthData>(NODE_LIFECYCLE_TABLES.health),
    zones: ctx.rows<ZoneRecord>(NODE_LIFECYCLE_TABLES.zones),
    queue: ctx.rows<TimedValue>(NODE_LIFECYCLE_TABLES.queue),
  };
}

function memoOf(ctx: ReconcileContext): MonitorMemo {
  return ((ctx.memo[NAME] as MonitorMemo | undefined) ??= { reported: new Map(), stale: new Set(), heartbeatUnread: new Map() });
}

/** A pass's time on both clocks (the cluster's from the reconcile, the wall's from the isolate's clock). */
function passTime(now: number): PassTime {
  return { now, wallNow: clock.wallNow(), byWall: resyncByWall(true, clock.current) };
}

/** When a list sent at `t` was made, for relistDue. */
const listedAt = (t: PassTime): ListedAt => ({ at: t.now, wallAt: t.wallNow });

/** Lists every node into the snapshot. */
async function listNodes(client: Client, memo: MonitorMemo, t: PassTime): Promise<Node[]> {
  const nodes = (await client.resource<Node>(NODES).list()).items.map(lifecycleNode);
  memo.nodes = new Map(nodes.map((n) => [n.metadata!.name!, n]));
  memo.listed = listedAt(t);
  memo.stale.clear();
  if (memo.heartbeatUnread.size) for (const n of nodes) heardRead(memo, n);
  for (const name of memo.heartbeatUnread.keys()) if (!memo.nodes.has(name)) memo.heartbeatUnread.delete(name);
  return nodes;
}

/**
 * Reads the named nodes into the snapshot (a node gone is dropped from it): one getMany to the cluster
 * store when they are a few, one list of all when they are many (or there is no snapshot yet). Returns them.
 */
async function readNodes(ctx: ReconcileContext, memo: MonitorMemo, names: string[], t: PassTime): Promise<Node[]> {
  if (!memo.nodes || snapshotRead(names.length, memo.nodes.size) === 'list') {
    const wanted = new Set(names);
    return (await listNodes(ctx.client, memo, t)).filter((n) => wanted.has(n.metadata?.name ?? ''));
  }
  // a refusal other than NotFound fails the read, as a GET's would
  const found = foundByName<Node>(names, await ctx.store(CLUSTER_STORE).getMany(NODE_DEF, names));
  const nodes = memo.nodes;
  const read: Node[] = [];
  for (const name of names) {
    const n = found.get(name);
    if (n) {
      const kept = lifecycleNode(n);
      nodes.set(name, kept);
      read.push(kept);
      heardRead(memo, kept);
    } else {
      nodes.delete(name);
      memo.heartbeatUnread.delete(name);
    }
    memo.stale.delete(name);
  }
  return read;
}

/** Every node for a monitor pass: the snapshot (with the nodes written last pass read again), or a full list when due. */
async function currentNodes(ctx: ReconcileContext, memo: MonitorMemo, t: PassTime): Promise<Node[]> {
  if (!memo.nodes || relistDue(memo.listed, t, RELIST)) return listNodes(ctx.client, memo, t);
  if (memo.stale.size) await readNodes(ctx, memo, [...memo.stale], t);
  return [...memo.nodes.values()];
}

/**
 * Every node's Lease for a monitor pass: the snapshot the Lease notices keep (no read at all), or a
 * full list of kube-node-lease when due. Renewals that notices bring while the list is on its way
 * are kept (recordRenewal keeps the later renewTime).
 */
async function currentLeases(client: Client, memo: MonitorMemo, t: PassTime): Promise<LeaseSnapshot> {
  if (memo.leases && !relistDue(memo.leasesListed, t, RELIST)) return memo.leases;
  return listLeases(client, memo, t);
}

/** Lists every Lease into the snapshot (a renewal a notice brought meanwhile is kept if later). */
async function listLeases(client: Client, memo: MonitorMemo, t: PassTime): Promise<LeaseSnapshot> {
  const listed = (await client.resource<Lease>(LEASES).namespace(NODE_LEASE_NAMESPACE).list()).items;
  const known = memo.leases ?? {};
  const leases: LeaseSnapshot = {};
  for (const l of listed) {
    const name = l.metadata?.name ?? '';
    if (known[name]) leases[name] = known[name];
    recordRenewal(leases, name, l.spec?.renewTime ?? undefined);
  }
  memo.leases = leases;
  memo.leasesListed = listedAt(t);
  return leases;
}

/** Heartbeat-only node reports the snapshot has not read (before any list there is no snapshot to lag). */
function observeHeartbeats(notices: ChangeNotice[], memo: MonitorMemo): void {
  if (!memo.nodes) return;
  for (const n of notices) if (n.resource === 'nodes' && nodeNoticeWork(n).heartbeat && memo.nodes.has(n.name)) memo.heartbeatUnread.set(n.name, n.resourceVersion);
}

/** A node just read into the snapshot: its unread heartbeat is read if the read saw the report. */
function heardRead(memo: MonitorMemo, node: Node): void {
  const name = node.metadata?.name ?? '';
  const rv = memo.heartbeatUnread.get(name);
  if (rv !== undefined && readCovers(node.metadata?.resourceVersion, rv)) memo.heartbeatUnread.delete(name);
}

/** Lease notices into the snapshot (before any list they only wait for it: the list reads them all). */
function observeLeases(notices: ChangeNotice[], memo: MonitorMemo): void {
  const leases = memo.leases;
  if (!leases) return;
  for (const n of notices) {
    if (n.resource !== LEASE_RESOURCE) continue;
    if (n.type === 'DELETED') delete leases[n.name];
    else recordRenewal(leases, n.name, n.renewTime);
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const isNotFound = (e: unknown) => e instanceof ApiError && e.code === 404;
const isConflict = (e: unknown) => e instanceof ApiError && e.code === 409;

/** The node an action of the monitor pass concerns, so one node's failed write does not hold up the others. */
function actionNode(a: Action): string {
  if (a.kind === 'patch' || a.kind === 'delete') return a.name;
  if (a.kind === 'event') return a.event.involvedObject?.name ?? '';
  return a.object.metadata?.name ?? '';
}

/** A Warning event on a node the controller could not process, once per node and message. */
async function reportNode(ctx: ReconcileContext, node: Pick<Node, 'metadata'>, why: string): Promise<void> {
  const name = node.metadata?.name ?? '';
  const reported = memoOf(ctx).reported;
  if (reported.get(name) === why) return;
  log.warn('node lifecycle: node not processed', { controller: NAME, node: name, error: why });
  reported.set(name, why);
  const ref = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: node.metadata?.uid } };
  const event = makeEvent(ref, 'Warning', 'FailedToProcessNode', `Node ${name} could not be processed by the node lifecycle controller: ${why}`, NODE_CONTROLLER_COMPONENT, ctx.now);
  await executeActions(ctx.client, [{ kind: 'event', event }], NAME);
}

/**
 * Nodes the pure passes cannot judge (a field of an unexpected shape makes them throw) are left out
 * of this pass, as if not listed, and their health rows are hidden so they are not taken as removed.
 */
function screenNodes(nodes: Node[], leases: Record<string, Lease>, s: NodeLifecycleStores, now: number) {
  const ok: Node[] = [];
  const bad: { node: Node; why: string }[] = [];
  /** Nodes this pass would turn Unknown (computeNodeHealth gives them new conditions). */
  const lost: string[] = [];
  /** Each judged node's verdict, handed to monitorNodeHealth so it is worked out once a pass. */
  const health = new Map<string, NodeHealthResult>();
  for (const n of nodes) {
    try {
      const name = n.metadata?.name ?? '';
      const h = computeNodeHealth(n, leases[name], s.health.get(name), now, CONFIG);
      if (h.newConditions) lost.push(name);
      health.set(name, h);
      zoneKey(n);
      taintBasedEviction(n, h.observedReady.status);
      computeNoScheduleTaints(n, now);
      ok.push(n);
    } catch (e) {
      bad.push({ node: n, why: message(e) });
    }
  }
  if (!bad.length) return { ok, bad, lost, health, stores: s };
  const hidden = new Set(bad.map((b) => b.node.metadata?.name ?? ''));
  const hiding: EntryStore<NodeHealthData> = {
    get: (k) => s.health.get(k),
    put: (k, v) => s.health.put(k, v),
    keep: (k, v) => (s.health.keep ? s.health.keep(k, v) : s.health.put(k, v)),
    delete: (k) => s.health.delete(k),
    *scan() {
      for (const e of s.health.scan()) if (!hidden.has(e[0])) yield e;
    },
  };
  return { ok, bad, lost, health, stores: { ...s, health: hiding } };
}

/**
 * Reads again the Leases of nodes the snapshot would have the monitor judge lost, before it does: a
 * renewal whose notice is still on its way (a busy host's notices wait for its previous batch; at 60×
 * a wall second is a minute of cluster time) or lost, which no relist repairs for 10 wall s, must not
 * pass for a kubelet that stopped. One getMany for all of them while they are few, a full list when
 * many (snapshotRead); a Lease gone leaves the snapshot (the node is then judged on its own status, as
 * upstream judges a node without a Lease). Upstream's informer lags by milliseconds; this keeps the
 * verdict on the Lease as stored, at one read a pass that would lose a node (an Unknown node is not lost again).
 */
async function confirmLeases(ctx: ReconcileContext, memo: MonitorMemo, names: string[], t: PassTime): Promise<LeaseSnapshot> {
  const leases = memo.leases ?? {};
  if (snapshotRead(names.length, Object.keys(leases).length) === 'list') return listLeases(ctx.client, memo, t);
  const found = foundByName<Lease>(names, await ctx.store(namespaceStore(NODE_LEASE_NAMESPACE)).getMany(LEASE_DEF, names));
  for (const name of names) {
    const l = found.get(name);
    if (l) recordRenewal(leases, name, l.spec?.renewTime ?? undefined);
    else delete leases[name];
  }
  return leases;
}

/**
 * The snapshot holds cut-down nodes (lifecycleNode) and UpdateStatus replaces the whole status, so a
 * status write is laid onto the node read afresh (statusUpdateOnto; rare: a node turning Unknown).
 * A failed read (the node gone: NotFound) fails the node's writes as a failed write would; the
 * cut-down node itself is never written.
 */
async function withFullStatus(client: Client, actions: Action[]): Promise<Action[]> {
  return Promise.all(
    actions.map(async (a) => (a.kind === 'updateStatus' ? statusUpdateOnto(a, await client.resource<Node>(NODES).get(a.object.metadata?.name ?? '')) : a)),
  );
}

/**
 * MarkPodsNotReady for the nodes a monitor pass lost: one pod list for all of them (lostNodesPodSelector),
 * then Ready=False on each of their pods (a pod gone meanwhile is skipped), the NodeNotReady event after
 * each write. Returns the nodes whose pods must be tried again next pass (a failed list fails them all).
 */
async function markLostNodesPodsNotReady(ctx: ReconcileContext, lost: string[]): Promise<Set<string>> {
  const selector = lostNodesPodSelector(lost);
  if (!selector) return new Set();
  let pods: Pod[];
  try {
    pods = (await ctx.client.resource<Pod>(PODS).list({ fieldSelector: selector })).items;
  } catch (e) {
    log.warn('node lifecycle: listing pods failed', { controller: NAME, nodes: lost.length, error: message(e) });
    return new Set(lost);
  }
  const failed = new Set<string>();
  for (const [name, onNode] of podsOfNodes(pods, lost)) if (await writeNotReady(ctx, markPodsNotReady(onNode, name, ctx.now))) failed.add(name);
  return failed;
}

/** A MarkPodsNotReady plan's status writes, each followed by its event; whether one failed (a pod gone is not a failure). */
async function writeNotReady(ctx: ReconcileContext, plan: PodsNotReadyPlan): Promise<boolean> {
  let failed = false;
  for (const [i, pod] of plan.updates.entries()) {
    const r = await executeActions(ctx.client, [podStatusUpdate(pod), { kind: 'event', event: plan.events[i]! }], NAME);
    if (r.failed && !isNotFound(r.failed.error)) failed = true;
  }
  return failed;
}

/**
 * One monitor pass (when 5 s have passed since the last) and the NoExecute tainting pass (always):
 * read every node and Lease, decide, write per node, mark pods of newly lost nodes not ready.
 * Comes back at the next pass or when a zone's queue can next taint a node, whichever is first.
 */
async function monitor(ctx: ReconcileContext): Promise<KeyResult> {
  const { client, now } = ctx;
  const memo = memoOf(ctx);
  const monitorDue = memo.lastPass === undefined || now >= memo.lastPass + CONFIG.nodeMonitorPeriodMs;
  const taintDue = memo.nextTaintTry !== undefined && now >= memo.nextTaintTry;
  if (!monitorDue && !taintDue) return { requeueAfterMs: Math.min(memo.lastPass! + CONFIG.nodeMonitorPeriodMs, memo.nextTaintTry ?? Infinity) - now };

  const t = passTime(now);
  let nodes = await currentNodes(ctx, memo, t);
  let s = stores(ctx);
  if (monitorDue) {
    const listedBefore = memo.leasesListed;
    let leases = await currentLeases(client, memo, t);
    let screened = screenNodes(nodes, leases, s, now);
    // what would be lost is read again before it is judged: a heartbeat heard of but not read, and the
    // Lease when the snapshot has it from notices rather than from a list made now
    const unread = screened.lost.length ? rereadBeforeLosing(screened.lost, memo.heartbeatUnread) : [];
    const confirm = screened.lost.length > 0 && memo.leasesListed === listedBefore;
    if (unread.length) {
      await readNodes(ctx, memo, unread, t);
      nodes = [...memo.nodes!.values()];
    }
    if (confirm) leases = await confirmLeases(ctx, memo, screened.lost, t);
    if (unread.length || confirm) screened = screenNodes(nodes, leases, s, now);
    for (const b of screened.bad) await reportNode(ctx, b.node, b.why);
    s = screened.stores;
    const r = monitorNodeHealth({ nodes: screened.ok, leases, stores: s, now, config: CONFIG, health: screened.health });
    const groups = new Map<string, Action[]>();
    for (const a of r.actions) groups.set(actionNode(a), [...(groups.get(actionNode(a)) ?? []), a]);
    for (const [node, actions] of groups) {
      if (actions.some((a) => a.kind !== 'event')) memo.stale.add(node);
      let e: unknown;
      try {
        const report = await executeActions(client, await withFullStatus(client, actions), NAME);
        if (!report.failed) continue;
        e = report.failed.error;
      } catch (error) {
        e = error;
      }
      // a conflict is a kubelet writing at the same moment (the next pass judges the fresh node); a node
      // gone meanwhile is forgotten next pass; anything else is the node's own problem, told on it
      if (isConflict(e) || isNotFound(e)) log.info('node lifecycle: node write not applied', { controller: NAME, node, error: message(e) });
      else await reportNode(ctx, { metadata: { name: node } }, message(e));
    }
    const retry = await markLostNodesPodsNotReady(ctx, r.markPodsNotReady);
    for (const name of r.markPodsNotReady) setPodsNotReadyRetry(s, name, retry.has(name));
    // the 5 s period counts from when this pass was due, so a late alarm does not stretch it (periodicSyncTime)
    memo.lastPass = periodicSyncTime(memo.lastPass, now, CONFIG.nodeMonitorPeriodMs);
  }

  const pass = noExecuteTaintingPass(nodes, s, now);
  for (const p of pass.patches) {
    memo.stale.add(p.node);
    const report = await executeActions(client, [p.action], NAME);
    if (report.failed) retryTainting(s, p.zone, p.node, now);
  }
  memo.nextTaintTry = pass.nextTryAt;
  const next = Math.min(memo.lastPass! + CONFIG.nodeMonitorPeriodMs, pass.nextTryAt ?? Infinity);
  return { requeueAfterMs: Math.max(1, next - now) };
}

/** doNoScheduleTaintingPass for nodes just changed, read into the monitor's snapshot (readNodes). */
async function noScheduleTaints(ctx: ReconcileContext, names: string[]): Promise<Record<string, KeyResult>> {
  const { client, now } = ctx;
  const out: Record<string, KeyResult> = {};
  const memo = memoOf(ctx);
  const nodes = await readNodes(ctx, memo, names, passTime(now));
  for (const node of nodes) {
    const key = NODE_PREFIX + node.metadata!.name!;
    try {
      const { taints } = computeNoScheduleTaints(node, now);
      if (!taints) continue;
      memo.stale.add(node.metadata!.name!);
      const report = await executeActions(client, [nodeTaintsPatch(node, taints)], NAME);
      if (report.failed && !isNotFound(report.failed.error)) out[key] = { error: report.failed.error };
    } catch (error) {
      out[key] = { error };
    }
  }
  return out;
}

/**
 * processPod: the pod a notice named, bound to a node whose last observed Ready condition is not True,
 * is read (only then) and marked not ready; a failed write comes back through the key's backoff.
 */
async function notReadyPod(ctx: ReconcileContext, nodeName: string, namespace: string, name: string): Promise<KeyResult> {
  const health = stores(ctx).health.get(nodeName);
  if (!podNeedsNotReady(health)) return {};
  const pod = await getOrUndefined(ctx.client.resource<Pod>(PODS).namespace(namespace).get(name));
  const failed = await writeNotReady(ctx, processPod(pod, nodeName, health, ctx.now));
  return failed ? { error: new Error(`marking pod ${namespace}/${name} on node ${nodeName} not ready failed`) } : {};
}

/**
 * The node lifecycle controller (kube-controller-manager 1.32, shared/controllers/node-lifecycle):
 * key `monitor` runs monitorNodeHealth every 5 s of cluster time (conditions Unknown after the 50 s
 * grace, zone states, NoExecute taints through the zones' rate-limited queues, pods of lost nodes
 * marked not ready from one pod list per pass); `node/<name>` keeps a changed node's NoSchedule taints
 * in line with its conditions and `unschedulable` (not queued for a heartbeat-only report, which cannot
 * change them); `pod/<node>/<ns>/<name>` marks one pod just bound
 * to a not-ready node not ready (read only then).
 * Nodes come from a snapshot that the `node/<name>` keys keep current, Leases from one that their
 * notices keep (observe, no key queued); a full list renews each every NODE_RELIST_MS of cluster time,
 * at most every NODE_RELIST_WALL_MS of wall time on a running clock.
 */
export const nodeLifecycleController: ControllerDef = {
  name: NAME,
  watches: ['nodes', 'pods', LEASE_RESOURCE],
  resyncMs: 5 * 60_000,
  // the monitor requeues itself every 5 s; the resync (every node's NoSchedule taints) only covers lost notices
  resyncOnWallClock: true,
  wants: (n: ChangeNotice) =>
    n.resource === 'nodes' || (n.resource === LEASE_RESOURCE ? n.namespace === NODE_LEASE_NAMESPACE : nodeLifecycleHearsPod(n)),
  observe(notices, memo) {
    const m = memo[NAME] as MonitorMemo | undefined;
    if (!m) return;
    observeLeases(notices, m);
    observeHeartbeats(notices, m);
  },
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === LEASE_RESOURCE) return [];
    if (n.resource !== 'nodes') return [`${POD_PREFIX}${n.nodeName}/${n.namespace}/${n.name}`];
    // a new or removed node starts the monitor (it requeues itself from then on); updates do not hurry it
    const work = nodeNoticeWork(n);
    return [...(work.monitor ? [MONITOR_KEY] : []), ...(work.taints ? [NODE_PREFIX + n.name] : [])];
  },
  async allKeys(client: Client): Promise<string[]> {
    const nodes = (await client.resource<Node>(NODES).list()).items;
    return [MONITOR_KEY, ...nodes.map((n) => NODE_PREFIX + n.metadata!.name!)];
  },
  async reconcile(key, ctx) {
    const r = (await this.reconcileBatch!([key], ctx))[key] ?? {};
    if (r.error !== undefined) throw r.error;
    return r;
  },
  async reconcileBatch(keys, ctx) {
    const out: Record<string, KeyResult> = {};
    const nodeKeys = keys.filter((k) => k.startsWith(NODE_PREFIX));
    if (nodeKeys.length) {
      try {
        Object.assign(out, await noScheduleTaints(ctx, nodeKeys.map((k) => k.slice(NODE_PREFIX.length))));
      } catch (error) {
        for (const k of nodeKeys) out[k] = { error };
      }
    }
    for (const key of keys.filter((k) => k.startsWith(POD_PREFIX))) {
      const [node, namespace, name] = key.slice(POD_PREFIX.length).split('/') as [string, string, string];
      try {
        out[key] = await notReadyPod(ctx, node, namespace, name);
      } catch (error) {
        out[key] = { error };
      }
    }
    if (keys.includes(MONITOR_KEY)) {
      try {
        out[MONITOR_KEY] = await monitor(ctx);
      } catch (error) {
        out[MONITOR_KEY] = { error };
      }
    }
    return out;
  },
};
