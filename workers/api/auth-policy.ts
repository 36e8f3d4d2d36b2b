import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1';
import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { log } from '../../platform/log';
import { CLUSTER_STORE, namespaceStore, storeStub } from '../../platform/stores';
import type { KubeObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import { aggregationUpdates, bootstrapClusterRoleBindings, bootstrapClusterRoles, type PolicySource } from '../../shared/auth';
import { unwrap } from '../../shared/client/store-result';

const RBAC = 'rbac.authorization.k8s.io';
const def = (plural: string): ResourceDef => BUILTIN_RESOURCES.find((d) => d.group === RBAC && d.plural === plural)!;
export const CLUSTER_ROLES = def('clusterroles');
export const CLUSTER_ROLE_BINDINGS = def('clusterrolebindings');
export const ROLES = def('roles');
export const ROLE_BINDINGS = def('rolebindings');

/**
 * How long this isolate trusts its copy of the RBAC objects. A write through this isolate drops the
 * copy at once; other isolates see it within this time (upstream's informers lag too).
 */
const TTL_MS = 2000;

interface ClusterPolicy {
  roles: Map<string, ClusterRole>;
  bindings: ClusterRoleBinding[];
  at: number;
}
interface NamespacePolicy {
  roles: Map<string, Role>;
  bindings: RoleBinding[];
  at: number;
}

let cluster: Promise<ClusterPolicy> | undefined;
let clusterAt = 0;
const namespaces = new Map<string, { p: Promise<NamespacePolicy>; at: number }>();
let bootstrapped: Promise<void> | undefined;

const fresh = (at: number) => clock.wallNow() - at < TTL_MS;
const byName = <T extends { metadata?: { name?: string } }>(items: T[]) => new Map(items.map((i) => [i.metadata?.name ?? '', i]));

async function list<T>(env: Env, store: string, d: ResourceDef): Promise<T[]> {
  return unwrap(await storeStub(env, store).list({ def: d })).items as unknown as T[];
}

function loadCluster(env: Env): Promise<ClusterPolicy> {
  if (cluster && fresh(clusterAt)) return cluster;
  clusterAt = clock.wallNow();
  cluster = Promise.all([list<ClusterRole>(env, CLUSTER_STORE, CLUSTER_ROLES), list<ClusterRoleBinding>(env, CLUSTER_STORE, CLUSTER_ROLE_BINDINGS)]).then(
    ([roles, bindings]) => ({ roles: byName(roles), bindings, at: clusterAt }),
  );
  cluster.catch(() => (cluster = undefined));
  return cluster;
}

function loadNamespace(env: Env, ns: string): Promise<NamespacePolicy> {
  const hit = namespaces.get(ns);
  if (hit && fresh(hit.at)) return hit.p;
  const at = clock.wallNow();
  const store = namespaceStore(ns);
  const p = Promise.all([list<Role>(env, store, ROLES), list<RoleBinding>(env, store, ROLE_BINDINGS)]).then(([roles, bindings]) => ({ roles: byName(roles), bindings, at }));
  p.catch(() => namespaces.delete(ns));
  // bounded: namespaces come and go; keep the recently used
  if (namespaces.size > 500) namespaces.delete(namespaces.keys().next().value!);
  namespaces.set(ns, { p, at });
  return p;
}

/**
 * The RBAC objects a decision in `namespace` reads ('' for cluster scope only), as one snapshot:
 * ClusterRoles and ClusterRoleBindings from the cluster store, Roles and RoleBindings from the
 * namespace's store, each cached per isolate for up to 2 s.
 */
export async function policyFor(env: Env, namespace: string): Promise<PolicySource> {
  await ensureBootstrapPolicy(env);
  const [c, n] = await Promise.all([loadCluster(env), namespace ? loadNamespace(env, namespace) : undefined]);
  return {
    clusterRoleBindings: () => c.bindings,
    clusterRole: (name) => c.roles.get(name),
    roleBindings: (ns) => (ns === namespace && n ? n.bindings : []),
    role: (ns, name) => (ns === namespace && n ? n.roles.get(name) : undefined),
  };
}

/** Forget the cached RBAC objects (after an RBAC write through this isolate). */
export function invalidatePolicy(namespace?: string): void {
  cluster = undefined;
  if (namespace) namespaces.delete(namespace);
}

/**
 * Creates the bootstrap ClusterRoles and ClusterRoleBindings that are missing and aggregates, once
 * per isolate (upstream's RBAC post-start hook runs at every start too). A role an admin deleted
 * comes back at the next start, as upstream's does.
 */
export function ensureBootstrapPolicy(env: Env): Promise<void> {
  bootstrapped ??= bootstrap(env).catch((e: unknown) => {
    bootstrapped = undefined;
    throw e;
  });
  return bootstrapped;
}

async function bootstrap(env: Env): Promise<void> {
  const stub = storeStub(env, CLUSTER_STORE);
  const [roles, bindings] = await Promise.all([list<ClusterRole>(env, CLUSTER_STORE, CLUSTER_ROLES), list<ClusterRoleBinding>(env, CLUSTER_STORE, CLUSTER_ROLE_BINDINGS)]);
  const have = new Set([...roles, ...bindings].map((o) => `${o.kind}/${o.metadata?.name}`));
  const missing: [ResourceDef, KubeObject][] = [
    ...bootstrapClusterRoles().map((o) => [CLUSTER_ROLES, o as unknown as KubeObject] as [ResourceDef, KubeObject]),
    ...bootstrapClusterRoleBindings().map((o) => [CLUSTER_ROLE_BINDINGS, o as unknown as KubeObject] as [ResourceDef, KubeObject]),
  ].filter(([, o]) => !have.has(`${o.kind}/${o.metadata?.name}`));
  // another isolate may create the same object at the same moment: AlreadyExists is fine
  const results = await Promise.all(missing.map(([d, object]) => stub.create({ def: d, object, version: 'v1', fieldManager: 'kube-apiserver' })));
  for (const r of results) if (!r.ok && r.status.reason !== 'AlreadyExists') log.error('rbac: bootstrap object not created', { status: r.status.message });
  if (missing.length) log.info('rbac: bootstrap policy created', { objects: missing.map(([, o]) => o.metadata?.name) });
  await aggregateClusterRoles(env);
}

/**
 * Fills every aggregated ClusterRole with the rules of the roles its selectors match (upstream's
 * clusterrole-aggregation controller, run here after each ClusterRole write and at start). A
 * conflict means another writer moved first; the next write or start aggregates again.
 */
export async function aggregateClusterRoles(env: Env): Promise<void> {
  const stub = storeStub(env, CLUSTER_STORE);
  const roles = await list<ClusterRole>(env, CLUSTER_STORE, CLUSTER_ROLES);
  const updates = aggregationUpdates(roles);
  for (const u of updates) {
    const role = roles.find((r) => r.metadata?.name === u.name)!;
    const object = { ...role, rules: u.rules } as unknown as KubeObject;
    const r = await stub.update({ def: CLUSTER_ROLES, name: u.name, object, target: 'main', version: 'v1', fieldManager: 'clusterrole-aggregation-controller' });
    if (!r.ok) log.warn('rbac: aggregation update failed', { name: u.name, status: r.status.message });
  }
  if (updates.length) invalidatePolicy();
}
