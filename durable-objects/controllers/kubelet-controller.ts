import type { Lease } from 'kubernetes-types/coordination/v1';
import type { ConfigMap, Node, Pod, Secret } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { KubeObject } from '../../shared/api/object';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { makeEvent } from '../../shared/controllers/events';
import {
  admitPod,
  allocatePodIP,
  defaultNodePool,
  leaseFor,
  leaseRenewal,
  newHostLocal,
  NODE_POOL_LABEL,
  nodeStatusUpdate,
  PROFILE_ANNOTATION,
  rejectedPodStatus,
  releasePodIP,
  resolveProfile,
  stepPod,
  type HostLocalState,
  type NodeFaults,
  type NodeMemoryState,
  type NodePool,
  type PodRunState,
  type SimEvent,
  type WorkloadProfile,
} from '../../shared/nodes';
import type { ControllerDef, KeyResult, ReconcileContext } from './controller-def';
import type { Rows } from './state-rows';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import type { UpdateRequest } from '../../shared/apiserver/store-protocol';
import { statusToError, getOrUndefined } from '../../shared/client/store-result';
import { CLUSTER_STORE, namespaceStore } from '../../platform/stores';
import { clock } from '../../platform/clock';
import { stableStringify } from '../../shared/apiserver/object-meta';
import { NODE_POOLS, NODES } from './node-pool-controller';
import { cniAddError, SANDBOX_RETRY_MS, sandboxFailureEvent, sandboxOptionsError } from '../../shared/network/sandbox-failure';
import { afterPodStep, evictionWrite, nodeMemoryHousekeeping, podsByNode, type MemoryPodEntry } from './kubelet-memory';
import { configReferences, type ConfigObjects } from '../../shared/nodes/container-config';

const PODS = { group: '', version: 'v1', plural: 'pods' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases' };
const EVENTS = { group: '', version: 'v1', plural: 'events' };
const PROFILES = { group: 'kubeflare.dev', version: 'v1alpha1', plural: 'workloadprofiles' };
const LEASE_NAMESPACE = 'kube-node-lease';
const LEASE_DEF = BUILTIN_RESOURCES.find((d) => d.group === 'coordination.k8s.io' && d.plural === 'leases')!;
const NODE_DEF = BUILTIN_RESOURCES.find((d) => d.group === '' && d.plural === 'nodes')!;

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
  ip?: string;
  rejected?: boolean;
}

/** The shard's persisted state, one row per pod (by `namespace/name`) and one per node (its host-local IPAM). */
interface KubeletState {
  pods: Rows<PodEntry>;
  hostLocal: Rows<HostLocalState>;
  /** Per node: the eviction manager's observations and when the memory model last ran. */
  memory: Rows<NodeMemoryState>;
  /** Pods an OOM kill or eviction changed during the node runs, to reconcile in the same batch. */
  affected: Set<string>;
}

function kubeletState(ctx: Pick<ReconcileContext, 'rows'>): KubeletState {
  return { pods: ctx.rows<PodEntry>('pods'), hostLocal: ctx.rows<HostLocalState>('hostLocal'), memory: ctx.rows<NodeMemoryState>('memory'), affected: new Set() };
}

function isSimulated(node: Node): boolean {
  return Boolean(node.metadata?.labels?.[NODE_POOL_LABEL]);
}


async function recordEvents(client: Client, involved: KubeObject, events: SimEvent[], component: string): Promise<void> {
  for (const [i, e] of events.entries()) {
    const event = makeEvent(involved, e.type, e.reason, e.message, component, e.atMs, i) as unknown as KubeObject & {
      involvedObject: Record<string, unknown>;
      source: Record<string, unknown>;
    };
    if (e.fieldPath) event.involvedObject.fieldPath = e.fieldPath;
    const node = (involved.spec as { nodeName?: string } | undefined)?.nodeName;
    if (node) event.source.host = node;
    const ns = involved.metadata?.namespace || 'default';
    await client.resource(EVENTS).namespace(ns).create(event).catch(() => undefined);
  }
}

/** Leases as this isolate last wrote them, by node. */
const lastLeases = new Map<string, Lease>();

/**
 * NodePools as this isolate last read them: every heartbeat needs its pool's settings and faults.
 * Values, never promises: the kubelet shards share the isolate, and a promise one Durable Object
 * started must not be awaited by another (workerd refuses cross-object I/O).
 */
const POOL_TTL_MS = 2000;
const pools = new Map<string, { at: number; pool: NodePool | undefined }>();

