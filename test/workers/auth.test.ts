// Authentication and RBAC wired into the Worker, with auth on (the other workers tests run with AUTH_MODE=off):
// 401 without or with bad credentials, the admin token, ServiceAccount tokens from TokenRequest, 403 in upstream's
// words, reviews, impersonation and escalation prevention.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../workers/index';

const ADMIN = 'test-admin-token';
const authEnv = { ...env, AUTH_MODE: 'on', ADMIN_TOKEN: ADMIN };

async function call(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await worker.fetch(new Request(`http://kubeflare.test${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), authEnv as never);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text (probes)
  }
  return { status: res.status, body };
}
const admin = (method: string, path: string, body?: unknown) => call(method, path, { token: ADMIN, body });

const NS = 'authz';
let saToken = '';

describe('authentication', () => {
  beforeAll(async () => {
    expect((await admin('POST', '/api/v1/namespaces', { metadata: { name: NS } })).status).toBe(201);
    expect((await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'builder' } })).status).toBe(201);
    const tr = await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts/builder/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    expect(tr.status).toBe(201);
    saToken = tr.body.status.token;
  });

  it('refuses anonymous requests except the probes and version', async () => {
    const r = await call('GET', '/api/v1/namespaces');
    expect(r).toEqual({ status: 401, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } });
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect((await call('GET', '/readyz')).status).toBe(200);
    expect((await call('GET', '/version')).status).toBe(200);
    expect((await call('GET', '/apis')).status).toBe(401);
  });

  it('a bad token, a malformed header or a forged ServiceAccount token: the same 401', async () => {
    const unauthorized = (await call('GET', '/api/v1/namespaces')).body;
    expect((await call('GET', '/api/v1/namespaces', { token: 'wrong' })).body).toEqual(unauthorized);
    expect((await call('GET', '/api/v1/namespaces', { headers: { authorization: `Basic ${btoa('a:b')}` } })).body).toEqual(unauthorized);
    const [h, p, s] = saToken.split('.');
    const claims = JSON.parse(atob(p!.replace(/-/g, '+').replace(/_/g, '/')));
    const forged = btoa(JSON.stringify({ ...claims, sub: 'system:serviceaccount:kube-system:admin' })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    expect((await call('GET', '/api/v1/namespaces', { token: `${h}.${forged}.${s}` })).status).toBe(401);
    expect((await call('GET', '/api/v1/namespaces', { token: `${h}.${p}.` })).status).toBe(401);
  });

  it('whoami: the admin is in system:masters; a ServiceAccount token is the ServiceAccount', async () => {
    const me = await admin('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    expect(me.status).toBe(201);
    expect(me.body.status.userInfo).toEqual({ username: 'kubeflare-admin', groups: ['system:masters', 'system:authenticated'] });
    const sa = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token: saToken, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(sa.body.status.userInfo.username).toBe(`system:serviceaccount:${NS}:builder`);
    expect(sa.body.status.userInfo.groups).toEqual(['system:serviceaccounts', `system:serviceaccounts:${NS}`, 'system:authenticated']);
  });

  it('TokenRequest: expirationSeconds under 10 minutes is 422; another audience is not accepted by the API', async () => {
    const short = await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts/builder/token`, { spec: { expirationSeconds: 60 } });
    expect(short.status).toBe(422);
    expect(short.body.message).toBe('TokenRequest.authentication.k8s.io "builder" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes');
    expect((await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts/nobody/token`, {})).status).toBe(404);
    const vault = await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts/builder/token`, { spec: { audiences: ['vault'] } });
    expect((await call('GET', `/api/v1/namespaces/${NS}/pods`, { token: vault.body.status.token })).status).toBe(401);
  });
});

