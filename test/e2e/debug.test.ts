// kubectl debug against simulated pods: the pods/ephemeralcontainers subresource (kubectl 1.32 GETs the pod, then
// PATCHes it with a strategic merge patch), the simulated kubelet starting the ephemeral container, and the attach
// to its shell; --copy-to and node debugging create ordinary pods.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getJson, kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('debug');
let ns = '';
let node = '';

const api = (path: string, init: RequestInit = {}) => fetch(`${inject('kubeUrl')}${path}`, init);
const podPath = (name: string) => `/api/v1/namespaces/${ns}/pods/${name}`;

/** The ephemeral container's status once it runs. */
async function running(pod: string, container: string): Promise<any> {
  return poll(async () => {
    const st = ((await getJson(['-n', ns, 'pod', pod])).status?.ephemeralContainerStatuses ?? []).find((s: any) => s.name === container);
    return st?.state?.running ? st : undefined;
  }, 20_000, `ephemeral container ${container} running`);
}

beforeAll(async () => {
  [node] = (await applyPool(pool, { nodes: 1 })).map((n) => n.metadata.name);
  ns = await newNamespace('debug');
  const web = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: ns, labels: { app: 'web' } }, spec: { ...onPool(pool), containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }] } };
  await kubectl(['apply', '-f', '-'], { stdin: manifest(web) });
  await kubectl(['-n', ns, 'wait', '--for=condition=Ready', 'pod/web', '--timeout=30s']);
}, 90_000);

afterAll(() => deletePools(pool));

