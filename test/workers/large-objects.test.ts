import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../durable-objects/object-store';
import { ObjectTable } from '../../durable-objects/store/object-table';
import type { StoredObject } from '../../shared/api/object';
import { api, BASE, configMap, deployment, settledNamespace, objectStoreStub, readEvents } from './helpers';

/**
 * Objects near the size limits: a ~1.2 MB ConfigMap (1 MB of data, as much as ConfigMap validation
 * allows, plus 200 KB of annotations) is stored, updated, deleted and watched whole; anything over
 * etcd's 1.5 MiB is refused with 413 and stores nothing; and a write that fails part-way leaves
 * neither rows nor a used-up resourceVersion behind, also across a restart of the store.
 */

const DATA = 'x'.repeat(1_000_000);
const NOTE = 'n'.repeat(200_000);

function bigConfigMap(name: string) {
  return { ...configMap(name, { blob: DATA }), metadata: { name, annotations: { note: NOTE } } };
}

const storeOf = (ns: string) => objectStoreStub(`ns:${ns}`);

/** The store's counter in memory and in SQLite (they must agree). */
async function counters(ns: string): Promise<{ memory: number; stored: number }> {
  return runInDurableObject(storeOf(ns), (store: ObjectStore, state: DurableObjectState) => {
    const table = (store as unknown as { table: ObjectTable }).table;
    // what a restart would start from: the counter a fresh table derives from SQLite
    return { memory: table.resourceVersion, stored: new ObjectTable(state.storage).resourceVersion };
  });
}

/** Resets the store's Durable Object, as a deploy or eviction would; the next call starts it from SQLite. */
async function restart(ns: string): Promise<void> {
  await runInDurableObject(storeOf(ns), (_store: ObjectStore, state: DurableObjectState) => state.abort('restart')).catch(() => undefined);
}

