// The simulated components act under upstream's identities and roles: the bootstrap controller roles and their
// bindings exist, `kubectl auth can-i --as` answers for a controller's ServiceAccount, the scheduler and the
// kubelets as upstream's would, and a Deployment still rolls out with every controller on the way authorized.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { kubectl, manifest, newNamespace, poll } from './support/kubectl';
import { ROOT_CA_PLACEHOLDER } from '../../shared/auth/root-ca';
import { applyPool, deletePools, onPool, poolName } from './support/node-pools';

const pool = poolName('components');
afterAll(() => deletePools(pool));

const DEPLOYMENT_CONTROLLER = 'system:serviceaccount:kube-system:deployment-controller';
const canI = async (...args: string[]) => (await kubectl(['auth', 'can-i', ...args], { allowFail: true })).stdout.trim();

describe('component identities', () => {
  it('the controller roles and bindings are bootstrapped, as upstream names them', async () => {
    const role = JSON.parse((await kubectl(['get', 'clusterrole', 'system:controller:deployment-controller', '-o', 'json'])).stdout);
    expect(role.metadata.labels['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
    expect(role.rules).toContainEqual({ apiGroups: ['apps', 'extensions'], resources: ['replicasets'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] });
    const binding = JSON.parse((await kubectl(['get', 'clusterrolebinding', 'system:controller:deployment-controller', '-o', 'json'])).stdout);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'deployment-controller', namespace: 'kube-system' }]);
    const names = (await kubectl(['get', 'clusterroles', '-o', 'name'])).stdout;
    for (const r of ['system:controller:replicaset-controller', 'system:controller:node-controller', 'system:kube-scheduler', 'system:node', 'system:controller:node-pool-controller'])
      expect(names).toContain(`clusterrole.rbac.authorization.k8s.io/${r}\n`);
  });

  it('kubectl auth can-i --list --as=<the deployment controller> lists its role', async () => {
    const list = (await kubectl(['auth', 'can-i', '--list', `--as=${DEPLOYMENT_CONTROLLER}`])).stdout;
    const row = list.split('\n').find((l) => l.startsWith('replicasets.apps '));
    expect(row).toMatch(/\[create delete get list patch update watch\]/);
    expect(list).toMatch(/^deployments\.apps\/status +\[\] +\[\] +\[update\]/m);
    expect(await canI('create', 'replicasets.apps', `--as=${DEPLOYMENT_CONTROLLER}`)).toBe('yes');
    expect(await canI('create', 'pods', `--as=${DEPLOYMENT_CONTROLLER}`)).toBe('no');
    expect(await canI('create', 'pods', '--as=system:serviceaccount:kube-system:replicaset-controller')).toBe('yes');
  });

  it('the scheduler binds pods; a ServiceAccount of another namespace with the same name gets nothing', async () => {
    expect(await canI('create', 'pods', '--subresource=binding', '--as=system:kube-scheduler')).toBe('yes');
    expect(await canI('delete', 'nodes', '--as=system:kube-scheduler')).toBe('no');
    expect(await canI('create', 'replicasets.apps', '--as=system:serviceaccount:default:deployment-controller')).toBe('no');
  });

  it('a Deployment rolls out with the deployment, replicaset, scheduler and kubelet identities', async () => {
    const ns = await newNamespace('components');
    await applyPool(pool, { nodes: 1, zones: ['zone-a'] });
    const labels = { app: 'web' };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { ...onPool(pool), containers: [{ name: 'web', image: 'nginx' }] } } },
    };
    await kubectl(['apply', '-f', '-'], { stdin: manifest(deployment) });
    await kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=60s']);
    const pods = JSON.parse((await kubectl(['-n', ns, 'get', 'pods', '-o', 'json'])).stdout).items;
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.status.phase).toBe('Running');
  });
});

