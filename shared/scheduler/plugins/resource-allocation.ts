import type { NodeInfo, PodInfo } from '../types';

/** A resource and its weight in a scoring strategy (config.ResourceSpec). */
export interface ResourceSpec {
  name: string;
  weight: number;
}

const NATIVE = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

/** schedutil.IsScalarResourceName, approximated as "not a native resource". */
export function isScalarResource(name: string): boolean {
  return !NATIVE.has(name);
}

/**
 * The pod's request of one resource when scoring: non-zero defaults for cpu/memory unless `useRequested`
 * (BalancedAllocation uses real requests).
 */
export function podRequestFor(p: PodInfo, name: string, useRequested: boolean): number {
  switch (name) {
    case 'cpu':
      return useRequested ? p.requests.milliCPU : p.nonZeroCPU;
    case 'memory':
      return useRequested ? p.requests.memory : p.nonZeroMemory;
    case 'ephemeral-storage':
      return p.requests.ephemeralStorage;
    default:
      return p.requests.scalar[name] ?? 0;
  }
}

/**
 * resourceAllocationScorer.calculateResourceAllocatableRequest: [allocatable, requested incl. the pod];
 * [0, 0] means "skip this resource".
 */
export function allocatableAndRequested(n: NodeInfo, name: string, podRequest: number, useRequested: boolean): [number, number] {
  if (podRequest === 0 && isScalarResource(name)) return [0, 0];
  const req = useRequested ? n.requested : n.nonZeroRequested;
  switch (name) {
    case 'cpu':
      return [n.allocatable.milliCPU, req.milliCPU + podRequest];
    case 'memory':
      return [n.allocatable.memory, req.memory + podRequest];
    case 'ephemeral-storage':
      return [n.allocatable.ephemeralStorage, n.requested.ephemeralStorage + podRequest];
    default: {
      const alloc = n.allocatable.scalar[name];
      if (alloc === undefined) return [0, 0];
      return [alloc, (n.requested.scalar[name] ?? 0) + podRequest];
    }
  }
}

/** Fills `requested`/`allocatable` for each resource spec of a node (zeros where skipped). */
export function resourceVectors(
  n: NodeInfo,
  podReqs: number[],
  resources: ResourceSpec[],
  useRequested: boolean,
  requested: number[],
  allocatable: number[],
): void {
  for (let i = 0; i < resources.length; i++) {
    const [a, r] = allocatableAndRequested(n, resources[i]!.name, podReqs[i]!, useRequested);
    allocatable[i] = a;
    requested[i] = a === 0 ? 0 : r;
  }
}
