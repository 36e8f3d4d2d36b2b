import type { KubeObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES, parseApiVersion, type ResourceDef } from '../../shared/api/registry';
import { customResourceDef } from '../../shared/apiserver/custom-resources';
import type { CRD } from '../../shared/crd';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { gcDecisions, type GraphObject } from '../../shared/controllers/garbage-collector';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';

/** Every kind the collector can see (and so judge as gone); events own nothing and are skipped. */
const KINDS = BUILTIN_RESOURCES.filter((d) => d.plural !== 'events' && !d.virtual);
const CLUSTER_KEY = '';
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

function graphObject(known: Set<string>, group: string, kind: string, plural: string, obj: KubeObject): GraphObject {
  const m = obj.metadata!;
  // an owner of a kind the collector cannot list might exist: never treat such a dependent as orphaned
  const refs = m.ownerReferences ?? [];
  const unknownOwner = refs.some((r) => !known.has(`${parseApiVersion(r.apiVersion).group}/${r.kind}`));
  return {
    uid: m.uid!,
    group,
    kind,
    plural,
    namespace: m.namespace ?? '',
    name: m.name!,
    resourceVersion: m.resourceVersion,
    ownerReferences: unknownOwner ? [] : refs,
    finalizers: m.finalizers,
    deletionTimestamp: m.deletionTimestamp,
  };
}

async function listKinds(client: Client, kinds: ResourceDef[], known: Set<string>, namespace: string | undefined): Promise<GraphObject[]> {
  const defs = namespace === undefined ? kinds.filter((d) => !d.namespaced) : kinds;
  const lists = await Promise.all(
    defs.map(async (d) => {
      const rc = client.resource(d);
      const list = d.namespaced ? await rc.namespace(namespace!).list() : await rc.list();
      return list.items.map((o) => graphObject(known, d.group, d.kind, d.plural, o));
    }),
  );
  return lists.flat();
}

/** Built-in kinds plus every custom kind served now: owners and dependents may be either. */
async function servedKinds(client: Client): Promise<ResourceDef[]> {
  const crds = (await client.resource({ group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions' }).list()).items as unknown as CRD[];
  return [...KINDS, ...crds.filter((c) => !c.metadata?.deletionTimestamp).map(customResourceDef)];
}

/**
 * The garbage collector, one key per namespace (plus one for cluster-scoped objects): it reads
 * the namespace's ownership graph and the cluster-scoped owners, and applies gcDecisions.
 */
export const garbageCollector: ControllerDef = {
  name: 'garbage-collector',
  // every resource, custom ones included ('*'); wants() keeps only what can matter
  watches: ['*'],
  resyncMs: 60_000,
  // what can orphan a dependent: an owner going (deleted, or being deleted with a finalizer), or a new
  // object naming an owner; status churn of owned objects (every pod update) does not, and the
  // periodic resync covers the rest
  wants(n: ChangeNotice): boolean {
    return n.type === 'DELETED' || Boolean(n.deleting) || (n.type === 'ADDED' && Boolean(n.ownerReferences?.length));
  },
  keysFor(n: ChangeNotice): string[] {
    // a deleted Node orphans its Lease in kube-node-lease (the one namespaced dependent every cluster-scoped
    // owner of the simulation has); others wait for the resync
    if (n.type === 'DELETED' && n.resource === 'nodes') return [CLUSTER_KEY, NODE_LEASE_NAMESPACE];
    return [n.namespace ?? CLUSTER_KEY];
  },
  async allKeys(client: Client): Promise<string[]> {
    const namespaces = await client.resource({ group: '', version: 'v1', plural: 'namespaces' }).list();
    return [CLUSTER_KEY, ...namespaces.items.map((n) => n.metadata!.name!)];
  },
  async reconcile(key, { client: base, clientWith, now }) {
    const kinds = await servedKinds(base);
    const client = clientWith(kinds.filter((d) => d.crd));
    const known = new Set(kinds.map((d) => `${d.group}/${d.kind}`));
    const cluster = await listKinds(client, kinds, known, undefined);
    const objects = key === CLUSTER_KEY ? cluster : [...(await listKinds(client, kinds, known, key)), ...cluster];
    const actions = gcDecisions({ objects, now });
    if (!actions.length) return {};
    const report = await executeActions(client, actions, 'garbage-collector', kinds);
    if (report.failed) throw report.failed.error;
    // dependents just deleted may hold owners in foreground deletion: look again soon
    return { requeueAfterMs: 1000 };
  },
};
