import type { Plugin } from '../framework';
import { DEFAULT_FIT_RESOURCES } from './node-resources-fit';
import { podRequestFor, resourceVectors, type ResourceSpec } from './resource-allocation';
import { balancedAllocation } from './scoring-strategies';

/** NodeResourcesBalancedAllocationArgs. */
export interface BalancedAllocationArgs {
  resources?: ResourceSpec[];
}

/** NodeResourcesBalancedAllocation: favours nodes whose cpu and memory utilisation stay close, using real requests. */
export function nodeResourcesBalancedAllocation(args: BalancedAllocationArgs = {}): Plugin {
  const resources = args.resources && args.resources.length > 0 ? args.resources : DEFAULT_FIT_RESOURCES;
  const req: number[] = new Array(resources.length);
  const alloc: number[] = new Array(resources.length);
  const key = 'NodeResourcesBalancedAllocation/podRequests';
  return {
    name: 'NodeResourcesBalancedAllocation',
    preScore(ctx) {
      ctx.state.set(key, { reqs: resources.map((r) => podRequestFor(ctx.podInfo, r.name, true)) } as never);
      return null;
    },
    score(ctx, n) {
      const { reqs } = ctx.state.get(key) as unknown as { reqs: number[] };
      resourceVectors(n, reqs, resources, true, req, alloc);
      return balancedAllocation(req, alloc);
    },
  };
}
