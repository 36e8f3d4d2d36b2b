// Seats a request occupies while it executes (k8s.io/apiserver/pkg/util/flowcontrol/request):
// one for most requests; a LIST one per 100 objects it will touch, from the resource's object count.
import type { RequestInfo } from '../auth/request-info';

/** DefaultWorkEstimatorConfig's bounds as this project's reference states them (network-and-apf.md §5). */
export const MINIMUM_SEATS = 1;
export const MAXIMUM_SEATS = 10;
export const OBJECTS_PER_SEAT = 100;

/**
 * The initial seats of a request. `objectCount` is the stored count of the listed resource, or
 * undefined when unknown (upstream's ObjectCountNotFoundErr: the minimum). `maxSeats` is the
 * level's bound (maxSeatsOf).
 * @example workEstimate({ verb: 'list', … }, new URLSearchParams(), 1234, 10) // 10 (2 × 1234 / 100, capped)
 */
export function workEstimate(info: RequestInfo, query: URLSearchParams, objectCount: number | undefined, maxSeats: number): number {
  const max = Math.min(Math.max(maxSeats, MINIMUM_SEATS), MAXIMUM_SEATS);
  if (!info.isResourceRequest || (info.verb !== 'list' && info.verb !== 'watch')) return MINIMUM_SEATS;
  // a name narrows the list to one object: a point get
  if (info.name) return MINIMUM_SEATS;
  const limit = Number(query.get('limit') ?? '0');
  if (!Number.isInteger(limit) || limit < 0) return max;
  // a watch costs more only when it asks for its initial events as a list
  if (info.verb === 'watch' && query.get('sendInitialEvents') !== 'true') return MINIMUM_SEATS;
  if (objectCount === undefined) return MINIMUM_SEATS;
  const rv = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  const fromStorage = !!query.get('continue') || (limit > 0 && rv !== '0') || (match !== '' && match !== 'NotOlderThan');
  const fromCache = info.verb === 'watch' || !fromStorage;
  const bounded = limit > 0 && limit < objectCount ? limit : objectCount;
  const touched = fromCache ? objectCount : query.get('fieldSelector') || query.get('labelSelector') ? objectCount + bounded : 2 * bounded;
  return Math.min(max, Math.max(MINIMUM_SEATS, Math.ceil(touched / OBJECTS_PER_SEAT)));
}
