import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { ChangeNotice } from '../apiserver/change-notice';
import type { Json } from '../api/object';
import { withoutManagedFields } from '../patch/field-manager';
import { defaultSchedulerConfig, type SchedulerConfig } from './config';
import { SCHEDULER_CONFIG_NAME, SCHEDULER_CONFIG_NAMESPACE } from './config-map';
import { podKey } from './pod-info';
import type { ClusterEvent } from './queue';
import { applyNode, applyPod, assume, buildSnapshot, deleteNode, deletePod, type Snapshot } from './snapshot';

/**
 * The scheduler's cache (upstream's scheduler cache behind its informers): the snapshot of nodes and
 * pods the cycle schedules against, kept current by the stores' change notices instead of a full list
 * per cycle. A notice carries no object, so it marks the object stale and the next cycle reads just
 * that object (`staleReads` → `applyRead`); a deletion is applied at once. Pods the scheduler binds are
 * assumed (counted on their node) before the binding returns, as upstream's AssumePod. One full list
 * rebuilds everything on the first cycle, after `RELIST_MS`, or when the cache is found wrong.
 */
export interface SchedulerCache {
  snapshot: Snapshot;
  /** Every non-terminal pod known (bound, assumed or pending) with the version it was read at. */
  pods: Map<string, CachedPod>;
  /** Pods without a node, for the queue. */
  pending: Map<string, Pod>;
  nodes: Map<string, { uid: string; rv: number }>;
  /** Bound pods whose node is not (yet) known, by node name: counted once the node arrives. */
  orphans: Map<string, Set<string>>;
  /** `pods/<ns>/<name>` or `nodes/<name>` → the newest resourceVersion a notice announced. */
  stale: Map<string, number>;
  /** Kinds read whole (few objects), listed again once a notice of theirs arrived. */
  dirty: Set<WholeKind>;
  /** Cluster changes the queue has not heard of yet (`resource/action`). */
  events: Set<string>;
  config: SchedulerConfig;
  /** Wall time of the last full list (RELIST_MS counts in wall time); undefined until the first. */
  listedAt?: number;
  /** The cache was found wrong: the next refresh lists everything. */
  relist: boolean;
  /** Set while a full list is in flight: notices wait here and are replayed over its result. */
  listing?: ChangeNotice[];
}

export interface CachedPod {
  uid: string;
  rv: number;
  pod: Pod;
  /** Counted on `pod.spec.nodeName` by this scheduler; the binding has not come back yet. */
  assumed?: boolean;
  /** Newest version a notice announced while assumed (the binding's own, or a later write). */
  noticed?: number;
}

export type WholeKind = 'pdbs' | 'volumes' | 'config';

/**
 * A full list bounds how long a lost notice can leave the cache wrong (notices are fire-and-forget).
 * Wall time: it only repairs (an informer's resync), so a fast cluster clock must not multiply it.
 */
export const RELIST_MS = 5 * 60_000;

/** What one full list brings. */
export interface ClusterLists {
  nodes: Node[];
  pods: Pod[];
  pdbs: PodDisruptionBudget[];
  pvcs: PersistentVolumeClaim[];
  pvs: PersistentVolume[];
  storageClasses: StorageClass[];
  config: SchedulerConfig;
}

/**
 * A node as the snapshot keeps it: without managedFields (a third of a pool node), which no plugin
 * reads. The rest stays, as plugins read any label, taints, allocatable, images (ImageLocality) and more.
 */
export const schedulerNode = (node: Node): Node => withoutManagedFields(node as unknown as Json) as Node;

const TERMINAL = new Set(['Succeeded', 'Failed']);
const rvOf = (o: { metadata?: { resourceVersion?: string } }) => Number(o.metadata?.resourceVersion) || 0;

export function createCache(): SchedulerCache {
  return {
    snapshot: buildSnapshot({ nodes: [], pods: [] }),
    pods: new Map(),
    pending: new Map(),
    nodes: new Map(),
    orphans: new Map(),
    stale: new Map(),
    dirty: new Set(),
    events: new Set(),
    config: defaultSchedulerConfig(),
    relist: true,
  };
}

