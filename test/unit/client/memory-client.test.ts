import type { ConfigMap } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { MemoryClient } from '../../../shared/client';
import { clientSuite, CONFIGMAPS, configMap, serviceSuite, take } from './common.case';

const memoryHarness = (clock: { now: number }) => {
  const client = new MemoryClient({ now: () => clock.now });
  return { client, cluster: client.cluster, clock };
};

clientSuite('MemoryClient', memoryHarness);
serviceSuite('MemoryClient', memoryHarness);

describe('MemoryClient watch timers and cleanup', () => {
  /** A schedule the test fires by hand: nothing sleeps. */
  function manualSchedule() {
    const timers: { ms: number; fn: () => void; cancelled: boolean }[] = [];
    const schedule = (ms: number, fn: () => void) => {
      const t = { ms, fn, cancelled: false };
      timers.push(t);
      return () => void (t.cancelled = true);
    };
    const fire = (ms: number) => timers.filter((t) => t.ms === ms && !t.cancelled).forEach((t) => ((t.cancelled = true), t.fn()));
    return { schedule, fire, timers };
  }

  it('sends bookmarks with the store counter and ends at timeoutSeconds', async () => {
    const timers = manualSchedule();
    const client = new MemoryClient({ schedule: timers.schedule });
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
    const c = await cms.create(configMap('a'));
    const it = cms.watch({ resourceVersion: c.metadata!.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 30 })[Symbol.asyncIterator]();
    timers.fire(60_000);
    expect(await it.next()).toMatchObject({ value: { type: 'BOOKMARK', object: { kind: 'ConfigMap', metadata: { resourceVersion: c.metadata!.resourceVersion } } } });
    timers.fire(30_000);
    expect((await it.next()).done).toBe(true);
    expect(timers.timers.every((t) => t.cancelled)).toBe(true);
  });

  it('drops the store watcher when the consumer leaves the loop', async () => {
    const client = new MemoryClient();
    const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
    await cms.create(configMap('a'));
    const store = client.cluster.store('ns:default') as unknown as { watchers: { size: number } };
    await take(cms.watch(), 1);
    expect(store.watchers.size).toBe(0);
  });

  it('uses counter uids and the injected clock', async () => {
    const client = new MemoryClient({ now: () => Date.UTC(2030, 5, 1, 0, 0, 0, 999) });
    const c = await client.resource<ConfigMap>(CONFIGMAPS).namespace('default').create(configMap('a'));
    expect(c.metadata?.creationTimestamp).toBe('2030-06-01T00:00:00Z');
    expect(c.metadata?.uid).toMatch(/^00000000-0000-4000-8000-0000000000[0-9a-f]{2}$/);
  });
});
