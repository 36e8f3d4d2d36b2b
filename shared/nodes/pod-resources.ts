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

export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/**
 * ComputePodQOS (pkg/apis/core/v1/helper/qos): sums the positive cpu and memory requests and limits
 * of app and init containers (other resources do not count); BestEffort when there are none,
 * Guaranteed when every container limits both cpu and memory and the sums of requests equal the
 * sums of limits, else Burstable. Pod-level resources (spec.resources) are ignored: the
 * PodLevelResources gate is off in 1.32. Quantities compare by value ("1" equals "1000m"). The API
 * server computes it after defaulting, which copies limits into unset requests.
 * @example computePodQOS({ spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1Gi' } } }] } }) === 'Guaranteed'
 */
export function computePodQOS(pod: { spec?: Pod['spec'] }): PodQOSClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const parse = (k: string, q: unknown) => (k === 'cpu' ? parseCpuMilli(q) : parseBytes(q)) ?? 0;
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const found = new Set<string>();
    for (const k of ['cpu', 'memory']) {
      const rq = parse(k, c.resources?.requests?.[k]);
      if (rq > 0) requests.set(k, (requests.get(k) ?? 0) + rq);
      const lq = parse(k, c.resources?.limits?.[k]);
      if (lq > 0) {
        found.add(k);
        limits.set(k, (limits.get(k) ?? 0) + lq);
      }
    }
    if (found.size !== 2) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) for (const [k, v] of requests) if (limits.get(k) !== v) guaranteed = false;
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** GetPodQOS: status.qosClass when the API server has set it, else computePodQOS. */
export function qosClass(pod: Pod): PodQOSClass {
  const set = pod.status?.qosClass;
  if (set === 'Guaranteed' || set === 'Burstable' || set === 'BestEffort') return set;
  return computePodQOS(pod);
}

/** True for pods kubelet no longer counts against the node (Succeeded/Failed). */
export function isTerminalPod(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
