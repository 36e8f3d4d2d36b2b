// The SQL a store runs per write: every statement in the commit path costs every write (API creates,
// the kubelets' Lease renewals through updateMany, the controllers' createMany), so its count is pinned.
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import type { KubeObject, StoredObject } from '../../shared/api/object';
import type { StoreResult } from '../../shared/apiserver/store-protocol';
import { api, configMap, settledNamespace, objectStoreStub } from './helpers';

const LEASE = BUILTIN_RESOURCES.find((d) => d.group === 'coordination.k8s.io' && d.kind === 'Lease')!;

function lease(name: string, renewTime: string): KubeObject {
  return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime } };
}

/** Counts the statements the store `ns:<namespace>` runs from now on (its SqlStorage's exec), by their first word and table. */
async function countStatements(namespace: string): Promise<{ statements: string[]; stop: () => Promise<void> }> {
  const statements: string[] = [];
  const stub = objectStoreStub(`ns:${namespace}`);
  await runInDurableObject(stub, (instance) => {
    const sql = (instance as unknown as { table: { sql: SqlStorage } }).table.sql;
    const exec = sql.exec;
    sql.exec = ((query: string, ...bindings: unknown[]) => {
      statements.push(query.replace(/\s+/g, ' ').split(' ').slice(0, 4).join(' '));
      return exec.call(sql, query, ...bindings);
    }) as SqlStorage['exec'];
  });
  const stop = () =>
    runInDurableObject(stub, (instance) => {
      const sql = (instance as unknown as { table: { sql: SqlStorage } }).table.sql;
      delete (sql as { exec?: unknown }).exec;
    });
  return { statements, stop };
}

