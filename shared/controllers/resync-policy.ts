import { fnv1a } from '../nodes/hash';

/**
 * A controller host runs two kinds of periodic work, and each belongs to its own clock:
 *
 * - the repair resync: every key from `allKeys` (a list, often of every namespace's store) queued
 *   again, to cover change notices lost on the way. Upstream's equivalent is an informer's resync
 *   (kube-controller-manager's --min-resync-period 12 h, each informer at 12–24 h), which has no
 *   meaning in the simulated cluster's time: it runs on the wall clock, so a clock at 60× does not
 *   multiply a list of the whole cluster by 60;
 * - an upstream period (`periodMs`): a loop whose period is part of the controller's semantics, such as
 *   resource quota's full recalculation (--resource-quota-sync-period 5 m) or the PV binder's sync of
 *   every claim and volume (--pvclaimbinder-sync-period 15 s). It runs in cluster time at upstream's
 *   period, but queues again only the keys the host knows still hold objects of the kind (kept from
 *   its reconciles), without listing anything.
 */

/**
 * Wall time between two repair resyncs. Notices are replayed from a store's event log after a restart
 * (object-store.ts), so a lost one is rare; 10 minutes bounds how long a loop can miss a change while
 * keeping an idle cluster of hundreds of namespaces from listing them all more than a few times an hour.
 */
export const REPAIR_RESYNC_MS = 10 * 60_000;

/** How far (as a fraction of the period) hosts' repair resyncs are spread apart by name. */
const SPREAD = 0.25;

/**
 * Time from one repair resync to the next: wall ms for a resync on the wall clock (the host keeps its
 * due time in wall time, so a speed change neither brings it forward nor puts it off), cluster ms for
 * one in cluster time. Each host's period is longer by a fraction (up to 25 %) fixed by its name, so
 * hosts started together do not list the cluster in the same second at every period.
 */
export function repairResyncDelay(name: string, periodMs: number): number {
  return Math.round(periodMs * (1 + (SPREAD * (fnv1a(name) % 1000)) / 1000));
}

/**
 * Whether a repair resync goes by the wall clock now: one declared on it does, except while the cluster
 * clock is paused (stepped mode), where it counts cluster time as every loop does, so a stepped run stays
 * deterministic (no list at a wall moment between steps) and a step past the period still resyncs.
 */
export function resyncByWall(onWallClock: boolean, clock: { paused: boolean }): boolean {
  return onWallClock && !clock.paused;
}

/**
 * When an upstream period is next due (cluster ms) after a key joined the periodic set: an armed one
 * stays, an idle or past one starts over from now, so a key reconciled just now is not synced again
 * at once.
 */
export function nextPeriodDue(armed: number | undefined, now: number, periodMs: number): number {
  return armed !== undefined && armed > now ? armed : now + periodMs;
}