describe('authorization', () => {
  const sa = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(method, path, { token: saToken, body, headers });

  it('403 in upstream\'s words, then allowed once a RoleBinding grants edit', async () => {
    const denied = await sa('GET', `/api/v1/namespaces/${NS}/pods`);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      reason: 'Forbidden',
      message: `pods is forbidden: User "system:serviceaccount:${NS}:builder" cannot list resource "pods" in API group "" in the namespace "${NS}"`,
      details: { kind: 'pods' },
    });
    const binding = { metadata: { name: 'builder-edit' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: NS }] };
    expect((await admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, binding)).status).toBe(201);
    expect((await sa('GET', `/api/v1/namespaces/${NS}/pods`)).status).toBe(200);
    expect((await sa('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'c1' } })).status).toBe(201);
    expect((await sa('GET', `/api/v1/namespaces/default/pods`)).status).toBe(403);
    const nodes = await sa('GET', '/api/v1/nodes/n1');
    expect(nodes.body.message).toBe(`nodes "n1" is forbidden: User "system:serviceaccount:${NS}:builder" cannot get resource "nodes" in API group "" at the cluster scope`);
    // edit may not touch RBAC
    const rb = await sa('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, { ...binding, metadata: { name: 'x' } });
    expect(rb.status).toBe(403);
  });

  it('can-i: SelfSubjectAccessReview and SelfSubjectRulesReview answer for the caller', async () => {
    const ssar = (verb: string, resource: string, namespace = NS) =>
      sa('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { spec: { resourceAttributes: { verb, resource, namespace } } });
    expect((await ssar('create', 'deployments')).body.status).toMatchObject({ allowed: false });
    const allowed = await ssar('list', 'pods');
    expect(allowed.body.status.allowed).toBe(true);
    expect(allowed.body.status.reason).toBe(`RBAC: allowed by RoleBinding "builder-edit/${NS}" of ClusterRole "edit" to ServiceAccount "builder/${NS}"`);
    expect((await ssar('list', 'pods', 'default')).body.status.allowed).toBe(false);
    const bad = await sa('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { spec: {} });
    expect(bad.status).toBe(422);
    const rules = await sa('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { spec: { namespace: NS } });
    expect(rules.status).toBe(201);
    expect(rules.body.status.resourceRules).toContainEqual({ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] });
    expect(rules.body.status.resourceRules.some((r: any) => r.resources.includes('pods') && r.verbs.includes('delete'))).toBe(true);
    expect(rules.body.status.nonResourceRules).toContainEqual(expect.objectContaining({ nonResourceURLs: expect.arrayContaining(['/api', '/apis/*']) }));
  });

  it('impersonation needs the impersonate verb; an admin may, and then acts as that user', async () => {
    const r = await sa('GET', `/api/v1/namespaces/${NS}/pods`, undefined, { 'impersonate-user': 'alice' });
    expect(r.status).toBe(403);
    expect(r.body.message).toBe(`users "alice" is forbidden: User "system:serviceaccount:${NS}:builder" cannot impersonate resource "users" in API group "" at the cluster scope`);
    const asAlice = await call('GET', `/api/v1/namespaces/${NS}/pods`, { token: ADMIN, headers: { 'impersonate-user': 'alice' } });
    expect(asAlice.status).toBe(403);
    expect(asAlice.body.message).toContain('User "alice" cannot list resource "pods"');
    const canI = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      token: ADMIN,
      headers: { 'impersonate-user': `system:serviceaccount:${NS}:builder` },
      body: { spec: { resourceAttributes: { verb: 'list', resource: 'pods', namespace: NS } } },
    });
    expect(canI.body.status.allowed).toBe(true);
  });

  it('escalation: a namespace admin may grant what it holds, not more; bind needs the rules or the bind verb', async () => {
    const grant = { metadata: { name: 'builder-admin' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: NS }] };
    expect((await admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, grant)).status).toBe(201);
    const ok = await sa('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, { metadata: { name: 'pod-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] });
    expect(ok.status).toBe(201);
    const tooMuch = await sa('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, { metadata: { name: 'node-admin' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['delete'] }] });
    expect(tooMuch.status).toBe(403);
    expect(tooMuch.body.message).toBe(
      `roles.rbac.authorization.k8s.io "node-admin" is forbidden: user "system:serviceaccount:${NS}:builder" (groups=["system:serviceaccounts" "system:serviceaccounts:${NS}" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["delete"]}`,
    );
    expect((await admin('GET', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles/node-admin`)).status).toBe(404);
    const bindAdmin = await sa('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, { ...grant, metadata: { name: 'other' }, roleRef: { ...grant.roleRef, name: 'cluster-admin' } });
    expect(bindAdmin.status).toBe(403);
    const bindView = await sa('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, { ...grant, metadata: { name: 'viewers' }, roleRef: { ...grant.roleRef, name: 'view' }, subjects: [{ kind: 'User', name: 'carol' }] });
    expect(bindView.status).toBe(201);
  });

  it('the bootstrap roles are there, aggregated', async () => {
    const view = await admin('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/view');
    expect(view.status).toBe(200);
    expect(view.body.rules.some((r: any) => r.resources.includes('pods') && r.verbs.includes('list'))).toBe(true);
    expect((await admin('GET', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:basic-user')).status).toBe(200);
  });
});
