import type { Pod } from 'kubernetes-types/core/v1';
import { demandAt, type ContainerUsage } from './demand';
import { parseTime } from './time-format';
import { PROFILE_ANNOTATION, resolveProfile, type WorkloadProfile } from './workload-profile';

/** Pods that share a workload's load: same controller (ReplicaSet, Job …), else the pod alone. */
function workloadOf(pod: Pod): string {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  return owner ? `${pod.metadata?.namespace}/${owner.uid}` : `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/**
 * CPU and memory in use by every running pod at `now`, from its workload behaviour (profile and
 * annotations): the numbers `kubectl top` and the HPA read. Load is shared by the ready pods of
 * each workload, so more replicas mean less per pod.
 * @param profiles WorkloadProfiles by `namespace/name`.
 */
export function clusterUsage(pods: readonly Pod[], profiles: Record<string, WorkloadProfile>, now: number): Record<string, Record<string, ContainerUsage>> {
  const readyPerWorkload = new Map<string, number>();
  for (const p of pods) if (p.status?.phase === 'Running' && isReady(p)) readyPerWorkload.set(workloadOf(p), (readyPerWorkload.get(workloadOf(p)) ?? 0) + 1);
  const out: Record<string, Record<string, ContainerUsage>> = {};
  for (const p of pods) {
    if (p.status?.phase !== 'Running') continue;
    const started: Record<string, number> = {};
    for (const s of p.status.containerStatuses ?? []) {
      const at = parseTime(s.state?.running?.startedAt);
      if (at !== undefined) started[s.name] = at;
    }
    const profileName = p.metadata?.annotations?.[PROFILE_ANNOTATION];
    const profile = profileName ? profiles[`${p.metadata?.namespace}/${profileName}`] : undefined;
    out[`${p.metadata?.namespace}/${p.metadata?.name}`] = demandAt(resolveProfile(p, profile), {
      now,
      startedAtMs: started,
      readyPods: readyPerWorkload.get(workloadOf(p)) ?? 0,
      ready: isReady(p),
    });
  }
  return out;
}
