import { BUILTIN_RESOURCES } from '../shared/api/registry';
import { ClusterClock } from '../shared/clock/clock';
import { clockStateOf, CLUSTER_CLOCK_NAME, type ClusterClockObject } from '../shared/clock/clock-object';
import type { Env } from './env';
import { CLUSTER_STORE, storeStub } from './stores';

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

export const CLUSTER_CLOCK_DEF = BUILTIN_RESOURCES.find((d) => d.group === 'kubeflare.dev' && d.kind === 'ClusterClock')!;

let fetchedAt = -Infinity;

/** Takes the state a ClusterClock object (or its absence: real time) describes. */
export function adoptClockObject(obj: ClusterClockObject | null | undefined): void {
  clock.update(clockStateOf(obj, wall()));
  fetchedAt = wall();
}

/**
 * The clock, refreshed from the cluster store when this isolate's copy is over a second old. The
 * first caller after that refreshes (others meanwhile use the copy they have): a promise started in
 * one request or Durable Object must never be awaited by another, which workerd refuses or hangs on.
 */
export async function syncedClock(env: Env): Promise<ClusterClock> {
  if (wall() - fetchedAt < REFRESH_MS) return clock;
  fetchedAt = wall();
  try {
    const r = await storeStub(env, CLUSTER_STORE).get(CLUSTER_CLOCK_DEF, CLUSTER_CLOCK_NAME);
    adoptClockObject(r.ok ? (r.value as unknown as ClusterClockObject) : null);
  } catch {
    fetchedAt = -Infinity; // try again on the next call
  }
  return clock;
}
