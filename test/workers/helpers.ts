import type { ObjectStore } from '../../durable-objects/object-store';
import { env, SELF } from 'cloudflare:test';

export const BASE = 'http://kubeflare.test';

export async function api(method: string, path: string, body?: unknown, contentType = 'application/json', headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`${BASE}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': contentType, ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

/** Reads newline-delimited watch events until `count` arrived (or the stream ends). */
export async function readEvents(res: Response, count: number): Promise<any[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: any[] = [];
  let buf = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  }
  await reader.cancel();
  return events;
}

export function configMap(name: string, data: Record<string, string> = { a: '1' }, labels?: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

let n = 0;
/**
 * A fresh namespace per test, so tests never see each other's objects, once its ServiceAccount `default` is
 * there (its store adds it when told the namespace is Active): it does not appear in the middle of a test.
 */
export async function freshNamespace(prefix = 't'): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}-${n++}`;
  const r = await api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (r.status !== 201) throw new Error(`namespace ${name}: ${JSON.stringify(r.body)}`);
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if ((await api('GET', `/api/v1/namespaces/${name}/serviceaccounts/default`)).status === 200) return name;
  }
  throw new Error(`namespace ${name}: ServiceAccount default not created within 15 s`);
}

/**
 * A fresh namespace once the root-ca-cert-publisher has written its kube-root-ca.crt, as a real cluster's
 * namespace settles: for tests that count a namespace's objects, resourceVersions, statements or events,
 * so the publisher's write does not land in the middle of what they count.
 */
export async function settledNamespace(prefix = 't'): Promise<string> {
  const name = await freshNamespace(prefix);
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if ((await api('GET', `/api/v1/namespaces/${name}/configmaps/kube-root-ca.crt`)).status === 200) return name;
  }
  throw new Error(`namespace ${name}: kube-root-ca.crt not published within 15 s`);
}

/** A Node of the NodePool `pool` (the simulated kubelet heartbeats it; the pool need not exist), 4 CPUs, 8Gi, 10 pods. */
export function poolNode(name: string, pool = 'none') {
  const room = { cpu: '4', memory: '8Gi', pods: '10' };
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubeflare.dev/node-pool': pool, 'kubernetes.io/os': 'linux' } }, status: { capacity: room, allocatable: room } };
}

/** Waits until the nodes' resourceVersions hold still for a second: the cluster's own controllers (node IPAM, flannel) write a new node once. */
export async function nodesSettled(names: string[]): Promise<void> {
  const versions = async () => (await Promise.all(names.map((n) => api('GET', `/api/v1/nodes/${n}`)))).map((r) => r.body.metadata.resourceVersion).join();
  for (let last = '', now = await versions(); now !== last; last = now, now = await versions()) await new Promise((r) => setTimeout(r, 1000));
}

/** A pod created already bound to `node` (spec.nodeName set), one pause container. */
export function boundPod(name: string, node: string) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: node, containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } };
}

/** A Deployment `web` selecting `app: web`, with one container. */
export function deployment(replicas: number, image = 'nginx:1.25', container = 'nginx') {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: container, image }] } },
    },
  };
}

/** A store's stub typed with its class, for runInDurableObject and direct RPC in tests. */
export function objectStoreStub(name: string): DurableObjectStub<ObjectStore> {
  return env.STORE.get(env.STORE.idFromName(name)) as unknown as DurableObjectStub<ObjectStore>;
}
