// A fast path for uncontended levels: an isolate may hold a few of a level's seats for a short while
// and run its requests on them without asking the level's Durable Object each time. The seats stay
// counted as executing in the level's queue set, so the level's limit holds; a lease is granted only
// while nobody waits and the level is at most half used, so fairness is exact whenever it matters
// (a level that starts queueing sees leases drain within LEASE_TTL_MS).

/** How long an isolate may start requests on a lease. */
export const LEASE_TTL_MS = 1000;
/** The most seats one lease holds. */
export const MAX_LEASE_SEATS = 8;

/**
 * The seats to lease to an isolate now (0: none): a sixteenth of the level's limit, at most 8 (so
 * a level under 16 seats never leases), and only while no request waits and the level stays at
 * most half used with the lease.
 * @example leaseSeats(245, 10, 0) // 8
 * @example leaseSeats(13, 0, 0) // 0 — catch-all never leases
 */
export function leaseSeats(concurrencyLimit: number, seatsExecuting: number, requestsWaiting: number): number {
  const seats = Math.min(MAX_LEASE_SEATS, Math.floor(concurrencyLimit / 16));
  if (seats < 1 || requestsWaiting > 0) return 0;
  return seatsExecuting + seats <= Math.floor(concurrencyLimit / 2) ? seats : 0;
}
