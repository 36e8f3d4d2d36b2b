import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import { storeFor, storeStub } from '../../platform/stores';
import { unwrap } from '../../shared/client/store-result';
import { listBody } from '../../workers/api/output';
import { api, BASE, configMap, settledNamespace, objectStoreStub } from './helpers';

/**
 * A list served as stored (storage version, no Table, no selector) is built as text in the store from
 * its SQLite rows, one query for the page (ObjectTable.pageJson), and passed through by the Worker.
 * Its body must parse to exactly what the general path (the store's objects, output.ts listBody)
 * gives for the same request: items, kind, apiVersion, resourceVersion, continue, remainingItemCount.
 */

function def(group: string, kind: string): ResourceDef {
  return BUILTIN_RESOURCES.find((d) => d.group === group && d.kind === kind)!;
}

const CONFIGMAP = def('', 'ConfigMap');
const LEASE = def('coordination.k8s.io', 'Lease');
const REVISION = def('apps', 'ControllerRevision');
const PRIORITY_CLASS = def('scheduling.k8s.io', 'PriorityClass');

function collectionPath(d: ResourceDef, ns?: string): string {
  const base = d.group ? `/apis/${d.group}/${d.storageVersion}` : `/api/${d.storageVersion}`;
  return `${base}${ns ? `/namespaces/${ns}` : ''}/${d.plural}`;
}

interface Paging {
  limit?: number;
  continue?: string;
}

/**
 * The fast path's body over HTTP and the general path's for the same request, read between two
 * general reads of the same resourceVersion, so that no commit (a controller's, in a busy store)
 * fell between them; retried until that holds.
 */