/** Whether the next refresh must list everything. */
export function needsRelist(c: SchedulerCache, now: number): boolean {
  return c.relist || c.listedAt === undefined || now - c.listedAt >= RELIST_MS;
}

/** A full list starts: notices from now on are held and replayed over its result. */
export function beginRelist(c: SchedulerCache): void {
  c.listing = [];
}

/** The full list failed: held notices are dropped, the next refresh lists again. */
export function abortRelist(c: SchedulerCache): void {
  c.listing = undefined;
  c.relist = true;
}

/**
 * Rebuilds the cache from one full list. Like a restarted kube-scheduler, the queue hears that nodes
 * changed and bound pods went away (nothing says what changed while the cache was not listening).
 */
export function finishRelist(c: SchedulerCache, l: ClusterLists, now: number): void {
  const held = c.listing ?? [];
  c.listing = undefined;
  c.listedAt = undefined; // no per-pod cluster events while rebuilding: the relist's own follow
  c.snapshot = buildSnapshot({ nodes: l.nodes.map(schedulerNode), pods: [], podDisruptionBudgets: l.pdbs, persistentVolumeClaims: l.pvcs, persistentVolumes: l.pvs, storageClasses: l.storageClasses });
  c.pods.clear();
  c.pending.clear();
  c.nodes.clear();
  c.orphans.clear();
  c.stale.clear();
  c.dirty.clear();
  for (const n of l.nodes) c.nodes.set(n.metadata!.name!, { uid: n.metadata!.uid ?? '', rv: rvOf(n) });
  for (const p of l.pods) putPod(c, p);
  c.config = l.config;
  c.listedAt = now;
  c.relist = false;
  for (const ev of ['Node/Update', 'AssignedPod/Delete', 'PersistentVolumeClaim/Update']) c.events.add(ev);
  for (const n of held) observe(c, n);
}

/** Replaces the kinds read whole after a notice of theirs. */
export function applyWhole(c: SchedulerCache, kind: WholeKind, l: Partial<ClusterLists>): void {
  c.dirty.delete(kind);
  if (kind === 'pdbs') c.snapshot.pdbs = l.pdbs ?? [];
  if (kind === 'config') c.config = l.config ?? defaultSchedulerConfig();
  if (kind === 'volumes') {
    c.snapshot.pvcs = new Map((l.pvcs ?? []).map((p) => [`${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`, p]));
    c.snapshot.pvs = new Map((l.pvs ?? []).map((p) => [p.metadata?.name ?? '', p]));
    c.snapshot.storageClasses = new Map((l.storageClasses ?? []).map((p) => [p.metadata?.name ?? '', p]));
    c.events.add('PersistentVolumeClaim/Update');
  }
}

/** Takes the cluster changes gathered since the last call, each once. */
export function takeEvents(c: SchedulerCache): ClusterEvent[] {
  const out = [...c.events].map((e) => {
    const [resource, action] = e.split('/');
    return { resource, action } as ClusterEvent;
  });
  c.events.clear();
  return out;
}

function markStale(c: SchedulerCache, key: string, rv: number): void {
  c.stale.set(key, Math.max(c.stale.get(key) ?? 0, rv));
}

