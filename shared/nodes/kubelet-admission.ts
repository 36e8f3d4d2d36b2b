import type { Node, Pod } from 'kubernetes-types/core/v1';
import { findUntoleratedTaint, matchesRequiredNodeAffinity, toleratesTaint } from './node-affinity';
import { podRequests, qosClass, type PodRequests } from './pod-resources';
import { parseBytes, parseCount, parseCpuMilli } from './quantity';

/** The outcome of kubelet admission: admitted, or rejected with upstream's reason and message. */
export type AdmitResult = { admit: true } | { admit: false; reason: string; message: string };

/** Priority from which a pod is critical and admitted under node pressure (scheduling.SystemCriticalPriority). */
const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** Node conditions the eviction manager reports, in its order. */
const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/**
 * What admission needs of a pod the kubelet already admitted: kept in the kubelet's own rows, so
 * admitting a pod reads no other pod (upstream's kubelet, too, admits against its own pod manager).
 */
export interface AdmittedPod {
  /** Succeeded or Failed pods no longer count. */
  phase?: string;
  requests: PodRequests;
  /** `<protocol>/<hostPort>` of every container port with a hostPort. */
  hostPorts?: string[];
}

/** The admission summary of `pod`, as the kubelet keeps it once admitted. */
export function admittedPod(pod: Pod): AdmittedPod {
  const hostPorts = hostPortsOf(pod);
  return { ...(pod.status?.phase ? { phase: pod.status.phase } : {}), requests: podRequests(pod), ...(hostPorts.length ? { hostPorts } : {}) };
}

/**
 * Kubelet admission of a pod bound to `node`, given the pods the kubelet admitted to it before.
 * Runs the handlers in kubelet's order: the eviction manager (node pressure; BestEffort pods
 * rejected under memory pressure unless they tolerate node.kubernetes.io/memory-pressure,
 * reason `Evicted`, "The node had condition: [MemoryPressure]. "), then the predicate handler
 * (OS label, resources fit as `OutOfcpu`/`OutOfmemory`/`OutOfephemeral-storage`/`OutOfpods`
 * with "Node didn't have enough resource: cpu, requested: 2000, used: 3500, capacity: 4000",
 * node affinity, node name, host ports, then NoExecute taints). Only the first failure is
 * reported, as upstream.
 */
export function admitPod(pod: Pod, node: Node, admitted: readonly AdmittedPod[]): AdmitResult {
  const others = admitted.filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed');
  return evictionAdmit(pod, node) ?? predicateAdmit(pod, node, others) ?? { admit: true };
}

function isCritical(pod: Pod): boolean {
  return (pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY || (pod.metadata?.annotations?.['kubernetes.io/config.source'] ?? 'api') !== 'api';
}

function evictionAdmit(pod: Pod, node: Node): AdmitResult | undefined {
  const conds = PRESSURE.filter((t) => node.status?.conditions?.some((c) => c.type === t && c.status === 'True'));
  if (!conds.length || isCritical(pod)) return undefined;
  if (conds.length === 1 && conds[0] === 'MemoryPressure') {
    if (qosClass(pod) !== 'BestEffort') return undefined;
    const taint = { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' as const };
    if ((pod.spec?.tolerations ?? []).some((t) => toleratesTaint(t, taint))) return undefined;
  }
  return { admit: false, reason: 'Evicted', message: `The node had condition: [${conds.join(' ')}]. ` };
}

function predicateAdmit(pod: Pod, node: Node, others: AdmittedPod[]): AdmitResult | undefined {
  const nodeOS = node.metadata?.labels?.['kubernetes.io/os'] ?? 'linux';
  const podOS = pod.metadata?.labels?.['kubernetes.io/os'];
  if (podOS !== undefined && podOS !== nodeOS) {
    return { admit: false, reason: 'PodOSSelectorNodeLabelDoesNotMatch', message: "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label" };
  }
  if (pod.spec?.os?.name !== undefined && pod.spec.os.name !== 'linux') {
    return { admit: false, reason: 'PodOSNotSupported', message: "Failed to admit pod as the OS field doesn't match node OS" };
  }
  const misfit = resourceMisfit(pod, node, others);
  if (misfit) return misfit;
  if (!matchesRequiredNodeAffinity(pod, node)) return predicateFailure('NodeAffinity', "node(s) didn't match Node selector");
  if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata?.name) return predicateFailure('NodeName', "node(s) didn't match the requested node name");
  if (hostPortConflict(pod, others)) return predicateFailure('NodePorts', "node(s) didn't have free ports for the requested pod ports");
  if (findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoExecute')) {
    return predicateFailure('TaintToleration', "node(s) had taints that the pod didn't tolerate");
  }
  return undefined;
}

function predicateFailure(name: string, desc: string): AdmitResult {
  return { admit: false, reason: name, message: `Predicate ${name} failed: ${desc}` };
}

/** noderesources.Fits: pod count first, then cpu, memory, ephemeral-storage. */
function resourceMisfit(pod: Pod, node: Node, others: AdmittedPod[]): AdmitResult | undefined {
  const alloc = node.status?.allocatable ?? {};
  const maxPods = parseCount(alloc['pods']) ?? 0;
  if (others.length + 1 > maxPods) return insufficient('pods', 1, others.length, maxPods);
  const req = podRequests(pod);
  if (req.cpuMilli === 0 && req.memoryBytes === 0 && req.ephemeralStorageBytes === 0) return undefined;
  const used = others.map((p) => p.requests).reduce(
    (a, b) => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memoryBytes: a.memoryBytes + b.memoryBytes, ephemeralStorageBytes: a.ephemeralStorageBytes + b.ephemeralStorageBytes }),
    { cpuMilli: 0, memoryBytes: 0, ephemeralStorageBytes: 0 },
  );
  const checks: [string, number, number, number][] = [
    ['cpu', req.cpuMilli, used.cpuMilli, parseCpuMilli(alloc['cpu']) ?? 0],
    ['memory', req.memoryBytes, used.memoryBytes, parseBytes(alloc['memory']) ?? 0],
    ['ephemeral-storage', req.ephemeralStorageBytes, used.ephemeralStorageBytes, parseBytes(alloc['ephemeral-storage']) ?? 0],
  ];
  for (const [name, r, u, cap] of checks) {
    if (r > 0 && r > cap - u) return insufficient(name, r, u, cap);
  }
  return undefined;
}

function insufficient(resource: string, requested: number, used: number, capacity: number): AdmitResult {
  return {
    admit: false,
    reason: `OutOf${resource}`,
    message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
  };
}

function hostPortsOf(pod: Pod): string[] {
  const ports = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].flatMap((c) => c.ports ?? []).filter((x) => x.hostPort);
  return ports.map((p) => `${p.protocol ?? 'TCP'}/${p.hostPort}`);
}

function hostPortConflict(pod: Pod, others: AdmittedPod[]): boolean {
  const taken = new Set(others.flatMap((p) => p.hostPorts ?? []));
  return hostPortsOf(pod).some((p) => taken.has(p));
}

/**
 * The status kubelet writes for a rejected pod (kubelet.rejectPod): phase Failed, the
 * reason, and "Pod was rejected: <message>"; the event carries the bare message.
 */
export function rejectedPodStatus(pod: Pod, result: { reason: string; message: string }, now: number) {
  return {
    status: { ...(pod.status ?? {}), phase: 'Failed' as const, reason: result.reason, message: `Pod was rejected: ${result.message}` },
    event: { type: 'Warning' as const, reason: result.reason, message: result.message, atMs: now },
  };
}
