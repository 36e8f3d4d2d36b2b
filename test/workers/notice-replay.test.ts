// A store that stops between a commit and its fire-and-forget change notices (a crash, a deploy) replays them
// from its event log when it starts again, so controllers catch up at once instead of at their next resync.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ControllerHost } from '../../durable-objects/controllers/controller-host';
import { api, freshNamespace, objectStoreStub } from './helpers';

const replicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web' },
  spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
};

const kv = (storage: DurableObjectStorage, k: string) => storage.sql.exec<{ v: string }>('SELECT v FROM kv WHERE k = ?', k).toArray()[0]?.v;
/** What the test reaches inside the host (private at type level) to record the keys it queues. */
type HostInside = { rows: { queue: { add(key: string, at: number): void } }; heard: string[] };
const replicasetHost = () => env.CONTROLLERS.get(env.CONTROLLERS.idFromName('replicaset')) as DurableObjectStub<ControllerHost>;

describe('change notices after a store restart', () => {
  it('records how far notices were delivered, and replays the rest from the event log on start', { timeout: 20_000 }, async () => {
    const ns = await freshNamespace();
    const created = await api('POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, replicaSet);
    expect(created.status).toBe(201);
    // let the controller settle: it writes the status, hears of that write, and goes quiet
    const current = async () => (await api('GET', `/apis/apps/v1/namespaces/${ns}/replicasets/web`)).body;
    await expect.poll(async () => (await current()).status?.observedGeneration, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    const rv = Number((await current()).metadata.resourceVersion);
    // delivered: the store's mark reaches the last write
    await expect.poll(() => runInDurableObject(objectStoreStub(`ns:${ns}`), (_, state) => Number(kv(state.storage, 'notified'))), { timeout: 5000 }).toBeGreaterThanOrEqual(rv);

    // the replicaset host records the keys it queues from here on (its alarm may drain the queue before a poll sees the key)
    await runInDurableObject(replicasetHost(), (instance, state) => {
      const host = instance as unknown as HostInside;
      state.storage.sql.exec('DELETE FROM work_queue WHERE key = ?', `${ns}/web`);
      // (RPC calls the class's notify, so the record sits on the queue it adds to)
      const queue = host.rows.queue;
      const add = queue.add.bind(queue);
      host.heard = [];
      queue.add = (key: string, at: number) => {
        host.heard.push(key);
        return add(key, at);
      };
    });
    // the store believes it did not deliver (a crash in between); a mark already on its way writes the same value
    await runInDurableObject(objectStoreStub(`ns:${ns}`), (store, state) => {
      state.storage.sql.exec("UPDATE kv SET v = ? WHERE k = 'notified'", String(rv - 1));
      (store as unknown as { deliveredRv: number }).deliveredRv = rv - 1;
    });
    // (an abort discards writes not yet flushed: restart in a turn of its own)
    await runInDurableObject(objectStoreStub(`ns:${ns}`), (_, state) => state.abort('restart')).catch(() => undefined);

    // the next request starts the store again, which replays the ReplicaSet's notice
    expect((await api('GET', `/apis/apps/v1/namespaces/${ns}/replicasets/web`)).status).toBe(200);
    await expect.poll(() => runInDurableObject(replicasetHost(), (host) => [...(host as unknown as HostInside).heard]), { timeout: 5000 }).toContain(`${ns}/web`);
  });
});
