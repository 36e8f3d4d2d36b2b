// The three things the same workload runs against: Kubeflare's API, the bare Durable Object
// ceiling and etcd. Each maps create/get/list of one small ConfigMap onto its own protocol.
import { newAgent, request, requestJson } from './http-client.mjs';

/** A small ConfigMap, the bench's unit of work (~250 bytes of JSON). */
export function configMap(namespace, name, extraData = {}) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { app: 'bench', tier: 'small' } },
    data: { 'app.properties': 'color=blue\nsize=small\n', mode: 'bench', ...extraData },
  };
}

/** Kubeflare's REST API: one namespace = one ObjectStore Durable Object. */
export function apiTarget(baseUrl) {
  const agent = newAgent();
  const cms = (ns) => `${baseUrl}/api/v1/namespaces/${ns}/configmaps`;
  return {
    key: 'api',
    label: 'Kubeflare API',
    agent,
    baseUrl,
    async prepare(namespaces) {
      for (const ns of namespaces) {
        const r = await request(agent, 'POST', `${baseUrl}/api/v1/namespaces`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
        if (r.status !== 201 && r.status !== 409) throw new Error(`creating namespace ${ns}: ${r.status} ${r.text.slice(0, 200)}`);
        await requestJson(agent, 'GET', `${cms(ns)}?limit=1`); // wakes the namespace's store
      }
    },
    create: async (ns, name, obj) => (await request(agent, 'POST', cms(ns), JSON.stringify(obj))).status,
    get: async (ns, name) => (await request(agent, 'GET', `${cms(ns)}/${name}`)).status,
    list: async (ns, limit) => (await request(agent, 'GET', `${cms(ns)}?limit=${limit}`)).status,
    close: () => agent.destroy(),
  };
}

/** bench/ceiling-worker.ts: the same writes as a bare INSERT in one SQLite Durable Object per shard. */
export function ceilingTarget(baseUrl) {
  const agent = newAgent();
  return {
    key: 'ceiling',
    label: 'bare DO ceiling',
    agent,
    async prepare(namespaces) {
      for (const ns of namespaces) await requestJson(agent, 'GET', `${baseUrl}/s/${ns}?limit=1`);
    },
    create: async (ns, name, obj) => (await request(agent, 'POST', `${baseUrl}/s/${ns}/${name}`, JSON.stringify(obj))).status,
    get: async (ns, name) => (await request(agent, 'GET', `${baseUrl}/s/${ns}/${name}`)).status,
    list: async (ns, limit) => (await request(agent, 'GET', `${baseUrl}/s/${ns}?limit=${limit}`)).status,
    close: () => agent.destroy(),
  };
}

const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');

/** The key after every key with this prefix: etcd's range_end for a prefix scan. */
function prefixEnd(prefix) {
  const buf = Buffer.from(prefix, 'utf8');
  buf[buf.length - 1]++;
  return buf.toString('base64');
}

/**
 * etcd 3.4 through its v3 HTTP/JSON gateway, with kube-apiserver's key layout
 * (/registry/configmaps/NS/NAME). A create is a plain put, as the brief asks; kube-apiserver wraps
 * it in a txn (create_revision == 0), which costs etcd about the same.
 */
export function etcdTarget(baseUrl) {
  const agent = newAgent();
  const key = (ns, name) => `/registry/configmaps/${ns}/${name}`;
  const ok = (r) => (r.status === 200 && !r.text.includes('"error"') ? 200 : r.status === 200 ? 500 : r.status);
  return {
    key: 'etcd',
    label: 'etcd 3.4',
    agent,
    async prepare(namespaces) {
      for (const ns of namespaces) await requestJson(agent, 'POST', `${baseUrl}/v3/kv/range`, { key: b64(key(ns, '')), range_end: prefixEnd(key(ns, '')), limit: 1 });
    },
    create: async (ns, name, obj) => ok(await request(agent, 'POST', `${baseUrl}/v3/kv/put`, { key: b64(key(ns, name)), value: b64(JSON.stringify(obj)) })),
    get: async (ns, name) => {
      const r = await request(agent, 'POST', `${baseUrl}/v3/kv/range`, { key: b64(key(ns, name)) });
      return r.status === 200 && !r.text.includes('"kvs"') ? 404 : ok(r);
    },
    list: async (ns, limit) => ok(await request(agent, 'POST', `${baseUrl}/v3/kv/range`, { key: b64(key(ns, '')), range_end: prefixEnd(key(ns, '')), limit })),
    close: () => agent.destroy(),
  };
}
