import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import type { RemoteStoreApi, StoreApi } from '../../../shared/apiserver/store-protocol';
import { authorizeComponent, type ComponentRequest } from '../../../shared/auth/component-authorizer';
import { componentIdentity, type ComponentIdentity } from '../../../shared/auth/component-identity';
import { authorizingStore } from '../../../shared/auth/authorizing-store';
import { rbacAuthorize, rulesFor } from '../../../shared/auth/rbac/authorize';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from '../../../shared/auth/rbac/bootstrap-policy';
import { staticPolicy } from '../../../shared/auth/rbac/policy-source';
import { MemoryCluster, RpcClient } from '../../../shared/client';
import { attrs } from './rbac-support';

const id = (controller: string): ComponentIdentity => componentIdentity(controller)!;
const req = (verb: string, resource: string, o: Partial<ComponentRequest> = {}): ComponentRequest => ({ verb, apiGroup: '', resource, subresource: '', namespace: 'default', name: '', ...o });
const can = (controller: string, r: ComponentRequest) => authorizeComponent(id(controller), r) === undefined;

describe('component identities (upstream kube-controller-manager, kube-scheduler, kubelet)', () => {
  it('controllers run as their kube-system ServiceAccounts, several under node-controller as upstream', () => {
    const user = (c: string) => (id(c) as { user: { username: string } }).user.username;
    expect(user('deployment')).toBe('system:serviceaccount:kube-system:deployment-controller');
    expect(user('daemonset')).toBe('system:serviceaccount:kube-system:daemon-set-controller');
    expect(user('garbage-collector')).toBe('system:serviceaccount:kube-system:generic-garbage-collector');
    expect(user('persistent-volume')).toBe('system:serviceaccount:kube-system:persistent-volume-binder');
    for (const c of ['node-lifecycle', 'node-ipam', 'taint-eviction']) expect(user(c)).toBe('system:serviceaccount:kube-system:node-controller');
    expect(user('scheduler')).toBe('system:kube-scheduler');
    expect(id('kubelet')).toEqual({ kind: 'node', groups: ['system:nodes', 'system:authenticated'] });
    expect(componentIdentity('no-such-controller')).toBeUndefined();
  });
});

