import { describe, expect, inject, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';

describe('namespaces', () => {
  it('creates a namespace, lists it Active, deletes it and kubectl waits until it is gone', async () => {
    const ns = `e2e-ns-lifecycle-${process.pid % 10000}`;
    expect((await kubectl(['create', 'namespace', ns])).stdout).toBe(`namespace/${ns} created\n`);
    const row = tableRows((await kubectl(['get', 'ns'])).stdout).find((r) => r[0] === ns);
    expect(row?.[1]).toBe('Active');
    const obj = await getJson(['ns', ns]);
    expect(obj.status.phase).toBe('Active');
    expect(obj.spec.finalizers).toEqual(['kubernetes']);
    expect(obj.metadata.labels['kubernetes.io/metadata.name']).toBe(ns);

    // `delete` waits for the object to disappear (GET/list/watch until DELETED), so right after it returns:
    expect((await kubectl(['delete', 'namespace', ns], { timeoutMs: 60_000 })).stdout).toBe(`namespace "${ns}" deleted\n`);
    const names = tableRows((await kubectl(['get', 'ns'])).stdout).map((r) => r[0]);
    expect(names).not.toContain(ns);
    const get = await kubectl(['get', 'ns', ns], { allowFail: true });
    expect(get.code).toBe(1);
    expect(get.stderr).toBe(`Error from server (NotFound): namespaces "${ns}" not found\n`);
  });

  it('deleting a namespace deletes what is in it', async () => {
    const ns = await newNamespace('ns-contents');
    await kubectl(['-n', ns, 'create', 'configmap', 'inside', '--from-literal=a=b']);
    await kubectl(['delete', 'namespace', ns], { timeoutMs: 60_000 });
    // The server says the object is not found; kubectl 1.32 then GETs the namespace itself and reports that instead.
    const res = await fetch(`${inject('kubeUrl')}/api/v1/namespaces/${ns}/configmaps/inside`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'configmaps "inside" not found' });
    const r = await kubectl(['-n', ns, 'get', 'configmap', 'inside'], { allowFail: true });
    expect(r.stderr).toBe(`Error from server (NotFound): namespaces "${ns}" not found\n`);
  });

  it('creating into a deleted (or never created) namespace is NotFound', async () => {
    const ns = await newNamespace('ns-gone');
    await kubectl(['delete', 'namespace', ns], { timeoutMs: 60_000 });
    const cm = manifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' }, data: { a: 'b' } });
    const r = await kubectl(['-n', ns, 'create', '-f', '-'], { stdin: cm, allowFail: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error from server (NotFound): error when creating "STDIN": namespaces "${ns}" not found\n`);
    // Typed `create` commands wrap the same server error in their own words (kubectl's create_configmap.go).
    const typed = await kubectl(['-n', ns, 'create', 'configmap', 'late2'], { allowFail: true });
    expect(typed.stderr).toBe(`error: failed to create configmap: namespaces "${ns}" not found\n`);
    const run = await kubectl(['-n', 'e2e-never-created', 'run', 'p', '--image=nginx'], { allowFail: true });
    expect(run.stderr).toBe(`Error from server (NotFound): namespaces "e2e-never-created" not found\n`);
  });

  it('a namespace being deleted refuses new objects (Forbidden) while it terminates', async () => {
    const ns = await newNamespace('ns-terminating');
    // A finalizer on an object inside keeps the namespace Terminating until it is removed.
    await kubectl(['-n', ns, 'create', '-f', '-'], {
      stdin: manifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['e2e.kubeflare.dev/hold'] } }),
    });
    await kubectl(['delete', 'namespace', ns, '--wait=false']);
    const r = await kubectl(['-n', ns, 'create', 'configmap', 'new'], { allowFail: true });
    expect(r.stderr).toBe(
      `error: failed to create configmap: configmaps "new" is forbidden: unable to create new content in namespace ${ns} because it is being terminated\n`,
    );
    expect((await getJson(['ns', ns])).status.phase).toBe('Terminating');
    await kubectl(['-n', ns, 'patch', 'configmap', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await kubectl(['wait', '--for=delete', `namespace/${ns}`, '--timeout=30s'], { timeoutMs: 40_000 });
  });

  it('a new namespace gets its default ServiceAccount', async () => {
    const ns = await newNamespace('ns-default-sa');
    const sa = await poll(async () => (await kubectl(['-n', ns, 'get', 'serviceaccount', 'default', '-o', 'name'], { allowFail: true })).stdout, 10_000);
    expect(sa).toBe('serviceaccount/default\n');
  });
});