/** A store's change notice: a deletion applies at once; anything newer than the cache marks the object stale. */
export function observe(c: SchedulerCache, n: ChangeNotice): void {
  if (c.listing) {
    c.listing.push(n);
    return;
  }
  if (c.listedAt === undefined) return; // the first full list covers it
  const rv = Number(n.resourceVersion) || 0;
  if (n.resource === 'nodes') {
    const known = c.nodes.get(n.name);
    if (n.type === 'DELETED') {
      if (known?.uid === n.uid) removeNode(c, n.name);
      c.stale.delete(`nodes/${n.name}`);
    } else if (!known || known.uid !== n.uid || known.rv < rv) markStale(c, `nodes/${n.name}`, rv);
    return;
  }
  if (n.resource === 'pods') {
    const key = `${n.namespace ?? 'default'}/${n.name}`;
    const known = c.pods.get(key);
    if (n.type === 'DELETED') {
      if (known?.uid === n.uid) removePod(c, key);
      c.stale.delete(`pods/${key}`);
      return;
    }
    if (known && known.uid === n.uid && known.rv >= rv) return;
    // the binding of an assumed pod: its result brings the pod back; only a later write needs a read
    if (known?.assumed && known.uid === n.uid && n.nodeName === known.pod.spec?.nodeName) {
      known.noticed = Math.max(known.noticed ?? 0, rv);
      return;
    }
    markStale(c, `pods/${key}`, rv);
    return;
  }
  if (n.resource === 'poddisruptionbudgets.policy') c.dirty.add('pdbs');
  else if (n.resource === 'persistentvolumeclaims' || n.resource === 'persistentvolumes' || n.resource === 'storageclasses.storage.k8s.io') c.dirty.add('volumes');
  else if (n.resource === 'configmaps' && n.namespace === SCHEDULER_CONFIG_NAMESPACE && n.name === SCHEDULER_CONFIG_NAME) c.dirty.add('config');
}

/** The objects to read before the next cycle. */
export function staleReads(c: SchedulerCache): { kind: 'pods' | 'nodes'; namespace?: string; name: string; rv: number }[] {
  const out: { kind: 'pods' | 'nodes'; namespace?: string; name: string; rv: number }[] = [];
  for (const [key, rv] of c.stale) {
    const [kind, a, b] = key.split('/');
    out.push(kind === 'pods' ? { kind: 'pods', namespace: a!, name: b!, rv } : { kind: 'nodes', name: a!, rv });
  }
  return out;
}

/**
 * The stale objects to read, grouped for bulk reads of at most `perRead` names: pods of one namespace
 * (one store each), or nodes.
 */
export function staleReadGroups(c: SchedulerCache, perRead: number): { kind: 'pods' | 'nodes'; namespace?: string; names: string[] }[] {
  const open = new Map<string, string[]>();
  const groups: { kind: 'pods' | 'nodes'; namespace?: string; names: string[] }[] = [];
  for (const r of staleReads(c)) {
    // nodes share one group key: no namespace is empty
    const key = r.kind === 'nodes' ? '' : `/${r.namespace}`;
    let names = open.get(key);
    if (!names || names.length >= perRead) {
      names = [];
      open.set(key, names);
      groups.push(r.kind === 'nodes' ? { kind: 'nodes', names } : { kind: 'pods', namespace: r.namespace!, names });
    }
    names.push(r.name);
  }
  return groups;
}

/**
 * What a read of a stale object found (undefined: it is gone). The object is applied unless the cache
 * already holds a newer version; the key stays stale if a notice announced a version newer than read.
 */
export function applyRead(c: SchedulerCache, kind: 'pods' | 'nodes', namespace: string | undefined, name: string, obj: Pod | Node | undefined): void {
  const key = kind === 'pods' ? `${namespace}/${name}` : name;
  const staleKey = `${kind}/${key}`;
  const rv = obj ? rvOf(obj) : Infinity;
  if (kind === 'nodes') {
    if (!obj) removeNode(c, name);
    else putNode(c, obj as Node);
  } else if (!obj) removePod(c, key);
  else {
    const known = c.pods.get(key);
    if (!known || known.uid !== obj.metadata?.uid || rv > known.rv) putPod(c, obj as Pod);
  }
  if ((c.stale.get(staleKey) ?? 0) <= rv) c.stale.delete(staleKey);
}

function putNode(c: SchedulerCache, node: Node): void {
  const name = node.metadata!.name!;
  const known = c.nodes.get(name);
  const rv = rvOf(node);
  if (known && known.uid === node.metadata?.uid && known.rv >= rv) return;
  if (known && known.uid !== node.metadata?.uid) removeNode(c, name);
  c.events.add(known && known.uid === node.metadata?.uid ? 'Node/Update' : 'Node/Add');
  c.nodes.set(name, { uid: node.metadata?.uid ?? '', rv });
  applyNode(c.snapshot, schedulerNode(node));
  const waiting = c.orphans.get(name);
  if (!waiting) return;
  c.orphans.delete(name);
  for (const k of waiting) {
    const p = c.pods.get(k);
    if (p?.pod.spec?.nodeName === name) applyPod(c.snapshot, p.pod);
  }
}

