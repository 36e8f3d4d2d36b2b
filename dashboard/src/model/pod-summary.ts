import type { Pod } from 'kubernetes-types/core/v1';

/** The phases a pod's status reports, in the order the dashboard lists them. */
export const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
export type Phase = (typeof PHASES)[number];

/** A pod's phase, Pending when it has none yet (as upstream's printer shows a pod just created). */
export function podPhase(pod: Pod): Phase {
  const p = pod.status?.phase;
  return (PHASES as readonly string[]).includes(p ?? '') ? (p as Phase) : 'Pending';
}

/** How many pods are in each phase (every phase present, zero or not). */
export function countByPhase(pods: readonly Pod[]): Record<Phase, number> {
  const counts = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  for (const p of pods) counts[podPhase(p)]++;
  return counts;
}

/** Pods per node name; pods not yet bound are under ''. Each list sorted by namespace/name. */
export function podsByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const p of pods) {
    const n = p.spec?.nodeName ?? '';
    out.set(n, [...(out.get(n) ?? []), p]);
  }
  for (const list of out.values()) list.sort((a, b) => podKey(a).localeCompare(podKey(b), 'en', { numeric: true }));
  return out;
}

export function podKey(p: Pod): string {
  return `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
}

/** "2/3": ready containers over containers, as READY in `kubectl get pods`. */
export function readyCount(pod: Pod): string {
  const statuses = pod.status?.containerStatuses ?? [];
  return `${statuses.filter((s) => s.ready).length}/${pod.spec?.containers?.length ?? 0}`;
}

/** Container restarts summed, as RESTARTS in `kubectl get pods`. */
export function restartCount(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((s, c) => s + (c.restartCount ?? 0), 0);
}

/** The word the pod list shows: a waiting or terminated container's reason when there is one, else the phase. */
export function podStatusWord(pod: Pod): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  for (const s of pod.status?.containerStatuses ?? []) {
    const reason = s.state?.waiting?.reason ?? s.state?.terminated?.reason;
    if (reason) return reason;
  }
  return pod.status?.reason ?? podPhase(pod);
}
