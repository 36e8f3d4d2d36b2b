// Authentication and RBAC with the real kubectl: a limited ServiceAccount's kubeconfig is refused (403, upstream's
// words) what it may not do and allowed what it may; `kubectl auth can-i` (--list, --as), `kubectl create token`,
// `kubectl auth whoami`; a bad token and no token are 401.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { anonymousFetch } from './support/auth-fetch';
import { kubectl, newNamespace, tableRows } from './support/kubectl';
import { kubectlFor } from './support/own-server';

const url = () => inject('kubeUrl');
let ns: string;
let limited: ReturnType<typeof kubectlFor>['kubectl'];
let token: string;

/** A kubeconfig for the shared server that authenticates with `token`. */
function kubeconfigWith(name: string, t: string): string {
  const path = join(inject('workDir'), `kubeconfig-${name}`);
  writeFileSync(
    path,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster:\n    server: ${url()}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: k\n  context:\n    cluster: k\n    user: u\n    namespace: ${ns}\ncurrent-context: k\nusers:\n- name: u\n  user:\n    token: ${t}\n`,
    { mode: 0o600 },
  );
  return path;
}

beforeAll(async () => {
  ns = await newNamespace('auth');
  await kubectl(['-n', ns, 'create', 'serviceaccount', 'dev']);
  await kubectl(['-n', ns, 'create', 'rolebinding', 'dev-edit', '--clusterrole=edit', `--serviceaccount=${ns}:dev`]);
  token = (await kubectl(['-n', ns, 'create', 'token', 'dev', '--duration=15m'])).stdout.trim();
  limited = kubectlFor(join(inject('workDir'), 'auth-limited'), () => kubeconfigWith('dev', token)).kubectl;
});

describe('a limited user', () => {
  it('kubectl create token prints a signed JWT for the ServiceAccount', () => {
    expect(token.split('.')).toHaveLength(3);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.sub).toBe(`system:serviceaccount:${ns}:dev`);
    expect(claims['kubernetes.io'].namespace).toBe(ns);
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('may do what edit grants in its namespace', async () => {
    await limited(['create', 'deployment', 'web', '--image=nginx:1.25']);
    expect((await limited(['get', 'deployments', '-o', 'name'])).stdout.trim()).toBe('deployment.apps/web');
    await limited(['create', 'configmap', 'settings', '--from-literal=a=b']);
    await limited(['delete', 'configmap', 'settings']);
  });

  it('gets 403 in upstream\'s words elsewhere, and changes nothing', async () => {
    const other = await limited(['-n', 'default', 'get', 'pods'], { allowFail: true });
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain(`Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:${ns}:dev" cannot list resource "pods" in API group "" in the namespace "default"`);
    const nodes = await limited(['get', 'nodes'], { allowFail: true });
    expect(nodes.stderr).toContain(`nodes is forbidden: User "system:serviceaccount:${ns}:dev" cannot list resource "nodes" in API group "" at the cluster scope`);
    const role = await limited(['create', 'role', 'sneaky', '--verb=get', '--resource=secrets'], { allowFail: true });
    expect(role.stderr).toContain(`roles.rbac.authorization.k8s.io is forbidden: User "system:serviceaccount:${ns}:dev" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "${ns}"`);
    expect((await kubectl(['-n', ns, 'get', 'roles', '-o', 'name'])).stdout.trim()).toBe('');
  });

  it('kubectl auth can-i answers for it, and --list lists its rules', async () => {
    expect((await limited(['auth', 'can-i', 'create', 'deployments'])).stdout.trim()).toBe('yes');
    const no = await limited(['auth', 'can-i', 'create', 'deployments', '-n', 'default'], { allowFail: true });
    expect(no.stdout.trim()).toBe('no');
    const list = await limited(['auth', 'can-i', '--list']);
    const rows = tableRows(list.stdout);
    expect(rows[0]).toEqual(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
    const row = (resource: string) => rows.find((r) => r[0] === resource);
    expect(row('deployments.apps')?.[3]).toBe('[create delete deletecollection patch update get list watch]');
    expect(row('selfsubjectaccessreviews.authorization.k8s.io')?.[3]).toBe('[create]');
    // non-resource rows have no first column, so they start with the URL
    expect(rows.some((r) => r[0] === '[/api/*]' && r.at(-1) === '[get]')).toBe(true);
    expect(row('secrets')).toBeDefined();
    expect(row('roles.rbac.authorization.k8s.io')).toBeUndefined();
  });

  it('kubectl auth whoami reports the real identity', async () => {
    const me = tableRows((await limited(['auth', 'whoami'])).stdout);
    expect(me).toContainEqual(['Username', `system:serviceaccount:${ns}:dev`]);
    expect(me).toContainEqual(['Groups', `[system:serviceaccounts system:serviceaccounts:${ns} system:authenticated]`]);
    const admin = tableRows((await kubectl(['auth', 'whoami'])).stdout);
    expect(admin).toContainEqual(['Username', 'kubeflare-admin']);
    expect(admin).toContainEqual(['Groups', '[system:masters system:authenticated]']);
  });
});

describe('the admin', () => {
  it('can-i --as checks another user through impersonation', async () => {
    expect((await kubectl(['auth', 'can-i', 'delete', 'nodes'])).stdout.trim()).toBe('yes');
    const as = await kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'default', `--as=system:serviceaccount:${ns}:dev`], { allowFail: true });
    expect(as.stdout.trim()).toBe('no');
    expect((await kubectl(['auth', 'can-i', 'list', 'pods', '-n', ns, `--as=system:serviceaccount:${ns}:dev`])).stdout.trim()).toBe('yes');
    const get = await kubectl(['get', 'pods', '-n', 'default', '--as=alice'], { allowFail: true });
    expect(get.stderr).toContain('pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');
  });

  it('sees the bootstrap roles and the bindings table', async () => {
    const roles = (await kubectl(['get', 'clusterroles', '-o', 'name'])).stdout.split('\n');
    for (const r of ['cluster-admin', 'admin', 'edit', 'view', 'system:basic-user', 'system:discovery', 'system:public-info-viewer']) expect(roles).toContain(`clusterrole.rbac.authorization.k8s.io/${r}`);
    const lines = (await kubectl(['-n', ns, 'get', 'rolebindings', '-o', 'wide'])).stdout.trim().split('\n');
    expect(lines[0]!.split(/\s+/)).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    expect(lines[1]).toMatch(new RegExp(`^dev-edit\\s+ClusterRole/edit\\s+\\S+\\s+${ns}/dev$`));
  });
});

describe('without good credentials', () => {
  it('a bad token is 401 with no hint; kubectl says so', async () => {
    const bad = await kubectl(['--token', 'not-a-token', 'get', 'pods'], { allowFail: true });
    expect(bad.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    const [h, p] = token.split('.');
    for (const t of ['not-a-token', `${h}.${p}.AAAA`, `${token}x`]) {
      const res = await anonymousFetch(`${url()}/api/v1/namespaces/${ns}/pods`, { headers: { authorization: `Bearer ${t}` } });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
  });

  it('anonymous: probes and version answer, the API does not', async () => {
    for (const p of ['/healthz', '/livez', '/readyz', '/version']) expect((await anonymousFetch(`${url()}${p}`)).status).toBe(200);
    for (const p of ['/api', '/apis', '/api/v1/namespaces', '/metrics']) expect((await anonymousFetch(`${url()}${p}`)).status).toBe(401);
  });
});