function removeNode(c: SchedulerCache, name: string): void {
  if (!c.nodes.delete(name)) return;
  // its pods stay known: they are counted again if a node of that name comes back
  const orphans = new Set<string>();
  for (const p of c.snapshot.byName.get(name)?.pods ?? []) orphans.add(p.key);
  if (orphans.size) c.orphans.set(name, orphans);
  deleteNode(c.snapshot, name);
  c.events.add('Node/Delete');
}

/** Adds or replaces a pod read from the API (terminal pods are dropped, as the scheduler's informer does). */
function putPod(c: SchedulerCache, pod: Pod): void {
  const key = podKey(pod);
  const known = c.pods.get(key);
  const wasBound = Boolean(known?.pod.spec?.nodeName) && known?.uid === pod.metadata?.uid;
  if (TERMINAL.has(pod.status?.phase ?? '')) {
    removePod(c, key);
    return;
  }
  if (known && known.uid !== pod.metadata?.uid) removePod(c, key);
  c.pods.set(key, { uid: pod.metadata?.uid ?? '', rv: rvOf(pod), pod });
  applyPod(c.snapshot, pod);
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) {
    c.pending.set(key, pod);
    return;
  }
  c.pending.delete(key);
  if (c.listedAt !== undefined) c.events.add(wasBound ? 'AssignedPod/Update' : 'AssignedPod/Add');
  if (!c.snapshot.byName.has(nodeName)) {
    const set = c.orphans.get(nodeName) ?? new Set<string>();
    set.add(key);
    c.orphans.set(nodeName, set);
  }
}

function removePod(c: SchedulerCache, key: string): void {
  const known = c.pods.get(key);
  if (!known) return;
  c.pods.delete(key);
  c.pending.delete(key);
  deletePod(c.snapshot, key);
  const nodeName = known.pod.spec?.nodeName;
  if (nodeName) {
    c.orphans.get(nodeName)?.delete(key);
    c.events.add('AssignedPod/Delete');
  }
}

/**
 * Cache.AssumePod: the pod counts on `nodeName` from now on, so the next pod (and the next cycle)
 * sees the node's capacity taken before the binding comes back. Returns the assumed copy.
 */
export function assumePod(c: SchedulerCache, pod: Pod, nodeName: string): Pod {
  const key = podKey(pod);
  const assumed = assume(c.snapshot, pod, nodeName);
  const known = c.pods.get(key);
  c.pods.set(key, { uid: pod.metadata?.uid ?? '', rv: known?.rv ?? rvOf(pod), pod: assumed, assumed: true });
  c.pending.delete(key);
  return assumed;
}

/**
 * The binding came back: the pod as stored (when the store returned it) replaces the assumed copy.
 * A notice newer than that (a write after the binding) leaves the pod stale, to be read.
 */
export function finishBinding(c: SchedulerCache, key: string, bound: Pod | undefined): void {
  const known = c.pods.get(key);
  if (!known?.assumed) return;
  known.assumed = false;
  // as upstream's informer confirming an assumed pod: pods waiting on affinity or spreading hear of it
  c.events.add('AssignedPod/Add');
  const noticed = known.noticed ?? 0;
  delete known.noticed;
  if (bound) {
    known.pod = bound;
    known.rv = rvOf(bound);
  }
  if (!bound || noticed > known.rv) markStale(c, `pods/${key}`, noticed);
}

/**
 * Cache.ForgetPod: the binding failed; the pod stops counting on the node and is read again (it may
 * be gone, or bound elsewhere by someone else).
 */
export function forgetPod(c: SchedulerCache, key: string): void {
  const known = c.pods.get(key);
  if (!known?.assumed) return;
  c.pods.delete(key);
  deletePod(c.snapshot, key);
  markStale(c, `pods/${key}`, 0);
}