describe('bound ServiceAccount tokens', () => {
  it('kubectl create token --bound-object-kind Pod binds the token to the pod: it works while the pod lives, then is 401', async () => {
    const ns = await newNamespace('bound');
    await kubectl(['-n', ns, 'create', 'serviceaccount', 'runner']);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: ns }, spec: { serviceAccountName: 'runner', containers: [{ name: 'c', image: 'busybox' }] } };
    await kubectl(['apply', '-f', '-'], { stdin: manifest(pod) });
    const uid = (await kubectl(['-n', ns, 'get', 'pod', 'p', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    const token = (await kubectl(['-n', ns, 'create', 'token', 'runner', '--bound-object-kind', 'Pod', '--bound-object-name', 'p'])).stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims['kubernetes.io']).toMatchObject({ namespace: ns, pod: { name: 'p', uid }, serviceaccount: { name: 'runner' } });
    const whoami = JSON.parse((await kubectl(['auth', 'whoami', '-o', 'json', `--token=${token}`])).stdout);
    expect(whoami.status.userInfo.username).toBe(`system:serviceaccount:${ns}:runner`);
    expect(whoami.status.userInfo.extra['authentication.kubernetes.io/pod-name']).toEqual(['p']);
    // a pod of another ServiceAccount cannot take it, nor can a name that is not there
    const other = await kubectl(['-n', ns, 'create', 'token', 'default', '--bound-object-kind', 'Pod', '--bound-object-name', 'p'], { allowFail: true });
    expect(other.stderr).toContain('cannot bind token for serviceaccount "default" to pod running with different serviceaccount name.');
    const missing = await kubectl(['-n', ns, 'create', 'token', 'runner', '--bound-object-kind', 'Secret', '--bound-object-name', 'nope'], { allowFail: true });
    expect(missing.stderr).toContain('secrets "nope" not found');
    await kubectl(['-n', ns, 'delete', 'pod', 'p', '--grace-period=0', '--force']);
    await poll(async () => {
      const r = await kubectl(['auth', 'whoami', `--token=${token}`], { allowFail: true });
      return r.code !== 0 && /Unauthorized/.test(r.stderr);
    }, 10_000, 'the pod-bound token refused once the pod is gone');
  });
});

describe('the ServiceAccount token mounted in simulated pods', () => {
  it('kubectl exec cat shows a pod-bound token usable against the API, the namespace, and kube-root-ca.crt\'s ca.crt', async () => {
    const ns = await newNamespace('mounted');
    await applyPool(pool, { nodes: 1, zones: ['zone-a'] });
    // the ServiceAccount admission adds the kube-api-access-XXXXX volume and its mount (test/e2e/root-ca-publisher.test.ts)
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'app', namespace: ns },
      spec: { ...onPool(pool), containers: [{ name: 'app', image: 'busybox', command: ['sleep', '3600'] }] },
    };
    await kubectl(['apply', '-f', '-'], { stdin: manifest(pod) });
    await kubectl(['-n', ns, 'wait', '--for=condition=Ready', 'pod/app', '--timeout=30s']);
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    expect((await kubectl(['-n', ns, 'exec', 'app', '--', 'ls', dir])).stdout).toBe('ca.crt\nnamespace\ntoken\n');
    expect((await kubectl(['-n', ns, 'exec', 'app', '--', 'cat', `${dir}/namespace`])).stdout).toBe(ns);
    // ca.crt is the kube-root-ca.crt the root-ca-cert-publisher keeps in the namespace
    const published = (await kubectl(['-n', ns, 'get', 'configmap', 'kube-root-ca.crt', '-o', 'jsonpath={.data.ca\\.crt}'])).stdout;
    expect(published).toBe(ROOT_CA_PLACEHOLDER);
    expect((await kubectl(['-n', ns, 'exec', 'app', '--', 'cat', `${dir}/ca.crt`])).stdout).toBe(published);
    const token = (await kubectl(['-n', ns, 'exec', 'app', '--', 'cat', `${dir}/token`])).stdout;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    const uid = (await kubectl(['-n', ns, 'get', 'pod', 'app', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    expect(claims['kubernetes.io']).toMatchObject({ namespace: ns, pod: { name: 'app', uid }, serviceaccount: { name: 'default' } });
    expect(claims.exp - claims.iat).toBe(3607);
    // a bearer token against the API, as a client in the pod would use it: who it is, and 403 (not 401) where it has no rights
    const r = await fetch(`${inject('kubeUrl')}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
    });
    expect(r.status).toBe(201);
    expect(((await r.json()) as { status: { userInfo: { username: string } } }).status.userInfo.username).toBe(`system:serviceaccount:${ns}:default`);
    const secrets = await fetch(`${inject('kubeUrl')}/api/v1/namespaces/${ns}/secrets`, { headers: { authorization: `Bearer ${token}` } });
    expect(secrets.status).toBe(403);
  });
});