async function poolOf(client: Client, node: Node): Promise<NodePool | undefined> {
  const name = node.metadata?.labels?.[NODE_POOL_LABEL];
  if (!name) return undefined;
  const hit = pools.get(name);
  if (hit && clock.wallNow() - hit.at < POOL_TTL_MS) return hit.pool;
  const pool = await getOrUndefined(client.resource<NodePool>(NODE_POOLS).get(name));
  pools.set(name, { at: clock.wallNow(), pool });
  return pool;
}

function faultsOf(pool: NodePool | undefined, node: string): NodeFaults | undefined {
  const spec = pool?.spec;
  if (!spec) return undefined;
  return { ...(spec.faults ?? {}), ...(spec.nodeFaults?.[node] ?? {}) };
}

/** Nodes as this isolate last saw or wrote them; heartbeats need only uid, labels and conditions. */
const NODE_TTL_MS = 60_000;
const knownNodes = new Map<string, { at: number; node: Node }>();

async function currentNode(client: Client, name: string, now: number): Promise<Node | undefined> {
  const hit = knownNodes.get(name);
  if (hit && now - hit.at < NODE_TTL_MS) return hit.node;
  const node = await getOrUndefined(client.resource<Node>(NODES).get(name));
  if (node) knownNodes.set(name, { at: now, node });
  else knownNodes.delete(name);
  return node;
}