async function bothPaths(d: ResourceDef, ns: string | undefined, paging: Paging): Promise<{ fast: string; general: unknown }> {
  const stub = storeStub(env, storeFor(ns !== undefined, ns));
  const query = new URLSearchParams();
  if (paging.limit !== undefined) query.set('limit', String(paging.limit));
  if (paging.continue) query.set('continue', paging.continue);
  const general = async () => {
    const list = unwrap(await stub.list({ def: d, ...paging }));
    return listBody({ def: d, version: d.storageVersion, table: false, now: 0 }, list.items, list);
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    const before = await general();
    const res = await SELF.fetch(`${BASE}${collectionPath(d, ns)}?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const fast = await res.text();
    const after = await general();
    if (JSON.stringify(before) === JSON.stringify(after)) return { fast, general: after };
  }
  throw new Error(`${d.kind}: the store never held still for two reads`);
}

/** Asserts both paths agree, key order included, and returns the parsed fast body. */
async function expectSame(d: ResourceDef, ns: string | undefined, paging: Paging = {}) {
  const { fast, general } = await bothPaths(d, ns, paging);
  expect(JSON.parse(fast)).toEqual(general);
  expect(JSON.stringify(JSON.parse(fast))).toBe(JSON.stringify(general));
  return JSON.parse(fast) as { kind: string; apiVersion: string; metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number }; items: { metadata: { name: string } }[] };
}

const lease = (name: string) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40 } });
const revision = (name: string, n: number) => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name, labels: { n: String(n) } }, data: { spec: { n } }, revision: n });

describe('lists served as stored', () => {
  it('are empty lists with the kind, apiVersion and resourceVersion of the general path', async () => {
    const ns = await settledNamespace('lf');
    for (const d of [LEASE, REVISION]) {
      const list = await expectSame(d, ns);
      expect(list).toMatchObject({ kind: `${d.kind}List`, items: [] });
      expect(list.metadata.continue).toBeUndefined();
      expect(await expectSame(d, ns, { limit: 2 })).toEqual(list);
    }
  });

  it('page with limit and continue exactly as the general path does, for several kinds', async () => {
    const ns = await settledNamespace('lf');
    const kinds: [ResourceDef, (i: number) => unknown][] = [
      [CONFIGMAP, (i) => configMap(`cm-${i}`, { k: 'v'.repeat(i) }, { i: String(i) })],
      [LEASE, (i) => lease(`lease-${i}`)],
      [REVISION, (i) => revision(`rev-${i}`, i)],
    ];
    for (const [d, make] of kinds) {
      for (let i = 0; i < 5; i++) expect((await api('POST', collectionPath(d, ns), make(i))).status).toBe(201);
      const all = await expectSame(d, ns);
      expect(all.items.map((o) => o.metadata.name).filter((n) => /-\d$/.test(n))).toHaveLength(5);
      // every page size: walk the continue tokens to the end, each page checked against the general path
      for (const limit of [1, 2, all.items.length, all.items.length + 1]) {
        const names: string[] = [];
        let token: string | undefined;
        do {
          const page = await expectSame(d, ns, { limit, continue: token });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          names.push(...page.items.map((o) => o.metadata.name));
          token = page.metadata.continue;
          if (token) expect(page.metadata.remainingItemCount).toBeGreaterThan(0);
        } while (token);
        expect(names).toEqual(all.items.map((o) => o.metadata.name));
      }
    }
  });

  it('hold for a cluster-scoped kind', async () => {
    const name = `lf-${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++) {
      const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: `${name}-${i}` }, value: 1000 + i };
      expect((await api('POST', collectionPath(PRIORITY_CLASS), pc)).status).toBe(201);
    }
    const first = await expectSame(PRIORITY_CLASS, undefined, { limit: 2 });
    expect(first.metadata.continue).toBeTruthy();
    await expectSame(PRIORITY_CLASS, undefined, { limit: 2, continue: first.metadata.continue });
    await expectSame(PRIORITY_CLASS, undefined);
  });

  it('keep the stored JSON text of each item, byte for byte what a get returns', async () => {
    const ns = await settledNamespace('lf');
    expect((await api('POST', collectionPath(LEASE, ns), lease('only'))).status).toBe(201);
    const text = await (await SELF.fetch(`${BASE}${collectionPath(LEASE, ns)}`)).text();
    const got = await (await SELF.fetch(`${BASE}${collectionPath(LEASE, ns)}/only`)).text();
    expect(text.endsWith(`"items":[${got}]}`)).toBe(true);
  });

  it('read a page in one statement, and count what remains only when another page follows', async () => {
    const ns = await settledNamespace('lf');
    for (let i = 0; i < 3; i++) expect((await api('POST', collectionPath(LEASE, ns), lease(`l-${i}`))).status).toBe(201);
    const stub = objectStoreStub(`ns:${ns}`);
    // the statements on the objects table only: a controller's notice bookkeeping may run meanwhile
    const reads: string[] = [];
    await runInDurableObject(stub, (instance) => {
      const sql = (instance as unknown as { table: { sql: SqlStorage } }).table.sql;
      const exec = sql.exec;
      sql.exec = ((query: string, ...bindings: unknown[]) => {
        if (/FROM objects/.test(query)) reads.push(query.replace(/\s+/g, ' '));
        return exec.call(sql, query, ...bindings);
      }) as SqlStorage['exec'];
    });
    try {
      expect((await SELF.fetch(`${BASE}${collectionPath(LEASE, ns)}`)).status).toBe(200);
      const page = 'SELECT name, body FROM objects WHERE resource = ? AND name > ? ORDER BY name LIMIT ?';
      expect(reads).toEqual([page]);
      reads.length = 0;
      // limit + 1 rows say whether another page follows; only then is the rest counted (remainingItemCount)
      expect((await SELF.fetch(`${BASE}${collectionPath(LEASE, ns)}?limit=3`)).status).toBe(200);
      expect(reads).toEqual([page]);
      reads.length = 0;
      expect((await SELF.fetch(`${BASE}${collectionPath(LEASE, ns)}?limit=2`)).status).toBe(200);
      expect(reads).toEqual([page, 'SELECT COUNT(*) AS n FROM objects WHERE resource = ? AND name > ?']);
    } finally {
      await runInDurableObject(stub, (instance) => {
        delete ((instance as unknown as { table: { sql: SqlStorage } }).table.sql as { exec?: unknown }).exec;
      });
    }
  });

  it('hold for pages longer than the longest string SQLite makes (2 MB on Cloudflare)', async () => {
    const ns = await settledNamespace('lf');
    // four ConfigMaps of 900 kB: 3.6 MB of stored JSON in one unpaged list
    for (let i = 0; i < 4; i++) expect((await api('POST', collectionPath(CONFIGMAP, ns), configMap(`big-${i}`, { k: String(i).repeat(900_000) }))).status).toBe(201);
    const all = await expectSame(CONFIGMAP, ns);
    expect(all.items.filter((o) => o.metadata.name.startsWith('big-'))).toHaveLength(4);
    const first = await expectSame(CONFIGMAP, ns, { limit: 3 });
    await expectSame(CONFIGMAP, ns, { limit: 3, continue: first.metadata.continue });
  });
});