describe('objects over 1 MB', () => {
  it('are updated and deleted whole, with their watch events live and replayed', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const created = await api('POST', base, bigConfigMap('big'));
    expect(created.status).toBe(201);
    const rv0 = created.body.metadata.resourceVersion;
    const live = await SELF.fetch(`${BASE}${base}?watch=true&resourceVersion=${rv0}`);

    const labelled = await api('PATCH', `${base}/big`, { metadata: { labels: { size: 'large' } } }, 'application/merge-patch+json');
    expect(labelled.status).toBe(200);
    const replaced = await api('PUT', `${base}/big`, { ...labelled.body, data: { blob: DATA.replace(/^x/, 'y') } });
    expect(replaced.status).toBe(200);
    const deleted = await api('DELETE', `${base}/big`);
    expect(deleted.status).toBe(200);
    expect((await api('GET', `${base}/big`)).status).toBe(404);

    const expected = [
      ['MODIFIED', labelled.body.metadata.resourceVersion, 'x'],
      ['MODIFIED', replaced.body.metadata.resourceVersion, 'y'],
      ['DELETED', expect.any(String), 'y'],
    ];
    const summary = (events: any[]) => events.map((e) => [e.type, e.object.metadata.resourceVersion, e.object.data.blob[0]]);
    const liveEvents = await readEvents(live, 3);
    expect(summary(liveEvents)).toEqual(expected);
    expect(liveEvents.every((e) => e.object.data.blob.length === DATA.length && e.object.metadata.annotations.note === NOTE)).toBe(true);
    // replayed from the log: the same events, read back from the event store
    const replayed = await readEvents(await SELF.fetch(`${BASE}${base}?watch=true&resourceVersion=${rv0}`), 3);
    expect(replayed).toEqual(liveEvents);
    // a filtered watch needs the previous state of each event: the label moving out is a DELETED
    const filtered = await readEvents(await SELF.fetch(`${BASE}${base}?watch=true&labelSelector=size%3Dlarge&resourceVersion=${rv0}`), 3);
    expect(filtered.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);

    const { memory, stored } = await counters(ns);
    expect(memory).toBe(stored);
    expect(memory).toBe(Number(liveEvents[2].object.metadata.resourceVersion));

    // the chunks of those events go with them when the log is compacted
    const chunks = await runInDurableObject(storeOf(ns), (_store: ObjectStore, state: DurableObjectState) => {
      const count = () => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM event_chunks').one().n;
      const before = count();
      (_store as unknown as { table: ObjectTable }).table.compact(Date.now() + 3600_000);
      return { before, after: count() };
    });
    expect(chunks.before).toBeGreaterThan(0);
    expect(chunks.after).toBe(0);
  });

  it('survive a restart of the store, and the counter goes on from the last write', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const created = await api('POST', base, bigConfigMap('big'));
    const patched = await api('PATCH', `${base}/big`, { data: { more: '1' } }, 'application/merge-patch+json');
    expect(patched.status).toBe(200);
    await restart(ns);
    const after = await api('POST', base, configMap('small'));
    expect(Number(after.body.metadata.resourceVersion)).toBe(Number(patched.body.metadata.resourceVersion) + 1);
    const events = await readEvents(await SELF.fetch(`${BASE}${base}?watch=true&resourceVersion=${created.body.metadata.resourceVersion}`), 2);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`)).toEqual([
      `MODIFIED big ${patched.body.metadata.resourceVersion}`,
      `ADDED small ${after.body.metadata.resourceVersion}`,
    ]);
    expect(events[0].object.data).toEqual({ blob: DATA, more: '1' });
  });
});

describe('size limits', () => {
  it("refuses an object over etcd's 1.5 MiB with 413 and stores nothing", async () => {
    const ns = await settledNamespace();
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    const huge = deployment(1);
    huge.spec.template.spec.containers[0] = { ...huge.spec.template.spec.containers[0]!, env: [{ name: 'BLOB', value: 'z'.repeat(1_700_000) }] } as never;
    await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('settled'));
    const before = await counters(ns);
    const r = await api('POST', base, huge);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ kind: 'Status', code: 413, reason: 'RequestEntityTooLarge', message: 'etcdserver: request is too large' });
    expect((await api('GET', `${base}/web`)).status).toBe(404);
    expect(await counters(ns)).toEqual(before);
  });

  it('refuses an update that would grow an object past the limit, keeping the stored one and its resourceVersion', async () => {
    const ns = await settledNamespace();
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    const created = await api('POST', base, deployment(1));
    expect(created.status).toBe(201);
    const grow = { spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'BLOB', value: 'z'.repeat(1_700_000) }] }] } } } };
    const r = await api('PATCH', `${base}/web`, grow, 'application/strategic-merge-patch+json');
    expect(r.status).toBe(413);
    expect(r.body.message).toBe('etcdserver: request is too large');
    const now = await api('GET', `${base}/web`);
    expect(now.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    expect(now.body.spec.template.spec.containers[0].env).toBeUndefined();
    const { memory, stored } = await counters(ns);
    // (controllers may have written other objects of the namespace meanwhile: only the two counters must agree)
    expect(memory).toBe(stored);
    // a dry run never reaches storage, as upstream's never reaches etcd
    const dry = await api('PATCH', `${base}/web?dryRun=All`, grow, 'application/strategic-merge-patch+json');
    expect(dry.status).toBe(200);
  });

  it('refuses annotations over 256 KiB with 422 and upstream message', async () => {
    const ns = await settledNamespace();
    const r = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, { ...configMap('c'), metadata: { name: 'c', annotations: { a: 'x'.repeat(256 * 1024) } } });
    expect(r.status).toBe(422);
    expect(r.body.details.causes).toContainEqual({ reason: 'FieldValueTooLong', message: 'Too long: must have at most 262144 bytes', field: 'metadata.annotations' });
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/c`)).status).toBe(404);
  });
});

describe('a write that fails part-way', () => {
  it('leaves no rows and no used resourceVersion, before or after a restart', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const first = await api('POST', base, configMap('first'));
    const rv = Number(first.body.metadata.resourceVersion);
    const failed = await runInDurableObject(storeOf(ns), (store: ObjectStore) => {
      const table = (store as unknown as { table: ObjectTable }).table;
      const object = { ...bigConfigMap('ghost'), metadata: { name: 'ghost', namespace: ns } } as unknown as StoredObject;
      try {
        // two commits (the second's event too large for one row, so chunked), then a failure: all must go
        table.transaction(() => {
          const added = table.commit('configmaps', 'ADDED', object, null, Date.now()).object;
          table.commit('configmaps', 'MODIFIED', { ...added, data: { blob: DATA, more: '1' } }, added, Date.now());
          throw new Error('fails after the writes');
        });
      } catch (e) {
        return { error: String(e), counter: table.resourceVersion, ghost: table.get('configmaps', 'ghost'), log: [...table.eventsSince('configmaps', rv)] };
      }
      return undefined;
    });
    expect(failed).toEqual({ error: 'Error: fails after the writes', counter: rv, ghost: null, log: [] });
    expect(await counters(ns)).toEqual({ memory: rv, stored: rv });

    await restart(ns);
    expect(await counters(ns)).toEqual({ memory: rv, stored: rv });
    const next = await api('POST', base, configMap('next'));
    expect(Number(next.body.metadata.resourceVersion)).toBe(rv + 1);
    const events = await readEvents(await SELF.fetch(`${BASE}${base}?watch=true&resourceVersion=${rv}`), 1);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`)).toEqual([`ADDED next ${rv + 1}`]);
    expect((await api('GET', `${base}/ghost`)).status).toBe(404);
  });
});
