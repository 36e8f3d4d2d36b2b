import type { ConfigMap } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { LABELS_INDEX, NAMESPACE_INDEX, SharedInformerFactory, settle } from '../../../shared/client/library';
import { CONFIGMAPS, configMap, harness, recorder } from './harness';

describe('SharedIndexInformer over MemoryClient', () => {
  it('lists, then sees add/update/delete in order', async () => {
    const h = harness();
    const cms = h.client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
    await cms.create(configMap('a', { v: '1' }));
    const factory = new SharedInformerFactory(h.client, { clock: h.clock, namespace: 'default' });
    const informer = factory.forResource<ConfigMap>(CONFIGMAPS);
    const rec = recorder();
    informer.addEventHandler(rec.handler);
    factory.start();
    expect(await factory.waitForCacheSync()).toBe(true);
    await cms.create(configMap('b', { v: '1' }));
    await cms.update({ ...(await cms.get('a')), data: { v: '2' } });
    await cms.delete('b');
    await settle();
    expect(rec.events).toEqual(['add a (list)', 'add b', 'update a 1->2', 'delete b']);
    expect(informer.indexer.listKeys()).toEqual(['default/a']);
    expect(informer.lastSyncResourceVersion()).not.toBe('');
    await factory.shutdown();
  });

  it('shares one list and watch between handlers and factory lookups', async () => {
    const h = harness();
    const factory = new SharedInformerFactory(h.client, { clock: h.clock, namespace: 'default' });
    const one = factory.forResource(CONFIGMAPS);
    expect(factory.forResource({ ...CONFIGMAPS })).toBe(one);
    const r1 = recorder();
    const r2 = recorder();
    one.addEventHandler(r1.handler);
    factory.start();
    await factory.waitForCacheSync();
    await h.client.resource<ConfigMap>(CONFIGMAPS).namespace('default').create(configMap('x'));
    await settle();
    one.addEventHandler(r2.handler);
    expect(h.watches).toBe(1);
    expect(r1.events).toEqual(['add x']);
    expect(r2.events).toEqual(['add x (list)']);
    await factory.shutdown();
  });

  it('relists on 410 after compaction with no lost or duplicated events', async () => {
    const h = harness(1000);
    const cms = h.client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
    await cms.create(configMap('a', { v: '1' }));
    await cms.create(configMap('b', { v: '1' }));
    await cms.create(configMap('keep', { v: '1' }));
    const errors: unknown[] = [];
    const factory = new SharedInformerFactory(h.client, { clock: h.clock, namespace: 'default', onError: (e) => errors.push(e) });
    const informer = factory.forResource<ConfigMap>(CONFIGMAPS);
    const rec = recorder();
    informer.addEventHandler(rec.handler);
    factory.start();
    await factory.waitForCacheSync();
    await cms.update({ ...(await cms.get('a')), data: { v: '2' } });
    await settle();
    const seenBefore = informer.lastSyncResourceVersion();

    h.disconnect();
    await settle();
    await cms.update({ ...(await cms.get('a')), data: { v: '3' } });
    await cms.delete('b');
    await cms.create(configMap('c', { v: '1' }));
    await h.clock.step(5000);
    expect(h.memory.cluster.compact()).toBeGreaterThan(0);
    h.reconnect();
    await settle();

    expect(rec.events).toEqual([
      'add a (list)',
      'add b (list)',
      'add keep (list)',
      'update a 1->2',
      'delete b (relist)',
      'update a 2->3',
      'add c (list)',
    ]);
    expect(informer.indexer.listKeys().sort()).toEqual(['default/a', 'default/c', 'default/keep']);
    expect(Number(informer.lastSyncResourceVersion())).toBeGreaterThan(Number(seenBefore));
    expect(errors).toEqual([]);
    // the informer watches on from the relist: later changes arrive once
    await cms.delete('c');
    await settle();
    expect(rec.events.at(-1)).toBe('delete c');
    await factory.shutdown();
  });

  it('re-delivers cached objects on resync', async () => {
    const h = harness();
    await h.client.resource<ConfigMap>(CONFIGMAPS).namespace('default').create(configMap('a'));
    const factory = new SharedInformerFactory(h.client, { clock: h.clock, namespace: 'default', resyncMs: 30_000 });
    const rec = recorder();
    factory.forResource(CONFIGMAPS).addEventHandler(rec.handler);
    factory.start();
    await factory.waitForCacheSync();
    await h.clock.step(29_000);
    expect(rec.events).toEqual(['add a (list)']);
    await h.clock.step(1_000);
    await h.clock.step(30_000);
    expect(rec.events).toEqual(['add a (list)', 'resync a', 'resync a']);
    await factory.shutdown();
  });

  it('backs off on list errors and recovers', async () => {
    const h = harness();
    let failures = 2;
    const failing = {
      resource: (ref: typeof CONFIGMAPS) => {
        const rc = h.client.resource(ref);
        return new Proxy(rc, {
          get(t, p) {
            if (p === 'list') return async (o: object) => (failures-- > 0 ? Promise.reject(new Error('connection refused')) : t.list(o));
            if (p === 'namespace') return (ns: string) => t.namespace(ns);
            const v = Reflect.get(t, p);
            return typeof v === 'function' ? v.bind(t) : v;
          },
        });
      },
    };
    const errors: string[] = [];
    const factory = new SharedInformerFactory(failing as never, { clock: h.clock, onError: (e) => errors.push((e as Error).message) });
    const informer = factory.forResource(CONFIGMAPS);
    factory.start();
    await settle();
    expect(informer.hasSynced()).toBe(false);
    await h.clock.step(799);
    expect(errors).toEqual(['connection refused']);
    await h.clock.step(1);
    expect(errors).toEqual(['connection refused', 'connection refused']);
    await h.clock.step(1599);
    expect(informer.hasSynced()).toBe(false);
    await h.clock.step(1);
    expect(informer.hasSynced()).toBe(true);
    await factory.shutdown();
  });

  it('indexes by namespace, label and custom indexers', async () => {
    const h = harness();
    await h.memory.resource<ConfigMap>(CONFIGMAPS).namespace('default').create(configMap('a', {}, { app: 'web' }));
    await h.memory.resource<ConfigMap>(CONFIGMAPS).namespace('kube-system').create(configMap('b', {}, { app: 'dns' }, 'kube-system'));
    const factory = new SharedInformerFactory(h.client, { clock: h.clock });
    const informer = factory.forResource<ConfigMap>(CONFIGMAPS);
    informer.addIndexers({ byFirstKey: (o) => Object.keys(o.data ?? {}).slice(0, 1) });
    factory.start();
    await factory.waitForCacheSync();
    await h.memory.resource<ConfigMap>(CONFIGMAPS).namespace('default').create(configMap('c', { k: 'v' }, { app: 'web' }));
    await settle();
    const idx = informer.indexer;
    expect(idx.byIndex(NAMESPACE_INDEX, 'default').map((o) => o.metadata?.name).sort()).toEqual(['a', 'c']);
    expect(idx.byIndex(LABELS_INDEX, 'app=dns').map((o) => o.metadata?.name)).toEqual(['b']);
    expect(idx.byIndex('byFirstKey', 'k').map((o) => o.metadata?.name)).toEqual(['c']);
    const lister = idx.lister();
    expect(lister.namespace('default').list('app=web').map((o) => o.metadata?.name).sort()).toEqual(['a', 'c']);
    expect(lister.namespace('kube-system').get('b')?.metadata?.name).toBe('b');
    expect(lister.list('app!=web').map((o) => o.metadata?.name)).toEqual(['b']);
    expect(() => idx.byIndex('nope', 'x')).toThrow('Index with name nope does not exist');
    await factory.shutdown();
  });
});
