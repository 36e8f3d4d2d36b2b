import { describe, expect, it } from 'vitest';
import { api, configMap, deployment, settledNamespace } from './helpers';

describe('writes', () => {
  it('creates with server-owned metadata and bumps resourceVersion on every write', async () => {
    const ns = await settledNamespace();
    const created = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('c1'));
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'c1', namespace: ns, resourceVersion: expect.stringMatching(/^\d+$/) });
    expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const patched = await api('PATCH', `/api/v1/namespaces/${ns}/configmaps/c1`, { data: { a: '2' } }, 'application/merge-patch+json');
    expect(Number(patched.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.body.metadata.resourceVersion));
    expect(patched.body.metadata.uid).toBe(created.body.metadata.uid);
  });

  it('generateName gives a unique name with the prefix', async () => {
    const ns = await settledNamespace();
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } };
    const a = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, body);
    const b = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, body);
    expect(a.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(b.body.metadata.name).not.toBe(a.body.metadata.name);
  });

  it('rejects a stale resourceVersion with 409 Conflict and keeps the stored object', async () => {
    const ns = await settledNamespace();
    const created = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('c1'));
    await api('PUT', `/api/v1/namespaces/${ns}/configmaps/c1`, { ...created.body, data: { a: 'fresh' } });
    const stale = await api('PUT', `/api/v1/namespaces/${ns}/configmaps/c1`, { ...created.body, data: { a: 'stale' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    expect(stale.body.message).toContain('the object has been modified');
    const now = await api('GET', `/api/v1/namespaces/${ns}/configmaps/c1`);
    expect(now.body.data).toEqual({ a: 'fresh' });
  });

  it('answers AlreadyExists and NotFound with upstream Status bodies', async () => {
    const ns = await settledNamespace();
    await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('c1'));
    const dup = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('c1'));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "c1" already exists', details: { name: 'c1', kind: 'configmaps' } });
    const missing = await api('GET', `/apis/apps/v1/namespaces/${ns}/deployments/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ reason: 'NotFound', message: 'deployments.apps "nope" not found', details: { group: 'apps' } });
  });

  it('refuses writes into a namespace that does not exist', async () => {
    const r = await api('POST', '/api/v1/namespaces/no-such-ns/configmaps', configMap('c1'));
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('namespaces "no-such-ns" not found');
  });

  it('rejects malformed bodies with 400 and oversized bodies with 413, storing nothing', async () => {
    const ns = await settledNamespace();
    const bad = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, '{"metadata": ');
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
    const big = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('big', { a: 'x'.repeat(3 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.reason).toBe('RequestEntityTooLarge');
    // only what the namespace had: its kube-root-ca.crt
    const list = await api('GET', `/api/v1/namespaces/${ns}/configmaps`);
    expect(list.body.items.map((i: any) => i.metadata.name)).toEqual(['kube-root-ca.crt']);
  });

  it('rejects an unsupported media type with 415', async () => {
    const ns = await settledNamespace();
    const r = await api('POST', `/api/v1/namespaces/${ns}/configmaps`, 'a=b', 'text/plain');
    expect(r.status).toBe(415);
    expect(r.body.reason).toBe('UnsupportedMediaType');
  });

  it('answers 405 for a verb the resource does not serve', async () => {
    const ns = await settledNamespace();
    const r = await api('PUT', `/api/v1/namespaces/${ns}/configmaps`, configMap('c1'));
    expect(r.status).toBe(405);
    expect(r.body.reason).toBe('MethodNotAllowed');
  });

  it('dryRun=All validates and answers but stores nothing', async () => {
    const ns = await settledNamespace();
    const r = await api('POST', `/api/v1/namespaces/${ns}/configmaps?dryRun=All`, configMap('dry'));
    expect(r.status).toBe(201);
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/dry`)).status).toBe(404);
    await api('POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('real'));
    const del = await api('DELETE', `/api/v1/namespaces/${ns}/configmaps/real?dryRun=All`);
    expect(del.status).toBe(200);
    expect((await api('GET', `/api/v1/namespaces/${ns}/configmaps/real`)).status).toBe(200);
  });
});

describe('spec, status and generation', () => {
  // a client-sent status, which the main resource must ignore
  const withStatus = (replicas: number) => ({ ...deployment(replicas, 'nginx:1.25', 'c'), status: { replicas: 99 } });

  it('starts at generation 1, bumps it only on spec changes, and keeps status out of the main resource', async () => {
    const ns = await settledNamespace();
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    const created = await api('POST', base, withStatus(2));
    expect(created.body.metadata.generation).toBe(1);
    expect(created.body.status).toEqual({});
    const labelled = await api('PATCH', `${base}/web`, { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json');
    expect(labelled.body.metadata.generation).toBe(1);
    const scaled = await api('PATCH', `${base}/web`, { spec: { replicas: 3 } }, 'application/merge-patch+json');
    expect(scaled.body.metadata.generation).toBe(2);
    const status = await api('PATCH', `${base}/web/status`, { status: { replicas: 3 }, spec: { replicas: 7 } }, 'application/merge-patch+json');
    expect(status.body.status.replicas).toBe(3);
    expect(status.body.spec.replicas).toBe(3);
    expect(status.body.metadata.generation).toBe(2);
    expect(Number(status.body.metadata.resourceVersion)).toBeGreaterThan(Number(scaled.body.metadata.resourceVersion));
  });

  it('serves the scale subresource as autoscaling/v1 Scale', async () => {
    const ns = await settledNamespace();
    const base = `/apis/apps/v1/namespaces/${ns}/deployments`;
    await api('POST', base, withStatus(2));
    const scale = await api('GET', `${base}/web/scale`);
    expect(scale.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { selector: 'app=web' } });
    const patched = await api('PATCH', `${base}/web/scale`, { spec: { replicas: 5 } }, 'application/merge-patch+json');
    expect(patched.body.spec.replicas).toBe(5);
    expect((await api('GET', `${base}/web`)).body.spec.replicas).toBe(5);
  });
});

describe('deletion', () => {
  it('keeps an object with finalizers, marked with deletionTimestamp, until the last finalizer goes', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await api('POST', base, { ...configMap('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const del = await api('DELETE', `${base}/held`);
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    const still = await api('GET', `${base}/held`);
    expect(still.status).toBe(200);
    expect(still.body.metadata.deletionTimestamp).toBe(del.body.metadata.deletionTimestamp);
    await api('PATCH', `${base}/held`, { metadata: { finalizers: null } }, 'application/merge-patch+json');
    expect((await api('GET', `${base}/held`)).status).toBe(404);
  });

  it('deletecollection removes what the selector matches', async () => {
    const ns = await settledNamespace();
    const base = `/api/v1/namespaces/${ns}/configmaps`;
    await api('POST', base, configMap('a', {}, { app: 'x' }));
    await api('POST', base, configMap('b', {}, { app: 'y' }));
    const r = await api('DELETE', `${base}?labelSelector=app%3Dx`);
    expect(r.status).toBe(200);
    const left = await api('GET', base);
    // the namespace's kube-root-ca.crt has no app label: the selector does not match it
    expect(left.body.items.map((i: any) => i.metadata.name)).toEqual(['b', 'kube-root-ca.crt']);
  });
});
