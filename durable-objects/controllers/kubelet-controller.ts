import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
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
  type NodePool,
  type PodRunState,
  type SimEvent,
  type WorkloadProfile,
} from '../../shared/nodes';
import type { ControllerDef } from './controller-def';
import { stableStringify } from '../../shared/apiserver/object-meta';
import { NODE_POOLS, NODES } from './node-pool-controller';

const PODS = { group: '', version: 'v1', plural: 'pods' };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases' };
const EVENTS = { group: '', version: 'v1', plural: 'events' };
const PROFILES = { group: 'kubeflare.dev', version: 'v1alpha1', plural: 'workloadprofiles' };
const LEASE_NAMESPACE = 'kube-node-lease';

/** Simulated kubelets run as this many Durable Objects, each owning the nodes that hash to it. */
export const KUBELET_SHARDS = 8;

/** FNV-1a of the node name: which kubelet shard runs a node (and the pods bound to it). */
export function nodeShard(node: string): number {
  let h = 2166136261;
  for (let i = 0; i < node.length; i++) h = Math.imul(h ^ node.charCodeAt(i), 16777619);
  return (h >>> 0) % KUBELET_SHARDS;
}

interface PodEntry {
  uid: string;
  node: string;
  run?: PodRunState;
  ip?: string;
  rejected?: boolean;
}

interface KubeletState {
  pods: Record<string, PodEntry>;
  hostLocal: Record<string, HostLocalState>;
}

function kubeletState(state: Record<string, unknown>): KubeletState {
  state.pods ??= {};
  state.hostLocal ??= {};
  return state as unknown as KubeletState;
}

function isSimulated(node: Node): boolean {
  return Boolean(node.metadata?.labels?.[NODE_POOL_LABEL]);
}

async function getOrUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
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

/** NodePools as this isolate last read them: every heartbeat needs its pool's settings and faults. */
const POOL_TTL_MS = 2000;
const pools = new Map<string, { at: number; pool: Promise<NodePool | undefined> }>();

async function poolOf(client: Client, node: Node): Promise<NodePool | undefined> {
  const name = node.metadata?.labels?.[NODE_POOL_LABEL];
  if (!name) return undefined;
  const hit = pools.get(name);
  if (hit && Date.now() - hit.at < POOL_TTL_MS) return hit.pool;
  const pool = getOrUndefined(client.resource<NodePool>(NODE_POOLS).get(name));
  pools.set(name, { at: Date.now(), pool });
  pool.catch(() => pools.delete(name));
  return pool;
}

function faultsOf(pool: NodePool | undefined, node: string): NodeFaults | undefined {
  const spec = pool?.spec;
  if (!spec) return undefined;
  return { ...(spec.faults ?? {}), ...(spec.nodeFaults?.[node] ?? {}) };
}

/** Heartbeats: the Lease every 10s and the status every minute or on change. */
async function reconcileNode(client: Client, name: string, now: number, state: KubeletState): Promise<{ requeueAfterMs?: number }> {
  const node = await getOrUndefined(client.resource<Node>(NODES).get(name));
  if (!node) {
    delete state.hostLocal[name];
    lastLeases.delete(name);
    return {};
  }
  if (!isSimulated(node)) return {};
  const pool = await poolOf(client, node);
  const beat = pool ? defaultNodePool(pool).spec.heartbeat : { leaseRenewIntervalSeconds: 10, leaseDurationSeconds: 40, statusUpdateIntervalSeconds: 60 };
  const faults = faultsOf(pool, name);
  const leases = client.resource<Lease>(LEASES).namespace(LEASE_NAMESPACE);
  // the Lease as this kubelet last wrote it saves a read per renewal; a conflict means someone else
  // wrote it since, so read it and renew once more
  const known = lastLeases.get(name);
  const lease = known?.metadata?.uid && known.metadata.ownerReferences?.[0]?.uid === node.metadata?.uid ? known : await getOrUndefined(leases.get(name));
  const renewal = leaseRenewal(lease, faults, now, beat.leaseRenewIntervalSeconds);
  if (renewal.due) {
    const renew = (previous: Lease | undefined) => leaseFor(node, now, { previous, leaseDurationSeconds: beat.leaseDurationSeconds });
    try {
      lastLeases.set(name, lease ? await leases.update(renew(lease)) : await leases.create(renew(undefined)));
    } catch (e) {
      lastLeases.delete(name);
      if (!(e instanceof ApiError && (e.code === 409 || e.code === 404))) throw e;
      const current = await getOrUndefined(leases.get(name));
      lastLeases.set(name, current ? await leases.update(renew(current)) : await leases.create(renew(undefined)));
    }
  }
  const update = nodeStatusUpdate(node, faults, now, { statusUpdateIntervalSeconds: beat.statusUpdateIntervalSeconds });
  if (update.write) await client.resource<Node>(NODES).updateStatus(update.node);
  await recordEvents(client, node as KubeObject, update.events, 'kubelet');
  return { requeueAfterMs: Math.max(100, Math.min(renewal.nextDueMs, update.nextDueMs) - now) };
}

