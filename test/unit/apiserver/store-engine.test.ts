import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import type { KubeObject, StoredObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import type { NamespacePhase } from '../../../shared/apiserver/namespace-lifecycle';
import { StoreEngine, type StoreHooks } from '../../../shared/apiserver/store-engine';
import type { LoggedEvent } from '../../../shared/apiserver/store-table';
import { compileFilter } from '../../../shared/apiserver/list-filter';
import { listMetadata } from '../../../shared/apiserver/list-text';
import { eventFor } from '../../../shared/apiserver/watch-event';
import { MemoryTable } from '../../../shared/client/memory-table';

const def = (kind: string) => BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === kind)!;
const CONFIGMAPS = def('ConfigMap');
const SERVICES = def('Service');
const NAMESPACES = def('Namespace');

interface Fake {
  engine: StoreEngine;
  table: MemoryTable;
  published: LoggedEvent[];
  lookups: string[];
  released: string[];
  told: [string, NamespacePhase][];
}

function store(opts: Partial<StoreHooks> & { phase?: NamespacePhase } = {}): Fake {
  const table = new MemoryTable();
  const fake: Fake = { engine: undefined as never, table, published: [], lookups: [], released: [], told: [] };
  let uid = 0;
  fake.engine = new StoreEngine(table, {
    context: () => ({ now: '2024-01-01T00:00:00Z', newUid: () => `uid-${++uid}`, rand: () => 0.5 }),
    now: () => 0,
    publish: (e) => fake.published.push(e),
    namespace: 'team',
    isClusterStore: false,
    lookupNamespacePhase: async (ns) => {
      fake.lookups.push(ns);
      return opts.phase ?? 'Active';
    },
    allocateServiceIP: async () => '10.96.0.10',
    releaseServiceIP: (ip) => fake.released.push(ip),
    setNamespacePhaseOf: (ns, phase) => fake.told.push([ns, phase]),
    ...opts,
  });
  return fake;
}

const cm = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' }, ...extra });
const svc = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }] } });

