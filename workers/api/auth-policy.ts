import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1';
import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { log } from '../../platform/log';
import { CLUSTER_STORE, namespaceStore, storeStub } from '../../platform/stores';
import type { KubeObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES, type ResourceDef } from '../../shared/api/registry';
import { aggregationUpdates, bootstrapClusterRoleBindings, bootstrapClusterRoles, type PolicySource } from '../../shared/auth';
import { IsolateCache } from './isolate-cache';
import { storeItems } from './store-items';

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
  /** The source over this snapshot alone (cluster-scope decisions). */
  source?: PolicySource;
}
interface NamespacePolicy {
  roles: Map<string, Role>;
  bindings: RoleBinding[];
  at: number;
  /** The source over this snapshot and each cluster snapshot it was paired with. */
  sources?: WeakMap<ClusterPolicy, PolicySource>;
}

const clusterPolicy = new IsolateCache<'cluster', ClusterPolicy>(TTL_MS, 1);
const namespacePolicies = new IsolateCache<string, NamespacePolicy>(TTL_MS);
const bootstrapped = new IsolateCache<'done', true>(Infinity, 1);

const byName = <T extends { metadata?: { name?: string } }>(items: T[]) => new Map(items.map((i) => [i.metadata?.name ?? '', i]));

function loadCluster(env: Env): Promise<ClusterPolicy> {
  return clusterPolicy.get('cluster', async () => {
    const [roles, bindings] = await Promise.all([storeItems<ClusterRole>(env, CLUSTER_STORE, CLUSTER_ROLES), storeItems<ClusterRoleBinding>(env, CLUSTER_STORE, CLUSTER_ROLE_BINDINGS)]);
    return { roles: byName(roles), bindings, at: clock.wallNow() };
  });
}

function loadNamespace(env: Env, ns: string): Promise<NamespacePolicy> {
  return namespacePolicies.get(ns, async () => {
    const store = namespaceStore(ns);
    const [roles, bindings] = await Promise.all([storeItems<Role>(env, store, ROLES), storeItems<RoleBinding>(env, store, ROLE_BINDINGS)]);
    return { roles: byName(roles), bindings, at: clock.wallNow() };
  });
}

/**
 * The RBAC objects a decision in `namespace` reads ('' for cluster scope only), as one snapshot:
 * ClusterRoles and ClusterRoleBindings from the cluster store, Roles and RoleBindings from the
 * namespace's store, each cached per isolate for up to 2 s.
 */
export async function policyFor(env: Env, namespace: string): Promise<PolicySource> {
  await ensureBootstrapPolicy(env);
  const [c, n] = await Promise.all([loadCluster(env), namespace ? loadNamespace(env, namespace) : undefined]);
  // one source per pair of snapshots: while neither is reloaded or dropped, callers get the same
  // object, so what they derive from it (auth-authorize.ts's decisions) lives exactly as long
  if (!n) return (c.source ??= source(c, namespace, undefined));
  const sources = (n.sources ??= new WeakMap());
  let s = sources.get(c);
  if (!s) sources.set(c, (s = source(c, namespace, n)));
  return s;
}

function source(c: ClusterPolicy, namespace: string, n: NamespacePolicy | undefined): PolicySource {
  return {
    clusterRoleBindings: () => c.bindings,
    clusterRole: (name) => c.roles.get(name),
    roleBindings: (ns) => (ns === namespace && n ? n.bindings : []),
    role: (ns, name) => (ns === namespace && n ? n.roles.get(name) : undefined),
  };
}

/** Forget the cached RBAC objects (after an RBAC write through this isolate). */
export function invalidatePolicy(namespace?: string): void {
  clusterPolicy.invalidate();
  if (namespace) namespacePolicies.invalidate(namespace);
}

/**
 * Creates the bootstrap ClusterRoles and ClusterRoleBindings that are missing and aggregates, once
 * per isolate (upstream's RBAC post-start hook runs at every start too). A role an admin deleted
 * comes back at the next start, as upstream's does.
 */
export async function ensureBootstrapPolicy(env: Env): Promise<void> {
  await bootstrapped.get('done', async () => (await bootstrap(env), true));
}

async function bootstrap(env: Env): Promise<void> {
  const stub = storeStub(env, CLUSTER_STORE);
  const [roles, bindings] = await Promise.all([storeItems<ClusterRole>(env, CLUSTER_STORE, CLUSTER_ROLES), storeItems<ClusterRoleBinding>(env, CLUSTER_STORE, CLUSTER_ROLE_BINDINGS)]);
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
  const roles = await storeItems<ClusterRole>(env, CLUSTER_STORE, CLUSTER_ROLES);
  const updates = aggregationUpdates(roles);
  for (const u of updates) {
    const role = roles.find((r) => r.metadata?.name === u.name)!;
    const object = { ...role, rules: u.rules } as unknown as KubeObject;
    const r = await stub.update({ def: CLUSTER_ROLES, name: u.name, object, target: 'main', version: 'v1', fieldManager: 'clusterrole-aggregation-controller' });
    if (!r.ok) log.warn('rbac: aggregation update failed', { name: u.name, status: r.status.message });
  }
  if (updates.length) invalidatePolicy();
}
