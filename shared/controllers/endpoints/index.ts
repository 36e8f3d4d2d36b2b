export { reconcileEndpoints, ENDPOINTS, type EndpointsInput } from './reconcile-endpoints';
export { repackSubsets, sortSubsets } from './repack-subsets';
export { truncateEndpoints, countAddresses, MAX_ENDPOINTS_CAPACITY, OVER_CAPACITY_ANNOTATION, TRUNCATED } from './truncate-endpoints';
