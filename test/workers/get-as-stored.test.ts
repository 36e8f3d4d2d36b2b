import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import { storeFor, storeStub } from '../../platform/stores';
import { unwrap } from '../../shared/client/store-result';
import { objectBody } from '../../workers/api/output';
import { api, BASE, configMap, deployment, objectStoreStub, settledNamespace } from './helpers';

/**
 * A get served as stored (storage version, no Table) answers with the store's JSON text of the object
 * (ObjectTable.getJson), passed through by the Worker. Its body must be byte for byte what the general
 * path (the store's object, output.ts objectBody, JSON.stringify) gives, with the same status and
 * content type; a get that needs the object presented otherwise is still converted.
 */

function def(group: string, kind: string): ResourceDef {
  return BUILTIN_RESOURCES.find((d) => d.group === group && d.kind === kind)!;
}

function objectPath(d: ResourceDef, name: string, ns?: string): string {
  const base = d.group ? `/apis/${d.group}/${d.storageVersion}` : `/api/${d.storageVersion}`;
  return `${base}${ns ? `/namespaces/${ns}` : ''}/${d.plural}/${name}`;
}

/**
 * The fast path's response over HTTP and the general path's body for the same object, read between two
 * general reads that agree, so that no commit (a controller's status write) fell between them.
 */
async function bothPaths(d: ResourceDef, name: string, ns?: string) {
  const stub = storeStub(env, storeFor(ns !== undefined, ns));
  const general = async () => JSON.stringify(objectBody({ def: d, version: d.storageVersion, table: false, now: 0 }, unwrap(await stub.get(d, name))));
  for (let attempt = 0; attempt < 100; attempt++) {
    const before = await general();
    const res = await SELF.fetch(`${BASE}${objectPath(d, name, ns)}`);
    const fast = await res.text();
    const after = await general();
    if (before === after) return { res, fast, general: after };
  }
  throw new Error(`${d.kind}: the store never held still for two reads`);
}

const lease = (name: string) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40 } });

describe('gets served as stored', () => {
  it('are byte for byte the general path, status and content type included, for several kinds', async () => {
    const ns = await settledNamespace('gs');
    const pcName = `gs-${Date.now().toString(36)}`;
    const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: pcName }, value: 1234 };
    const cases: [ResourceDef, string, string | undefined, unknown][] = [
      [def('', 'ConfigMap'), 'cm', ns, configMap('cm', { k: 'v', '1': 'numeric key' }, { app: 'x' })],
      [def('coordination.k8s.io', 'Lease'), 'lease', ns, lease('lease')],
      // defaulted and then written by controllers (status): the stored text is the latest commit's
      [def('apps', 'Deployment'), 'web', ns, deployment(1)],
      [def('scheduling.k8s.io', 'PriorityClass'), pcName, undefined, pc],
    ];
    for (const [d, name, where, body] of cases) {
      const collection = objectPath(d, name, where).slice(0, -(name.length + 1));
      expect((await api('POST', collection, body)).status).toBe(201);
      const { res, fast, general } = await bothPaths(d, name, where);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(fast).toBe(general);
      expect(JSON.parse(fast)).toMatchObject({ kind: d.kind, metadata: { name } });
    }
    // the namespace itself: a cluster-scoped object in the cluster store
    const { res, fast, general } = await bothPaths(def('', 'Namespace'), ns);
    expect(res.status).toBe(200);
    expect(fast).toBe(general);
  });

  it('read the stored text, never the parsed object', async () => {
    const ns = await settledNamespace('gs');
    expect((await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('only'))).status).toBe(201);
    const stub = objectStoreStub(`ns:${ns}`);
    // only this object's reads: a controller's bookkeeping in the same store may read others meanwhile
    const reads: string[] = [];
    await runInDurableObject(stub, (instance) => {
      const table = (instance as unknown as { table: Record<string, (resource: string, name: string) => unknown> }).table;
      for (const method of ['get', 'getJson']) {
        const original = table[method]!;
        table[method] = (resource: string, name: string) => {
          if (name === 'only') reads.push(method);
          return original.call(table, resource, name);
        };
      }
    });
    try {
      const res = await SELF.fetch(`${BASE}/api/v1/namespaces/${ns}/configmaps/only`);
      expect(res.status).toBe(200);
      expect(JSON.parse(await res.text()).data).toEqual({ a: '1' });
      expect(reads).toEqual(['getJson']);
    } finally {
      await runInDurableObject(stub, (instance) => {
        const table = (instance as unknown as { table: Record<string, unknown> }).table;
        delete table.get;
        delete table.getJson;
      });
    }
  });

  it('of a missing object are the same 404 Status', async () => {
    const ns = await settledNamespace('gs');
    const res = await SELF.fetch(`${BASE}/api/v1/namespaces/${ns}/configmaps/absent`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "absent" not found',
      reason: 'NotFound',
      details: { name: 'absent', kind: 'configmaps' },
      code: 404,
    });
  });

  it('in a version other than the stored one are converted', async () => {
    const ns = await settledNamespace('gs');
    const hpa = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
    };
    expect((await api('POST', `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers`, hpa)).status).toBe(201);
    const v1 = await (await SELF.fetch(`${BASE}/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers/h`)).json<Record<string, any>>();
    expect(v1.apiVersion).toBe('autoscaling/v1');
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(50);
    const v2 = await (await SELF.fetch(`${BASE}/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/h`)).json<Record<string, any>>();
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec.metrics[0].resource.target.averageUtilization).toBe(50);
  });

  it('of a core Event read through events.k8s.io/v1 are converted', async () => {
    const ns = await settledNamespace('gs');
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: ns },
      reason: 'Tested',
      message: 'hello',
      type: 'Normal',
    };
    expect((await api('POST', `/api/v1/namespaces/${ns}/events`, event)).status).toBe(201);
    const got = await (await SELF.fetch(`${BASE}/apis/events.k8s.io/v1/namespaces/${ns}/events/e`)).json<Record<string, any>>();
    expect(got.apiVersion).toBe('events.k8s.io/v1');
    expect(got.note).toBe('hello');
    expect(got.regarding).toMatchObject({ kind: 'Pod', name: 'p' });
  });

  it('asked as a Table are a Table', async () => {
    const ns = await settledNamespace('gs');
    expect((await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('t'))).status).toBe(201);
    const res = await SELF.fetch(`${BASE}/api/v1/namespaces/${ns}/configmaps/t`, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'Table', rows: [{ cells: ['t', 1, expect.anything()] }] });
  });
});
