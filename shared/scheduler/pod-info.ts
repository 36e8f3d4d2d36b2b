import type { Container, Pod, PodAffinityTerm, ResourceRequirements } from 'kubernetes-types/core/v1';
import { compileLabelSelector } from './labels';
import { intValue, milliValue } from './quantity';
import { emptyResource, type AffinityTerm, type HostPort, type PodInfo, type Resource } from './types';

/** Requests assumed for a container that sets none, when scoring (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** `namespace/name`, the key pods are known by in the snapshot and the queue. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

type Amounts = Map<string, number>;

function containerRequests(c: Container, nonZero: boolean): Amounts {
  const out: Amounts = new Map();
  const req: ResourceRequirements['requests'] = c.resources?.requests ?? {};
  for (const [name, q] of Object.entries(req)) out.set(name, name === 'cpu' ? milliValue(q) : intValue(q));
  if (nonZero) {
    if (!out.has('cpu')) out.set('cpu', DEFAULT_MILLI_CPU_REQUEST);
    if (!out.has('memory')) out.set('memory', DEFAULT_MEMORY_REQUEST);
  }
  return out;
}

function add(into: Amounts, from: Amounts): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
}

function max(into: Amounts, from: Amounts): void {
  for (const [k, v] of from) if (v > (into.get(k) ?? 0)) into.set(k, v);
}

/**
 * resourcehelper.PodRequests: regular containers summed, sidecars (restartable init containers) added,
 * the largest init-container step taken as a floor, then pod overhead added.
 */
export function podRequests(pod: Pod, nonZero = false): Amounts {
  const reqs: Amounts = new Map();
  for (const c of pod.spec?.containers ?? []) add(reqs, containerRequests(c, nonZero));
  const sidecars: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      add(sidecars, r);
      add(reqs, r);
      max(initMax, sidecars);
    } else {
      const step = new Map(sidecars);
      add(step, r);
      max(initMax, step);
    }
  }
  max(reqs, initMax);
  for (const [name, q] of Object.entries(pod.spec?.overhead ?? {})) {
    reqs.set(name, (reqs.get(name) ?? 0) + (name === 'cpu' ? milliValue(q) : intValue(q)));
  }
  return reqs;
}

/** Converts a resource-name map into a Resource. */
export function toResource(amounts: Amounts): Resource {
  const r = emptyResource();
  for (const [name, v] of amounts) {
    if (name === 'cpu') r.milliCPU = v;
    else if (name === 'memory') r.memory = v;
    else if (name === 'ephemeral-storage') r.ephemeralStorage = v;
    else if (name === 'pods') r.allowedPodNumber = v;
    else r.scalar[name] = v;
  }
  return r;
}

function compileTerm(term: PodAffinityTerm, pod: Pod, weight: number): AffinityTerm {
  const ns = new Set(term.namespaces ?? []);
  if (ns.size === 0 && !term.namespaceSelector) ns.add(pod.metadata?.namespace ?? 'default');
  return {
    namespaces: ns,
    namespaceSelector: term.namespaceSelector ? compileLabelSelector(term.namespaceSelector) : null,
    selector: compileLabelSelector(term.labelSelector),
    topologyKey: term.topologyKey,
    weight,
  };
}

/** framework.AffinityTerm.Matches: the pod's namespace is covered and its labels match. */
export function termMatches(t: AffinityTerm, pod: PodInfo, nsLabels: Record<string, string> | undefined): boolean {
  if (!t.namespaces.has(pod.namespace) && !(t.namespaceSelector && t.namespaceSelector(nsLabels ?? {}))) return false;
  return t.selector(pod.labels);
}

function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

/** Computes everything plugins need from a pod once (framework.NewPodInfo + NodeInfo.calculateResource). */
export function newPodInfo(pod: Pod): PodInfo {
  const nonZero = podRequests(pod, true);
  const aff = pod.spec?.affinity;
  return {
    pod,
    key: podKey(pod),
    namespace: pod.metadata?.namespace ?? 'default',
    labels: pod.metadata?.labels ?? {},
    priority: pod.spec?.priority ?? 0,
    requests: toResource(podRequests(pod)),
    nonZeroCPU: nonZero.get('cpu') ?? 0,
    nonZeroMemory: nonZero.get('memory') ?? 0,
    hostPorts: hostPorts(pod),
    requiredAffinity: (aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileTerm(t, pod, 1)),
    requiredAntiAffinity: (aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileTerm(t, pod, 1)),
    preferredAffinity: (aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      compileTerm(t.podAffinityTerm, pod, t.weight),
    ),
    preferredAntiAffinity: (aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      compileTerm(t.podAffinityTerm, pod, t.weight),
    ),
    terminating: !!pod.metadata?.deletionTimestamp,
  };
}

/** Pods with any inter-pod affinity term are tracked per node (NodeInfo.PodsWithAffinity). */
export function hasAffinity(p: PodInfo): boolean {
  return p.requiredAffinity.length + p.requiredAntiAffinity.length + p.preferredAffinity.length + p.preferredAntiAffinity.length > 0;
}
