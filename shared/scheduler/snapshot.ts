import type {
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicationController,
  Service,
} from 'kubernetes-types/core/v1';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { addPodToNode, newNodeInfo, removePodFromNode } from './node-info';
import { newPodInfo, podKey } from './pod-info';
import type { NodeInfo, PodInfo } from './types';

/** Everything a scheduling cycle may look at, as plain API objects. */
export interface ClusterState {
  nodes: Node[];
  pods: Pod[];
  namespaces?: Namespace[];
  persistentVolumeClaims?: PersistentVolumeClaim[];
  persistentVolumes?: PersistentVolume[];
  storageClasses?: StorageClass[];
  services?: Service[];
  replicaSets?: ReplicaSet[];
  statefulSets?: StatefulSet[];
  replicationControllers?: ReplicationController[];
  podDisruptionBudgets?: PodDisruptionBudget[];
}

/** The scheduler cache snapshot: NodeInfos plus the cluster objects plugins consult. Mutable via assume/forget/apply*. */
export interface Snapshot {
  nodes: NodeInfo[];
  byName: Map<string, NodeInfo>;
  /** image name → number of nodes that have it (ImageStateSummary.NumNodes) */
  imageNumNodes: Map<string, number>;
  /** pod key → node it is counted on (bound or assumed) */
  podNode: Map<string, string>;
  /** node name → pods nominated to it by preemption, not yet bound */
  nominated: Map<string, PodInfo[]>;
  namespaceLabels: Map<string, Record<string, string>>;
  pvcs: Map<string, PersistentVolumeClaim>;
  pvs: Map<string, PersistentVolume>;
  storageClasses: Map<string, StorageClass>;
  services: Service[];
  /** `Kind/namespace/name` → controller object, for default spreading selectors */
  owners: Map<string, ReplicaSet | StatefulSet | ReplicationController>;
  pdbs: PodDisruptionBudget[];
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

function imageDelta(s: Snapshot, n: NodeInfo, d: 1 | -1): void {
  for (const name of n.images.keys()) s.imageNumNodes.set(name, (s.imageNumNodes.get(name) ?? 0) + d);
}

/**
 * Builds a snapshot from API objects. Bound pods are counted on their node; terminal pods are ignored
 * like the scheduler's informer does; unbound pods with status.nominatedNodeName are kept as nominated.
 */
export function buildSnapshot(c: ClusterState): Snapshot {
  const s: Snapshot = {
    nodes: [],
    byName: new Map(),
    imageNumNodes: new Map(),
    podNode: new Map(),
    nominated: new Map(),
    namespaceLabels: new Map((c.namespaces ?? []).map((n) => [n.metadata?.name ?? '', n.metadata?.labels ?? {}])),
    pvcs: new Map((c.persistentVolumeClaims ?? []).map((p) => [`${p.metadata?.namespace ?? 'default'}/${p.metadata?.name}`, p])),
    pvs: new Map((c.persistentVolumes ?? []).map((p) => [p.metadata?.name ?? '', p])),
    storageClasses: new Map((c.storageClasses ?? []).map((p) => [p.metadata?.name ?? '', p])),
    services: c.services ?? [],
    owners: new Map(),
    pdbs: c.podDisruptionBudgets ?? [],
  };
  const own = (kind: string, list: (ReplicaSet | StatefulSet | ReplicationController)[] | undefined) => {
    for (const o of list ?? []) s.owners.set(`${kind}/${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`, o);
  };
  own('ReplicaSet', c.replicaSets);
  own('StatefulSet', c.statefulSets);
  own('ReplicationController', c.replicationControllers);
  for (const n of c.nodes) applyNode(s, n);
  for (const p of c.pods) applyPod(s, p);
  return s;
}

/** Adds or replaces a node, keeping the pods already counted on it. */
export function applyNode(s: Snapshot, node: Node): void {
  const name = node.metadata?.name ?? '';
  const fresh = newNodeInfo(node);
  const old = s.byName.get(name);
  if (old) {
    imageDelta(s, old, -1);
    for (const p of old.pods) addPodToNode(fresh, p);
    s.nodes[s.nodes.indexOf(old)] = fresh;
  } else {
    s.nodes.push(fresh);
  }
  s.byName.set(name, fresh);
  imageDelta(s, fresh, 1);
}

/** Removes a node; its pods stop being counted. */
export function deleteNode(s: Snapshot, name: string): void {
  const old = s.byName.get(name);
  if (!old) return;
  imageDelta(s, old, -1);
  for (const p of old.pods) s.podNode.delete(p.key);
  s.nodes.splice(s.nodes.indexOf(old), 1);
  s.byName.delete(name);
}

function unnominate(s: Snapshot, key: string): void {
  for (const [node, list] of s.nominated) {
    const i = list.findIndex((p) => p.key === key);
    if (i >= 0) {
      list.splice(i, 1);
      if (list.length === 0) s.nominated.delete(node);
    }
  }
}

/** Adds, updates or (when terminal) drops a pod, as the scheduler cache does on pod events. */
export function applyPod(s: Snapshot, pod: Pod): void {
  const key = podKey(pod);
  deletePod(s, key);
  if (TERMINAL.has(pod.status?.phase ?? '')) return;
  const nodeName = pod.spec?.nodeName;
  if (nodeName) {
    const n = s.byName.get(nodeName);
    if (!n) return;
    addPodToNode(n, newPodInfo(pod));
    s.podNode.set(key, nodeName);
    return;
  }
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    const list = s.nominated.get(nominated) ?? [];
    list.push(newPodInfo(pod));
    s.nominated.set(nominated, list);
  }
}

/** Stops counting a pod anywhere (deleted, or forgotten after a failed bind). */
export function deletePod(s: Snapshot, key: string): void {
  const nodeName = s.podNode.get(key);
  if (nodeName) {
    const n = s.byName.get(nodeName);
    if (n) removePodFromNode(n, key);
    s.podNode.delete(key);
  }
  unnominate(s, key);
}

/**
 * Cache.AssumePod: counts the pod on `nodeName` before the bind is confirmed, so the next cycle
 * sees the node's reduced capacity. Returns the assumed copy (spec.nodeName set).
 */
export function assume(s: Snapshot, pod: Pod, nodeName: string): Pod {
  const assumed: Pod = { ...pod, spec: { ...pod.spec!, nodeName }, status: { ...pod.status, nominatedNodeName: undefined } };
  applyPod(s, assumed);
  return assumed;
}

/** Cache.ForgetPod: undoes assume after a failed bind. */
export function forget(s: Snapshot, pod: Pod): void {
  deletePod(s, podKey(pod));
}
