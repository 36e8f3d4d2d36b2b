// A controller host whose alarm was lost (a reload or deploy cut its alarm handler short) is nudged back by the
// cluster store's alarm instead of staying idle until a change reaches it.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import { controllerHostNames } from '../../durable-objects/controllers/host-names';
import { api, objectStoreStub } from './helpers';

const host = (name: string) => env.CONTROLLERS.get(env.CONTROLLERS.idFromName(name));

afterAll(async () => {
  // alarms outlive a test's isolated storage: leave none behind
  for (const name of controllerHostNames()) await runInDurableObject(host(name), (_, state) => state.storage.deleteAlarm());
});

describe('the cluster store keeps controller hosts alive', () => {
  it("re-arms a host's lost alarm from its own alarm", async () => {
    expect((await api('GET', '/api/v1/namespaces/default')).status).toBe(200);
    await runInDurableObject(host('deployment'), async (_, state) => {
      await state.storage.deleteAlarm();
      expect(await state.storage.getAlarm()).toBeNull();
    });
    expect(await runDurableObjectAlarm(objectStoreStub('cluster'))).toBe(true);
    let alarm: number | null = null;
    for (let i = 0; i < 40 && alarm === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      alarm = await runInDurableObject(host('deployment'), (_, state) => state.storage.getAlarm());
    }
    expect(alarm).not.toBeNull();
    // and the cluster store looks again within a minute
    const next = await runInDurableObject(objectStoreStub('cluster'), (_, state) => state.storage.getAlarm());
    expect(next).not.toBeNull();
    expect(next! - Date.now()).toBeLessThanOrEqual(60_000);
  });
});
