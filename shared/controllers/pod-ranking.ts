import type { Pod } from 'kubernetes-types/core/v1';
import { isPodActive, isPodReady, podReadyCondition } from './pod-util';
import { parseTime } from './time';

/** Annotation whose int32 value orders scale-down victims (lower first). */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** helper.GetDeletionCostFromPodAnnotations; invalid or absent values count as 0. */
export function podDeletionCost(pod: Pod): number {
  const raw = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (raw === undefined || !/^[+-]?\d+$/.test(raw.trim())) return 0;
  const n = Number(raw.trim());
  return n >= -(2 ** 31) && n <= 2 ** 31 - 1 ? n : 0;
}

function maxRestarts(pod: Pod): [regular: number, sidecar: number] {
  const regular = Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const sidecar = Math.max(0, ...(pod.status?.initContainerStatuses ?? []).filter((c) => sidecars.has(c.name)).map((c) => c.restartCount ?? 0));
  return [regular, sidecar];
}

/** Go's int64(math.Log2(ns)) bucket of an age; -1 for non-positive ages (LogarithmicScaleDown). */
function logBucket(t: number, now: number): number {
  const d = (now - t) * 1e6;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/** afterOrZero: a zero time sorts first, otherwise the later one. */
function afterOrZero(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return a === undefined;
  return a > b;
}

/** Newer (or zero) first, in logarithmic age buckets, ties broken by UID (LogarithmicScaleDown, GA). */
function newerFirst(a: number | undefined, b: number | undefined, pa: Pod, pb: Pod, now: number): boolean | undefined {
  if (a === b) return undefined;
  if (a === undefined || b === undefined) return afterOrZero(a, b);
  const diff = logBucket(a, now) - logBucket(b, now);
  if (diff === 0) return (pa.metadata?.uid ?? '') < (pb.metadata?.uid ?? '');
  return diff < 0;
}

/**
 * controller.ActivePodsWithRanks.Less: true when `a` should be deleted before `b`.
 * `rankA`/`rankB` count active related pods on each pod's node.
 */
export function deleteBefore(a: Pod, b: Pod, rankA: number, rankB: number, now: number): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  const ca = podDeletionCost(a);
  const cb = podDeletionCost(b);
  if (ca !== cb) return ca < cb;
  if (rankA !== rankB) return rankA > rankB;
  if (ra && rb) {
    const ta = parseTime(podReadyCondition(a)?.lastTransitionTime);
    const tb = parseTime(podReadyCondition(b)?.lastTransitionTime);
    const r = newerFirst(ta, tb, a, b, now);
    if (r !== undefined) return r;
  }
  const [ia, sa] = maxRestarts(a);
  const [ib, sb] = maxRestarts(b);
  if (ia !== ib) return ia > ib;
  if (sa !== sb) return sa > sb;
  const r = newerFirst(parseTime(a.metadata?.creationTimestamp), parseTime(b.metadata?.creationTimestamp), a, b, now);
  return r ?? false;
}

/**
 * getPodsToDelete: the `count` pods to delete first. Related pods (all pods of ReplicaSets with the
 * same controller) count towards co-location on a node.
 */
export function podsToDelete(pods: Pod[], relatedPods: Pod[], count: number, now: number): Pod[] {
  if (count >= pods.length) return pods.slice(0, count);
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => (deleteBefore(x.pod, y.pod, x.rank, y.rank, now) ? -1 : deleteBefore(y.pod, x.pod, y.rank, x.rank, now) ? 1 : 0));
  return ranked.slice(0, count).map((r) => r.pod);
}
