import type { ContainerStatus, Pod, PodSpec, PodStatus } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { POD_DELETION_COST } from './pod-ranking';
import { podReadyCondition } from './pod-util';

/**
 * The ReplicaSet controller's view of one namespace's pods, as upstream's pod informer gives it:
 * listed once, then kept current from the stores' change notices instead of listed on every sync.
 * A notice names a pod and its resourceVersion, not its content, so a notice newer than the copy
 * held marks the pod for a `get` before the next sync (a sync reads only what changed); the
 * controller's own writes are put in directly (write-through), so the notices of its own creates
 * cost nothing. It keeps of each pod only what a ReplicaSet sync reads (replicaSetPodView), so a
 * namespace of 50,000 pods does not hold 50,000 whole pods. No I/O and no clock here: the adapter
 * reads and passes `now`.
 */

/** What a pod notice carries that the cache needs (a ChangeNotice fits). */
export interface PodNotice {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  name: string;
  resourceVersion: string;
}

/** A pod to read again, with the newest resourceVersion a notice announced for it. */
export interface StalePod {
  name: string;
  resourceVersion: number;
}

/** What the adapter must read before a sync: everything, the pods named, or nothing. */
export type PodCacheRefresh = { kind: 'list' } | { kind: 'get'; pods: StalePod[] } | { kind: 'none' };

/** Relist this often even when notices say nothing (a notice lost with a crashed store): the controller's resync period. */
export const POD_CACHE_RELIST_MS = 5 * 60_000;

/** Below this many stale pods a sync reads them one by one, whatever the namespace's size. */
const MIN_RELIST_STALE = 32;

/**
 * The fields of a pod that the ReplicaSet sync reads (claiming, expectations, status, deletion
 * ranking in shared/controllers/pod-ranking.ts): a new field read there must be kept here too;
 * test/unit/controllers/replica-set-pod-cache.test.ts checks the sync decides the same on both.
 */
export function replicaSetPodView(pod: Pod): Pod {
  const m = pod.metadata ?? {};
  const metadata: ObjectMeta = {};
  for (const k of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'labels', 'ownerReferences'] as const) {
    if (m[k] !== undefined) (metadata as Record<string, unknown>)[k] = m[k];
  }
  const cost = m.annotations?.[POD_DELETION_COST];
  if (cost !== undefined) metadata.annotations = { [POD_DELETION_COST]: cost };
  const spec: PodSpec = { containers: [] };
  if (pod.spec?.nodeName) spec.nodeName = pod.spec.nodeName;
  // sidecars (restartable init containers): their restarts rank a pod for deletion
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  if (sidecars.length) spec.initContainers = sidecars.map(({ name, restartPolicy }) => ({ name, restartPolicy }));
  const st = pod.status;
  if (!st) return { metadata, spec };
  const restarts = (cs: readonly ContainerStatus[]) => cs.map(({ name, restartCount }) => ({ name, restartCount }) as ContainerStatus);
  const status: PodStatus = {};
  if (st.phase) status.phase = st.phase;
  const ready = podReadyCondition(pod);
  if (ready) status.conditions = [ready];
  if (st.containerStatuses) status.containerStatuses = restarts(st.containerStatuses);
  if (st.initContainerStatuses) status.initContainerStatuses = restarts(st.initContainerStatuses);
  return { metadata, spec, status };
}

/** Resource versions of one store are increasing integers (shared/apiserver/resource-version). */
const rvOf = (pod: Pod): number => Number(pod.metadata?.resourceVersion) || 0;

export class ReplicaSetPodCache {
  private readonly byName = new Map<string, Pod>();
  /** Pods a notice announced a newer version of than the one held: name → that version. */
  private readonly stale = new Map<string, number>();
  /** Cluster time of the last full list; undefined: never listed, or the view cannot be trusted. */
  private listedAt?: number;

  /**
   * A notice about a pod of this namespace: the copy held is stale unless it is already that version;
   * a deletion removes it outright (unless a newer namesake is held).
   */
  observe(n: PodNotice): void {
    if (this.listedAt === undefined) return; // the next sync lists anyway
    const rv = Number(n.resourceVersion) || 0;
    const held = this.byName.get(n.name);
    if (n.type === 'DELETED') {
      if (held && rvOf(held) > rv) return;
      this.byName.delete(n.name);
      if ((this.stale.get(n.name) ?? -1) <= rv) this.stale.delete(n.name);
      return;
    }
    if (held && rvOf(held) >= rv) return;
    if ((this.stale.get(n.name) ?? -1) >= rv) return;
    this.stale.set(n.name, rv);
  }

  /**
   * What to read before a sync. A full list when nothing was listed yet, when the last list is older
   * than POD_CACHE_RELIST_MS, or when so many pods changed that one list costs less than their gets
   * (more than a quarter of the namespace).
   */
  refresh(now: number): PodCacheRefresh {
    if (this.listedAt === undefined || now - this.listedAt >= POD_CACHE_RELIST_MS) return { kind: 'list' };
    if (this.stale.size > MIN_RELIST_STALE && this.stale.size * 4 > this.byName.size) return { kind: 'list' };
    if (this.stale.size === 0) return { kind: 'none' };
    return { kind: 'get', pods: [...this.stale].map(([name, resourceVersion]) => ({ name, resourceVersion })) };
  }

  /** A full list read at `listVersion`: it replaces the view; notices newer than the list stay pending. */
  replaceAll(pods: Pod[], listVersion: string | undefined, now: number): void {
    this.byName.clear();
    for (const p of pods) this.byName.set(p.metadata?.name ?? '', replicaSetPodView(p));
    const at = Number(listVersion) || Infinity;
    for (const [name, rv] of this.stale) if (rv <= at) this.stale.delete(name);
    this.listedAt = now;
  }

  /**
   * A pod as read or written (undefined: a get found it gone). `asked` is the version a StalePod
   * announced: the pod stays stale only if a newer notice arrived while it was being read.
   */
  apply(name: string, pod: Pod | undefined, asked = 0): void {
    const held = this.byName.get(name);
    if (pod === undefined) this.byName.delete(name);
    else if (!held || rvOf(pod) >= rvOf(held)) this.byName.set(name, replicaSetPodView(pod));
    const pending = this.stale.get(name);
    if (pending !== undefined && pending <= Math.max(asked, pod ? rvOf(pod) : 0)) this.stale.delete(name);
  }

  /** The controller changed this pod (patch, delete) without getting it back: read it before the next sync. */
  touched(name: string): void {
    this.stale.set(name, Math.max(this.stale.get(name) ?? 0, (this.byName.get(name) && rvOf(this.byName.get(name)!) + 1) || 0));
  }

  /** A write's outcome is unknown (the RPC failed): list again before the next sync. */
  invalidate(): void {
    this.listedAt = undefined;
  }

  /** Nothing held and nothing to read: the namespace's view can be dropped (its pods are gone). */
  get empty(): boolean {
    return this.byName.size === 0 && this.stale.size === 0;
  }

  /** Every pod of the namespace as last read (as replicaSetPodView keeps it). */
  pods(): Pod[] {
    return [...this.byName.values()];
  }
}
