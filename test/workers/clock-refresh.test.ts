import { describe, expect, it } from 'vitest';
import type { Env } from '../../platform/env';
import { adoptClockObject, clock, syncedClock } from '../../platform/clock';
import type { ClusterClockObject } from '../../shared/clock/clock-object';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A ClusterClock as the cluster store keeps it, at `speed` from now on. */
function clockObject(speed: number): ClusterClockObject {
  const now = Date.now();
  return { metadata: { name: 'cluster' }, spec: { speed }, status: { time: new Date(now).toISOString(), speed, paused: false, wallAnchor: now, clusterAnchor: now } };
}

/**
 * An env whose cluster store takes every get and answers only when the test says: a store busy for
 * as long as the test likes (what a request met while a fresh server's hosts made their first lists).
 */
function busyClusterStore() {
  const pending: ((r: unknown) => void)[] = [];
  const stub = { get: () => new Promise((resolve) => pending.push(resolve)) };
  const env = { STORE: { idFromName: (name: string) => ({ name }), get: () => stub } } as unknown as Env;
  return { env, pending };
}

describe('syncedClock', () => {
  it('answers with the isolate copy at once while the cluster store has not answered the refresh, and takes the answer when it comes', async () => {
    adoptClockObject(clockObject(60));
    // the copy is over a second old: the next call refreshes
    await sleep(1100);
    const { env, pending } = busyClusterStore();
    const refreshes: Promise<unknown>[] = [];
    const answer = await Promise.race([syncedClock(env, (p) => refreshes.push(p)).then((c) => c.current.speed), sleep(5000).then(() => 'still waiting')]);
    expect(answer).toBe(60);
    expect(pending).toHaveLength(1);
    expect(refreshes).toHaveLength(1);
    // a call meanwhile starts no second read and does not wait either
    expect((await syncedClock(env, (p) => refreshes.push(p))).current.speed).toBe(60);
    expect(pending).toHaveLength(1);
    // the store answers: the isolate takes the new state
    pending[0]!({ ok: true, value: clockObject(2) });
    await refreshes[0];
    expect(clock.current.speed).toBe(2);
  });
});