async function error(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('StoreEngine writes', () => {
  it('asks the cluster store for the namespace phase once, then remembers it', async () => {
    const s = store();
    await s.engine.create({ def: CONFIGMAPS, object: cm('a'), version: 'v1' });
    await s.engine.create({ def: CONFIGMAPS, object: cm('b'), version: 'v1' });
    expect(s.lookups).toEqual(['team']);
    expect(s.engine.phase).toBe('Active');
  });

  it.each([
    ['Gone', 404, 'namespaces "team" not found'],
    ['Terminating', 403, 'configmaps "a" is forbidden: unable to create new content in namespace team because it is being terminated'],
  ] as const)('refuses creates into a %s namespace', async (phase, code, message) => {
    const s = store({ phase });
    const e = await error(s.engine.create({ def: CONFIGMAPS, object: cm('a'), version: 'v1' }));
    expect([e.code, e.message]).toEqual([code, message]);
    expect(s.table.resourceVersion).toBe(0);
  });

  it('lets updates and deletes through while the namespace terminates', async () => {
    const s = store();
    await s.engine.create({ def: CONFIGMAPS, object: cm('a', { metadata: { name: 'a', finalizers: ['x/y'] } }), version: 'v1' });
    s.engine.setNamespacePhase('Terminating');
    const marked = await s.engine.delete({ def: CONFIGMAPS, name: 'a' });
    expect(marked.removed).toBe(false);
    await s.engine.patch({ def: CONFIGMAPS, name: 'a', patchType: 'merge', patch: { metadata: { finalizers: null } }, target: 'main', version: 'v1' });
    expect(s.table.get('configmaps', 'a')).toBeNull();
    expect(s.published.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('leaves the table untouched when admission fails', async () => {
    const s = store();
    await s.engine.create({ def: CONFIGMAPS, object: cm('a'), version: 'v1' });
    const before = s.table.resourceVersion;
    const cases: Promise<unknown>[] = [
      s.engine.create({ def: CONFIGMAPS, object: cm('a'), version: 'v1' }),
      s.engine.update({ def: CONFIGMAPS, name: 'a', object: cm('a', { metadata: { name: 'a', resourceVersion: '999' } }), target: 'main', version: 'v1' }),
      s.engine.patch({ def: CONFIGMAPS, name: 'missing', patchType: 'merge', patch: {}, target: 'main', version: 'v1' }),
      s.engine.delete({ def: CONFIGMAPS, name: 'a', preconditions: { uid: 'other' } }),
    ];
    const codes = [];
    for (const p of cases) codes.push((await error(p)).code);
    expect(codes).toEqual([409, 409, 404, 409]);
    expect(s.table.resourceVersion).toBe(before);
  });

  it('re-checks after awaiting a service IP: the loser of a create race gets AlreadyExists and its IP back', async () => {
    let n = 0;
    const s = store({ allocateServiceIP: async () => `10.96.0.${++n}` });
    const results = await Promise.allSettled([
      s.engine.create({ def: SERVICES, object: svc('web'), version: 'v1' }),
      s.engine.create({ def: SERVICES, object: svc('web'), version: 'v1' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as ApiError).reason).toBe('AlreadyExists');
    const kept = (s.table.get('services', 'web')!.spec as { clusterIP: string }).clusterIP;
    expect(s.released).toHaveLength(1);
    expect(s.released[0]).not.toBe(kept);
  });

  it('gives a Service created by server-side apply a cluster IP, and releases it on delete', async () => {
    const s = store();
    const r = await s.engine.patch({ def: SERVICES, name: 'web', patchType: 'apply', patch: svc('web') as never, target: 'main', version: 'v1', fieldManager: 'kubectl' });
    expect(r.created).toBe(true);
    expect((r.object.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.10');
    await s.engine.delete({ def: SERVICES, name: 'web' });
    expect(s.released).toEqual(['10.96.0.10']);
  });

  it('dry runs answer without committing', async () => {
    const s = store();
    const r = await s.engine.create({ def: SERVICES, object: svc('web'), version: 'v1', dryRun: true });
    expect(r.object.metadata.name).toBe('web');
    expect(s.table.resourceVersion).toBe(0);
    expect(s.published).toEqual([]);
  });
});

describe('StoreEngine namespace duties', () => {
  const cluster = () => store({ namespace: undefined, isClusterStore: true });

  it('bootstraps once and tells each namespace store it is Active', () => {
    const c = cluster();
    expect(c.engine.bootstrap(['default', 'kube-system'])).toEqual(['default', 'kube-system']);
    expect(c.engine.bootstrap(['default', 'kube-system'])).toEqual([]);
    expect(c.told).toEqual([
      ['default', 'Active'],
      ['kube-system', 'Active'],
    ]);
  });

  it('a namespace store gets its default ServiceAccount when told Active', () => {
    const s = store();
    s.engine.setNamespacePhase('Active');
    s.engine.setNamespacePhase('Active');
    expect(s.table.get('serviceaccounts', 'default')?.metadata).toMatchObject({ name: 'default', namespace: 'team' });
    expect(s.published).toHaveLength(1);
  });

  it('deleting a namespace marks it Terminating; finalization removes it once its store is empty', async () => {
    const c = cluster();
    c.engine.bootstrap(['team']);
    const marked = await c.engine.delete({ def: NAMESPACES, name: 'team' });
    expect(marked.object.status).toMatchObject({ phase: 'Terminating' });
    expect(c.engine.hasTerminatingNamespaces()).toBe(true);
    const phases: NamespacePhase[] = [];
    let remaining = 1;
    const handle = { setNamespacePhase: async (p: NamespacePhase) => void phases.push(p), purge: async () => remaining };
    expect(await c.engine.finalizeNamespaces(() => handle)).toBe(true);
    remaining = 0;
    expect(await c.engine.finalizeNamespaces(() => handle)).toBe(false);
    expect(c.table.get('namespaces', 'team')).toBeNull();
    expect(phases).toEqual(['Terminating', 'Terminating', 'Gone']);
    expect(c.told.map(([, p]) => p)).toEqual(['Active', 'Terminating', 'Gone']);
  });

  it('a namespace DELETE awaits the first finalization pass after its commit, not on dry runs', async () => {
    const seen: string[] = [];
    const c = store({
      namespace: undefined,
      isClusterStore: true,
      namespaceDeletionPending: async () => void seen.push(c.table.get('namespaces', 'team')!.metadata.deletionTimestamp ?? 'not marked'),
    });
    c.engine.bootstrap(['team']);
    await c.engine.delete({ def: NAMESPACES, name: 'team', dryRun: true });
    expect(seen).toEqual([]);
    await c.engine.delete({ def: NAMESPACES, name: 'team' });
    expect(seen).toEqual(['2024-01-01T00:00:00Z']);
  });

  it('a namespace held by metadata finalizers is finalized once, not on every pass', async () => {
    const c = cluster();
    await c.engine.create({ def: NAMESPACES, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'held', finalizers: ['x/y'] } }, version: 'v1' });
    await c.engine.delete({ def: NAMESPACES, name: 'held' });
    const handle = { setNamespacePhase: async () => undefined, purge: async () => 0 };
    await c.engine.finalizeNamespaces(() => handle);
    const rv = c.table.resourceVersion;
    await c.engine.finalizeNamespaces(() => handle);
    expect(c.table.resourceVersion).toBe(rv);
    expect((c.table.get('namespaces', 'held')!.spec as { finalizers: string[] }).finalizers).toEqual([]);
  });

  it('hands out service IPs from its allocation table, a requested one only if free', () => {
    const c = cluster();
    const ip = c.engine.allocateServiceIP('team/web');
    expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    expect(() => c.engine.allocateServiceIP('team/other', ip)).toThrow(/provided IP is already allocated/);
    c.engine.releaseServiceIP(ip);
    expect(c.engine.allocateServiceIP('team/other', ip)).toBe(ip);
  });
});

describe('eventFor', () => {
  const labelled = (tier: string) => ({ ...cm('a'), metadata: { name: 'a', uid: 'u', resourceVersion: '1', labels: { tier } } }) as unknown as StoredObject;
  const filter = compileFilter('', 'ConfigMap', { labelSelector: 'tier=web' });
  it.each([
    ['ADDED', null, 'web', 'ADDED'],
    ['ADDED', null, 'db', null],
    ['MODIFIED', 'web', 'web', 'MODIFIED'],
    ['MODIFIED', 'db', 'web', 'ADDED'],
    ['MODIFIED', 'web', 'db', 'DELETED'],
    ['MODIFIED', 'db', 'db', null],
    ['DELETED', 'web', 'web', 'DELETED'],
    ['DELETED', 'db', 'db', null],
  ] as const)('%s from %s to %s is seen as %s', (type, prev, now, want) => {
    const e: LoggedEvent = { rv: 1, resource: 'configmaps', type, object: labelled(now), prev: prev ? labelled(prev) : null };
    expect(eventFor(e, filter)?.type ?? null).toBe(want);
  });
});

describe('StoreEngine event TTL', () => {
  const event = (name: string, lastTimestamp: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name },
    involvedObject: { kind: 'Pod', name: 'p', namespace: 'team' },
    reason: 'Started',
    message: 'Started container c',
    lastTimestamp,
  });

  it('deletes events an hour after their last update and says when the next one expires', async () => {
    const f = store();
    const events = def('Event');
    await f.engine.create({ def: events, object: event('old', '2024-01-01T00:00:00Z'), version: 'v1' });
    await f.engine.create({ def: events, object: event('new', '2024-01-01T00:30:00Z'), version: 'v1' });
    const next = f.engine.expireEvents(Date.parse('2024-01-01T01:00:00Z'));
    expect(() => f.engine.get(events, 'old')).toThrow(/not found/);
    expect(f.engine.get(events, 'new').metadata.name).toBe('new');
    expect(next).toBe(Date.parse('2024-01-01T01:30:00Z'));
    expect(f.published.at(-1)).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'old' } } });
  });
});

