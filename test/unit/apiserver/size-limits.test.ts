import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import type { KubeObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { checkStoredSize, fitsBytes, MAX_OBJECT_BYTES, utf8Length } from '../../../shared/apiserver/size-limits';
import { StoreEngine } from '../../../shared/apiserver/store-engine';
import type { LoggedEvent } from '../../../shared/apiserver/store-table';
import { MemoryTable } from '../../../shared/client/memory-table';

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['a😀é€', 10],
    ['\u07ff\u0800', 5],
  ])('%j is %i bytes, as TextEncoder says', (s, n) => {
    expect(utf8Length(s)).toBe(n);
    expect(new TextEncoder().encode(s).length).toBe(n);
  });
});

describe('fitsBytes', () => {
  it.each([
    [10, ['0123456789'], true],
    [10, ['01234', '56789'], true],
    [10, ['0123456789a'], false],
    [10, ['€€€'], true],
    [10, ['€€€€'], false],
    [10, ['€€€', 'a'], true],
    [10, ['€€€', 'ab'], false],
  ])('max %i: %j → %s', (max, texts, fits) => {
    expect(fitsBytes(max, ...texts)).toBe(fits);
  });
});

describe('checkStoredSize', () => {
  it("takes an object's JSON up to etcd's 1.5 MiB and refuses one byte more with 413", () => {
    expect(MAX_OBJECT_BYTES).toBe(1572864);
    expect(() => checkStoredSize('x'.repeat(MAX_OBJECT_BYTES))).not.toThrow();
    const e = (() => {
      try {
        checkStoredSize('x'.repeat(MAX_OBJECT_BYTES - 1) + 'é');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).toStatus()).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge', message: 'etcdserver: request is too large' });
  });
});

const DEPLOYMENTS = BUILTIN_RESOURCES.find((d) => d.group === 'apps' && d.kind === 'Deployment')!;

/** A namespace store over a MemoryTable that records what it publishes. */
function store() {
  const table = new MemoryTable();
  const published: LoggedEvent[] = [];
  const engine = new StoreEngine(table, {
    context: () => ({ now: '2024-01-01T00:00:00Z', newUid: () => '00000000-0000-0000-0000-000000000000', rand: () => 0.5 }),
    now: () => 0,
    publish: (e) => published.push(e),
    namespace: 'team',
    isClusterStore: false,
    lookupNamespacePhase: async () => 'Active',
    allocateServiceIP: async () => '10.96.0.10',
    releaseServiceIP: () => undefined,
    setNamespacePhaseOf: () => undefined,
  });
  return { table, engine, published };
}

/** A Deployment `name` whose one env value is `size` bytes long, held by a finalizer. */
function held(name: string, size: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, finalizers: ['example.com/hold'] },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'PAD', value: 'z'.repeat(size) }] }] } },
    },
  };
}

const jsonBytes = (o: unknown) => utf8Length(JSON.stringify(o));

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(e)}`);
  return e;
}

describe('StoreEngine size limits', () => {
  it('refuses a create over the limit and stores, counts and publishes nothing', async () => {
    const s = store();
    const e = await apiError(s.engine.create({ def: DEPLOYMENTS, object: held('big', MAX_OBJECT_BYTES), version: 'v1' }));
    expect([e.code, e.message]).toEqual([413, 'etcdserver: request is too large']);
    expect([s.table.resourceVersion, s.table.countAll(), s.published]).toEqual([0, 0, []]);
  });

  it('a deletecollection is one transaction: when one object cannot be written, none is', async () => {
    const s = store();
    const create = (name: string, size: number) => s.engine.create({ def: DEPLOYMENTS, object: held(name, size), version: 'v1' });
    // size b so that it fits, and marking it deleted (deletionTimestamp, grace period) does not
    const overhead = jsonBytes((await create('b', 0)).object);
    await s.engine.delete({ def: DEPLOYMENTS, name: 'b' });
    await s.engine.update({ def: DEPLOYMENTS, name: 'b', version: 'v1', target: 'main', object: { ...s.engine.get(DEPLOYMENTS, 'b'), metadata: { ...s.engine.get(DEPLOYMENTS, 'b').metadata, finalizers: [] } } });
    await create('a', 10);
    const b = (await create('b', MAX_OBJECT_BYTES - overhead - 8)).object;
    expect(jsonBytes(b)).toBeLessThanOrEqual(MAX_OBJECT_BYTES);
    const before = { rv: s.table.resourceVersion, a: s.engine.get(DEPLOYMENTS, 'a'), b: s.engine.get(DEPLOYMENTS, 'b'), published: s.published.length };

    const e = await apiError(s.engine.deleteCollection({ def: DEPLOYMENTS }));
    expect([e.code, e.message]).toEqual([413, 'etcdserver: request is too large']);
    // 'a' came first and was marked inside the transaction; the rollback took that back too
    expect({ rv: s.table.resourceVersion, a: s.engine.get(DEPLOYMENTS, 'a'), b: s.engine.get(DEPLOYMENTS, 'b'), published: s.published.length }).toEqual(before);
    expect(s.table.eventsSince('deployments.apps', before.rv)).toEqual([]);

    // the next write takes the next counter: nothing was used up by the failed batch
    const next = await create('c', 10);
    expect(next.object.metadata.resourceVersion).toBe(String(before.rv + 1));
  });
});
