import type { KubeObject } from '../../shared/api/object';
import { BUILTIN_RESOURCES, parseApiVersion, type ResourceDef } from '../../shared/api/registry';
import { customResourceDef } from '../../shared/apiserver/custom-resources';
import { storageKeyOf } from '../../shared/apiserver/storage-resource';
import type { CRD } from '../../shared/crd';
import type { Client } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import { FOREGROUND_FINALIZER, gcDecisions, ORPHAN_FINALIZER, type GraphObject } from '../../shared/controllers/garbage-collector';
import { gcHearsNotice, GcOwnerGraph, type DeletingObject } from '../../shared/controllers/gc-owner-graph';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';

/** Every kind the collector can see (and so judge as gone); events own nothing and are skipped. */
const KINDS = BUILTIN_RESOURCES.filter((d) => d.plural !== 'events' && !d.virtual);
/** The one work key: whatever the graph says to look at. Not a namespace name (no ':' in those). */
const CHANGES_KEY = 'graph:changes';
/** The periodic resync: every namespace is scanned again (covers lost notices and adoptions). */
const RESYNC_KEY = 'graph:resync';
/** Namespaces scanned per reconcile; the rest come back at once (one alarm stays short). */
const SCANS_PER_RUN = 8;
/** Above this many objects being deleted in one namespace and resource, one list reads them instead of a GET each. */
const LIST_ABOVE = 20;
/** The host's ownership graph (memo key), built again by scanning every namespace after a restart. */
const GRAPH = 'gc.graph';

function graphOf(memo: Record<string, unknown>): GcOwnerGraph {
  return (memo[GRAPH] ??= new GcOwnerGraph()) as GcOwnerGraph;
}

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

/** The objects of one namespace's namespaced kinds, or (namespace undefined) of the cluster-scoped kinds. */
async function listKinds(client: Client, kinds: ResourceDef[], known: Set<string>, namespace: string | undefined): Promise<GraphObject[]> {
  const defs = kinds.filter((d) => d.namespaced === (namespace !== undefined));
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

/** What one reconcile reads with: the served kinds and a client that knows the custom ones. */
interface Scope {
  client: Client;
  kinds: ResourceDef[];
  known: Set<string>;
  graph: GcOwnerGraph;
  now: number;
}

/** The cluster-scoped kinds that objects of a namespace name as owners (a Lease its Node): only those are listed with it. */
function clusterOwnerKinds(kinds: ResourceDef[], objects: GraphObject[]): ResourceDef[] {
  const named = new Set(objects.flatMap((o) => (o.ownerReferences ?? []).map((r) => `${parseApiVersion(r.apiVersion).group}/${r.kind}`)));
  return kinds.filter((d) => !d.namespaced && named.has(`${d.group}/${d.kind}`));
}

/**
 * Judges one namespace ('' for cluster-scoped objects) from a fresh list (gcDecisions over it and
 * the cluster-scoped owners it names) and replaces the graph's view of it. True when it acted.
 */
async function scan(s: Scope, namespace: string): Promise<boolean> {
  const token = s.graph.beginScan();
  let own: GraphObject[];
  let owners: GraphObject[] = [];
  try {
    own = await listKinds(s.client, s.kinds, s.known, namespace || undefined);
    if (namespace) owners = await listKinds(s.client, clusterOwnerKinds(s.kinds, own), s.known, undefined);
  } catch (e) {
    s.graph.abortScan(namespace);
    throw e;
  }
  s.graph.replaceNamespace(namespace, own, token);
  // the cluster-scoped owners are judged by the '' scan: acting on them here too would race it
  const actions = gcDecisions({ objects: [...own, ...owners], now: s.now }).filter((a) => a.kind !== 'event' && a.namespace === namespace);
  if (!actions.length) return false;
  const report = await executeActions(s.client, actions, 'garbage-collector', s.kinds);
  if (report.failed) throw report.failed.error;
  return true;
}

/**
 * Objects being deleted: those with `orphan` or `foregroundDeletion` make the namespaces of their
 * dependents (their own included; for a cluster-scoped one, every namespace not scanned yet too) to
 * be scanned; a pod going away gracefully costs one read.
 */
async function namespacesOfDeleting(s: Scope, deleting: DeletingObject[]): Promise<{ namespaces: string[]; unscanned: boolean }> {
  const groups = new Map<string, DeletingObject[]>();
  for (const d of deleting) groups.set(`${d.resource} ${d.namespace}`, [...(groups.get(`${d.resource} ${d.namespace}`) ?? []), d]);
  const out = new Set<string>();
  let unscanned = false;
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const { resource, namespace } = group[0]!;
      const def = s.kinds.find((k) => storageKeyOf(k) === resource);
      if (!def) return;
      const rc = def.namespaced ? s.client.resource(def).namespace(namespace) : s.client.resource(def);
      const live =
        group.length > LIST_ABOVE
          ? (await rc.list()).items
          : (await Promise.all(group.map((d) => getOrUndefined(rc.get(d.name))))).filter((o): o is KubeObject => o !== undefined);
      const uids = new Set(group.map((d) => d.uid));
      for (const o of live) {
        const m = o.metadata!;
        if (!uids.has(m.uid!) || !m.deletionTimestamp) continue;
        if (!m.finalizers?.some((f) => f === ORPHAN_FINALIZER || f === FOREGROUND_FINALIZER)) continue;
        out.add(namespace);
        for (const ns of s.graph.dependentNamespaces(m.uid!)) out.add(ns);
        if (!namespace) unscanned = true;
      }
    }),
  );
  return { namespaces: [...out], unscanned };
}

