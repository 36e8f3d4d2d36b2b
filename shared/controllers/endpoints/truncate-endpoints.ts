import type { EndpointSubset } from 'kubernetes-types/core/v1';

/** maxCapacity: the most addresses the Endpoints controller stores in one Endpoints object. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
/** v1.EndpointsOverCapacity and the one value the controller sets. */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
export const TRUNCATED = 'truncated';

/** Ready plus not-ready addresses over all subsets. */
export function countAddresses(subsets: readonly EndpointSubset[] | undefined): number {
  return (subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
}

/**
 * truncateEndpoints: above capacity, keep every ready address and share what room is left among the
 * not-ready ones of each subset in proportion (rounded up, so the last subset may get fewer); when
 * the ready ones alone exceed capacity, share it among them the same way and drop every not-ready one.
 * Returns the subsets kept, or undefined when nothing had to go.
 */
export function truncateEndpoints(subsets: readonly EndpointSubset[], capacity = MAX_ENDPOINTS_CAPACITY): EndpointSubset[] | undefined {
  const totalReady = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const totalNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
  if (totalReady + totalNotReady <= capacity) return undefined;
  const truncateReady = totalReady > capacity;
  const max = truncateReady ? capacity : capacity - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  return subsets.map((subset) => {
    const inSubset = (truncateReady ? subset.addresses : subset.notReadyAddresses)?.length ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      const addresses = (subset.addresses ?? []).slice(0, toBeAdded);
      canBeAdded -= addresses.length;
      return { ...subset, addresses, notReadyAddresses: [] };
    }
    const notReadyAddresses = (subset.notReadyAddresses ?? []).slice(0, toBeAdded);
    canBeAdded -= notReadyAddresses.length;
    return { ...subset, notReadyAddresses };
  });
}
