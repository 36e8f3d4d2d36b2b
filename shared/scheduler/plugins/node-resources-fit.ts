import type { Plugin } from '../framework';
import { status, type NodeInfo, type PodInfo, type Status } from '../types';
import { podRequestFor, resourceVectors, type ResourceSpec } from './resource-allocation';
import { leastAllocated, mostAllocated, requestedToCapacityRatio, type Scorer, type UtilizationShapePoint } from './scoring-strategies';

/** NodeResourcesFitArgs (kubescheduler.config.k8s.io/v1). */
export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape?: UtilizationShapePoint[] };
  };
}

/** Defaults of NodeResourcesFitArgs: LeastAllocated over cpu and memory with weight 1. */
export const DEFAULT_FIT_RESOURCES: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
/** SetDefaults for RequestedToCapacityRatio without a shape. */
export const DEFAULT_RTC_SHAPE: UtilizationShapePoint[] = [
  { utilization: 0, score: 10 },
  { utilization: 100, score: 0 },
];

/** fitsRequest: every reason why the pod's requests do not fit the node's free allocatable. */
export function insufficientResources(p: PodInfo, n: NodeInfo, ignored: (name: string) => boolean): string[] {
  const out: string[] = [];
  if (n.pods.length + 1 > n.allocatable.allowedPodNumber) out.push('Too many pods');
  const r = p.requests;
  let hasScalar = false;
  for (const _ in r.scalar) hasScalar = true;
  if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && !hasScalar) return out;
  if (r.milliCPU > 0 && r.milliCPU > n.allocatable.milliCPU - n.requested.milliCPU) out.push('Insufficient cpu');
  if (r.memory > 0 && r.memory > n.allocatable.memory - n.requested.memory) out.push('Insufficient memory');
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > n.allocatable.ephemeralStorage - n.requested.ephemeralStorage) {
    out.push('Insufficient ephemeral-storage');
  }
  for (const name in r.scalar) {
    const q = r.scalar[name]!;
    if (q === 0 || ignored(name)) continue;
    if (q > (n.allocatable.scalar[name] ?? 0) - (n.requested.scalar[name] ?? 0)) out.push(`Insufficient ${name}`);
  }
  return out;
}

/**
 * NodeResourcesFit: Filter on requests vs free allocatable; Score by the configured strategy
 * over non-zero requests (a container without requests counts as 100m CPU / 200Mi memory).
 */
export function nodeResourcesFit(args: NodeResourcesFitArgs = {}): Plugin {
  const strategy = args.scoringStrategy ?? {};
  const resources = strategy.resources && strategy.resources.length > 0 ? strategy.resources : DEFAULT_FIT_RESOURCES;
  let scorer: Scorer;
  switch (strategy.type ?? 'LeastAllocated') {
    case 'MostAllocated':
      scorer = mostAllocated(resources);
      break;
    case 'RequestedToCapacityRatio':
      scorer = requestedToCapacityRatio(resources, strategy.requestedToCapacityRatio?.shape ?? DEFAULT_RTC_SHAPE);
      break;
    default:
      scorer = leastAllocated(resources);
  }
  const ignoredNames = new Set(args.ignoredResources ?? []);
  const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
  const ignored = (name: string) => {
    if (!name.includes('/') || name.startsWith('kubernetes.io/')) return false;
    return ignoredNames.has(name) || ignoredGroups.has(name.split('/')[0]!);
  };
  const req: number[] = new Array(resources.length);
  const alloc: number[] = new Array(resources.length);
  const podReqKey = 'NodeResourcesFit/podRequests';
  return {
    name: 'NodeResourcesFit',
    preFilter: () => null,
    filter(ctx, n): Status | null {
      const reasons = insufficientResources(ctx.podInfo, n, ignored);
      return reasons.length === 0 ? null : status('Unschedulable', ...reasons);
    },
    preScore(ctx) {
      ctx.state.set(podReqKey, { reqs: resources.map((r) => podRequestFor(ctx.podInfo, r.name, false)) } as never);
      return null;
    },
    score(ctx, n) {
      const { reqs } = ctx.state.get(podReqKey) as unknown as { reqs: number[] };
      resourceVectors(n, reqs, resources, false, req, alloc);
      return scorer(req, alloc);
    },
  };
}