describe('statements per write', () => {
  it('an API create runs one insert (object and event together, the name checked by it): no existence, LimitRange, quota or kv reads', async () => {
    const ns = await settledNamespace('sql');
    // the namespace's store learns its phase and scans its (absent) LimitRanges and quotas once
    expect((await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('first'))).status).toBe(201);
    const { statements, stop } = await countStatements(ns);
    try {
      for (let i = 0; i < 5; i++) expect((await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap(`cm-${i}`))).status).toBe(201);
      // notices to controllers are flushed after the response: let them settle before counting
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await stop();
    }
    expect(statements).toEqual(Array.from({ length: 5 }, () => 'INSERT INTO creates (rv,'));
  });

  it('a create of a taken name is 409 AlreadyExists and writes nothing: no event, the object as it was, no used resourceVersion', async () => {
    const ns = await settledNamespace('sql');
    const stub = objectStoreStub(`ns:${ns}`);
    const first = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('taken', { a: '1' }));
    expect(first.status).toBe(201);
    const { statements, stop } = await countStatements(ns);
    let again: Awaited<ReturnType<typeof api>>;
    try {
      again = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('taken', { a: '2' }));
    } finally {
      await stop();
    }
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', message: 'configmaps "taken" already exists', details: { name: 'taken', kind: 'configmaps' } });
    // the insert found the name taken; only then is it looked up, to tell that from another failure
    expect(statements).toEqual(['INSERT INTO creates (rv,', 'SELECT body FROM objects']);
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/taken`)).body).toEqual(first.body);
    const events = await runInDurableObject(stub, (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE body LIKE '%\"taken\"%'").one().n);
    expect(events).toBe(1);
    const next = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('next'));
    expect(Number(next.body.metadata.resourceVersion)).toBe(Number(first.body.metadata.resourceVersion) + 1);
    // a dry run and an apply that creates see the same 409 (a dry run still asks first)
    expect((await api('POST', `/api/v1/namespaces/${ns}/configmaps?dryRun=All`, configMap('taken'))).status).toBe(409);
  });

  it('a create too large to store is 413, unless its name is taken: then 409, as when the name was checked first', async () => {
    const ns = await settledNamespace('sql');
    const stub = objectStoreStub(`ns:${ns}`);
    expect((await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('taken'))).status).toBe(201);
    const outcome = await runInDurableObject(stub, (instance) => {
      const table = (instance as unknown as { table: { commitNew(resource: string, object: StoredObject, now: number): unknown; resourceVersion: number } }).table;
      const huge = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { big: 'x'.repeat(1_600_000) } }) as unknown as StoredObject;
      const rv = table.resourceVersion;
      const taken = table.commitNew('configmaps', huge('taken'), 0);
      let free: unknown;
      try {
        table.commitNew('configmaps', huge('free'), 0);
      } catch (e) {
        free = (e as { code?: number }).code;
      }
      return { taken, free, unchanged: table.resourceVersion === rv };
    });
    expect(outcome).toEqual({ taken: null, free: 413, unchanged: true });
  });

  it('a commit whose object row cannot be written leaves no event and no used resourceVersion', async () => {
    const ns = await settledNamespace('sql');
    const stub = objectStoreStub(`ns:${ns}`);
    const before = (await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('before'))).body.metadata.resourceVersion;
    await runInDurableObject(stub, (_, state) => {
      state.storage.sql.exec(`CREATE TRIGGER poison BEFORE INSERT ON objects WHEN NEW.name = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
    });
    try {
      expect((await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('poison'))).status).toBe(500);
    } finally {
      await runInDurableObject(stub, (_, state) => void state.storage.sql.exec('DROP TRIGGER poison'));
    }
    const events = await runInDurableObject(stub, (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE body LIKE '%poison%'").one().n);
    expect(events).toBe(0);
    const after = (await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('after'))).body.metadata.resourceVersion;
    expect(Number(after)).toBe(Number(before) + 1);
  });

  it('updateMany of 100 Leases reads the old ones in one statement, then writes each object with its event in one', async () => {
    const ns = await settledNamespace('sql');
    const stub = objectStoreStub(`ns:${ns}`);
    const names = Array.from({ length: 100 }, (_, i) => `node-${i}`);
    const created: { ok: boolean }[] = await stub.createMany(names.map((n) => ({ def: LEASE, object: lease(n, '2026-01-01T00:00:00.000000Z'), version: 'v1', fieldManager: 'kubelet' })));
    expect(created.every((r) => r.ok)).toBe(true);
    const { statements, stop } = await countStatements(ns);
    let results: { ok: boolean }[] = [];
    try {
      results = await stub.updateMany(names.map((n) => ({ def: LEASE, name: n, object: lease(n, '2026-01-01T00:00:10.000000Z'), target: 'main' as const, version: 'v1', fieldManager: 'kubelet' })));
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await stop();
    }
    expect(results.every((r) => r.ok)).toBe(true);
    expect(statements.length).toBe(101);
    expect(statements[0]).toBe('SELECT name, body FROM');
    expect(statements.filter((q) => q.startsWith('INSERT INTO commits'))).toHaveLength(100);
    // and each renewal is there, with its own resourceVersion
    const after = (await stub.get(LEASE, 'node-99')) as unknown as StoreResult<StoredObject>;
    if (!after.ok) throw new Error(after.status.message);
    expect((after.value.spec as { renewTime: string }).renewTime).toBe('2026-01-01T00:00:10.000000Z');
  });

  it('updateMany with one name twice judges the second against the first one’s commit, as two PUTs would be', async () => {
    const ns = await settledNamespace('sql');
    const stub = objectStoreStub(`ns:${ns}`);
    const created: { ok: boolean; value?: { object: StoredObject } }[] = await stub.createMany([{ def: LEASE, object: lease('twice', '2026-01-01T00:00:00.000000Z'), version: 'v1', fieldManager: 'kubelet' }]);
    const rv = created[0]!.value!.object.metadata.resourceVersion;
    const renewal = (renewTime: string) => ({ def: LEASE, name: 'twice', object: { ...lease('twice', renewTime), metadata: { name: 'twice', resourceVersion: rv } }, target: 'main' as const, version: 'v1', fieldManager: 'kubelet' });
    const results: { ok: boolean; status?: { code: number } }[] = await stub.updateMany([renewal('2026-01-01T00:00:10.000000Z'), renewal('2026-01-01T00:00:20.000000Z'), { ...renewal('2026-01-01T00:00:30.000000Z'), name: 'absent', object: lease('absent', '2026-01-01T00:00:30.000000Z') }]);
    expect(results.map((r) => r.ok || r.status?.code)).toEqual([true, 409, 404]);
    const stored = (await stub.get(LEASE, 'twice')) as unknown as StoreResult<StoredObject>;
    if (!stored.ok) throw new Error(stored.status.message);
    expect((stored.value.spec as { renewTime: string }).renewTime).toBe('2026-01-01T00:00:10.000000Z');
  });

  it('bindMany of 20 pods reads them in one statement and writes each binding with its event in one; a refused binding is its own', async () => {
    const ns = await settledNamespace('sql');
    const stub = objectStoreStub(`ns:${ns}`);
    const POD = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Pod')!;
    const names = Array.from({ length: 20 }, (_, i) => `p-${i}`);
    for (const n of names) expect((await api('POST', `/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: n }, spec: { schedulerName: 'nobody', containers: [{ name: 'c', image: 'nginx' }] } })).status).toBe(201);
    const to = (n: string) => ({ name: n, binding: { apiVersion: 'v1', kind: 'Binding', metadata: { name: n }, target: { kind: 'Node', name: 'n1' } } as KubeObject });
    expect((await stub.bind(POD, 'p-0', to('p-0').binding)).ok).toBe(true);
    const { statements, stop } = await countStatements(ns);
    let results: { ok: boolean; status?: { code: number }; value?: StoredObject }[] = [];
    try {
      results = await stub.bindMany(POD, [...names.map(to), to('absent')]);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await stop();
    }
    // p-0 was bound already: 409 for it alone; the absent pod 404; the other 19 bound, each with its own resourceVersion
    expect(results.map((r) => (r.ok ? r.value!.spec && (r.value!.spec as { nodeName?: string }).nodeName : r.status!.code))).toEqual([409, ...names.slice(1).map(() => 'n1'), 404]);
    expect(new Set(results.filter((r) => r.ok).map((r) => r.value!.metadata.resourceVersion)).size).toBe(19);
    // the batch's read (the scheduler's getMany of new pods may run beside it: it reads them, though they are not its own)
    expect(statements.filter((q) => q === 'SELECT name, body FROM').length).toBeGreaterThanOrEqual(1);
    expect(statements.filter((q) => q.startsWith('INSERT INTO commits'))).toHaveLength(19);
    // no read per binding: the absent pod's 404 is one more; the rest are the store's own (notices, the clock), not 21
    expect(statements.filter((q) => q === 'SELECT body FROM objects').length).toBeLessThan(6);
  });

  it('bindMany writes a binding\'s Scheduled event right after it, in the same batch; a refused binding writes none, a refused event leaves its binding', async () => {
    const ns = await settledNamespace('sql');
    const stub = objectStoreStub(`ns:${ns}`);
    const POD = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'Pod')!;
    for (const n of ['a', 'b', 'c']) expect((await api('POST', `/api/v1/namespaces/${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: n }, spec: { schedulerName: 'nobody', containers: [{ name: 'c', image: 'nginx' }] } })).status).toBe(201);
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: {}, target: { kind: 'Node', name: 'n1' } } as KubeObject;
    expect((await stub.bind(POD, 'b', binding)).ok).toBe(true);
    const event = (name: string, pod: string) => ({ object: { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: ns }, involvedObject: { kind: 'Pod', name: pod, namespace: ns }, reason: 'Scheduled', message: `assigned ${pod}`, type: 'Normal' } as KubeObject, fieldManager: 'scheduler' });
    const { statements, stop } = await countStatements(ns);
    let results: { ok: boolean; status?: { code: number }; value?: StoredObject }[] = [];
    try {
      results = await stub.bindMany(POD, [
        { name: 'a', binding, event: event('a.1', 'a') },
        { name: 'b', binding, event: event('b.1', 'b') }, // bound already: 409, and no event
        { name: 'c', binding, event: event('Not_A_Name', 'c') }, // the event is invalid: the binding stands
      ]);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await stop();
    }
    expect(results.map((r) => (r.ok ? (r.value!.spec as { nodeName?: string }).nodeName : r.status!.code))).toEqual(['n1', 409, 'n1']);
    const items = (await api('GET', `/api/v1/namespaces/${ns}/events`)).body as { items: { metadata: { name: string; resourceVersion: string; managedFields?: { manager: string }[] } }[] };
    expect(items.items.map((e) => e.metadata.name)).toEqual(['a.1']);
    // the event's own write, right after its binding's
    expect(Number(items.items[0]!.metadata.resourceVersion)).toBe(Number(results[0]!.value!.metadata.resourceVersion) + 1);
    expect(items.items[0]!.metadata.managedFields?.[0]?.manager).toBe('scheduler');
    // two bindings and one event written: three commits, in the batch's one call
    expect(statements.filter((q) => q.startsWith('INSERT INTO commits'))).toHaveLength(2);
    expect(statements.filter((q) => q.startsWith('INSERT INTO creates'))).toHaveLength(1);
  });

  it('createMany writes each object with its event in one statement, in one batch; a taken name is 409 and an invalid object 422 for that item alone', async () => {
    const ns = await settledNamespace('sql');
    const stub = objectStoreStub(`ns:${ns}`);
    const CM = BUILTIN_RESOURCES.find((d) => d.group === '' && d.kind === 'ConfigMap')!;
    expect((await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('taken'))).status).toBe(201);
    const req = (name: string) => ({ def: CM, object: configMap(name) as KubeObject, version: 'v1', fieldManager: 'test' });
    const names = ['c-0', 'c-1', 'taken', 'Bad_Name', 'c-2', 'c-0'];
    const { statements, stop } = await countStatements(ns);
    let results: { ok: boolean; status?: { code: number }; value?: { object: StoredObject } }[] = [];
    try {
      results = await stub.createMany(names.map(req));
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await stop();
    }
    expect(results.map((r) => (r.ok ? r.value!.object.metadata.name : r.status!.code))).toEqual(['c-0', 'c-1', 409, 422, 'c-2', 409]);
    const versions = results.filter((r) => r.ok).map((r) => Number(r.value!.object.metadata.resourceVersion));
    expect(versions[1]).toBe(versions[0]! + 1);
    expect(versions[2]).toBe(versions[1]! + 1); // the refused ones used no resourceVersion
    expect(statements.filter((q) => q.startsWith('INSERT INTO creates'))).toHaveLength(5); // three written, two found taken
    for (const n of ['c-0', 'c-1', 'c-2']) expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/${n}`)).status).toBe(200);
  });

  it('a create after a LimitRange appears still sees it (the empty-resource memo is dropped by the commit)', async () => {
    const ns = await settledNamespace('sql');
    const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    expect((await api('POST', `/api/v1/namespaces/${ns}/pods`, pod('before'))).status).toBe(201);
    const range = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'defaults' }, spec: { limits: [{ type: 'Container', default: { cpu: '250m' } }] } };
    expect((await api('POST', `/api/v1/namespaces/${ns}/limitranges`, range)).status).toBe(201);
    const after = await api('POST', `/api/v1/namespaces/${ns}/pods`, pod('after'));
    expect(after.status).toBe(201);
    expect(after.body.spec.containers[0].resources.limits.cpu).toBe('250m');
    // and the other way: once the last one is deleted, creates no longer get its defaults
    expect((await api('DELETE', `/api/v1/namespaces/${ns}/limitranges/defaults`)).status).toBe(200);
    const later = await api('POST', `/api/v1/namespaces/${ns}/pods`, pod('later'));
    expect(later.body.spec.containers[0].resources?.limits).toBeUndefined();
  });
});
