import type { Container, Pod } from 'kubernetes-types/core/v1';
import { parseBytes, parseCpuMilli } from './quantity';

/** A pod's effective requests in the units admission compares. */
export interface PodRequests {
  cpuMilli: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
}

const ZERO: PodRequests = { cpuMilli: 0, memoryBytes: 0, ephemeralStorageBytes: 0 };

function containerRequests(c: Container): PodRequests {
  const r = c.resources?.requests ?? {};
  return {
    cpuMilli: parseCpuMilli(r['cpu']) ?? 0,
    memoryBytes: parseBytes(r['memory']) ?? 0,
    ephemeralStorageBytes: parseBytes(r['ephemeral-storage']) ?? 0,
  };
}

const add = (a: PodRequests, b: PodRequests): PodRequests => ({
  cpuMilli: a.cpuMilli + b.cpuMilli,
  memoryBytes: a.memoryBytes + b.memoryBytes,
  ephemeralStorageBytes: a.ephemeralStorageBytes + b.ephemeralStorageBytes,
});
const max = (a: PodRequests, b: PodRequests): PodRequests => ({
  cpuMilli: Math.max(a.cpuMilli, b.cpuMilli),
  memoryBytes: Math.max(a.memoryBytes, b.memoryBytes),
  ephemeralStorageBytes: Math.max(a.ephemeralStorageBytes, b.ephemeralStorageBytes),
});

/**
 * PodRequests as k8s.io/component-helpers/resource computes them: the larger of
 * (app containers + restartable init containers) and, for each plain init container,
 * its request plus the sidecars started before it; plus spec.overhead.
 */
export function podRequests(pod: Pod): PodRequests {
  const spec = pod.spec;
  let sum = (spec?.containers ?? []).map(containerRequests).reduce(add, ZERO);
  let sidecars = ZERO;
  let initMax = ZERO;
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === 'Always') {
      sidecars = add(sidecars, r);
      initMax = max(initMax, sidecars);
    } else initMax = max(initMax, add(sidecars, r));
  }
  sum = max(add(sum, sidecars), initMax);
  const o = spec?.overhead ?? {};
  return add(sum, { cpuMilli: parseCpuMilli(o['cpu']) ?? 0, memoryBytes: parseBytes(o['memory']) ?? 0, ephemeralStorageBytes: parseBytes(o['ephemeral-storage']) ?? 0 });
}

/** Summed CPU/memory limits of the app containers (undefined where any container has none). */
export function podLimits(pod: Pod): { cpuMilli?: number; memoryBytes?: number } {
  const cs = pod.spec?.containers ?? [];
  const all = (k: string, parse: (q: unknown) => number | undefined) =>
    cs.every((c) => c.resources?.limits?.[k] !== undefined) && cs.length ? cs.reduce((s, c) => s + (parse(c.resources!.limits![k]) ?? 0), 0) : undefined;
  return { cpuMilli: all('cpu', parseCpuMilli), memoryBytes: all('memory', parseBytes) };
}

/** The pod's QoS class (pkg/apis/core/v1/helper/qos ComputePodQOS); status.qosClass wins when set. */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const set = pod.status?.qosClass;
  if (set === 'Guaranteed' || set === 'Burstable' || set === 'BestEffort') return set;
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const parse = (k: string, q: unknown) => (k === 'cpu' ? parseCpuMilli(q) : parseBytes(q)) ?? 0;
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const k of ['cpu', 'memory']) {
      const rq = c.resources?.requests?.[k];
      if (rq !== undefined && parse(k, rq) !== 0) requests.set(k, (requests.get(k) ?? 0) + parse(k, rq));
    }
    const found = new Set<string>();
    for (const k of ['cpu', 'memory']) {
      const lq = c.resources?.limits?.[k];
      if (lq !== undefined && parse(k, lq) !== 0) {
        found.add(k);
        limits.set(k, (limits.get(k) ?? 0) + parse(k, lq));
      }
    }
    if (found.size !== 2) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) for (const [k, v] of requests) if (limits.get(k) !== v) guaranteed = false;
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** True for pods kubelet no longer counts against the node (Succeeded/Failed). */
export function isTerminalPod(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
