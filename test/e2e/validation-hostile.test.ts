// What careless and hostile bodies get from the API server, through kubectl and plain fetch: numbers out
// of their Go type, wrong shapes, Secret stringData, ConfigMap keys named after Object.prototype members,
// a body namespace that is not the URL's. Every refusal is a 4xx Status and stores nothing.
import { describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { webApp } from './support/fixtures';
import { getJson, kubectl, newNamespace } from './support/kubectl';

// a Status or an object, read loosely
const json = async (r: Response): Promise<any> => r.json();
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${inject('kubeUrl')}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });

describe('hostile and careless bodies', () => {
  it('replicas 2147483648 is refused naming the field, and nothing is created', async () => {
    const ns = await newNamespace('val-replicas');
    const d = webApp('big').deployment;
    const r = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: stringify({ ...d, spec: { ...d.spec, replicas: 2147483648 } }), allowFail: true });
    expect([r.code, r.stderr]).toEqual([
      1,
      'The Deployment "big" is invalid: spec.replicas: Invalid value: 2147483648: spec.replicas in body must be of type int32: "2147483648"\n',
    ]);
    // 1e300 through the raw API: the same refusal, never a pod storm
    const raw = await api(`/apis/apps/v1/namespaces/${ns}/deployments`, { method: 'POST', body: JSON.stringify(d).replace(/"replicas":\d+/, '"replicas":1e300') });
    expect(raw.status).toBe(422);
    expect((await json(raw)).details.causes[0].field).toBe('spec.replicas');
    expect((await kubectl(['-n', ns, 'get', 'deploy,rs,pods', '-o', 'name'])).stdout).toBe('');
  });

  it('kubectl scale beyond int32 is refused', async () => {
    const ns = await newNamespace('val-scale');
    await kubectl(['-n', ns, 'create', 'deployment', 'web', '--image=nginx', '--replicas=0']);
    const r = await kubectl(['-n', ns, 'scale', 'deployment', 'web', '--replicas=2147483648'], { allowFail: true });
    expect(r.code).toBe(1);
    expect((await getJson(['-n', ns, 'deploy', 'web'])).spec.replicas).toBe(0);
  });

  it.each([
    ['containers: [null]', { containers: [null] }, 422],
    ['spec: "string"', 'string', 422],
    ['containers: {}', { containers: {} }, 422],
  ])('a pod with %s is a 4xx and is not stored', async (_, spec, code) => {
    const ns = await newNamespace('val-shape');
    const r = await api(`/api/v1/namespaces/${ns}/pods`, { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec }) });
    expect(r.status).toBe(code);
    expect((await json(r)).kind).toBe('Status');
    expect((await api(`/api/v1/namespaces/${ns}/pods/p`)).status).toBe(404);
  });

  it('metadata: null is a 422 for the missing name', async () => {
    const ns = await newNamespace('val-meta');
    const r = await api(`/api/v1/namespaces/${ns}/configmaps`, { method: 'POST', body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":null}' });
    expect(r.status).toBe(422);
    expect((await json(r)).message).toBe('ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it('Secret stringData is merged into data as base64 and never stored or echoed', async () => {
    const ns = await newNamespace('val-secret');
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'b2xk', keep: 'a2VlcA==' }, stringData: { a: 'new', b: 'two' } };
    const created = await api(`/api/v1/namespaces/${ns}/secrets`, { method: 'POST', body: JSON.stringify(secret) });
    expect(created.status).toBe(201);
    const echoed = await json(created);
    expect(echoed.stringData).toBeUndefined();
    expect(echoed.data).toEqual({ a: 'bmV3', keep: 'a2VlcA==', b: 'dHdv' });
    const stored = await getJson(['-n', ns, 'secret', 's']);
    expect(stored.stringData).toBeUndefined();
    expect(stored.data).toEqual({ a: 'bmV3', keep: 'a2VlcA==', b: 'dHdv' });
    // kubectl create secret --from-literal goes the data way; stringData by apply works too
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'applied' }, stringData: { password: 'hunter2' } }) });
    expect((await getJson(['-n', ns, 'secret', 'applied'])).data).toEqual({ password: 'aHVudGVyMg==' });
  });

  it('invalid base64 in Secret data is upstream 400 and nothing is stored', async () => {
    const ns = await newNamespace('val-b64');
    const r = await api(`/api/v1/namespaces/${ns}/secrets`, { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'not base64!' } }) });
    expect(r.status).toBe(400);
    expect((await json(r)).message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
    expect((await api(`/api/v1/namespaces/${ns}/secrets/s`)).status).toBe(404);
  });

  it('ConfigMap keys __proto__, constructor, toString round-trip through create, get, patch and apply', async () => {
    const ns = await newNamespace('val-proto');
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"__proto__":"p","constructor":"c","toString":"t"}}';
    expect((await api(`/api/v1/namespaces/${ns}/configmaps`, { method: 'POST', body })).status).toBe(201);
    expect((await getJson(['-n', ns, 'cm', 'c'])).data).toEqual(JSON.parse('{"__proto__":"p","constructor":"c","toString":"t"}'));
    await kubectl(['-n', ns, 'patch', 'cm', 'c', '--type=merge', '-p', '{"data":{"__proto__":"p2","hasOwnProperty":"h"}}']);
    await kubectl(['-n', ns, 'patch', 'cm', 'c', '--type=json', '-p', '[{"op":"replace","path":"/data/constructor","value":"c2"}]']);
    await kubectl(['-n', ns, 'patch', 'cm', 'c', '-p', '{"data":{"toString":"t2"}}']);
    const text = (await kubectl(['-n', ns, 'get', 'cm', 'c', '-o', 'json'])).stdout;
    expect(JSON.parse(text).data).toEqual(JSON.parse('{"__proto__":"p2","constructor":"c2","toString":"t2","hasOwnProperty":"h"}'));
    const applied = await kubectl(['-n', ns, 'apply', '--server-side', '-f', '-'], {
      stdin: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"},"data":{"__proto__":"a","valueOf":"v"}}',
    });
    expect(applied.stdout).toBe('configmap/d serverside-applied\n');
    expect(JSON.parse((await kubectl(['-n', ns, 'get', 'cm', 'd', '-o', 'json'])).stdout).data).toEqual(JSON.parse('{"__proto__":"a","valueOf":"v"}'));
  });

  it('a body namespace that differs from the URL is a 400 on create and update', async () => {
    const ns = await newNamespace('val-ns');
    const message = 'the namespace of the provided object does not match the namespace sent on the request';
    const create = await api(`/api/v1/namespaces/${ns}/configmaps`, { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'other' } }) });
    expect([create.status, (await json(create)).message]).toEqual([400, message]);
    await kubectl(['-n', ns, 'create', 'configmap', 'c']);
    const update = await api(`/api/v1/namespaces/${ns}/configmaps/c`, { method: 'PUT', body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'other' }, data: { a: 'b' } }) });
    expect([update.status, (await json(update)).message]).toEqual([400, message]);
    expect((await getJson(['-n', ns, 'cm', 'c'])).data).toBeUndefined();
  });

  it('a CronJob with a bad schedule is refused with robfig/cron\'s message', async () => {
    const ns = await newNamespace('val-cron');
    const r = await kubectl(['-n', ns, 'create', 'cronjob', 'cj', '--image=busybox', '--schedule=61 * * * *'], { allowFail: true });
    expect([r.code, r.stderr]).toEqual([1, 'error: failed to create cronjob: CronJob.batch "cj" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61\n']);
  });
});
