import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, BASE, configMap, freshNamespace } from './helpers';

/**
 * A create served as stored answers with the store's own JSON text of the object (no structured
 * clone into the Worker and re-serialization there): the same bytes a get then returns. Requests
 * that need the object presented otherwise (another version, a Table) still get it converted.
 */
async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`${BASE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('create responses', () => {
  it('are the stored object, byte for byte what a get returns', async () => {
    const ns = await freshNamespace();
    const created = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap('a', { k: 'v' }, { app: 'x' }));
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    const got = await SELF.fetch(`${BASE}/api/v1/namespaces/${ns}/configmaps/a`);
    expect(created.text).toBe(await got.text());
    const obj = JSON.parse(created.text);
    expect(obj.metadata.managedFields[0].fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:k': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } });
  });

  it('keep their warnings', async () => {
    const ns = await freshNamespace();
    const created = await post(`/api/v1/namespaces/${ns}/configmaps`, { ...configMap('w'), bogus: 1 });
    expect(created.status).toBe(201);
    expect(created.headers.get('warning')).toContain('unknown field \\"bogus\\"');
    expect(JSON.parse(created.text).bogus).toBeUndefined();
  });

  it('of a dry run are the object as it would be stored, and nothing is stored', async () => {
    const ns = await freshNamespace();
    const created = await post(`/api/v1/namespaces/${ns}/configmaps?dryRun=All`, configMap('d'));
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text).metadata).toMatchObject({ name: 'd', namespace: ns });
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/d`)).status).toBe(404);
  });

  it('in a version other than the stored one are converted', async () => {
    const ns = await freshNamespace();
    const hpa = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
    };
    const created = await post(`/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers`, hpa);
    expect(created.status).toBe(201);
    const obj = JSON.parse(created.text);
    expect(obj.apiVersion).toBe('autoscaling/v1');
    expect(obj.spec.targetCPUUtilizationPercentage).toBe(50);
  });

  it('asked as a Table are a Table', async () => {
    const ns = await freshNamespace();
    const created = await post(`/api/v1/namespaces/${ns}/configmaps`, configMap('t'), { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    expect(created.status).toBe(201);
    expect(JSON.parse(created.text)).toMatchObject({ kind: 'Table', rows: [{ cells: ['t', 1, expect.anything()] }] });
  });
});
