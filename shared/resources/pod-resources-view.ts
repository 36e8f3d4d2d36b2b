import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { ContainerCpuReport } from '../nodes/cluster-usage';
import type { ContainerUsage } from '../nodes/demand';
import { computePodQOS } from '../nodes/pod-resources';
import { formatBytes, formatCpuMilli, parseBytes, parseCpuMilli } from '../nodes/quantity';
import { rfc3339 } from '../nodes/time-format';
import { oomScoreAdj } from './oom-score-adj';
import { oomScore, PAGE_BYTES } from './node-oom-killer';

/** One container's CPU and memory as the node's resource model sees them now. */
export interface ContainerResourcesView {
  name: string;
  restartCount: number;
  cpu: {
    request?: string;
    limit?: string;
    /** What the workload asks for now, and what the node grants (kubectl top). */
    demand: string;
    granted: string;
    cgroup?: { shares?: number; quotaUs: number; periodUs: number; burstUs: number; baseQuotaUs: number };
    stat?: { nrPeriods: number; nrThrottled: number; throttledUsec: number; nrBursts: number; usageUsec: number };
    /** nr_throttled / nr_periods over the container's life. */
    throttledRatio?: number;
    /** koordlet's share-pool state of the node (CPU burst). */
    nodeState?: string;
    /** cfs_quota_us over time: koordlet's adjustments, newest last. */
    quotaHistory: { time: string; operation: string; nodeState: string; throttledRatio: number; fromQuotaUs: number; toQuotaUs: number; burstUs: number }[];
  };
  memory: { request?: string; limit?: string; workingSet: string; oomScoreAdj: number; oomScore: number };
  lastTermination?: { reason: string; exitCode: number; startedAt?: string; finishedAt?: string };
}

/** `kubeflare.dev/v1alpha1` PodResources: a read-only view of one pod in the resource model, with the reasons. */
export interface PodResourcesView {
  apiVersion: 'kubeflare.dev/v1alpha1';
  kind: 'PodResources';
  metadata: { name: string; namespace: string; uid?: string; creationTimestamp: string };
  status: {
    nodeName?: string;
    phase?: string;
    qosClass: string;
    reason?: string;
    message?: string;
    node?: { cpu?: string; memory?: string; memoryWorkingSet: string; memoryAvailable: string; conditions: string[] };
    containers: ContainerResourcesView[];
    /** Why the pod is slow or was killed, one sentence per finding. */
    explanation: string[];
  };
}

