import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import type { KubeObject, StoredObject } from '../../../shared/api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../../shared/api/registry';
import { MAX_OBJECT_BYTES, utf8Length } from '../../../shared/apiserver/size-limits';
import { StoreEngine, type StoreHooks } from '../../../shared/apiserver/store-engine';
import type { LoggedEvent } from '../../../shared/apiserver/store-table';
import { MemoryTable } from '../../../shared/client/memory-table';

/**
 * What a write that cannot finish leaves behind: nothing. A single write, and the multi-object
 * writes that are one transaction (eviction, deletecollection), roll back whole, publish nothing
 * and use up no resourceVersion; a Service's cluster IP goes back. Failures are forced the way they
 * happen: an object that a write would grow past etcd's 1.5 MiB.
 */

const defOf = (group: string, kind: string) => BUILTIN_RESOURCES.find((d) => d.group === group && d.kind === kind)!;
const DEPLOYMENTS = defOf('apps', 'Deployment');
const PODS = defOf('', 'Pod');
const PDBS = defOf('policy', 'PodDisruptionBudget');
const SERVICES = defOf('', 'Service');

/** A namespace store over a MemoryTable that records what it publishes and releases. */
function store(hooks: Partial<StoreHooks> = {}) {
  const table = new MemoryTable();
  const published: LoggedEvent[] = [];
  const released: string[] = [];
  const engine = new StoreEngine(table, {
    context: () => ({ now: '2024-01-01T00:00:00Z', newUid: () => '00000000-0000-0000-0000-000000000000', rand: () => 0.5 }),
    now: () => 0,
    publish: (e) => published.push(e),
    namespace: 'team',
    isClusterStore: false,
    lookupNamespacePhase: async () => 'Active',
    allocateServiceIP: async () => '10.96.0.10',
    releaseServiceIP: (ip) => released.push(ip),
    setNamespacePhaseOf: () => undefined,
    ...hooks,
  });
  // the cluster store tells a new namespace's store it is Active, which gives it its default ServiceAccount (pods need it)
  engine.setNamespacePhase('Active');
  const create = async (def: ResourceDef, object: KubeObject) => (await engine.create({ def, object, version: def.storageVersion })).object;
  const patch = async (def: ResourceDef, name: string, patch: object, target: 'main' | 'status' = 'main') =>
    (await engine.patch({ def, name, patch: patch as never, patchType: 'merge', target, version: def.storageVersion })).object;
  /** Everything a failed write must leave as it was. */
  const state = () => ({ rv: table.resourceVersion, objects: table.resources().flatMap((r) => [...table.scan(r)]), published: published.length });
  return { table, engine, published, released, create, patch, state };
}

type Store = ReturnType<typeof store>;

const jsonBytes = (o: unknown) => utf8Length(JSON.stringify(o));

/**
 * Pads a stored object (through a `pad` annotation) until its JSON is `slack` bytes under the
 * limit, so that marking it deleted (deletionTimestamp, deletionGracePeriodSeconds) no longer fits.
 * The object must already be within 256 KiB of the limit.
 */
async function padToLimit(s: Store, def: ResourceDef, name: string, slack = 8): Promise<StoredObject> {
  const first = await s.patch(def, name, { metadata: { annotations: { pad: 'p' } } });
  const length = 1 + MAX_OBJECT_BYTES - slack - jsonBytes(first);
  const padded = await s.patch(def, name, { metadata: { annotations: { pad: 'p'.repeat(length) } } });
  expect(jsonBytes(padded)).toBe(MAX_OBJECT_BYTES - slack);
  return padded;
}

const NEAR_LIMIT = MAX_OBJECT_BYTES - 100_000;

function deployment(name: string, envBytes: number, finalizers?: string[]): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, finalizers },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx', env: [{ name: 'PAD', value: 'z'.repeat(envBytes) }] }] } },
    },
  };
}