describe('component authorization against the bootstrap roles', () => {
  it('upstream controller roles: what each may write (controller_policy.go)', () => {
    expect(can('deployment', req('create', 'replicasets', { apiGroup: 'apps' }))).toBe(true);
    expect(can('deployment', req('update', 'deployments', { apiGroup: 'apps', subresource: 'status', name: 'web' }))).toBe(true);
    expect(can('deployment', req('create', 'pods'))).toBe(false);
    expect(can('replicaset', req('create', 'pods'))).toBe(true);
    expect(can('replicaset', req('delete', 'replicasets', { apiGroup: 'apps', name: 'x' }))).toBe(false);
    expect(can('job', req('update', 'jobs', { apiGroup: 'batch', subresource: 'status', name: 'j' }))).toBe(true);
    expect(can('ttl-after-finished', req('delete', 'jobs', { apiGroup: 'batch', name: 'j' }))).toBe(true);
    expect(can('ttl-after-finished', req('delete', 'pods', { name: 'p' }))).toBe(false);
    expect(can('horizontal-pod-autoscaler', req('update', 'deployments', { apiGroup: 'apps', subresource: 'scale', name: 'web' }))).toBe(true);
    expect(can('node-lifecycle', req('patch', 'nodes', { namespace: '', name: 'n1' }))).toBe(true);
    expect(can('node-lifecycle', req('create', 'nodes', { namespace: '', name: 'n1' }))).toBe(false);
    expect(can('garbage-collector', req('delete', 'widgets', { apiGroup: 'example.com', name: 'w' }))).toBe(true);
    expect(can('garbage-collector', req('create', 'pods'))).toBe(false);
    // every controller records Events
    expect(can('statefulset', req('create', 'events'))).toBe(true);
  });
  it('controllers read what the shared informers (system:kube-controller-manager) list, gets included', () => {
    expect(can('ttl-after-finished', req('list', 'pods'))).toBe(true);
    expect(can('ttl-after-finished', req('watch', 'nodes', { namespace: '' }))).toBe(true);
    expect(can('deployment', req('get', 'secrets', { name: 's' }))).toBe(true);
    expect(can('deployment', req('deletecollection', 'pods'))).toBe(false);
  });
  it('the scheduler binds pods and reads its config, as system:kube-scheduler (policy.go)', () => {
    expect(can('scheduler', req('create', 'pods', { subresource: 'binding', name: 'p' }))).toBe(true);
    expect(can('scheduler', req('patch', 'persistentvolumeclaims', { name: 'c' }))).toBe(true);
    expect(can('scheduler', req('get', 'configmaps', { namespace: 'kube-system', name: 'kube-scheduler-config' }))).toBe(true);
    expect(can('scheduler', req('get', 'configmaps', { namespace: 'kube-system', name: 'other' }))).toBe(false);
    expect(can('scheduler', req('create', 'pods'))).toBe(false);
  });
  it('kubelets get NodeRules (Node authorizer) and kubeflare\'s node role, nothing more', () => {
    const node = id('kubelet');
    expect(authorizeComponent(node, req('update', 'pods', { subresource: 'status', name: 'p', node: 'n1' }))).toBeUndefined();
    expect(authorizeComponent(node, req('update', 'leases', { apiGroup: 'coordination.k8s.io', namespace: 'kube-node-lease', name: 'n1', node: 'n1' }))).toBeUndefined();
    expect(authorizeComponent(node, req('get', 'nodepools', { apiGroup: 'kubeflare.dev', namespace: '', name: 'pool' }))).toBeUndefined();
    const denied = authorizeComponent(node, req('delete', 'deployments', { apiGroup: 'apps', name: 'web', node: 'n1' }));
    expect(denied).toBeInstanceOf(ApiError);
    expect(denied!.message).toBe('deployments.apps "web" is forbidden: User "system:node:n1" cannot delete resource "deployments" in API group "apps" in the namespace "default"');
  });
  it('a denial is upstream\'s 403 Forbidden with its message and details', () => {
    const e = authorizeComponent(id('deployment'), req('create', 'pods', { namespace: 'ns1' }))!;
    expect(e.code).toBe(403);
    expect(e.reason).toBe('Forbidden');
    expect(e.message).toBe('pods is forbidden: User "system:serviceaccount:kube-system:deployment-controller" cannot create resource "pods" in API group "" in the namespace "ns1"');
  });
  it('the bootstrap bindings make `kubectl auth can-i --list --as=<controller SA>` list the controller role', () => {
    const policy = staticPolicy({ clusterRoles: bootstrapClusterRoles(), clusterRoleBindings: bootstrapClusterRoleBindings() });
    const sa = 'system:serviceaccount:kube-system:deployment-controller';
    const { rules, errors } = rulesFor(policy, { username: sa, groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] }, 'default');
    expect(errors).toEqual([]);
    expect(rules.some((r) => r.resources?.includes('replicasets') && r.verbs?.includes('create'))).toBe(true);
    expect(rbacAuthorize(policy, attrs(sa, 'system:serviceaccounts', 'update', 'deployments', 'status', 'default', 'apps')).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:controller:deployment-controller" of ClusterRole "system:controller:deployment-controller" to ServiceAccount "deployment-controller/kube-system"',
    );
  });
  it('stays cheap: a decision takes microseconds (no store reads)', () => {
    const deploy = id('deployment');
    const calls = [req('update', 'replicasets', { apiGroup: 'apps', name: 'r' }), req('create', 'events'), req('list', 'pods'), req('get', 'deployments', { apiGroup: 'apps', name: 'd' })];
    for (let i = 0; i < 1000; i++) for (const c of calls) authorizeComponent(deploy, c);
    const n = 20_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) authorizeComponent(deploy, calls[i % calls.length]!);
    const perCallUs = ((performance.now() - t0) * 1000) / n;
    console.log(`component authorization: ${perCallUs.toFixed(2)} µs per call`);
    expect(perCallUs).toBeLessThan(100);
  });
});

