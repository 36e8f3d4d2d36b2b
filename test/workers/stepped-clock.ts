import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { expect } from 'vitest';
import type { ControllerHost } from '../../durable-objects/controllers/controller-host';
import { controllerHostNames } from '../../durable-objects/controllers/host-names';
import { api } from './helpers';

// A paused cluster clock that a test advances: after each step every controller's alarm runs until
// nothing is left to do, so each loop fires in due order and assertions are in exact cluster time.

export const CLOCK = '/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster';
const S = 1000;

export const controllerHost = (name: string) => env.CONTROLLERS.get(env.CONTROLLERS.idFromName(name)) as DurableObjectStub<ControllerHost>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const mergePatch = (path: string, body: unknown) => api('PATCH', path, body, 'application/merge-patch+json');

/** Creates the cluster's clock paused (in beforeAll). */
export async function pauseClock(): Promise<void> {
  expect((await api('POST', '/apis/kubeflare.dev/v1alpha1/clusterclocks', { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { paused: true } })).status).toBe(201);
}

/** Lets the clock run again and leaves no controller alarm behind (in afterAll: alarms outlive a test's storage). */
export async function releaseClock(): Promise<void> {
  await mergePatch(CLOCK, { spec: { paused: false } });
  for (const name of controllerHostNames()) await runInDurableObject(controllerHost(name), (_, state) => state.storage.deleteAlarm());
}

/** Cluster time now: the clock is paused, so it is its anchor. */
export async function clusterNow(): Promise<number> {
  return (await api('GET', CLOCK)).body.status.clusterAnchor;
}

/** Runs every controller's alarm until a round runs none (notices from the last round given time to land). */
export async function pump(): Promise<void> {
  let quiet = 0;
  for (let round = 0; round < 200 && quiet < 3; round++) {
    await sleep(15);
    let ran = false;
    for (const name of controllerHostNames()) ran = (await runDurableObjectAlarm(controllerHost(name))) || ran;
    quiet = ran ? 0 : quiet + 1;
  }
}

/** Moves cluster time forward by `ms` in steps of `stepMs`, pumping after each, until `until` holds. */
export async function advance(ms: number, until: () => Promise<boolean> = async () => false, stepMs = 5 * S): Promise<number> {
  for (let done = 0; done < ms; done += stepMs) {
    await mergePatch(CLOCK, { spec: { advance: `${stepMs / S}s` } });
    await pump();
    if (await until()) return clusterNow();
  }
  return clusterNow();
}
