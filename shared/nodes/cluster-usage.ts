import type { Pod } from 'kubernetes-types/core/v1';
import { demandAt, type ContainerUsage, type DemandContext } from './demand';
import { parseTime } from './time-format';
import { PROFILE_ANNOTATION, resolveProfile, type EffectiveProfile, type WorkloadProfile } from './workload-profile';

/** Pods that share a workload's load: same controller (ReplicaSet, Job …), else the pod alone. */
function workloadOf(pod: Pod): string {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  return owner ? `${pod.metadata?.namespace}/${owner.uid}` : `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** One running pod and what its behaviour at an instant depends on. */
export interface PodDemandInput {
  pod: Pod;
  /** `namespace/name`. */
  key: string;
  /** Its merged behaviour (WorkloadProfile, then annotations). */
  profile: EffectiveProfile;
  ctx: DemandContext;
}

/**
 * Every running pod with its merged profile and demand context at `now`: load is shared by the
 * ready pods of each workload, so more replicas mean less per pod. Usage (`clusterUsage`) and the
 * custom metrics (`workload-metrics.ts`) are both computed from these.
 * @param profiles WorkloadProfiles by `namespace/name`.
 */
export function podDemandInputs(pods: readonly Pod[], profiles: Record<string, WorkloadProfile>, now: number): PodDemandInput[] {
  const readyPerWorkload = new Map<string, number>();
  for (const p of pods) if (p.status?.phase === 'Running' && isReady(p)) readyPerWorkload.set(workloadOf(p), (readyPerWorkload.get(workloadOf(p)) ?? 0) + 1);
  const out: PodDemandInput[] = [];
  for (const p of pods) {
    if (p.status?.phase !== 'Running') continue;
    const started: Record<string, number> = {};
    for (const s of p.status.containerStatuses ?? []) {
      const at = parseTime(s.state?.running?.startedAt);
      if (at !== undefined) started[s.name] = at;
    }
    const profileName = p.metadata?.annotations?.[PROFILE_ANNOTATION];
    const profile = profileName ? profiles[`${p.metadata?.namespace}/${profileName}`] : undefined;
    out.push({
      pod: p,
      key: `${p.metadata?.namespace}/${p.metadata?.name}`,
      profile: resolveProfile(p, profile),
      ctx: { now, startedAtMs: started, readyPods: readyPerWorkload.get(workloadOf(p)) ?? 0, ready: isReady(p) },
    });
  }
  return out;
}

/**
 * CPU and memory in use by every running pod at `now`, from its workload behaviour (profile and
 * annotations): the numbers `kubectl top` and the HPA read.
 * @param profiles WorkloadProfiles by `namespace/name`.
 */
export function clusterUsage(pods: readonly Pod[], profiles: Record<string, WorkloadProfile>, now: number): Record<string, Record<string, ContainerUsage>> {
  const out: Record<string, Record<string, ContainerUsage>> = {};
  for (const { key, profile, ctx } of podDemandInputs(pods, profiles, now)) out[key] = demandAt(profile, ctx);
  return out;
}
