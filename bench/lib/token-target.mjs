// Kubeflare's API as bench/lib/targets.mjs apiTarget drives it, with a bearer token on every request
// (bench/profile-api.mjs --auth, bench/ab-api.mjs --auth).
import { request } from './http-client.mjs';
import { apiTarget } from './targets.mjs';

/**
 * apiTarget's requests with a bearer token (a server with AUTH_MODE=on and ADMIN_TOKEN=`adminToken`):
 * `admin` sends the admin's; `sa` a ServiceAccount's that the `edit` ClusterRole is bound to in the
 * namespace, made with the admin's.
 */
export async function tokenTarget(url, auth, adminToken) {
  const admin = { authorization: `Bearer ${adminToken}` };
  const api = apiTarget(url);
  const must = async (method, path, body, headers = admin) => {
    const r = await request(api.agent, method, `${url}${path}`, body, headers);
    if (r.status >= 300 && r.status !== 409) throw new Error(`${method} ${path} -> ${r.status}: ${r.text.slice(0, 200)}`);
    return r.text ? JSON.parse(r.text) : undefined;
  };
  let headers = admin;
  const cms = (ns) => `/api/v1/namespaces/${ns}/configmaps`;
  return {
    ...api,
    async prepare(namespaces) {
      for (const ns of namespaces) {
        await must('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
        if (auth !== 'sa') continue;
        await must('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'profiler' } });
        await must('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'profiler' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'ServiceAccount', name: 'profiler', namespace: ns }] });
        const tr = await must('POST', `/api/v1/namespaces/${ns}/serviceaccounts/profiler/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
        headers = { authorization: `Bearer ${tr.status.token}` };
      }
      for (const ns of namespaces) await must('GET', `${cms(ns)}?limit=1`, undefined, headers);
    },
    create: async (ns, name, obj) => (await request(api.agent, 'POST', `${url}${cms(ns)}`, JSON.stringify(obj), headers)).status,
    get: async (ns, name) => (await request(api.agent, 'GET', `${url}${cms(ns)}/${name}`, undefined, headers)).status,
    list: async (ns, limit) => (await request(api.agent, 'GET', `${url}${cms(ns)}?limit=${limit}`, undefined, headers)).status,
  };
}
