import type { Node, Pod } from 'kubernetes-types/core/v1';
import { containerCpuCgroup } from '../resources/cpu-cgroup';
import type { CpuStat } from '../resources/cfs-bandwidth';
import { demandChangesAfter } from '../resources/demand-changes';
import { nodeCpuGrantsAt, type CpuContainer, type NodeCpuInput } from '../resources/node-cpu';
import { nodeCpuRun, type BurstDecision } from '../resources/node-cpu-run';
import { isPodCpuBurstable, nodeCpuBurstStrategy, podCpuBurstConfig, POD_QOS_LABEL, type CpuBurstCfg } from '../resources/cpu-burst-config';
import { cfsQuotaBurstEnabled, cpuBurstUs } from '../resources/cpu-burst';
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
  return demandInputsOf(pods, readyPerWorkload(pods), profiles, now);
}

/** How many running, ready pods each workload has (its load is shared among them), by `workloadOf`. */
export function readyPerWorkload(pods: readonly Pod[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pods) if (p.status?.phase === 'Running' && isReady(p)) out.set(workloadOf(p), (out.get(workloadOf(p)) ?? 0) + 1);
  return out;
}

/**
 * `podDemandInputs` of some of a view's pods, `ready` counted over all of them (`readyPerWorkload`): what
 * each of `pods` has in the whole view, without building the others'.
 */
export function demandInputsOf(pods: readonly Pod[], ready: ReadonlyMap<string, number>, profiles: Record<string, WorkloadProfile>, now: number): PodDemandInput[] {
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
      ctx: { now, startedAtMs: started, readyPods: ready.get(workloadOf(p)) ?? 0, ready: isReady(p) },
    });
  }
  return out;
}

/**
 * The CPU model's view of running pods, one entry per node: each running container with its
 * cgroup (shares and quota from its resources), its start and its demand curve (own demand plus
 * its share of the workload's load, with the ready pods counted now). A node's CPUs bound it
 * only when the Node is given. With Koordinator's `cpu-burst-config` (`parseCpuBurstCfg`), each
 * container carries its pod's burst config and starts with koordlet's static cfs_burst_us.
 */
export function nodeCpuInputs(inputs: readonly PodDemandInput[], nodes?: readonly Node[], burst?: CpuBurstCfg): Map<string, NodeCpuInput> {
  const byName = new Map<string, Node>();
  for (const n of nodes ?? []) byName.set(n.metadata?.name ?? '', n);
  const out = new Map<string, { capacityMilli?: number; sharePoolThresholdPercent?: number; containers: CpuContainer[] }>();
  for (const { pod, key, profile, ctx } of inputs) {
    const nodeName = pod.spec?.nodeName ?? '';
    const nodeObj = byName.get(nodeName);
    const strategy = burst ? nodeCpuBurstStrategy(burst, nodeObj) : undefined;
    let node = out.get(nodeName);
    if (!node) {
      const capacityMilli = parseCpuMilli(nodeObj?.status?.capacity?.['cpu']);
      out.set(nodeName, (node = { ...(capacityMilli !== undefined ? { capacityMilli } : {}), ...(strategy ? { sharePoolThresholdPercent: strategy.sharePoolThresholdPercent } : {}), containers: [] }));
    }
    const podBurst = strategy ? podCpuBurstConfig(pod, strategy) : undefined;
    const server = profile.load ? (profile.load.container ?? Object.keys(ctx.startedAtMs)[0]) : undefined;
    for (const [name, startedAt] of Object.entries(ctx.startedAtMs)) {
      const spec = pod.spec?.containers?.find((c) => c.name === name) ?? pod.spec?.initContainers?.find((c) => c.name === name);
      if (!spec) continue;
      const own = profile.containers[name]?.cpu;
      const load = name === server ? profile.load?.requestsPerSecond : undefined;
      const limitMilli = parseCpuMilli(spec.resources?.limits?.['cpu']) ?? 0;
      const eligible = isPodCpuBurstable(pod) && limitMilli > 0;
      let cgroup = containerCpuCgroup(spec);
      if (podBurst && eligible) cgroup = { ...cgroup, burstUs: cpuBurstUs(podBurst, limitMilli, cgroup.quotaUs, cgroup.periodUs) };
      node.containers.push({
        key: `${key}/${name}`, cgroup, startedAt,
        demandMilliAt: (t) => demandAt(profile, { ...ctx, now: t })[name]?.cpuMilli ?? 0,
        changesAfter: (t) => Math.min(demandChangesAfter(own, t, startedAt), demandChangesAfter(load, t, startedAt)),
        ...(podBurst ? { burst: { cfg: podBurst, limitMilli, requestMilli: parseCpuMilli(spec.resources?.requests?.['cpu']) ?? 0, koordQos: pod.metadata?.labels?.[POD_QOS_LABEL] ?? '', eligible } } : {}),
      });
    }
  }
  return out;
}

