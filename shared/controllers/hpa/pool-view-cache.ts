/**
 * How old (cluster ms) a namespace's pods and WorkloadProfiles may be when an HPA sync reuses them,
 * as upstream's syncs read an informer's cache instead of listing: without it 100 HPAs of one
 * namespace each list its 100 pods every 15 s (at 60×, 40 000 pods read a wall second). The metrics
 * are still computed at the sync's own instant.
 */
export const POOL_VIEW_MAX_AGE_MS = 2000;

/**
 * Whether pods read at `readAt` may serve a sync at `now`: younger than POOL_VIEW_MAX_AGE_MS and not
 * from the future (a clock set back).
 */
export function poolViewFresh(readAt: number, now: number): boolean {
  return readAt <= now && now - readAt < POOL_VIEW_MAX_AGE_MS;
}
