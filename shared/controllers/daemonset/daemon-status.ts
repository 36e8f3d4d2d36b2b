import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { isPodAvailable, isPodReady } from '../pod-util';
import { isPodUpdated, templateGeneration } from './daemon-pod';
import type { ShouldRun } from './node-should-run';

/** podByCreationTimestampAndPhase: scheduled pods first, then oldest, then by name. */
export function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const as = !!a.spec?.nodeName;
  const bs = !!b.spec?.nodeName;
  if (as !== bs) return as ? -1 : 1;
  const at = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const bt = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (at !== bt) return at - bt;
  const an = a.metadata?.name ?? '';
  const bn = b.metadata?.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/**
 * updateDaemonSetStatus's counts: per node that should run the daemon, whether it has a pod (the oldest
 * decides ready, available and updated); a pod on a node that should not run it is misscheduled.
 */
export function calculateDaemonSetStatus(
  ds: DaemonSet,
  nodes: readonly Node[],
  shouldRun: (node: Node) => ShouldRun,
  nodeToDaemonPods: ReadonlyMap<string, readonly Pod[]>,
  hash: string,
  now: number,
): Required<Pick<DaemonSetStatus, 'desiredNumberScheduled' | 'currentNumberScheduled' | 'numberMisscheduled' | 'numberReady' | 'updatedNumberScheduled' | 'numberAvailable' | 'numberUnavailable'>> {
  let desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
  const generation = templateGeneration(ds);
  for (const node of nodes) {
    const pods = nodeToDaemonPods.get(node.metadata?.name ?? '') ?? [];
    const scheduled = pods.length > 0;
    if (!shouldRun(node).shouldRun) {
      if (scheduled) misscheduled++;
      continue;
    }
    desired++;
    if (!scheduled) continue;
    current++;
    const pod = [...pods].sort(byCreationTimestampAndPhase)[0]!;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, ds.spec?.minReadySeconds ?? 0, now)) available++;
    }
    if (isPodUpdated(pod, hash, generation)) updated++;
  }
  return {
    desiredNumberScheduled: desired,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
}

/** storeDaemonSetStatus's no-op test: every count equal and the generation already observed. */
export function daemonSetStatusUnchanged(ds: DaemonSet, next: ReturnType<typeof calculateDaemonSetStatus>): boolean {
  const s = ds.status ?? ({} as DaemonSetStatus);
  return (
    (s.desiredNumberScheduled ?? 0) === next.desiredNumberScheduled &&
    (s.currentNumberScheduled ?? 0) === next.currentNumberScheduled &&
    (s.numberMisscheduled ?? 0) === next.numberMisscheduled &&
    (s.numberReady ?? 0) === next.numberReady &&
    (s.updatedNumberScheduled ?? 0) === next.updatedNumberScheduled &&
    (s.numberAvailable ?? 0) === next.numberAvailable &&
    (s.numberUnavailable ?? 0) === next.numberUnavailable &&
    (s.observedGeneration ?? 0) >= (ds.metadata?.generation ?? 0)
  );
}