describe('pods/ephemeralcontainers', () => {
  it('is in discovery with get, patch and update, and answers a GET with the Pod', async () => {
    const v1 = JSON.parse((await kubectl(['get', '--raw', '/api/v1'])).stdout);
    expect(v1.resources.find((r: any) => r.name === 'pods/ephemeralcontainers')).toMatchObject({ kind: 'Pod', namespaced: true, verbs: ['get', 'patch', 'update'] });
    const res = await api(`${podPath('web')}/ephemeralcontainers`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'Pod', metadata: { name: 'web' } });
  });

  it('kubectl debug without -it adds the container and returns; the kubelet runs it like the others', async () => {
    const r = await kubectl(['-n', ns, 'debug', 'web', '--image=busybox:1.36', '-c', 'dbg', '--profile=general'], { timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    const pod = await getJson(['-n', ns, 'pod', 'web']);
    expect(pod.spec.ephemeralContainers).toEqual([
      expect.objectContaining({ name: 'dbg', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }),
    ]);
    // only spec.ephemeralContainers moved; the write is recorded under the subresource
    expect(pod.spec.containers.map((c: any) => c.name)).toEqual(['app']);
    const managed = (await getJson(['-n', ns, 'pod', 'web', '--show-managed-fields'])).metadata.managedFields;
    expect(managed.some((m: any) => m.subresource === 'ephemeralcontainers' && m.operation === 'Update')).toBe(true);
    const st = await running('web', 'dbg');
    expect(st).toMatchObject({ name: 'dbg', image: 'docker.io/library/busybox:1.36', ready: false, restartCount: 0 });
    expect(st.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(st.imageID).toMatch(/^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
    const jsonpath = await kubectl(['-n', ns, 'get', 'pod', 'web', '-o', 'jsonpath={.status.ephemeralContainerStatuses[?(@.name=="dbg")].state.running.startedAt}']);
    expect(jsonpath.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // exec reaches it
    expect((await kubectl(['-n', ns, 'exec', 'web', '-c', 'dbg', '--', 'echo', 'hi from dbg'])).stdout).toBe('hi from dbg\n');
  }, 40_000);

  it('kubectl debug -it --target=app -- sh (default name and profile): the shell answers through the attach', async () => {
    const r = await kubectl(['-n', ns, 'debug', '-it', 'web', '--image=busybox:1.36', '--target=app', '--', 'sh'], {
      stdin: 'echo hello from $HOSTNAME\nhostname\nexit\n',
      timeoutMs: 40_000,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Targeting container "app".');
    expect(r.stdout).toMatch(/hello from web\nweb\n$/);
    const name = /Defaulting debug container name to (debugger-\w+)\./.exec(r.stdout + r.stderr)?.[1];
    expect(name).toBeDefined();
    const pod = await getJson(['-n', ns, 'pod', 'web']);
    expect(pod.spec.ephemeralContainers.find((c: any) => c.name === name)).toMatchObject({ targetContainerName: 'app', command: ['sh'], stdin: true, tty: true });
    // the simulated container keeps running after the session (busybox's sh would exit with its stdin)
    expect((await running('web', name!)).restartCount).toBe(0);
  }, 45_000);

  it("logs of an ephemeral container are its command's output", async () => {
    await kubectl(['-n', ns, 'debug', 'web', '--image=busybox:1.36', '-c', 'talker', '--profile=general', '--', 'sh', '-c', 'echo ready; sleep 3600']);
    await running('web', 'talker');
    expect((await kubectl(['-n', ns, 'logs', 'web', '-c', 'talker'])).stdout).toBe('ready\n');
  }, 30_000);

  it('a targetContainerName the pod lacks is refused by kubectl debug with the 422', async () => {
    const r = await kubectl(['-n', ns, 'debug', 'web', '--image=busybox:1.36', '-c', 'lost', '--target=nope', '--profile=general'], { allowFail: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Pod "web" is invalid: spec.ephemeralContainers[3].targetContainerName: Not found: "nope"');
  });

  it('removing or changing one is 422 with upstream\'s message, and nothing is stored', async () => {
    const before = await getJson(['-n', ns, 'pod', 'web']);
    const dropped = { ...before, spec: { ...before.spec, ephemeralContainers: before.spec.ephemeralContainers.slice(1) } };
    const put = await kubectl(['replace', '--raw', `${podPath('web')}/ephemeralcontainers`, '-f', '-'], { stdin: JSON.stringify(dropped), allowFail: true });
    expect(put.code).toBe(1);
    expect(put.stderr).toContain('The Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be removed');

    const patch = await api(`${podPath('web')}/ephemeralcontainers`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json-patch+json' },
      body: JSON.stringify([{ op: 'replace', path: '/spec/ephemeralContainers/0/image', value: 'busybox:1.37' }]),
    });
    expect(patch.status).toBe(422);
    const status: any = await patch.json();
    expect(status).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422, details: { name: 'web', kind: 'Pod', causes: [{ reason: 'FieldValueForbidden', field: 'spec.ephemeralContainers' }] } });
    expect(status.message).toMatch(/^Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be changed\n/);

    // without a $setElementOrder directive a strategic merge puts the patch's items first
    const ports = await api(`${podPath('web')}/ephemeralcontainers`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
      body: JSON.stringify({ spec: { ephemeralContainers: [{ name: 'srv', image: 'nginx', ports: [{ containerPort: 80 }] }] } }),
    });
    expect(ports.status).toBe(422);
    expect(((await ports.json()) as any).details.causes).toEqual([{ reason: 'FieldValueForbidden', message: 'Forbidden: cannot be set for an Ephemeral Container', field: 'spec.ephemeralContainers[0].ports' }]);

    const after = await getJson(['-n', ns, 'pod', 'web']);
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(after.spec.ephemeralContainers).toEqual(before.spec.ephemeralContainers);
  });

  it('a merge patch or a PUT through the subresource changes nothing but the ephemeral containers; creating a pod with one is refused', async () => {
    const res = await api(`${podPath('web')}/ephemeralcontainers`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { hacked: 'yes' } }, spec: { activeDeadlineSeconds: 5 } }),
    });
    expect(res.status).toBe(200);
    const pod: any = await res.json();
    expect(pod.metadata.labels).toEqual({ app: 'web' });
    expect(pod.spec.activeDeadlineSeconds).toBeUndefined();
    // a PUT of the whole pod adds what it adds to spec.ephemeralContainers and nothing else
    const added = { ...pod, metadata: { ...pod.metadata, labels: { hacked: 'yes' } }, spec: { ...pod.spec, ephemeralContainers: [...pod.spec.ephemeralContainers, { name: 'put', image: 'busybox:1.36', command: ['sleep', '3600'] }] } };
    const put = JSON.parse((await kubectl(['replace', '--raw', `${podPath('web')}/ephemeralcontainers`, '-f', '-'], { stdin: JSON.stringify(added) })).stdout);
    expect(put.metadata.labels).toEqual({ app: 'web' });
    expect(put.spec.ephemeralContainers.at(-1)).toMatchObject({ name: 'put', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' });
    await running('web', 'put');
    const bad = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'born-with-one', namespace: ns }, spec: { containers: [{ name: 'a', image: 'busybox' }], ephemeralContainers: [{ name: 'e', image: 'busybox' }] } };
    const r = await kubectl(['apply', '-f', '-'], { stdin: manifest(bad), allowFail: true });
    expect(r.stderr).toContain('spec.ephemeralContainers: Forbidden: cannot be set on create');
  }, 30_000);

  it('a user allowed pods but not pods/ephemeralcontainers gets 403 naming the subresource', async () => {
    await kubectl(['-n', ns, 'create', 'serviceaccount', 'editor']);
    await kubectl(['-n', ns, 'create', 'rolebinding', 'editor', '--clusterrole=edit', `--serviceaccount=${ns}:editor`]);
    const r = await kubectl([`--as=system:serviceaccount:${ns}:editor`, '-n', ns, 'debug', 'web', '--image=busybox:1.36', '-c', 'nope', '--profile=general'], { allowFail: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`User "system:serviceaccount:${ns}:editor" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "${ns}"`);
  });
});

describe('kubectl debug that creates pods', () => {
  it('--copy-to makes a copy of the pod with the debug container, scheduled and running', async () => {
    await kubectl(['-n', ns, 'debug', 'web', '--copy-to=web-copy', '--image=busybox:1.36', '-c', 'dbg', '--profile=general', '--', 'sleep', '3600']);
    await kubectl(['-n', ns, 'wait', '--for=condition=Ready', 'pod/web-copy', '--timeout=30s']);
    const copy = await getJson(['-n', ns, 'pod', 'web-copy']);
    expect(copy.spec.containers.map((c: any) => c.name)).toEqual(['app', 'dbg']);
    expect(copy.spec.ephemeralContainers).toBeUndefined();
    expect(copy.spec.nodeName).toBe(node);
  }, 45_000);

  it('node/NODE -it: a pod on the node with its network, whose shell answers with the node\'s hostname', async () => {
    const r = await kubectl(['-n', ns, 'debug', `node/${node}`, '-it', '--image=busybox:1.36', '--profile=general'], { stdin: 'hostname\nexit\n', timeoutMs: 40_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Creating debugging pod node-debugger-${node}-\\w+ with container debugger on node ${node}\\.\n${node}\n$`));
    const pods = (await getJson(['-n', ns, 'pods'])).items.filter((p: any) => p.metadata.name.startsWith(`node-debugger-${node}-`));
    expect(pods).toHaveLength(1);
    expect(pods[0].spec).toMatchObject({ nodeName: node, hostNetwork: true, hostPID: true, hostIPC: true });
    expect(pods[0].status.phase).toBe('Running');
  }, 45_000);
});