export interface PodResourcesInput {
  pod: Pod;
  node?: Node;
  now: number;
  /** cpu.stat and koordlet's decisions by container name (`clusterCpuStats`). */
  cpu: ReadonlyMap<string, ContainerCpuReport>;
  /** What each container asks for now (the workload's demand) and is granted (`clusterUsage`). */
  demand: Record<string, ContainerUsage>;
  granted: Record<string, ContainerUsage>;
  /** The working set of every pod on the node, summed. */
  nodeWorkingSetBytes: number;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The answer to "why is this pod slow / why was it killed": each container's cgroup, cpu.stat, the
 * quota koordlet set over time, its memory against its limit and oom_score, the node's memory, the
 * last termination, and sentences drawing the conclusions.
 */
export function podResourcesView(input: PodResourcesInput): PodResourcesView {
  const { pod, node, now } = input;
  const capacity = parseBytes(node?.status?.capacity?.['memory']) ?? 0;
  const explanation: string[] = [];
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c): ContainerResourcesView => {
    const st = statuses.find((s) => s.name === c.name);
    const report = input.cpu.get(c.name);
    const cpuLimit = c.resources?.limits?.['cpu'];
    const memLimit = c.resources?.limits?.['memory'];
    const demand = input.demand[c.name]?.cpuMilli ?? 0;
    const granted = input.granted[c.name]?.cpuMilli ?? 0;
    const ws = input.granted[c.name]?.memoryBytes ?? 0;
    const adj = oomScoreAdj(pod, c, capacity || 1);
    const view: ContainerResourcesView = {
      name: c.name,
      restartCount: st?.restartCount ?? 0,
      cpu: {
        ...(c.resources?.requests?.['cpu'] !== undefined ? { request: String(c.resources.requests['cpu']) } : {}),
        ...(cpuLimit !== undefined ? { limit: String(cpuLimit) } : {}),
        demand: formatCpuMilli(demand),
        granted: formatCpuMilli(granted),
        quotaHistory: (report?.decisions ?? []).map((d) => ({ time: rfc3339(d.at), operation: d.op, nodeState: d.nodeState, throttledRatio: d.throttledRatio, fromQuotaUs: d.fromQuotaUs, toQuotaUs: d.toQuotaUs, burstUs: d.burstUs })),
      },
      memory: {
        ...(c.resources?.requests?.['memory'] !== undefined ? { request: String(c.resources.requests['memory']) } : {}),
        ...(memLimit !== undefined ? { limit: String(memLimit) } : {}),
        workingSet: formatBytes(ws),
        oomScoreAdj: adj,
        oomScore: capacity ? oomScore(ws, adj, Math.floor(capacity / PAGE_BYTES)) : 0,
      },
    };
    if (report) {
      view.cpu.cgroup = { quotaUs: report.quotaUs, periodUs: report.periodUs, burstUs: report.cfsBurstUs, baseQuotaUs: report.baseQuotaUs };
      view.cpu.stat = { nrPeriods: report.nrPeriods, nrThrottled: report.nrThrottled, throttledUsec: Math.round(report.throttledUs), nrBursts: report.nrBursts, usageUsec: Math.round(report.usageUs) };
      if (report.nrPeriods > 0) view.cpu.throttledRatio = report.nrThrottled / report.nrPeriods;
      if (report.nodeState) view.cpu.nodeState = report.nodeState;
      explainCpu(c.name, view, report, explanation);
    } else if (demand > granted) {
      explanation.push(`container ${c.name} wants ${formatCpuMilli(demand)} of CPU and gets ${formatCpuMilli(granted)}: the node's CPUs are shared by cpu.weight.`);
    }
    const term = st?.lastState?.terminated ?? st?.state?.terminated;
    if (term) {
      view.lastTermination = { reason: term.reason ?? '', exitCode: term.exitCode, ...(term.startedAt ? { startedAt: term.startedAt } : {}), ...(term.finishedAt ? { finishedAt: term.finishedAt } : {}) };
      if (term.reason === 'OOMKilled') {
        const why = memLimit !== undefined
          ? `its working set reached its ${memLimit} memory limit (or the node ran out of memory and the kernel chose it: oom_score_adj ${adj})`
          : `the node ran out of memory and the kernel chose it (no memory limit; oom_score_adj ${adj})`;
        explanation.push(`container ${c.name} was OOM-killed at ${term.finishedAt ?? '?'} (exit code 137): ${why}; restarts: ${view.restartCount}.`);
      }
    }
    if (memLimit !== undefined && ws > 0) {
      const limit = parseBytes(memLimit) ?? 0;
      if (limit > 0 && ws / limit >= 0.9) explanation.push(`container ${c.name} uses ${formatBytes(ws)} of its ${memLimit} memory limit (${pct(ws / limit)}): near an OOM kill.`);
    }
    return view;
  });
  if (pod.status?.reason === 'Evicted') explanation.unshift(`the kubelet evicted the pod: ${pod.status.message ?? ''}`.trim());
  const conditions = (node?.status?.conditions ?? []).filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => c.type);
  if (conditions.includes('MemoryPressure')) explanation.push(`node ${node?.metadata?.name} is under memory pressure: ${computePodQOS(pod)} pods using more than they request are evicted first.`);
  return {
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'PodResources',
    metadata: { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}), creationTimestamp: rfc3339(now) },
    status: {
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      ...(pod.status?.phase ? { phase: pod.status.phase } : {}),
      qosClass: pod.status?.qosClass ?? computePodQOS(pod),
      ...(pod.status?.reason ? { reason: pod.status.reason } : {}),
      ...(pod.status?.message ? { message: pod.status.message } : {}),
      ...(node
        ? { node: { ...(node.status?.capacity?.['cpu'] ? { cpu: String(node.status.capacity['cpu']) } : {}), ...(node.status?.capacity?.['memory'] ? { memory: String(node.status.capacity['memory']) } : {}), memoryWorkingSet: formatBytes(input.nodeWorkingSetBytes), memoryAvailable: formatBytes(Math.max(0, capacity - input.nodeWorkingSetBytes)), conditions } }
        : {}),
      containers,
      explanation,
    },
  };
}

function explainCpu(name: string, view: ContainerResourcesView, r: ContainerCpuReport, out: string[]): void {
  if (r.nrPeriods === 0 || r.nrThrottled === 0) return;
  const quotaMilli = r.quotaUs > 0 ? (r.quotaUs * 1000) / r.periodUs : undefined;
  const limit = quotaMilli !== undefined ? ` (${formatCpuMilli(quotaMilli)})` : '';
  out.push(
    `container ${name} was throttled in ${r.nrThrottled} of ${r.nrPeriods} CFS periods (${pct(r.nrThrottled / r.nrPeriods)}), ${(r.throttledUs / 1e6).toFixed(3)}s in all: ` +
      `it wants ${view.cpu.demand} and its quota is ${r.quotaUs}µs per ${r.periodUs}µs period${limit}.`,
  );
  const ups = r.decisions.filter((d) => d.op === 'scaleUp' && d.toQuotaUs > d.fromQuotaUs);
  const downs = r.decisions.filter((d) => d.op === 'scaleDown' && d.toQuotaUs < d.fromQuotaUs);
  if (ups.length || downs.length) {
    out.push(`koordlet's CPU burst changed its quota ${ups.length + downs.length} times (${ups.length} up, ${downs.length} down; node ${r.nodeState ?? 'unknown'}): now ${r.quotaUs}µs, from the kubelet's ${r.baseQuotaUs}µs.`);
  }
  const mcpu = parseCpuMilli(view.cpu.limit);
  if (mcpu !== undefined && parseCpuMilli(view.cpu.demand)! > mcpu && r.cfsBurstUs === 0 && !ups.length) {
    out.push(`raising its CPU limit above ${view.cpu.demand}, or a cpu-burst policy (koordinator.sh/cpuBurst), would end the throttling.`);
  }
}
