import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { expect } from 'vitest';
import { controllerHostNames } from '../../durable-objects/controllers/host-names';
import { deployment } from './helpers';

/**
 * Fires every controller's alarm until `check` holds: the controllers react to the stores'
 * notices exactly as they do under wrangler dev, without waiting for alarm times. Simulated
 * time-based steps (image pulls, probes) still take their real time, so this polls up to `timeoutMs`.
 */
export async function settle(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25)); // let fire-and-forget notices arrive
    for (const name of controllerHostNames()) await runDurableObjectAlarm(env.CONTROLLERS.get(env.CONTROLLERS.idFromName(name)));
  }
  expect(await check()).toBe(true);
}

/** A ReplicaSet "web" of `replicas` one-container pods labelled app=web, for the ReplicaSet controller's tests: the Deployment fixture's shape. */
export const webReplicaSet = (replicas: number) => ({ ...deployment(replicas, 'nginx', 'c'), kind: 'ReplicaSet' });
