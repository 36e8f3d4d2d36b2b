// RBAC decisions are kept per policy snapshot and user (workers/api/auth-authorize.ts): a Role or RoleBinding
// changed through the API takes effect on the very next request, and one changed behind the API's back (straight
// in the store, as a controller would) within the snapshot's 2 s.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { callWithToken } from './call-with-token';
import { namespaceStore, storeStub } from '../../platform/stores';
import { ROLE_BINDINGS } from '../../workers/api/auth-policy';

const ADMIN = 'rbac-cache-admin-token';
const authEnv = { ...env, AUTH_MODE: 'on', ADMIN_TOKEN: ADMIN };
const NS = 'rbac-cache';
const RBAC = `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}`;
let token = '';

const call = (method: string, path: string, bearer: string, body?: unknown) => callWithToken(authEnv, bearer, method, path, body);
const admin = (method: string, path: string, body?: unknown) => call(method, path, ADMIN, body);
const readConfigMap = async () => (await call('GET', `/api/v1/namespaces/${NS}/configmaps/c`, token)).status;
const listConfigMaps = async () => (await call('GET', `/api/v1/namespaces/${NS}/configmaps`, token)).status;

const role = (verbs: string[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs }] });
const binding = (name: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace: NS }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm' }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: NS }] });

async function eventually(check: () => Promise<boolean>, what: string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('RBAC decisions kept per policy snapshot', () => {
  beforeAll(async () => {
    expect((await admin('POST', '/api/v1/namespaces', { metadata: { name: NS } })).status).toBe(201);
    expect((await admin('POST', `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'c' } })).status).toBe(201);
    expect((await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'reader' } })).status).toBe(201);
    expect((await admin('POST', `${RBAC}/roles`, role(['get', 'list']))).status).toBe(201);
    expect((await admin('POST', `${RBAC}/rolebindings`, binding('reader-cm'))).status).toBe(201);
    const tr = await admin('POST', `/api/v1/namespaces/${NS}/serviceaccounts/reader/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    token = tr.body.status.token;
  });

  it('a Role narrowed through the API refuses the next request; widened again, allows it', async () => {
    expect(await readConfigMap()).toBe(200);
    expect(await readConfigMap()).toBe(200);
    const current = await admin('GET', `${RBAC}/roles/cm`);
    expect((await admin('PUT', `${RBAC}/roles/cm`, { ...role(['list']), metadata: current.body.metadata })).status).toBe(200);
    expect(await readConfigMap()).toBe(403);
    expect(await listConfigMaps()).toBe(200);
    const narrowed = await admin('GET', `${RBAC}/roles/cm`);
    expect((await admin('PUT', `${RBAC}/roles/cm`, { ...role(['get', 'list']), metadata: narrowed.body.metadata })).status).toBe(200);
    expect(await readConfigMap()).toBe(200);
  });

  it("decides over the user's own bindings with upstream's reasons: a binding to a missing role is named in the 403, the allowing binding in a review", async () => {
    const missing = { ...binding('to-missing'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'missing' } };
    expect((await admin('POST', `${RBAC}/rolebindings`, missing)).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const denied = await call('DELETE', `/api/v1/namespaces/${NS}/configmaps/c`, token);
      expect(denied.status).toBe(403);
      expect(denied.body.message).toBe(
        `configmaps "c" is forbidden: User "system:serviceaccount:${NS}:reader" cannot delete resource "configmaps" in API group "" in the namespace "${NS}": RBAC: role.rbac.authorization.k8s.io "missing" not found`,
      );
    }
    expect((await admin('DELETE', `${RBAC}/rolebindings/to-missing`)).status).toBe(200);
    const review = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: NS, verb: 'get', resource: 'configmaps', name: 'c' } } };
    const allowed = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', token, review);
    expect(allowed.body.status).toEqual({ allowed: true, reason: `RBAC: allowed by RoleBinding "reader-cm/${NS}" of Role "cm" to ServiceAccount "reader/${NS}"` });
  });

  it('a rule naming objects (resourceNames) is decided per name; without one, reads of many names share a decision', async () => {
    expect((await admin('POST', `/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 'open' } })).status).toBe(201);
    expect((await admin('POST', `/api/v1/namespaces/${NS}/secrets`, { metadata: { name: 'closed' } })).status).toBe(201);
    const named = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'one-secret' }, rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['open'], verbs: ['get'] }] };
    expect((await admin('POST', `${RBAC}/roles`, named)).status).toBe(201);
    expect((await admin('POST', `${RBAC}/rolebindings`, { ...binding('one-secret'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'one-secret' } })).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      expect((await call('GET', `/api/v1/namespaces/${NS}/secrets/open`, token)).status).toBe(200);
      expect((await call('GET', `/api/v1/namespaces/${NS}/secrets/closed`, token)).status).toBe(403);
      expect((await call('GET', `/api/v1/namespaces/${NS}/secrets/nosuch`, token)).status).toBe(403);
    }
    expect((await admin('DELETE', `${RBAC}/rolebindings/one-secret`)).status).toBe(200);
    // without a named rule: any name is allowed the same, a missing one is then a 404, not a 403
    for (const name of ['c', 'other', 'c']) expect(await call('GET', `/api/v1/namespaces/${NS}/configmaps/${name}`, token).then((r) => r.status)).toBe(name === 'c' ? 200 : 404);
  });

  it('a RoleBinding deleted through the API refuses the next request', async () => {
    expect(await readConfigMap()).toBe(200);
    expect((await admin('DELETE', `${RBAC}/rolebindings/reader-cm`)).status).toBe(200);
    expect(await readConfigMap()).toBe(403);
    expect(await listConfigMaps()).toBe(403);
  });

  it('a RoleBinding written straight into the store (not through this isolate) takes effect within the 2 s snapshot', async () => {
    expect(await readConfigMap()).toBe(403);
    const r = await storeStub(env, namespaceStore(NS)).create({ def: ROLE_BINDINGS, object: binding('from-the-store') as never, version: 'v1', fieldManager: 'test' });
    expect(r.ok).toBe(true);
    await eventually(async () => (await readConfigMap()) === 200, 'the binding written in the store honoured');
    const gone = await storeStub(env, namespaceStore(NS)).delete({ def: ROLE_BINDINGS, name: 'from-the-store' });
    expect(gone.ok).toBe(true);
    await eventually(async () => (await readConfigMap()) === 403, 'the binding deleted in the store no longer honoured');
  });
});