interface Heartbeat {
  name: string;
  node: Node;
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
 * (the "one store write per shard per tick"), with no reads in the steady state.
 */
async function reconcileNodes(names: string[], ctx: ReconcileContext, s: KubeletState): Promise<Record<string, KeyResult>> {
  const { client, now } = ctx;
  const out: Record<string, KeyResult> = {};
  const beats: Heartbeat[] = [];
  const byNode = podsByNode(s.pods);
  for (const name of names) {
    const node = await currentNode(client, name, now);
    if (!node) {
      s.hostLocal.delete(name);
      lastLeases.delete(name);
      out[name] = {};
      continue;
    }
    if (!isSimulated(node)) {
      out[name] = {};
      continue;
    }
    const pool = await poolOf(client, node);
    const beat = pool ? defaultNodePool(pool).spec.heartbeat : { leaseRenewIntervalSeconds: 10, leaseDurationSeconds: 40, statusUpdateIntervalSeconds: 60 };
    const memory = faultsOf(pool, name)?.stopHeartbeat ? undefined : nodeMemoryHousekeeping(node, pool, byNode.get(name) ?? [], s.pods, s.memory, now);
    memory?.affected.forEach((k) => s.affected.add(k));
    if (memory?.events.length) await recordEvents(client, node as KubeObject, memory.events, 'kubelet');
    const faults = memory?.memoryPressure ? { ...faultsOf(pool, name), memoryPressure: true } : faultsOf(pool, name);
    const known = lastLeases.get(name);
    const lease = known && known.metadata?.ownerReferences?.[0]?.uid === node.metadata?.uid ? known : await getOrUndefined(client.resource<Lease>(LEASES).namespace(LEASE_NAMESPACE).get(name));
    const renewal = leaseRenewal(lease, faults, now, beat.leaseRenewIntervalSeconds);
    const update = nodeStatusUpdate(node, faults, now, { statusUpdateIntervalSeconds: beat.statusUpdateIntervalSeconds });
    await recordEvents(client, node as KubeObject, update.events, 'kubelet');
    beats.push({
      name,
      node,
      lease,
      nextLease: renewal.due ? leaseFor(node, now, { previous: lease, leaseDurationSeconds: beat.leaseDurationSeconds }) : undefined,
      nextNode: update.write ? update.node : undefined,
      result: { requeueAfterMs: Math.max(100, Math.min(renewal.nextDueMs, update.nextDueMs) - now) },
    });
  }
  await writeLeases(ctx, beats);
  await writeStatuses(ctx, beats);
  for (const b of beats) out[b.name] = b.result;
  return out;
}

async function writeLeases(ctx: ReconcileContext, beats: Heartbeat[]): Promise<void> {
  const leases = ctx.client.resource<Lease>(LEASES).namespace(LEASE_NAMESPACE);
  const renewals = beats.filter((b) => b.nextLease && b.lease);
  const results = renewals.length
    ? await ctx.store(namespaceStore(LEASE_NAMESPACE)).updateMany(renewals.map((b) => updateRequest(LEASE_DEF, b.name, b.nextLease as KubeObject, 'main')))
    : [];
  for (const [i, b] of renewals.entries()) {
    const r = results[i]!;
    if (r.ok) lastLeases.set(b.name, r.value.object as Lease);
    else {
      // written by someone else since (or gone): read it and renew on top
      lastLeases.delete(b.name);
      try {
        const current = await getOrUndefined(leases.get(b.name));
        const next = leaseFor(b.node, ctx.now, { previous: current, leaseDurationSeconds: b.nextLease!.spec?.leaseDurationSeconds ?? 40 });
        lastLeases.set(b.name, current ? await leases.update(next) : await leases.create(next));
      } catch (error) {
        b.result = { error };
      }
    }
  }
  for (const b of beats.filter((x) => x.nextLease && !x.lease)) {
    try {
      lastLeases.set(b.name, await leases.create(b.nextLease!));
    } catch (error) {
      b.result = { error };
    }
  }
}

async function writeStatuses(ctx: ReconcileContext, beats: Heartbeat[]): Promise<void> {
  const posts = beats.filter((b) => b.nextNode);
  if (!posts.length) return;
  // unconditional, as the kubelet's status PATCH is: only status changes, and only this kubelet writes it
  const unconditional = (n: Node) => ({ ...n, metadata: { ...n.metadata, resourceVersion: undefined } }) as KubeObject;
  const results = await ctx.store(CLUSTER_STORE).updateMany(posts.map((b) => updateRequest(NODE_DEF, b.name, unconditional(b.nextNode!), 'status')));
  for (const [i, b] of posts.entries()) {
    const r = results[i]!;
    if (r.ok) knownNodes.set(b.name, { at: ctx.now, node: r.value.object as Node });
    else {
      knownNodes.delete(b.name); // changed since we read it: read again next time
      b.result = { error: statusToError(r.status) };
    }
  }
}

/** One pod on a simulated node: admission, IP, lifecycle step, status, events, final delete. */
async function reconcilePod(client: Client, key: string, now: number, state: KubeletState): Promise<{ requeueAfterMs?: number }> {
  const [ns, name] = key.split('/') as [string, string];
  const pods = client.resource<Pod>(PODS).namespace(ns);
  const pod = await getOrUndefined(pods.get(name));
  const entry = state.pods.get(key);
  if (!pod || (entry && entry.uid !== pod.metadata?.uid)) forgetPod(state, key);
  if (!pod) return {};
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return {};
  const node = await getOrUndefined(client.resource<Node>(NODES).get(nodeName));
  if (!node || !isSimulated(node)) return {};
  // a dead kubelet (stopHeartbeat) writes no pod status either: the node lifecycle controller's
  // Ready=False and DisruptionTarget stay, and a deleted pod stays Terminating; the resync resumes it
  const pool = await poolOf(client, node);
  if (faultsOf(pool, nodeName)?.stopHeartbeat) return {};
  let e = state.pods.get(key);
  if (!e) {
    e = { uid: pod.metadata!.uid!, node: nodeName };
    state.pods.put(key, e);
    const onNode = await client.resource<Pod>(PODS).list({ fieldSelector: `spec.nodeName=${nodeName}` });
    const verdict = admitPod(pod, node, onNode.items);
    if (!verdict.admit) {
      const rejected = rejectedPodStatus(pod, verdict, now);
      await pods.updateStatus({ ...pod, status: rejected.status });
      await recordEvents(client, pod as KubeObject, [rejected.event], 'kubelet');
      e.rejected = true;
      state.pods.put(key, e);
      return {};
    }
  }
  if (e.rejected) return {};
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
    const cidr = node.spec?.podCIDR;
    if (!cidr) return { requeueAfterMs: 1000 }; // waiting for node IPAM
    const refused = sandboxOptionsError(pod);
    if (refused) return sandboxFailed(client, pod, node, refused, now);
    const result = allocatePodIP(state.hostLocal.get(nodeName) ?? newHostLocal(cidr), pod.metadata!.uid!);
    state.hostLocal.put(nodeName, result.state);
    if (!result.ok) return sandboxFailed(client, pod, node, cniAddError(result.error), now);
    e.ip = result.ip;
    state.pods.put(key, e);
  }
  const profileName = pod.metadata?.annotations?.[PROFILE_ANNOTATION];
  const profile = profileName ? await getOrUndefined(client.resource<WorkloadProfile>(PROFILES).namespace(ns).get(profileName)) : undefined;
  const config = await readConfigObjects(client, ns, pod);
  const resolved = resolveProfile(pod, profile);
  const step = stepPod({ pod, node, profile: resolved, now, state: e.run, podIP: e.ip, config, missingImages: pool?.spec?.missingImages });
  e.run = step.state;
  const memoryDue = afterPodStep(e, pod, resolved, node);
  state.pods.put(key, e);
  await recordEvents(client, pod as KubeObject, step.events, 'kubelet');
  const evicted = evictionWrite(e, step.status);
  if (evicted) {
    await recordEvents(client, pod as KubeObject, [evicted.event], 'kubelet');
    await pods.updateStatus({ ...pod, status: evicted.status });
    return {};
  }
  if (step.deletePod) {
    await pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata!.uid } }).catch((err) => {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    });
    forgetPod(state, key);
    return {};
  }
  if (stableStringify(step.status) !== stableStringify(pod.status ?? {})) await pods.updateStatus({ ...pod, status: step.status });
  const due = Math.min(step.nextDueMs ?? Infinity, memoryDue ?? Infinity);
  return due === Infinity ? {} : { requeueAfterMs: Math.max(50, due - now) };
}

