import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../durable-objects/object-store';
import { api, BASE, configMap, settledNamespace, objectStoreStub, readEvents } from './helpers';

async function watch(path: string) {
  const res = await SELF.fetch(`${BASE}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-encoding')).toBe('identity');
  return res;
}

describe('watch', () => {
  it('replays every event after a list resourceVersion, in order, with no gaps or duplicates', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await api('POST', base, configMap('before'));
    const list = await api('GET', base);
    const rv = list.body.metadata.resourceVersion;
    await api('POST', base, configMap('a'));
    await api('PATCH', `${base}/a`, { data: { a: '2' } }, 'application/merge-patch+json');
    await api('DELETE', `${base}/before`);
    const res = await watch(`${base}?watch=true&resourceVersion=${rv}`);
    const live = api('POST', base, configMap('b'));
    const events = await readEvents(res, 4);
    await live;
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'MODIFIED a', 'DELETED before', 'ADDED b']);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
    expect(new Set(rvs).size).toBe(rvs.length);
  });

  it('without a resourceVersion starts with ADDED for every existing object', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await api('POST', base, configMap('x'));
    await api('POST', base, configMap('y'));
    // the namespace's kube-root-ca.crt is one of them
    const events = await readEvents(await watch(`${base}?watch=true`), 3);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED kube-root-ca.crt', 'ADDED x', 'ADDED y']);
  });

  it('turns selector transitions into ADDED and DELETED', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const created = await api('POST', base, configMap('c', {}, { tier: 'a' }));
    const res = await watch(`${base}?watch=true&labelSelector=tier%3Db&resourceVersion=${created.body.metadata.resourceVersion}`);
    await api('PATCH', `${base}/c`, { metadata: { labels: { tier: 'b' } } }, 'application/merge-patch+json');
    await api('PATCH', `${base}/c`, { metadata: { labels: { tier: 'c' } } }, 'application/merge-patch+json');
    const events = await readEvents(res, 2);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });

  it('replays selector transitions from the log, which keeps a previous state only where labels or fields changed', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const created = await api('POST', base, configMap('c', { v: '0' }, { tier: 'a' }));
    const from = Number(created.body.metadata.resourceVersion);
    const patch = (body: object) => api('PATCH', `${base}/c`, body, 'application/merge-patch+json');
    await patch({ data: { v: '1' } }); // tier=a: not seen
    await patch({ metadata: { labels: { tier: 'b' } } }); // starts matching: ADDED
    await patch({ data: { v: '2' } }); // still matching, nothing a selector sees changed: MODIFIED
    await patch({ metadata: { labels: { tier: 'c' } } }); // stops matching: DELETED
    await patch({ data: { v: '3' } }); // not seen
    const events = await readEvents(await watch(`${base}?watch=true&labelSelector=tier%3Db&resourceVersion=${from}`), 3);
    expect(events.map((e) => `${e.type} ${e.object.data.v} ${e.object.metadata.labels.tier}`)).toEqual(['ADDED 1 b', 'MODIFIED 2 b', 'DELETED 2 c']);
    const byName = await readEvents(await watch(`${base}?watch=true&fieldSelector=metadata.name%3Dc&resourceVersion=${from}`), 5);
    expect(byName.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'MODIFIED', 'MODIFIED', 'MODIFIED']);
    // what the log kept: the previous state of the two label changes only
    const kept = await runInDurableObject(objectStoreStub(`ns:${ns}`), (instance) =>
      (instance as unknown as { table: { sql: SqlStorage } }).table.sql
        .exec<{ hasPrev: number }>('SELECT prev IS NOT NULL AS hasPrev FROM events WHERE resource = ? AND rv > ? ORDER BY rv', 'configmaps', from)
        .toArray()
        .map((r) => r.hasPrev),
    );
    expect(kept).toEqual([0, 1, 0, 1, 0]);
  });

  it('answers 410 Expired for a resourceVersion older than the retained log', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const first = await api('POST', base, configMap('old'));
    await api('POST', base, configMap('newer'));
    const stub = objectStoreStub(`ns:${ns}`);
    await runInDurableObject(stub, (store: ObjectStore) => {
      // age the log past retention, as an hour of quiet would
      (store as unknown as { table: { compact(now: number): number } }).table.compact(Date.now() + 3600_000);
    });
    const events = await readEvents(await watch(`${base}?watch=true&resourceVersion=${first.body.metadata.resourceVersion}`), 1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('streams Table events for kubectl get -w, column definitions once', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const res = await SELF.fetch(`${BASE}${base}?watch=true`, {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    await api('POST', base, configMap('t1'));
    await api('POST', base, configMap('t2'));
    // first the namespace's kube-root-ca.crt, which exists before the watch
    const events = await readEvents(res, 3);
    expect(events[0].object.kind).toBe('Table');
    expect(events[0].object.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(events.map((e) => e.object.rows[0].cells[0])).toEqual(['kube-root-ca.crt', 't1', 't2']);
    expect(events.slice(1).map((e) => e.object.columnDefinitions)).toEqual([[], []]);
  });

  it('sends bookmarks when asked', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    const stub = objectStoreStub(`ns:${ns}`);
    const stream = await stub.watch({
      def: (await import('../../shared/api/registry')).BUILTIN_RESOURCES.find((d) => d.plural === 'configmaps')!,
      allowWatchBookmarks: true,
      bookmarkIntervalMs: 20,
      resourceVersion: '0',
    });
    await api('POST', base, configMap('b1'));
    // bookmarks every 20 ms: on a loaded machine some may come before the create; after it, one carries its rv
    // the namespace's kube-root-ca.crt comes first, as every object there at resourceVersion 0
    const events = (await readEvents(new Response(stream), 12)).map((e) => ({ type: e.type, rv: e.object.metadata.resourceVersion, name: e.object.metadata.name }));
    const added = events.findIndex((e) => e.type === 'ADDED' && e.name === 'b1');
    expect(added).toBeGreaterThanOrEqual(0);
    expect(events.slice(0, added).filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED kube-root-ca.crt']);
    expect(events.slice(added + 1)).toContainEqual({ type: 'BOOKMARK', rv: events[added]!.rv, name: undefined });
  });

  it('merges all namespaces into one stream with a composite resourceVersion', async () => {
    const a = await settledNamespace('wa');
    const b = await settledNamespace('wb');
    const list = await api('GET', '/api/v1/configmaps');
    expect(list.body.metadata.resourceVersion).toMatch(/^c\./);
    const res = await watch(`/api/v1/configmaps?watch=true&resourceVersion=${encodeURIComponent(list.body.metadata.resourceVersion)}`);
    await api('POST', `/api/v1/namespaces/${a}/configmaps`, configMap('in-a'));
    await api('POST', `/api/v1/namespaces/${b}/configmaps`, configMap('in-b'));
    const c = await settledNamespace('wc');
    await api('POST', `/api/v1/namespaces/${c}/configmaps`, configMap('in-c'));
    // the namespace created meanwhile comes with its kube-root-ca.crt
    const events = await readEvents(res, 4);
    expect(events.map((e) => `${e.type} ${e.object.metadata.namespace}/${e.object.metadata.name}`).sort()).toEqual(
      [`ADDED ${a}/in-a`, `ADDED ${b}/in-b`, `ADDED ${c}/kube-root-ca.crt`, `ADDED ${c}/in-c`].sort(),
    );
  });
});
