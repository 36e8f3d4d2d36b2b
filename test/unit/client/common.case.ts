// The one behaviour suite every in-process Client runs (like hono's router/common.case.test.ts).
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1';
import type { Deployment } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import type { WatchEvent } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import type { Client } from '../../../shared/client';
import type { MemoryCluster } from '../../../shared/client';

export interface Harness {
  client: Client;
  cluster: MemoryCluster;
  clock: { now: number };
}

export const CONFIGMAPS = { group: '', version: 'v1', plural: 'configmaps' };
export const DEPLOYMENTS = { group: 'apps', version: 'v1', plural: 'deployments' };
export const PODS = BUILTIN_RESOURCES.find((d) => d.kind === 'Pod')!;
const NAMESPACES = { group: '', version: 'v1', plural: 'namespaces' };
const START = Date.UTC(2025, 0, 1, 12, 0, 0);

export function configMap(name: string, labels?: Record<string, string>, data: Record<string, string> = { a: '1' }): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

export function deployment(name: string, replicas = 1): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } },
  };
}

/** Reads `n` events, then leaves the loop (which cancels the watch). */
export async function take<T>(events: AsyncIterable<WatchEvent<T>>, n: number): Promise<WatchEvent<T>[]> {
  const out: WatchEvent<T>[] = [];
  if (n === 0) return out;
  for await (const e of events) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected an ApiError');
}

const summary = (events: WatchEvent<ConfigMap>[]) => events.map((e) => `${e.type} ${e.object.metadata?.name} ${e.object.data?.a ?? ''}`.trim());

