// The client library against the real server: the Website example controller reconciling end to end (as a child
// process, the way a user runs it), and a SharedInformerFactory following add/update/delete across a forced relist.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiError, DynamicClient, HttpClient, SharedInformerFactory, discoverResources, loadKubeconfig, type KubeObject } from '../../shared/client/library';
import { readFileSync } from 'node:fs';
import { getJson, kubectl, manifest, newNamespace, poll, tableRows } from './support/kubectl';
import { deletePools, nodePool, poolName, poolNodes } from './support/node-pools';

const ROOT = resolve(import.meta.dirname, '../..');
const EXAMPLE = resolve(ROOT, 'examples/website-controller');
// fully qualified: other suites define kinds with the same plural in other groups
const WEBSITES = 'websites.example.kubeflare.dev';

interface Controller {
  child: ChildProcess;
  output(): string;
}

/** Starts `node examples/website-controller/run.mjs` for one namespace and waits for its caches to sync. */
async function startController(namespace: string): Promise<Controller> {
  const child = spawn(process.execPath, [resolve(EXAMPLE, 'run.mjs'), '--kubeconfig', inject('kubeconfig'), '--namespace', namespace], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const c = { child, output: () => out };
  await poll(() => {
    if (child.exitCode !== null) throw new Error(`controller exited with ${child.exitCode}:\n${out}`);
    return out.includes('"caches synced');
  }, 30_000, 'the controller to sync its caches');
  return c;
}

async function stopController(c: Controller | undefined): Promise<void> {
  if (!c || c.child.exitCode !== null) return;
  const exited = new Promise((r) => c.child.once('exit', r));
  c.child.kill('SIGTERM');
  await exited;
}

describe('the Website example controller', () => {
  let controller: Controller | undefined;
  // The example's Deployments carry no toleration, so its pods need nodes without the usual isolation taint.
  // Files run one after another, so nothing else schedules onto them meanwhile; they go in afterAll.
  const pool = poolName('e2e-website');
  beforeAll(async () => {
    const p = nodePool(pool, { nodes: 2 });
    await kubectl(['apply', '-f', '-'], { stdin: manifest({ ...p, spec: { ...p.spec, taints: [] } }) });
    await kubectl(['apply', '-f', resolve(EXAMPLE, 'crd.yaml')]);
    await kubectl(['wait', '--for=condition=Established', 'crd/websites.example.kubeflare.dev', '--timeout=20s']);
    await poll(async () => (await poolNodes(pool)).filter((n) => n.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length === 2, 20_000, '2 Ready nodes');
  });
  afterAll(async () => {
    await deletePools(pool);
  });
  afterEach(async () => {
    await stopController(controller);
    controller = undefined;
  });

  it('creates an owned Deployment and Service, reports availability, follows scaling, and GC removes them with the Website', async () => {
    const ns = await newNamespace('website');
    controller = await startController(ns);
    await kubectl(['-n', ns, 'apply', '-f', resolve(EXAMPLE, 'website.yaml')]);
    const site = await getJson(['-n', ns, WEBSITES, 'hello']);
    expect(site.spec).toEqual({ image: 'nginx', port: 80, replicas: 2 });

    const deploy = await poll(() => getJson(['-n', ns, 'deployment', 'hello']), 15_000, 'the Deployment');
    expect(deploy.metadata.ownerReferences).toEqual([
      { apiVersion: 'example.kubeflare.dev/v1', kind: 'Website', name: 'hello', uid: site.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(deploy.spec.replicas).toBe(2);
    expect(deploy.spec.template.spec.containers).toMatchObject([{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }]);
    const svc = await poll(() => getJson(['-n', ns, 'service', 'hello']), 15_000, 'the Service');
    expect(svc.metadata.ownerReferences[0]).toMatchObject({ kind: 'Website', uid: site.metadata.uid, controller: true });
    expect(svc.spec.ports).toMatchObject([{ name: 'http', port: 80, targetPort: 80 }]);
    expect(svc.spec.selector).toEqual(deploy.spec.selector.matchLabels);

    // the simulated kubelets run the pods; the controller copies the Deployment's availability into status
    await poll(async () => (await getJson(['-n', ns, WEBSITES, 'hello'])).status?.availableReplicas === 2, 30_000, 'status.availableReplicas=2');
    const row = tableRows((await kubectl(['-n', ns, 'get', WEBSITES])).stdout)[1]!;
    expect(row.slice(0, 4)).toEqual(['hello', 'nginx', '2', '2']);

    // a change of the Website reaches its Deployment and Service
    await kubectl(['-n', ns, 'scale', WEBSITES, 'hello', '--replicas=3']);
    await kubectl(['-n', ns, 'patch', WEBSITES, 'hello', '--type=merge', '-p', '{"spec":{"port":8080}}']);
    await poll(async () => (await getJson(['-n', ns, 'deployment', 'hello'])).spec.replicas === 3, 15_000, 'the Deployment to scale to 3');
    await poll(async () => (await getJson(['-n', ns, 'service', 'hello'])).spec.ports[0].port === 8080, 15_000, 'the Service port 8080');
    await poll(async () => (await getJson(['-n', ns, WEBSITES, 'hello'])).status?.availableReplicas === 3, 30_000, 'status.availableReplicas=3');
    // a dependent changed behind the controller's back is put back
    await kubectl(['-n', ns, 'scale', 'deployment', 'hello', '--replicas=1']);
    await poll(async () => (await getJson(['-n', ns, 'deployment', 'hello'])).spec.replicas === 3, 15_000, 'the Deployment to return to 3');
    expect(controller.output()).toContain(`"msg":"deployment created","namespace":"${ns}","name":"hello"`);

    await kubectl(['-n', ns, 'delete', WEBSITES, 'hello']);
    await poll(async () => (await kubectl(['-n', ns, 'get', 'deployments,services,replicasets', '-o', 'name'])).stdout === '', 30_000, 'the garbage collector to delete the Deployment and Service');
  }, 120_000);
});

describe('SharedInformerFactory over HTTP', () => {
  let factory: SharedInformerFactory | undefined;
  afterAll(async () => {
    await factory?.shutdown();
  });

  it('sees add, update and delete in order, and after a forced 410 relist reports exactly what changed meanwhile', async () => {
    const ns = await newNamespace('informer');
    const cm = (name: string, v: string) => manifest({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v } });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: cm('a', '0') });

    // The server keeps 10 minutes of history, so a test cannot age a version out. The transport (HttpClient's
    // documented `fetch` option) cuts the open watch instead and answers the next watch request the way a server
    // answers one whose version has left its window: 200 with an ERROR event carrying 410 Expired. Everything
    // else, the relist included, goes to the real server.
    let cut: AbortController | undefined;
    let held: { release: () => void; released: Promise<void> } | undefined;
    const watches: string[] = [];
    const fetchVia: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (url.searchParams.get('watch') !== 'true') return fetch(input, init);
      watches.push(url.searchParams.get('resourceVersion') ?? '');
      if (held) {
        await held.released;
        held = undefined;
        const rv = url.searchParams.get('resourceVersion');
        const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${rv} (${Number(rv) + 1})`, reason: 'Expired', code: 410 };
        return new Response(JSON.stringify({ type: 'ERROR', object: status }) + '\n', { status: 200, headers: { 'content-type': 'application/json' } });
      }
      cut = new AbortController();
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal });
    };
    const target = loadKubeconfig(readFileSync(inject('kubeconfig'), 'utf8'));
    const client = new HttpClient({ server: target.server, token: target.token, fetch: fetchVia });
    const errors: unknown[] = [];
    factory = new SharedInformerFactory(client, { namespace: ns, onError: (e) => errors.push(e), backoff: { initialMs: 50, maxMs: 200 } });
    const informer = factory.forResource({ group: '', version: 'v1', plural: 'configmaps' });
    const events: string[] = [];
    const v = (o: KubeObject) => (o as { data?: { v?: string } }).data?.v;
    informer.addEventHandler({
      onAdd: (o, initial) => events.push(`add ${o.metadata!.name} ${v(o)}${initial ? ' (list)' : ''}`),
      onUpdate: (old, o) => events.push(`update ${o.metadata!.name} ${v(old)}->${v(o)}`),
      onDelete: (o, { finalStateUnknown }) => events.push(`delete ${o.metadata!.name}${finalStateUnknown ? ' (unknown)' : ''}`),
    });
    factory.start();
    expect(await factory.waitForCacheSync()).toBe(true);
    // the namespace's kube-root-ca.crt (no data.v) is listed too, and never changes in this test
    expect(events).toEqual(['add a 0 (list)', 'add kube-root-ca.crt undefined (list)']);
    await poll(() => watches.length === 1 && informer.lastSyncResourceVersion() !== '', 5_000, 'the watch to open');

    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: cm('b', '0') });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: cm('a', '1') });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: cm('x', '0') });
    await kubectl(['-n', ns, 'delete', 'cm', 'b']);
    await poll(() => events.length === 6, 10_000, `6 events, have ${JSON.stringify(events)}`);
    expect(events.slice(1)).toEqual(['add kube-root-ca.crt undefined (list)', 'add b 0', 'update a 0->1', 'add x 0', 'delete b']);

    // disconnect: changes made now are not seen through any watch
    let release!: () => void;
    held = { release: () => release(), released: new Promise<void>((r) => (release = r)) };
    cut!.abort();
    await poll(() => watches.length === 2, 10_000, 'the informer to re-watch');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: cm('a', '2') });
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: cm('c', '0') });
    await kubectl(['-n', ns, 'delete', 'cm', 'x']);
    expect(events).toHaveLength(6);
    held.release();

    // 410 → relist, diffed against the cache: the deletion first, then the list in name order
    await poll(() => events.length === 9, 10_000, `9 events, have ${JSON.stringify(events)}`);
    expect(events.slice(6)).toEqual(['delete x (unknown)', 'update a 1->2', 'add c 0 (list)']);
    expect(errors.some((e) => (e as { code?: number }).code === 410)).toBe(false);

    // and the watch goes on from the relist's version: no gap, no duplicate
    await poll(() => watches.length === 3, 10_000, 'the watch after the relist');
    await kubectl(['-n', ns, 'apply', '-f', '-'], { stdin: cm('d', '0') });
    await kubectl(['-n', ns, 'delete', 'cm', 'a']);
    await poll(() => events.length === 11, 10_000, `11 events, have ${JSON.stringify(events)}`);
    expect(events.slice(9)).toEqual(['add d 0', 'delete a']);
    const names = (await kubectl(['-n', ns, 'get', 'cm', '-o', 'name'])).stdout.trim().split('\n').map((n) => n.replace('configmap/', ''));
    expect(informer.indexer.listKeys().map((k) => k.split('/')[1]).sort()).toEqual(names.sort());
  });
});

describe('DynamicClient over HTTP with discovery', () => {
  it('maps a custom kind to its resource through discovery, writes it, and surfaces the 422 Status as an ApiError', async () => {
    const ns = await newNamespace('dynamic');
    await kubectl(['apply', '-f', resolve(EXAMPLE, 'crd.yaml')]);
    await kubectl(['wait', '--for=condition=Established', 'crd/websites.example.kubeflare.dev', '--timeout=20s']);
    const target = loadKubeconfig(readFileSync(inject('kubeconfig'), 'utf8'));
    const client = new HttpClient({ server: target.server, token: target.token, fieldManager: 'e2e' });
    const dyn = new DynamicClient(client, { discover: () => discoverResources(target) });
    expect(await dyn.resourceFor({ group: 'example.kubeflare.dev', version: 'v1', kind: 'Website' })).toEqual({
      group: 'example.kubeflare.dev',
      version: 'v1',
      resource: 'websites',
      namespaced: true,
    });
    expect(await dyn.resourceFor({ group: 'apps', version: 'v1', kind: 'Deployment' })).toMatchObject({ resource: 'deployments', namespaced: true });
    const site = { apiVersion: 'example.kubeflare.dev/v1', kind: 'Website', metadata: { name: 'dyn', namespace: ns }, spec: { port: 8080 } };
    const created = await (await dyn.forObject(site)).create(site);
    expect((created as any).spec).toEqual({ port: 8080, image: 'nginx', replicas: 1 });
    const listed = await dyn.resource({ group: 'example.kubeflare.dev', version: 'v1', resource: 'websites' }).namespace(ns).list();
    expect(listed.items.map((i) => i.metadata?.name)).toEqual(['dyn']);

    const err = await (await dyn.forObject(site)).create({ ...site, metadata: { name: 'bad', namespace: ns }, spec: { port: 0 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 422, reason: 'Invalid', details: { name: 'bad', kind: 'Website', causes: [{ field: 'spec.port', reason: 'FieldValueInvalid' }] } });
    await expect(dyn.resourceFor({ group: 'example.kubeflare.dev', version: 'v1', kind: 'Nope' })).rejects.toThrow('no matches for kind "Nope" in version "example.kubeflare.dev/v1"');
  });
});
