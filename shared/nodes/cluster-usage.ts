import type { Node, Pod } from 'kubernetes-types/core/v1';
import { containerCpuCgroup } from '../resources/cpu-cgroup';
import type { CpuStat } from '../resources/cfs-bandwidth';
import { demandChangesAfter } from '../resources/demand-changes';
import { nodeCpuGrantsAt, nodeCpuStats, type CpuContainer, type NodeCpuInput } from '../resources/node-cpu';
import { demandAt, type ContainerUsage, type DemandContext } from './demand';
import { parseBytes, parseCpuMilli } from './quantity';
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
 * The CPU model's view of running pods, one entry per node: each running container with its
 * cgroup (shares and quota from its resources), its start and its demand curve (own demand plus
 * its share of the workload's load, with the ready pods counted now). A node's CPUs bound it
 * only when the Node is given.
 */
export function nodeCpuInputs(inputs: readonly PodDemandInput[], nodes?: readonly Node[]): Map<string, NodeCpuInput> {
  const capacity = new Map<string, number | undefined>();
  for (const n of nodes ?? []) capacity.set(n.metadata?.name ?? '', parseCpuMilli(n.status?.capacity?.['cpu']));
  const out = new Map<string, { capacityMilli?: number; containers: CpuContainer[] }>();
  for (const { pod, key, profile, ctx } of inputs) {
    const nodeName = pod.spec?.nodeName ?? '';
    let node = out.get(nodeName);
    if (!node) out.set(nodeName, (node = { ...(capacity.get(nodeName) !== undefined ? { capacityMilli: capacity.get(nodeName) } : {}), containers: [] }));
    const server = profile.load ? (profile.load.container ?? Object.keys(ctx.startedAtMs)[0]) : undefined;
    for (const [name, startedAt] of Object.entries(ctx.startedAtMs)) {
      const spec = pod.spec?.containers?.find((c) => c.name === name) ?? pod.spec?.initContainers?.find((c) => c.name === name);
      if (!spec) continue;
      const own = profile.containers[name]?.cpu;
      const load = name === server ? profile.load?.requestsPerSecond : undefined;
      node.containers.push({
        key: `${key}/${name}`, cgroup: containerCpuCgroup(spec), startedAt,
        demandMilliAt: (t) => demandAt(profile, { ...ctx, now: t })[name]?.cpuMilli ?? 0,
        changesAfter: (t) => Math.min(demandChangesAfter(own, t, startedAt), demandChangesAfter(load, t, startedAt)),
      });
    }
  }
  return out;
}

/**
 * CPU and memory in use by every running pod at `now` (the numbers `kubectl top`, metrics.k8s.io
 * and the HPA read): CPU is what the node grants, the workload's demand capped by the container's
 * CPU limit and, when `nodes` are given, by its cgroup's fair share of the node; memory is the
 * working set, which cannot exceed the memory limit (above it the container is OOM-killed).
 * @param profiles WorkloadProfiles by `namespace/name`.
 * @param nodes the nodes the pods run on (for contention); pods on nodes not given are bound by their limits only.
 */
export function clusterUsage(pods: readonly Pod[], profiles: Record<string, WorkloadProfile>, now: number, nodes?: readonly Node[]): Record<string, Record<string, ContainerUsage>> {
  const inputs = podDemandInputs(pods, profiles, now);
  const granted = new Map<string, number>();
  for (const node of nodeCpuInputs(inputs, nodes).values()) for (const [k, m] of nodeCpuGrantsAt(node, now)) granted.set(k, m);
  const out: Record<string, Record<string, ContainerUsage>> = {};
  for (const { pod, key, profile, ctx } of inputs) {
    const demand = demandAt(profile, ctx);
    for (const [name, u] of Object.entries(demand)) {
      const limit = parseBytes(pod.spec?.containers?.find((c) => c.name === name)?.resources?.limits?.['memory']);
      demand[name] = { cpuMilli: Math.round(granted.get(`${key}/${name}`) ?? u.cpuMilli), memoryBytes: limit ? Math.min(u.memoryBytes, limit) : u.memoryBytes };
    }
    out[key] = demand;
  }
  return out;
}

/**
 * Every running container's cpu.stat at `now` (`namespace/pod/container` → counters), integrated
 * over its lifetime by the CFS model: what cAdvisor's container_cpu_* series report.
 * @param profiles WorkloadProfiles by `namespace/name`.
 */
export function clusterCpuStats(pods: readonly Pod[], profiles: Record<string, WorkloadProfile>, now: number, nodes?: readonly Node[]): Map<string, CpuStat & { quotaUs: number; periodUs: number }> {
  const out = new Map<string, CpuStat & { quotaUs: number; periodUs: number }>();
  for (const node of nodeCpuInputs(podDemandInputs(pods, profiles, now), nodes).values()) {
    const stats = nodeCpuStats(node, now);
    for (const c of node.containers) out.set(c.key, { ...stats.get(c.key)!, quotaUs: c.cgroup.quotaUs, periodUs: c.cgroup.periodUs });
  }
  return out;
}