/**
 * CPU and memory in use by every running pod at `now` (the numbers `kubectl top`, metrics.k8s.io
 * and the HPA read): CPU is what the node grants, the workload's demand capped by the container's
 * CPU limit (as koordlet has scaled its quota, with `burst`) and, when `nodes` are given, by its
 * cgroup's fair share of the node; memory is the working set, which cannot exceed the memory
 * limit (above it the container is OOM-killed).
 * @param profiles WorkloadProfiles by `namespace/name`.
 * @param nodes the nodes the pods run on (for contention); pods on nodes not given are bound by their limits only.
 * @param burst Koordinator's merged cpu-burst-config, when the cluster runs it.
 */
export function clusterUsage(pods: readonly Pod[], profiles: Record<string, WorkloadProfile>, now: number, nodes?: readonly Node[], burst?: CpuBurstCfg): Record<string, Record<string, ContainerUsage>> {
  return inputsUsage(podDemandInputs(pods, profiles, now), now, nodes, burst);
}

/**
 * `clusterUsage` of the pods `inputs` describe (`podDemandInputs` of a view). Without `nodes` and `burst`
 * a container's CPU is its demand bound by its own limit, whatever else runs: the usage of some of a
 * view's inputs is what they have in the whole view (the HPA computes only the pods it selects).
 */
export function inputsUsage(inputs: readonly PodDemandInput[], now: number, nodes?: readonly Node[], burst?: CpuBurstCfg): Record<string, Record<string, ContainerUsage>> {
  const granted = new Map<string, number>();
  for (const node of nodeCpuInputs(inputs, nodes, burst).values()) {
    // a quota koordlet scales is known only by running the node's history
    const scaled = node.containers.some((c) => c.burst?.eligible && cfsQuotaBurstEnabled(c.burst.cfg.policy)) ? nodeCpuRun(node, now) : undefined;
    const current = scaled ? { ...node, containers: node.containers.map((c) => ({ ...c, cgroup: scaled.get(c.key)!.cgroup })) } : node;
    for (const [k, m] of nodeCpuGrantsAt(current, now)) granted.set(k, m);
  }
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

/** One container's CPU as /metrics explains it: cpu.stat (its `burstUs` is burst_usec), its cgroup now, and koordlet's decisions. */
export interface ContainerCpuReport extends CpuStat {
  quotaUs: number;
  periodUs: number;
  /** The cgroup's cpu.cfs_burst_us now (koordlet may have set it). */
  cfsBurstUs: number;
  /** The quota the kubelet set (koordlet scales from and back to it). */
  baseQuotaUs: number;
  nodeState?: string;
  decisions: BurstDecision[];
}

/**
 * Every running container's cpu.stat at `now` (`namespace/pod/container` → counters), integrated
 * over its lifetime by the CFS model (and koordlet's CPU burst with `burst`): what cAdvisor's
 * container_cpu_* series report.
 * @param profiles WorkloadProfiles by `namespace/name`.
 */
export function clusterCpuStats(pods: readonly Pod[], profiles: Record<string, WorkloadProfile>, now: number, nodes?: readonly Node[], burst?: CpuBurstCfg): Map<string, ContainerCpuReport> {
  const out = new Map<string, ContainerCpuReport>();
  for (const node of nodeCpuInputs(podDemandInputs(pods, profiles, now), nodes, burst).values()) {
    const run = nodeCpuRun(node, now);
    for (const c of node.containers) {
      const r = run.get(c.key)!;
      out.set(c.key, { ...r.stat, quotaUs: r.cgroup.quotaUs, periodUs: r.cgroup.periodUs, cfsBurstUs: r.cgroup.burstUs, baseQuotaUs: c.cgroup.quotaUs, decisions: r.decisions, ...(r.nodeState ? { nodeState: r.nodeState } : {}) });
    }
  }
  return out;
}