/** Every namespace, and '' for the cluster-scoped objects. */
async function allNamespaces(client: Client): Promise<string[]> {
  const namespaces = await client.resource({ group: '', version: 'v1', plural: 'namespaces' }).list();
  return ['', ...namespaces.items.map((n) => n.metadata!.name!)];
}

/**
 * The garbage collector. An ownership graph fed by the stores' notices (shared/controllers/gc-owner-graph.ts,
 * upstream's GraphBuilder) says which namespaces need judging: the dependents' namespaces of an owner
 * that vanished or is being deleted with `orphan` or `foregroundDeletion`, and the namespace of a new
 * dependent whose owner is not known to exist. Only those are listed and judged by gcDecisions; a steady
 * cluster costs no list. Every namespace is scanned every 10 minutes of wall time; a host that starts
 * afresh (the runtime drops an idle one from memory) scans a namespace the first time a notice concerns it.
 */
export const garbageCollector: ControllerDef = {
  name: 'garbage-collector',
  // every resource, custom ones included ('*'); wants() keeps only what can matter
  watches: ['*'],
  resyncMs: 10 * 60_000,
  // a resync lists every object of the cluster: a fast clock must not multiply it
  resyncOnWallClock: true,
  wants: gcHearsNotice,
  keysFor(): string[] {
    return [CHANGES_KEY];
  },
  observe(notices, memo) {
    graphOf(memo).observe(notices);
  },
  async allKeys(): Promise<string[]> {
    return [RESYNC_KEY];
  },
  async reconcile(key, { client: base, clientWith, now, memo }) {
    const graph = graphOf(memo);
    if (key === RESYNC_KEY) {
      graph.resync(await allNamespaces(base));
    } else if (key !== CHANGES_KEY) {
      graph.markDirty([key]); // a namespace key queued by an earlier version of this controller
    }
    if (!graph.pending) return {};
    const work = graph.take();
    const again = new Set<string>();
    try {
      const kinds = await servedKinds(base);
      const s: Scope = { client: clientWith(kinds.filter((d) => d.crd)), kinds, known: new Set(kinds.map((d) => `${d.group}/${d.kind}`)), graph, now };
      const todo = new Set(work.namespaces);
      if (work.deleting.length) {
        const found = await namespacesOfDeleting(s, work.deleting);
        for (const ns of found.namespaces) todo.add(ns);
        work.unscanned ||= found.unscanned;
        work.deleting = [];
      }
      if (work.unscanned) for (const ns of await allNamespaces(base)) if (!graph.knows(ns)) todo.add(ns);
      work.unscanned = false;
      // cluster-scoped objects last: an owner's namespaced dependents are orphaned before its finalizer goes
      const order = [...todo].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : 0));
      work.namespaces = order.slice(SCANS_PER_RUN);
      for (const ns of order.slice(0, SCANS_PER_RUN)) {
        work.namespaces.push(ns); // still to do until its scan is done
        // dependents just deleted may hold owners in foreground deletion: look again soon
        if (await scan(s, ns)) again.add(ns);
        work.namespaces.pop();
      }
    } catch (e) {
      // retried with the key's backoff; a lost notice is the stores' replay's and the resync's to cover
      graph.giveBack(work);
      throw e;
    }
    graph.giveBack(work);
    if (graph.pending) {
      graph.markDirty(again);
      return { requeueAfterMs: 0 };
    }
    if (!again.size) return {};
    graph.markDirty(again);
    return { requeueAfterMs: 1000 };
  },
};
