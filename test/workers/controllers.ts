import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { expect } from 'vitest';

const NAMES = ['deployment', 'replicaset', 'garbage-collector'];

/**
 * Fires every controller's alarm until `check` holds: the controllers react to the stores'
 * notices exactly as they do under wrangler dev, without waiting for real alarm times.
 */
export async function settle(check: () => Promise<boolean>, rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10)); // let fire-and-forget notices arrive
    for (const name of NAMES) await runDurableObjectAlarm(env.CONTROLLERS.get(env.CONTROLLERS.idFromName(name)));
  }
  expect(await check()).toBe(true);
}