/** One pod on a simulated node: admission, IP, lifecycle step, status, events, final delete. */
async function reconcilePod(client: Client, key: string, now: number, state: KubeletState): Promise<{ requeueAfterMs?: number }> {
  const [ns, name] = key.split('/') as [string, string];
  const pods = client.resource<Pod>(PODS).namespace(ns);
  const pod = await getOrUndefined(pods.get(name));
  const entry = state.pods[key];
  if (!pod || (entry && entry.uid !== pod.metadata?.uid)) forgetPod(state, key);
  if (!pod) return {};
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return {};
  const node = await getOrUndefined(client.resource<Node>(NODES).get(nodeName));
  if (!node || !isSimulated(node)) return {};
  let e = state.pods[key];
  if (!e) {
    e = { uid: pod.metadata!.uid!, node: nodeName };
    state.pods[key] = e;
    const onNode = await client.resource<Pod>(PODS).list({ fieldSelector: `spec.nodeName=${nodeName}` });
    const verdict = admitPod(pod, node, onNode.items);
    if (!verdict.admit) {
      const rejected = rejectedPodStatus(pod, verdict, now);
      await pods.updateStatus({ ...pod, status: rejected.status });
      await recordEvents(client, pod as KubeObject, [rejected.event], 'kubelet');
      e.rejected = true;
      return {};
    }
  }
  if (e.rejected) return {};
  if (!e.ip) {
    const cidr = node.spec?.podCIDR;
    if (!cidr) return { requeueAfterMs: 1000 }; // waiting for node IPAM
    const result = allocatePodIP(state.hostLocal[nodeName] ?? newHostLocal(cidr), pod.metadata!.uid!);
    state.hostLocal[nodeName] = result.state;
    if (!result.ok) return { requeueAfterMs: 5000 };
    e.ip = result.ip;
  }
  const profileName = pod.metadata?.annotations?.[PROFILE_ANNOTATION];
  const profile = profileName ? await getOrUndefined(client.resource<WorkloadProfile>(PROFILES).namespace(ns).get(profileName)) : undefined;
  const step = stepPod({ pod, node, profile: resolveProfile(pod, profile), now, state: e.run, podIP: e.ip });
  e.run = step.state;
  await recordEvents(client, pod as KubeObject, step.events, 'kubelet');
  if (step.deletePod) {
    await pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata!.uid } }).catch((err) => {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    });
    forgetPod(state, key);
    return {};
  }
  if (stableStringify(step.status) !== stableStringify(pod.status ?? {})) await pods.updateStatus({ ...pod, status: step.status });
  return step.nextDueMs === undefined ? {} : { requeueAfterMs: Math.max(50, step.nextDueMs - now) };
}

function forgetPod(state: KubeletState, key: string): void {
  const e = state.pods[key];
  if (!e) return;
  const local = state.hostLocal[e.node];
  if (local && e.ip) state.hostLocal[e.node] = releasePodIP(local, e.uid);
  delete state.pods[key];
}

/**
 * The simulated kubelets of every pool node: keys are `node/<name>` (heartbeats) and
 * `pod/<namespace>/<name>` (pods bound to a simulated node).
 */
export const kubeletController: ControllerDef = {
  name: 'kubelet',
  watches: ['pods', 'nodes'],
  resyncMs: 60_000,
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
  async reconcile(key, { client, now, state }) {
    const s = kubeletState(state);
    if (key.startsWith('node/')) return reconcileNode(client, key.slice(5), now, s);
    if (key.startsWith('pod/')) return reconcilePod(client, key.slice(4), now, s);
    return {};
  },
};
