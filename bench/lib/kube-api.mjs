// The few Kubernetes API calls the cluster sections need: namespaces, NodePools, bare Nodes, pods,
// Deployments, and a pod watch that timestamps every event as it arrives.
import { newAgent, request, requestJson, streamLines } from './http-client.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it returns a truthy value or `timeoutMs` passes (then undefined). */
export async function waitFor(probe, { timeoutMs, everyMs = 250 }) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    // a probe that times out or fails (a busy server) counts as "not yet"
    const v = await Promise.resolve().then(probe).catch(() => undefined);
    if (v) return v;
    if (performance.now() > deadline) return undefined;
    await sleep(everyMs);
  }
}

const isReady = (conds) => Boolean(conds?.some((c) => c.type === 'Ready' && c.status === 'True'));

/** A scheduler_perf-style node without a kubelet: 4 CPU / 32Gi / 110 pods, Ready, in one of 3 zones. */
export function bareNode(i) {
  const now = new Date().toISOString();
  const resources = { cpu: '4', memory: '32Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `bench-node-${i}`, labels: { 'kubernetes.io/hostname': `bench-node-${i}`, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    // a podCIDR outside the cluster CIDR, so node IPAM neither allocates nor runs out for these
    spec: { podCIDR: `10.${16 + (i >> 8)}.${i & 255}.0/24` },
    status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }] },
  };
}

/** scheduler_perf's SchedulingBasic pod: one pause container asking 100m / 500Mi, no nodeName. */
export function benchPod(namespace, i) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace },
    spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' } } }] },
  };
}

/** A Deployment of `replicas` one-container pods. */
export function deployment(namespace, name, replicas, image = 'nginx:1.27') {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } } },
  };
}

/** A request that gets no answer in this long fails (a busy server must not hang the bench). */
const TIMEOUT_MS = 30_000;

/** A client for one Kubeflare server. */
export function kubeApi(url) {
  const agent = newAgent(32);
  const pools = `${url}/apis/kubeflare.dev/v1alpha1/nodepools`;
  const api = {
    url,
    agent,
    get: (path) => requestJson(agent, 'GET', `${url}${path}`, undefined, TIMEOUT_MS),
    post: (path, body) => requestJson(agent, 'POST', `${url}${path}`, body, TIMEOUT_MS),
    /** POST that answers the status only (for timed pools of creates). */
    postStatus: async (path, body) => (await request(agent, 'POST', `${url}${path}`, JSON.stringify(body), {}, TIMEOUT_MS)).status,
    async patch(path, body, type = 'application/strategic-merge-patch+json') {
      const r = await request(agent, 'PATCH', `${url}${path}`, JSON.stringify(body), { 'content-type': type }, TIMEOUT_MS);
      if (r.status !== 200) throw new Error(`PATCH ${path} -> ${r.status}: ${r.text.slice(0, 300)}`);
      return JSON.parse(r.text);
    },
    namespace: (name) => api.postStatus('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
    createPool: (name, nodes) => api.post('/apis/kubeflare.dev/v1alpha1/nodepools', { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name }, spec: { nodes } }),
    pool: (name) => requestJson(agent, 'GET', `${pools}/${name}`, undefined, TIMEOUT_MS),
    /** Nodes, how many are Ready, and Leases in kube-node-lease with their ages in seconds. */
    async nodesAndLeases() {
      const [nodes, leases] = await Promise.all([api.get('/api/v1/nodes'), api.get('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases')]);
      const now = Date.now();
      return {
        nodes: nodes.items.length,
        ready: nodes.items.filter((n) => isReady(n.status?.conditions)).length,
        withCidr: nodes.items.filter((n) => n.spec?.podCIDR).length,
        leases: leases.items.length,
        leaseAges: leases.items.map((l) => (now - Date.parse(l.spec?.renewTime ?? 0)) / 1000),
      };
    },
    close: () => agent.destroy(),
  };
  return api;
}

/**
 * Watches a namespace's pods, keeping when each pod was first seen, first bound (spec.nodeName) and
 * first Ready, in performance.now() ms.
 */
export async function watchPods(url, namespace) {
  const seen = { added: new Map(), bound: new Map(), ready: new Map(), deleted: 0 };
  const stream = await streamLines(`${url}/api/v1/namespaces/${namespace}/pods?watch=true&allowWatchBookmarks=false`, (line, at) => {
    let e;
    try {
      e = JSON.parse(line);
    } catch {
      return;
    }
    const name = e.object?.metadata?.name;
    if (!name) return;
    if (e.type === 'DELETED') return void seen.deleted++;
    if (!seen.added.has(name)) seen.added.set(name, at);
    if (e.object.spec?.nodeName && !seen.bound.has(name)) seen.bound.set(name, at);
    if (isReady(e.object.status?.conditions) && !seen.ready.has(name)) seen.ready.set(name, at);
  });
  seen.close = stream.close;
  return seen;
}

/** The k-th earliest time (1-based) of a map of times, or NaN when fewer than k. */
export function kth(times, k) {
  const s = [...times.values()].sort((a, b) => a - b);
  return s.length >= k ? s[k - 1] : NaN;
}
