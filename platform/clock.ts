import { ClusterClock } from '../shared/clock/clock';
import { clockStateOf, CLUSTER_CLOCK_NAME, type ClusterClockObject } from '../shared/clock/clock-object';
import type { Env } from './env';
import { CLUSTER_STORE, storeStub } from './stores';
import { CLUSTER_CLOCK_DEF } from '../shared/api/resource-defs';

/**
 * The cluster clock of this isolate. Every loop reads time here: controllers, kubelets, the
 * scheduler, stores (object timestamps, event TTL) and the Worker (ages in tables, metrics).
 * The state lives in the ClusterClock object of the cluster store; an isolate asks for it at most
 * once a second, and the cluster store pushes changes to the controller hosts at once.
 */
const wall = (): number => Date.now();

export const clock = new ClusterClock(wall);

/** How long an isolate trusts its copy of the clock state (wall ms). */
const REFRESH_MS = 1000;

/** Wall time this isolate last took the clock state (-Infinity: never, it runs on the default real time). */
let adoptedAt = -Infinity;
/** Wall time the last refresh from the cluster store began, so at most one starts a second. */
let refreshStartedAt = -Infinity;

/** Takes the state a ClusterClock object (or its absence: real time) describes. */
export function adoptClockObject(obj: ClusterClockObject | null | undefined): void {
  clock.update(clockStateOf(obj, wall()));
  adoptedAt = wall();
}

/** Reads the ClusterClock from the cluster store and takes it; never rejects (a failure is retried a second later). */
async function refresh(env: Env): Promise<void> {
  refreshStartedAt = wall();
  try {
    const r = await storeStub(env, CLUSTER_STORE).get(CLUSTER_CLOCK_DEF, CLUSTER_CLOCK_NAME);
    adoptClockObject(r.ok ? (r.value as unknown as ClusterClockObject) : null);
  } catch {
    // the copy stays; the next call after REFRESH_MS tries again
  }
}

/**
 * The clock, refreshed from the cluster store when this isolate's copy is over a second old. Only
 * an isolate with no copy yet waits for the read; otherwise the refresh runs in the background
 * (kept alive by `waitUntil` where the caller is a request) and this call answers with the copy it
 * has, at most a second or so old (the cluster store pushes clock changes to the controller hosts
 * at once): a request's latency never depends on the cluster store's queue. Nothing awaits a
 * refresh another request started (workerd refuses or hangs on a promise awaited across requests).
 */
export async function syncedClock(env: Env, waitUntil?: (p: Promise<unknown>) => void): Promise<ClusterClock> {
  const now = wall();
  if (now - adoptedAt < REFRESH_MS || now - refreshStartedAt < REFRESH_MS) return clock;
  const refreshed = refresh(env);
  if (adoptedAt === -Infinity) await refreshed;
  else waitUntil?.(refreshed);
  return clock;
}