describe('authorizingStore: a denied call is a 403 through the client, and never reaches the store', () => {
  /** A role that lacks `create pods`: the deployment controller's. */
  const setup = () => {
    const cluster = new MemoryCluster({ now: () => 0 });
    const calls: string[] = [];
    const storeOf = (name: string) => {
      const store = cluster.storeOf(name) as StoreApi;
      const counted = new Proxy(store, { get: (t, p) => (typeof p === 'string' && p !== 'then' && calls.push(p), Reflect.get(t, p)) });
      return authorizingStore(counted as RemoteStoreApi, name, (r) => authorizeComponent(id('deployment'), r));
    };
    return { client: new RpcClient({ storeOf, namespaces: cluster.namespaces }), calls };
  };
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };

  it('create of a pod by the deployment controller is Forbidden, with upstream\'s message', async () => {
    const { client, calls } = setup();
    const err = await client.resource({ group: '', version: 'v1', plural: 'pods' }).namespace('default').create(pod).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(403);
    expect((err as ApiError).message).toBe('pods is forbidden: User "system:serviceaccount:kube-system:deployment-controller" cannot create resource "pods" in API group "" in the namespace "default"');
    expect(calls).not.toContain('create');
  });
  it('what the role grants goes through', async () => {
    const { client } = setup();
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } };
    const created = await client.resource({ group: 'apps', version: 'v1', plural: 'replicasets' }).namespace('default').create(rs);
    expect(created.metadata?.name).toBe('r');
  });
  it('a batch answers its denied requests in place and sends the rest', async () => {
    const cluster = new MemoryCluster({ now: () => 0 });
    const store = authorizingStore(cluster.storeOf('ns:default') as RemoteStoreApi, 'ns:default', (r) => authorizeComponent(id('deployment'), r));
    const events = BUILTIN_RESOURCES.find((d) => d.plural === 'events' && d.group === '')!;
    const pods = BUILTIN_RESOURCES.find((d) => d.plural === 'pods' && d.group === '')!;
    const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'R', message: 'm' };
    const results = await store.createMany([
      { def: pods, object: pod, version: 'v1' },
      { def: events, object: ev, version: 'v1' },
    ]);
    expect(results[0]).toMatchObject({ ok: false, status: { code: 403, reason: 'Forbidden' } });
    expect(results[1]!.ok).toBe(true);
  });
  it('a binding whose event the component may not create goes without it; one it may create brings its event', async () => {
    const pods = BUILTIN_RESOURCES.find((d) => d.plural === 'pods' && d.group === '')!;
    const events = BUILTIN_RESOURCES.find((d) => d.plural === 'events' && d.group === '')!;
    const run = async (check: Parameters<typeof authorizingStore>[2]) => {
      const cluster = new MemoryCluster({ now: () => 0 });
      const raw = cluster.storeOf('ns:default') as StoreApi;
      await raw.create({ def: pods, object: pod, version: 'v1' });
      const store = authorizingStore(raw as RemoteStoreApi, 'ns:default', check);
      const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'p.scheduled', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'Scheduled', message: 'm' };
      const [bound] = await store.bindMany(pods, [{ name: 'p', binding: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { kind: 'Node', name: 'n1' } }, event: { object: ev, fieldManager: 'scheduler' } }]);
      const listed = await raw.list({ def: events });
      return { bound: bound!.ok, events: listed.ok ? listed.value.items.map((e) => e.metadata.name) : listed.status };
    };
    // the scheduler's role: bindings and events
    expect(await run((r) => authorizeComponent(id('scheduler'), r))).toEqual({ bound: true, events: ['p.scheduled'] });
    // a check that grants the binding but not the event
    expect(await run((r) => (r.resource === 'events' ? new ApiError(403, 'Forbidden', 'no events') : undefined))).toEqual({ bound: true, events: [] });
  });
});