export function clientSuite(name: string, make: (clock: { now: number }) => Harness): void {
  const setup = () => make({ now: START });

  describe(`${name}: writes`, () => {
    it('creates with server-owned metadata from the injected clock and ids, and bumps resourceVersion on every write', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      const created = await cms.create(configMap('c1'));
      expect(created.metadata).toMatchObject({ name: 'c1', namespace: 'default', creationTimestamp: '2025-01-01T12:00:00Z' });
      expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
      const patched = await cms.patch('c1', 'merge', { data: { a: '2' } });
      expect(Number(patched.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
      expect((await cms.get('c1')).data).toEqual({ a: '2' });
      const updated = await cms.update({ ...patched, data: { a: '3' } });
      expect(updated.data).toEqual({ a: '3' });
      await cms.delete('c1');
      expect((await rejection(cms.get('c1'))).code).toBe(404);
    });

    it('generateName is deterministic with the seeded rand and unique', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      const a = await cms.create({ metadata: { generateName: 'gen-' }, data: {} });
      const b = await cms.create({ metadata: { generateName: 'gen-' }, data: {} });
      expect(a.metadata?.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(b.metadata?.name).not.toBe(a.metadata?.name);
      const again = await setup().client.resource<ConfigMap>(CONFIGMAPS).namespace('default').create({ metadata: { generateName: 'gen-' }, data: {} });
      expect(again.metadata?.name).toBe(a.metadata?.name);
    });

    it.each([
      ['stale resourceVersion on update', 409, 'Conflict', 'Operation cannot be fulfilled on configmaps "c1": the object has been modified; please apply your changes to the latest version and try again'],
      ['duplicate create', 409, 'AlreadyExists', 'configmaps "c1" already exists'],
      ['get of a missing object', 404, 'NotFound', 'deployments.apps "nope" not found'],
      ['create in a missing namespace', 404, 'NotFound', 'namespaces "no-such-ns" not found'],
      ['delete with a stale resourceVersion precondition', 409, 'Conflict', 'Operation cannot be fulfilled on configmaps "c1": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: '],
    ])('%s → %i %s with upstream wording', async (what, code, reason, message) => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      const created = await cms.create(configMap('c1'));
      await cms.update({ ...created, data: { a: 'fresh' } });
      const calls: Record<string, () => Promise<unknown>> = {
        'stale resourceVersion on update': () => cms.update({ ...created, data: { a: 'stale' } }),
        'duplicate create': () => cms.create(configMap('c1')),
        'get of a missing object': () => client.resource(DEPLOYMENTS).namespace('default').get('nope'),
        'create in a missing namespace': () => client.resource<ConfigMap>(CONFIGMAPS).namespace('no-such-ns').create(configMap('c1')),
        'delete with a stale resourceVersion precondition': () => cms.delete('c1', { preconditions: { resourceVersion: '1' } }),
      };
      const err = await rejection(calls[what]!());
      expect({ code: err.code, reason: err.reason }).toEqual({ code, reason });
      expect(err.message.startsWith(message)).toBe(true);
      expect((await cms.get('c1')).data).toEqual({ a: 'fresh' });
    });

    it('dryRun validates and answers but stores nothing', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      const answer = await cms.create(configMap('dry'), { dryRun: true });
      expect(answer.metadata?.name).toBe('dry');
      expect((await rejection(cms.get('dry'))).reason).toBe('NotFound');
    });
  });

  describe(`${name}: generation and status`, () => {
    it('starts at generation 1, bumps it only on spec changes, and keeps status and spec on their own endpoints', async () => {
      const { client } = setup();
      const deps = client.resource<Deployment>(DEPLOYMENTS).namespace('default');
      const d = await deps.create(deployment('web'));
      expect(d.metadata?.generation).toBe(1);
      const labelled = await deps.update({ ...d, metadata: { ...d.metadata, labels: { x: 'y' } } });
      expect(labelled.metadata?.generation).toBe(1);
      const scaled = await deps.update({ ...labelled, spec: { ...labelled.spec!, replicas: 3 }, status: { replicas: 99 } });
      expect(scaled.metadata?.generation).toBe(2);
      expect(scaled.status?.replicas).toBeUndefined();
      const withStatus = await deps.updateStatus({ ...scaled, spec: { ...scaled.spec!, replicas: 7 }, status: { replicas: 3, observedGeneration: 2 } });
      expect(withStatus.metadata?.generation).toBe(2);
      expect(withStatus.spec?.replicas).toBe(3);
      expect(withStatus.status).toMatchObject({ replicas: 3, observedGeneration: 2 });
      const statusPatch = await deps.patch('web', 'merge', { status: { readyReplicas: 1 } }, { subresource: 'status' });
      expect(statusPatch.status).toMatchObject({ replicas: 3, readyReplicas: 1 });
      expect(statusPatch.metadata?.generation).toBe(2);
    });

    it('serves the scale subresource as autoscaling/v1 Scale', async () => {
      const { client } = setup();
      const deps = client.resource<Deployment>(DEPLOYMENTS).namespace('default');
      await deps.create(deployment('web', 2));
      const scale = await deps.getScale('web');
      expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { replicas: 0, selector: 'app=web' } });
      const updated = await deps.updateScale('web', { ...scale, spec: { replicas: 5 } });
      expect(updated.spec?.replicas).toBe(5);
      const patched = await deps.patch('web', 'merge', { spec: { replicas: 4 } }, { subresource: 'scale' });
      expect((patched as { spec?: { replicas?: number } }).spec?.replicas).toBe(4);
      const d = await deps.get('web');
      expect({ replicas: d.spec?.replicas, generation: d.metadata?.generation }).toEqual({ replicas: 4, generation: 3 });
      const stale = await rejection(deps.updateScale('web', { ...scale, spec: { replicas: 1 } }));
      expect(stale.reason).toBe('Conflict');
    });
  });

  describe(`${name}: deletion`, () => {
    it('keeps an object with finalizers, marked with deletionTimestamp, until the last finalizer goes', async () => {
      const { client, clock } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      await cms.create({ ...configMap('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } });
      clock.now += 5000;
      const marked = await cms.delete('held');
      expect(marked.metadata).toMatchObject({ deletionTimestamp: '2025-01-01T12:00:05Z', finalizers: ['example.com/hold'] });
      const still = await cms.get('held');
      expect(still.metadata?.deletionTimestamp).toBe('2025-01-01T12:00:05Z');
      await cms.patch('held', 'merge', { metadata: { finalizers: null } });
      expect((await rejection(cms.get('held'))).code).toBe(404);
    });

    it('deleteCollection removes what the selector matches', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      await cms.create(configMap('a', { tier: 'x' }));
      await cms.create(configMap('b', { tier: 'y' }));
      await cms.create(configMap('c', { tier: 'x' }));
      const gone = await cms.deleteCollection({ labelSelector: 'tier=x' });
      expect(gone.items.map((i) => i.metadata?.name)).toEqual(['a', 'c']);
      expect((await cms.list()).items.map((i) => i.metadata?.name)).toEqual(['b']);
    });

    it('a deleted namespace refuses new content, then goes away once emptied', async () => {
      const { client, cluster } = setup();
      const nss = client.resource(NAMESPACES);
      await nss.create({ metadata: { name: 'team' } });
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('team');
      await cms.create(configMap('c1'));
      expect((await client.resource(PODS).namespace('team').list()).items).toEqual([]);
      expect((await client.resource({ group: '', version: 'v1', plural: 'serviceaccounts' }).namespace('team').get('default')).metadata?.name).toBe('default');
      const marked = await nss.delete('team');
      expect(marked.status).toMatchObject({ phase: 'Terminating' });
      const refused = await rejection(cms.create(configMap('c2')));
      expect(refused).toMatchObject({ code: 403, reason: 'Forbidden' });
      expect(refused.message).toBe('configmaps "c2" is forbidden: unable to create new content in namespace team because it is being terminated');
      expect(await cluster.finalizeNamespaces()).toBe(false);
      expect((await rejection(nss.get('team'))).code).toBe(404);
      expect((await rejection(cms.create(configMap('c3')))).message).toBe('namespaces "team" not found');
    });
  });

  describe(`${name}: list`, () => {
    it('pages in name order with continue tokens pinned to the first page, counting what remains', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      for (const n of ['e', 'b', 'd', 'a', 'c']) await cms.create(configMap(n));
      const first = await cms.list({ limit: 2 });
      expect(first.items.map((i) => i.metadata?.name)).toEqual(['a', 'b']);
      expect(first.metadata.remainingItemCount).toBe(3);
      await cms.create(configMap('f'));
      const second = await cms.list({ limit: 2, continue: first.metadata.continue });
      expect(second.items.map((i) => i.metadata?.name)).toEqual(['c', 'd']);
      expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      const third = await cms.list({ limit: 2, continue: second.metadata.continue });
      expect(third.items.map((i) => i.metadata?.name)).toEqual(['e', 'f']);
      expect(third.metadata.continue).toBeUndefined();
      expect(first).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMapList' });
    });

    it.each([
      ['app=web', ['w1', 'w2']],
      ['app!=web', ['db', 'plain']],
      ['app in (db,web),tier', ['w2']],
      ['!app', ['plain']],
    ])('labelSelector %s', async (selector, names) => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      await cms.create(configMap('w1', { app: 'web' }));
      await cms.create(configMap('w2', { app: 'web', tier: 'fe' }));
      await cms.create(configMap('db', { app: 'db' }));
      await cms.create(configMap('plain'));
      expect((await cms.list({ labelSelector: selector })).items.map((i) => i.metadata?.name)).toEqual(names);
    });

    it('fieldSelector metadata.name, and 400 on a bad selector', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      await cms.create(configMap('x'));
      await cms.create(configMap('y'));
      expect((await cms.list({ fieldSelector: 'metadata.name=y' })).items.map((i) => i.metadata?.name)).toEqual(['y']);
      expect((await rejection(cms.list({ labelSelector: 'a in (' }))).code).toBe(400);
    });

    it('lists across all namespaces in namespace/name order with a composite resourceVersion and pages', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS);
      await client.resource(NAMESPACES).create({ metadata: { name: 'a-b' } });
      await client.resource(NAMESPACES).create({ metadata: { name: 'a' } });
      await cms.namespace('a').create(configMap('x'));
      await cms.namespace('a-b').create(configMap('y'));
      await cms.namespace('default').create(configMap('z'));
      const all = await cms.list();
      expect(all.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`)).toEqual(['a-b/y', 'a/x', 'default/z']);
      expect(all.metadata.resourceVersion).toMatch(/^c\./);
      const names: string[] = [];
      let cont: string | undefined;
      do {
        const page = await cms.list({ limit: 1, continue: cont });
        names.push(...page.items.map((i) => i.metadata!.name!));
        cont = page.metadata.continue;
      } while (cont);
      expect(names).toEqual(['y', 'x', 'z']);
    });
  });

  describe(`${name}: watch`, () => {
    it('replays every change after a resourceVersion, in order, with no gap, then streams live ones', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      const c = await cms.create(configMap('c1'));
      const from = c.metadata!.resourceVersion!;
      await cms.patch('c1', 'merge', { data: { a: '2' } });
      await cms.create(configMap('c2'));
      await cms.delete('c1');
      const watch = cms.watch({ resourceVersion: from });
      const live = cms.patch('c2', 'merge', { data: { a: '5' } });
      const events = await take(watch, 4);
      await live;
      expect(summary(events)).toEqual(['MODIFIED c1 2', 'ADDED c2 1', 'DELETED c1 2', 'MODIFIED c2 5']);
      const rvs = events.map((e) => Number(e.object.metadata?.resourceVersion));
      expect(rvs).toEqual([Number(from) + 1, Number(from) + 2, Number(from) + 3, Number(from) + 4]);
    });

    it('without a resourceVersion starts with ADDED for every current object', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      await cms.create(configMap('b'));
      await cms.create(configMap('a'));
      expect(summary(await take(cms.watch(), 2))).toEqual(['ADDED a 1', 'ADDED b 1']);
    });

    it('a label-selected watch sees objects entering as ADDED and leaving as DELETED', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      const c = await cms.create(configMap('c1', { app: 'web' }));
      const watch = cms.watch({ resourceVersion: c.metadata!.resourceVersion, labelSelector: 'app=web' });
      await cms.patch('c1', 'merge', { metadata: { labels: { app: 'db' } } });
      await cms.patch('c1', 'merge', { data: { a: 'unseen' } });
      await cms.patch('c1', 'merge', { metadata: { labels: { app: 'web' } }, data: { a: 'back' } });
      await cms.patch('c1', 'merge', { data: { a: 'still' } });
      await cms.create(configMap('other', { app: 'db' }));
      await cms.delete('c1');
      expect(summary(await take(watch, 4))).toEqual(['DELETED c1 1', 'ADDED c1 back', 'MODIFIED c1 still', 'DELETED c1 still']);
    });

    it('throws 410 Expired for a resourceVersion older than the compacted log', async () => {
      const { client, cluster, clock } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      const old = await cms.create(configMap('c0'));
      await cms.create(configMap('c1'));
      clock.now += 11 * 60 * 1000;
      const fresh = await cms.patch('c1', 'merge', { data: { a: '2' } });
      expect(cluster.compact()).toBeGreaterThan(0);
      // the log now starts after c1's creation: a watch from c0's version would miss it
      const err = await rejection(take(cms.watch({ resourceVersion: old.metadata!.resourceVersion }), 1));
      expect(err).toMatchObject({ code: 410, reason: 'Expired' });
      expect(err.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
      const resumed = cms.watch({ resourceVersion: fresh.metadata!.resourceVersion });
      await cms.patch('c1', 'merge', { data: { a: '3' } });
      expect(summary(await take(resumed, 1))).toEqual(['MODIFIED c1 3']);
    });

    it('watches across namespaces, including namespaces created later, and rejects a non-composite resourceVersion with 410', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS);
      await cms.namespace('default').create(configMap('d1'));
      const watch = cms.watch()[Symbol.asyncIterator]();
      expect((await watch.next()).value).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'd1', namespace: 'default' } } });
      await client.resource(NAMESPACES).create({ metadata: { name: 'late' } });
      await cms.namespace('late').create(configMap('l1'));
      expect((await watch.next()).value).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'l1', namespace: 'late' } } });
      await watch.return?.();
      expect((await rejection(take(cms.watch({ resourceVersion: '5' }), 1))).code).toBe(410);
    });

    it('resumes an all-namespace watch from the composite resourceVersion of a list', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS);
      await cms.namespace('default').create(configMap('d1'));
      const list = await cms.list();
      await cms.namespace('kube-system').create(configMap('k1'));
      await cms.namespace('default').patch('d1', 'merge', { data: { a: '2' } });
      const events = await take(cms.watch({ resourceVersion: list.metadata.resourceVersion }), 2);
      expect(summary(events).sort()).toEqual(['ADDED k1 1', 'MODIFIED d1 2']);
    });

    it('stops when the signal aborts', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      const ac = new AbortController();
      const seen: string[] = [];
      const done = (async () => {
        for await (const e of cms.watch({ signal: ac.signal })) seen.push(e.object.metadata!.name!);
      })();
      await cms.create(configMap('x'));
      await new Promise((r) => setTimeout(r, 0));
      ac.abort();
      await done;
      expect(seen).toEqual(['x']);
    });
  });

  describe(`${name}: subresources and apply`, () => {
    it('binds a pod once', async () => {
      const { client } = setup();
      const pods = client.resource<Pod>(PODS).namespace('default');
      await pods.create({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
      await pods.bind('p', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { kind: 'Node', name: 'n1' } });
      expect((await pods.get('p')).spec?.nodeName).toBe('n1');
      const again = await rejection(pods.bind('p', { target: { name: 'n2' } }));
      expect(again.message).toBe('Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n1"');
    });

    it('server-side apply creates, then updates, and requires a field manager', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('default');
      const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ap' }, data: { k: 'v' } };
      const created = await cms.patch('ap', 'apply', body, { fieldManager: 'me' });
      expect(created.metadata?.managedFields?.[0]).toMatchObject({ manager: 'me', operation: 'Apply' });
      const updated = await cms.patch('ap', 'apply', { ...body, data: { k: 'w' } }, { fieldManager: 'me' });
      expect(updated.data).toEqual({ k: 'w' });
      expect((await rejection(cms.patch('ap', 'apply', body))).code).toBe(400);
    });

    it('requires a namespace for namespaced kinds but takes it from the object on create', async () => {
      const { client } = setup();
      const cms = client.resource<ConfigMap>(CONFIGMAPS);
      const c = await cms.create({ ...configMap('c'), metadata: { name: 'c', namespace: 'kube-system' } });
      expect(c.metadata?.namespace).toBe('kube-system');
      expect((await rejection(cms.get('c'))).code).toBe(400);
    });
  });
}

/** Services get a cluster-unique IP from 10.96.0.0/12, released on delete. */
export function serviceSuite(name: string, make: (clock: { now: number }) => Harness): void {
  describe(`${name}: services`, () => {
    it('allocates distinct cluster IPs across namespaces and refuses a taken one', async () => {
      const { client } = make({ now: START });
      const svc = (n: string, clusterIP?: string) => ({ metadata: { name: n }, spec: { clusterIP, ports: [{ port: 80 }], selector: { app: n } } });
      const a = (await client.resource(SERVICES).namespace('default').create(svc('a'))) as { spec: { clusterIP: string } };
      const b = (await client.resource(SERVICES).namespace('kube-system').create(svc('b'))) as { spec: { clusterIP: string } };
      expect(a.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
      expect(b.spec.clusterIP).not.toBe(a.spec.clusterIP);
      const taken = await rejection(client.resource(SERVICES).namespace('default').create(svc('c', a.spec.clusterIP)));
      expect(taken).toMatchObject({ code: 422, reason: 'Invalid' });
      await client.resource(SERVICES).namespace('default').delete('a');
      const reused = (await client.resource(SERVICES).namespace('default').create(svc('c', a.spec.clusterIP))) as { spec: { clusterIP: string } };
      expect(reused.spec.clusterIP).toBe(a.spec.clusterIP);
    });
  });
}
const SERVICES = { group: '', version: 'v1', plural: 'services' };