/** The ConfigMaps and Secrets the pod references, as the kubelet's managers find them; undefined when it references none. */
async function readConfigObjects(client: Client, ns: string, pod: Pod): Promise<ConfigObjects | undefined> {
  const refs = configReferences(pod);
  if (!refs.configMaps.length && !refs.secrets.length) return undefined;
  const read = async <T extends ConfigMap | Secret>(plural: string, names: string[]): Promise<Map<string, T>> => {
    const found = await Promise.all(names.map(async (n) => [n, await getOrUndefined(client.resource<T>({ group: '', version: 'v1', plural }).namespace(ns).get(n))] as const));
    return new Map(found.filter((f): f is readonly [string, T] => f[1] !== undefined));
  };
  return { configMaps: await read<ConfigMap>('configmaps', refs.configMaps), secrets: await read<Secret>('secrets', refs.secrets) };
}

/** Sandbox network setup failed (bad bandwidth annotations, host-local exhausted): the pod stays ContainerCreating, a FailedCreatePodSandBox event, a retry after the back-off. */
async function sandboxFailed(client: Client, pod: Pod, node: Node, error: string, now: number): Promise<{ requeueAfterMs: number }> {
  const { status } = stepPod({ pod, node, profile: resolveProfile(pod), now });
  const next = { ...status, startTime: pod.status?.startTime ?? status.startTime };
  if (stableStringify(next) !== stableStringify(pod.status ?? {})) await client.resource<Pod>(PODS).namespace(pod.metadata!.namespace!).updateStatus({ ...pod, status: next });
  await recordEvents(client, pod as KubeObject, [sandboxFailureEvent(pod, error, now, String(now))], 'kubelet');
  return { requeueAfterMs: SANDBOX_RETRY_MS };
}

function forgetPod(state: KubeletState, key: string): void {
  const e = state.pods.get(key);
  if (!e) return;
  const local = state.hostLocal.get(e.node);
  if (local && e.ip) state.hostLocal.put(e.node, releasePodIP(local, e.uid));
  state.pods.delete(key);
}

/**
 * The simulated kubelets of every pool node: keys are `node/<name>` (heartbeats) and
 * `pod/<namespace>/<name>` (pods bound to a simulated node).
 */
export const kubeletController: ControllerDef = {
  name: 'kubelet',
  watches: ['pods', 'nodes'],
  resyncMs: 60_000,
  resyncOnWallClock: true,
  wants(n: ChangeNotice): boolean {
    return n.resource === 'nodes' ? n.type !== 'MODIFIED' && Boolean(n.labels?.[NODE_POOL_LABEL]) : Boolean(n.nodeName);
  },
  keysFor(n: ChangeNotice): string[] {
    return n.resource === 'nodes' ? [`node/${n.name}`] : [`pod/${n.namespace}/${n.name}`];
  },
  shards: KUBELET_SHARDS,
  shardOf: (n: ChangeNotice) => nodeShard(n.resource === 'nodes' ? n.name : (n.nodeName ?? '')),
  async allKeys(client: Client, shard?: number): Promise<string[]> {
    const nodes = (await client.resource<Node>(NODES).list({ labelSelector: NODE_POOL_LABEL })).items;
    const names = new Set(nodes.map((n) => n.metadata!.name!).filter((n) => shard === undefined || nodeShard(n) === shard));
    const pods = (await client.resource<Pod>(PODS).list()).items.filter((p) => p.spec?.nodeName && names.has(p.spec.nodeName));
    return [...[...names].map((n) => `node/${n}`), ...pods.map((p) => `pod/${p.metadata!.namespace}/${p.metadata!.name}`)];
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
    const out = await reconcileNodes(
      keys.filter((k) => k.startsWith('node/')).map((k) => k.slice(5)),
      ctx,
      s,
    ).then((r) => Object.fromEntries(Object.entries(r).map(([name, v]) => [`node/${name}`, v])));
    const podKeys = new Set([...keys.filter((k) => k.startsWith('pod/')), ...[...s.affected].map((k) => `pod/${k}`)]);
    for (const key of podKeys) {
      try {
        out[key] = await reconcilePod(ctx.client, key.slice(4), ctx.now, s);
      } catch (error) {
        out[key] = { error };
      }
    }
    return out;
  },
};