describe('lists served as stored JSON (ListRequest.asJson)', () => {
  it('gives the same items, pages, continue tokens and counts as the object path, with and without selectors', async () => {
    const s = store();
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      await s.engine.create({ def: CONFIGMAPS, object: cm(name, { metadata: { name, labels: { tier: name < 'c' ? 'front' : 'back' } } }), version: 'v1' });
    }
    for (const req of [{}, { limit: 2 }, { labelSelector: 'tier=back' }, { labelSelector: 'tier=back', limit: 1 }, { fieldSelector: 'metadata.name!=b', limit: 3 }]) {
      const objects = s.engine.list({ def: CONFIGMAPS, ...req });
      const text = s.engine.list({ def: CONFIGMAPS, ...req, asJson: true });
      expect(text.items).toEqual([]);
      expect(JSON.parse(text.body!)).toEqual({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: listMetadata(objects), items: objects.items });
      expect([text.resourceVersion, text.continue, text.remainingItemCount]).toEqual([objects.resourceVersion, objects.continue, objects.remainingItemCount]);
      if (objects.continue) {
        const next = s.engine.list({ def: CONFIGMAPS, ...req, continue: objects.continue, asJson: true });
        expect(JSON.parse(next.body!).items).toEqual(s.engine.list({ def: CONFIGMAPS, ...req, continue: objects.continue }).items);
      }
    }
  });
});

describe('gets served as stored JSON (StoreEngine.getJson)', () => {
  it('give the object as a get serializes it, and a 404 for a missing one, over a table without stored text', async () => {
    const { engine } = store();
    await engine.create({ def: CONFIGMAPS, object: cm('a', { metadata: { name: 'a', labels: { '2': 'b', '1': 'a' } } }), version: 'v1' });
    expect(engine.getJson(CONFIGMAPS, 'a')).toBe(JSON.stringify(engine.get(CONFIGMAPS, 'a')));
    const missing = (() => {
      try {
        engine.getJson(CONFIGMAPS, 'absent');
      } catch (e) {
        return e as ApiError;
      }
    })();
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing!.toStatus()).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "absent" not found' });
  });
});