function runningPod(name: string, envBytes: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx', env: [{ name: 'PAD', value: 'z'.repeat(envBytes) }] }] },
  };
}

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(e)}`);
  return e;
}

const TOO_LARGE = [413, 'etcdserver: request is too large'];

describe('a write that cannot be stored', () => {
  it('is refused with 413, and stores, counts and publishes nothing', async () => {
    const s = store();
    const before = s.state();
    const e = await apiError(s.create(DEPLOYMENTS, deployment('big', MAX_OBJECT_BYTES)));
    expect([e.code, e.message]).toEqual(TOO_LARGE);
    expect(s.state()).toEqual(before);
  });

  it("gives back the Service's cluster IP allocated for it", async () => {
    const s = store();
    const labels = Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`label-${i}`, 'v'.repeat(60)]));
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'big', labels }, spec: { ports: [{ port: 80 }] } };
    const e = await apiError(s.create(SERVICES, service));
    expect([e.code, e.message]).toEqual(TOO_LARGE);
    expect(s.released).toEqual(['10.96.0.10']);
    expect(s.table.get('services', 'big')).toBeNull();
  });
});

describe('multi-object writes', () => {
  it('deletecollection is one transaction: when one object cannot be written, none is', async () => {
    const s = store();
    await s.create(DEPLOYMENTS, deployment('a', 10, ['example.com/hold']));
    await s.create(DEPLOYMENTS, deployment('b', NEAR_LIMIT, ['example.com/hold']));
    await padToLimit(s, DEPLOYMENTS, 'b');
    const before = s.state();

    const e = await apiError(s.engine.deleteCollection({ def: DEPLOYMENTS }));
    expect([e.code, e.message]).toEqual(TOO_LARGE);
    // 'a' came first and was marked inside the transaction; the rollback took that back too
    expect(s.state()).toEqual(before);
    expect(s.table.eventsSince('deployments.apps', before.rv)).toEqual([]);
    // the next write takes the next counter: the failed batch used none up
    expect((await s.create(DEPLOYMENTS, deployment('c', 10))).metadata.resourceVersion).toBe(String(before.rv + 1));
  });

  it('eviction charges the budget only if the pod goes, and publishes both only once both are written', async () => {
    const s = store();
    await s.create(PDBS, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'budget' }, spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 } });
    await s.patch(PDBS, 'budget', { status: { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 } }, 'status');
    for (const [name, size] of [['small', 10], ['large', NEAR_LIMIT]] as const) {
      await s.create(PODS, runningPod(name, size));
      await s.patch(PODS, name, { status: { phase: 'Running' } }, 'status');
    }
    await padToLimit(s, PODS, 'large');
    const before = s.state();

    // a running pod is marked for its grace period: that no longer fits, so the budget stays as it was
    const e = await apiError(s.engine.evict(PODS, 'large', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'large' } }));
    expect([e.code, e.message]).toEqual(TOO_LARGE);
    expect(s.state()).toEqual(before);

    expect(await s.engine.evict(PODS, 'small', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'small' } })).toBe(true);
    const events = s.published.slice(before.published).map((e) => [e.type, e.resource, e.object.metadata.name, e.rv]);
    expect(events).toEqual([
      ['MODIFIED', 'poddisruptionbudgets.policy', 'budget', before.rv + 1],
      ['MODIFIED', 'pods', 'small', before.rv + 2],
    ]);
    expect((s.table.get('poddisruptionbudgets.policy', 'budget')!.status as { disruptionsAllowed: number }).disruptionsAllowed).toBe(0);
  });
});

describe('updateMany: a batch of independent updates in one transaction', () => {
  const LEASES = defOf('coordination.k8s.io', 'Lease');
  const lease = (name: string, renewTime: string, resourceVersion?: string): KubeObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, resourceVersion },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime },
  });
  const update = (object: KubeObject) => ({ def: LEASES, name: object.metadata!.name!, object, target: 'main' as const, version: 'v1', fieldManager: 'kubelet' });

  it('writes each update with its own resourceVersion and watch event; a refused one leaves the others written', async () => {
    const s = store();
    const made = [];
    for (const name of ['a', 'b', 'c']) made.push(await s.create(LEASES, lease(name, '2024-01-01T00:00:00.000000Z')));
    const before = s.state();
    const renewed = '2024-01-01T00:00:10.000000Z';
    const out = await s.engine.updateMany([
      update(lease('a', renewed, made[0]!.metadata.resourceVersion)),
      update(lease('b', renewed, '1')), // stale resourceVersion: 409 for b alone
      update(lease('missing', renewed)), // 404 for it alone
      update(lease('c', renewed, made[2]!.metadata.resourceVersion)),
    ]);
    expect(out.map((o) => ('value' in o ? o.value.object.metadata.resourceVersion : (o.error as ApiError).code))).toEqual([String(before.rv + 1), 409, 404, String(before.rv + 2)]);
    const events = s.published.slice(before.published).map((e) => [e.type, e.object.metadata.name, e.rv, (e.object.spec as { renewTime: string }).renewTime]);
    expect(events).toEqual([
      ['MODIFIED', 'a', before.rv + 1, renewed],
      ['MODIFIED', 'c', before.rv + 2, renewed],
    ]);
    expect((s.table.get('leases.coordination.k8s.io', 'b')!.spec as { renewTime: string }).renewTime).toBe('2024-01-01T00:00:00.000000Z');
  });

  it('an update too large to store is refused alone: it takes no resourceVersion and the next one is written', async () => {
    const s = store();
    await s.create(DEPLOYMENTS, deployment('big', NEAR_LIMIT));
    await s.create(LEASES, lease('a', '2024-01-01T00:00:00.000000Z'));
    const before = s.state();
    const big = s.table.get('deployments.apps', 'big')!;
    const grown = deployment('big', MAX_OBJECT_BYTES);
    const out = await s.engine.updateMany([
      { def: DEPLOYMENTS, name: 'big', object: { ...grown, metadata: { ...grown.metadata, resourceVersion: big.metadata.resourceVersion } }, target: 'main', version: 'v1' },
      update(lease('a', '2024-01-01T00:00:10.000000Z')),
    ]);
    expect('error' in out[0]! && (out[0].error as ApiError).code).toBe(413);
    expect('value' in out[1]! && out[1].value.object.metadata.resourceVersion).toBe(String(before.rv + 1));
    expect(s.published.slice(before.published).map((e) => e.object.metadata.name)).toEqual(['a']);
  });

  it('publishes nothing before the whole batch is committed', async () => {
    const s = store();
    for (const name of ['a', 'b']) await s.create(LEASES, lease(name, '2024-01-01T00:00:00.000000Z'));
    const seen: number[] = [];
    const transaction = s.table.transaction.bind(s.table);
    s.table.transaction = <T>(fn: () => T): T => {
      const r = transaction(fn);
      seen.push(s.published.length);
      return r;
    };
    const before = s.published.length;
    await s.engine.updateMany(['a', 'b'].map((n) => update(lease(n, '2024-01-01T00:00:10.000000Z'))));
    // the batch's transaction ended before either event was published
    expect(seen).toEqual([before]);
    expect(s.published.length).toBe(before + 2);
  });
});

describe('createMany', () => {
  const CONFIG_MAPS = defOf('', 'ConfigMap');
  const service = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }] } });
  const configMap = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });
  const pod = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const req = (def: ResourceDef, object: KubeObject) => ({ def, object, version: def.storageVersion });

  it('creates the batch in one transaction; a Service that allocates is created after it, on its own', async () => {
    const priorityReads: number[] = [];
    const allocations: string[] = [];
    const s = store({
      priorityClasses: async () => {
        priorityReads.push(priorityReads.length);
        return [];
      },
      allocateServiceIP: async (owner) => {
        allocations.push(owner);
        return '10.96.0.10';
      },
    });
    const before = s.state();
    const out = await s.engine.createMany([req(SERVICES, service('web')), req(CONFIG_MAPS, configMap('c')), req(PODS, pod('p')), req(SERVICES, service('web'))]);
    const answers = out.map((o) => ('value' in o ? [o.value.object.metadata.name, o.value.object.metadata.resourceVersion] : (o.error as ApiError).code));
    // the ConfigMap and the Pod in the batch's transaction, then the Services one by one: the second is a 409
    expect(answers).toEqual([
      ['web', String(before.rv + 3)],
      ['c', String(before.rv + 1)],
      ['p', String(before.rv + 2)],
      409,
    ]);
    expect('value' in out[0]! && (out[0].value.object.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.10');
    expect(allocations).toHaveLength(1);
    // Priority admission (an awaited step) ran once, for the one Pod
    expect(priorityReads).toEqual([0]);
    expect(s.published.slice(before.published).map((e) => e.object.metadata.name)).toEqual(['c', 'p', 'web']);
  });
});
