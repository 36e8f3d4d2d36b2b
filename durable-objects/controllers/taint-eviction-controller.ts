import { getOrUndefined } from '../../shared/client/store-result';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import { taintEvictionHearsPod } from '../../shared/controllers/pod-update-filters';
import type { Client } from '../../shared/client';
import {
  dueEvictions,
  evictionActions,
  evictionKey,
  nextEvictionAt,
  noExecuteTaints,
  planTaintEvictions,
  TAINT_EVICTION_COMPONENT,
  type PendingEviction,
} from '../../shared/controllers/taint-eviction';
import type { ControllerDef, KeyResult, ReconcileContext } from './controller-def';
import { executeActions } from './execute-actions';
import type { Rows } from './state-rows';
import { taintEvictionHearsNode } from '../../shared/controllers/node-update-filters';
import { NODES, PODS } from '../../shared/api/resource-refs';

/** Row tables: one row per scheduled deletion (keyed `namespace/name`), one per node with NoExecute taints. */
export const TAINT_EVICTION_TABLES = { pending: 'pending', tainted: 'tainted' } as const;

/** `node/<name>`: every pod of a node against its NoExecute taints (upstream's NodeUpdated). */
const NODE_PREFIX = 'node/';
/** `pod/<node>/<namespace>/<name>`: one pod bound to a node, changed or deleted (upstream's PodUpdated). */
const POD_PREFIX = 'pod/';

interface Tables {
  pending: Rows<PendingEviction>;
  /** The NoExecute taints of each node that has some, so a pod change on an untainted node reads nothing. */
  tainted: Rows<Taint[]>;
}

const tables = (ctx: ReconcileContext): Tables => ({
  pending: ctx.rows<PendingEviction>(TAINT_EVICTION_TABLES.pending),
  tainted: ctx.rows<Taint[]>(TAINT_EVICTION_TABLES.tainted),
});

/**
 * Applies a plan over one scope (a node's pods, or one pod): cancels and schedules rows, records the
 * events, evicts the pods due now, then fires the scope's schedules that have come due. Comes back
 * when the scope's next schedule fires. A failed eviction keeps its row and is retried with backoff.
 */
async function run(ctx: ReconcileContext, t: Tables, node: Node | undefined, pods: Pod[], pending: Record<string, PendingEviction>): Promise<KeyResult> {
  const { client, now } = ctx;
  const plan = planTaintEvictions({ node, pods, pending, now });
  const scope = { ...pending };
  for (const key of plan.cancel) {
    t.pending.delete(key);
    delete scope[key];
  }
  for (const s of plan.scheduleAt) {
    const key = evictionKey(s.namespace, s.name);
    t.pending.put(key, s);
    scope[key] = s;
  }
  await executeActions(client, plan.events.map((event) => ({ kind: 'event' as const, event })), TAINT_EVICTION_COMPONENT);
  let error: unknown;
  const evict = async (pod: Pod) => {
    const report = await executeActions(client, evictionActions(pod, now), TAINT_EVICTION_COMPONENT);
    if (report.failed && !(report.failed.error instanceof ApiError && report.failed.error.code === 404)) error ??= report.failed.error;
    return !report.failed;
  };
  for (const pod of plan.deleteNow) await evict(pod);

  const byKey = new Map(pods.map((p) => [evictionKey(p.metadata?.namespace ?? '', p.metadata?.name ?? ''), p]));
  for (const due of dueEvictions(Object.values(scope), now)) {
    const key = evictionKey(due.namespace, due.name);
    const pod = byKey.get(key);
    // gone, replaced by a namesake, or already terminating: nothing left to delete
    const done = !pod || (due.uid !== undefined && pod.metadata?.uid !== due.uid) || !!pod.metadata?.deletionTimestamp || (await evict(pod));
    if (done) {
      t.pending.delete(key);
      delete scope[key];
    }
  }
  if (error !== undefined) return { error };
  const next = nextEvictionAt(Object.values(scope));
  return next === undefined ? {} : { requeueAfterMs: Math.max(1, next - now) };
}

/** Every pod of a node against its NoExecute taints; also keeps the node's `tainted` row. */
async function reconcileNode(ctx: ReconcileContext, name: string): Promise<KeyResult> {
  const t = tables(ctx);
  const node = await getOrUndefined(ctx.client.resource<Node>(NODES).get(name));
  const taints = noExecuteTaints(node?.spec?.taints);
  if (!taints.length) t.tainted.delete(name);
  else if (JSON.stringify(t.tainted.get(name)) !== JSON.stringify(taints)) t.tainted.put(name, taints);
  const pending: Record<string, PendingEviction> = {};
  for (const [key, p] of t.pending.scan()) if (p.nodeName === name) pending[key] = p;
  // the common case, a healthy node: no pod list
  if (!taints.length && !Object.keys(pending).length) return {};
  const pods = (await ctx.client.resource<Pod>(PODS).list({ fieldSelector: `spec.nodeName=${name}` })).items;
  return run(ctx, t, node, pods, pending);
}

/** One pod that changed: only read when its node has NoExecute taints or its deletion is scheduled. */
async function reconcilePod(ctx: ReconcileContext, nodeName: string, namespace: string, name: string): Promise<KeyResult> {
  const t = tables(ctx);
  const key = evictionKey(namespace, name);
  const row = t.pending.get(key);
  if (!row && !t.tainted.get(nodeName)) return {};
  const pod = await getOrUndefined(ctx.client.resource<Pod>(PODS).namespace(namespace).get(name));
  const on = pod?.spec?.nodeName ?? nodeName;
  const node = await getOrUndefined(ctx.client.resource<Node>(NODES).get(on));
  return run(ctx, t, node, pod && pod.spec?.nodeName === on ? [pod] : [], row ? { [key]: row } : {});
}

/**
 * The taint eviction controller (kube-controller-manager 1.32, shared/controllers/taint-eviction):
 * pods on nodes with NoExecute taints they do not tolerate are deleted at once, those tolerating
 * them for tolerationSeconds at the time the smallest one runs out (one row per scheduled deletion,
 * the key requeued at its time), and a schedule is cancelled when the taints go. Deletions add the
 * DisruptionTarget condition and TaintManagerEviction events.
 */
export const taintEvictionController: ControllerDef = {
  name: 'taint-eviction',
  watches: ['nodes', 'pods'],
  resyncMs: 5 * 60_000,
  // the resync only covers lost notices (schedules requeue themselves): at 60× a cluster-time one would read every node each 5 wall s
  resyncOnWallClock: true,
  wants: (n: ChangeNotice) => (n.resource === 'nodes' ? taintEvictionHearsNode(n) : taintEvictionHearsPod(n)),
  keysFor: (n: ChangeNotice) => (n.resource === 'nodes' ? [NODE_PREFIX + n.name] : [`${POD_PREFIX}${n.nodeName}/${n.namespace}/${n.name}`]),
  // the nodes with NoExecute taints: an untainted node's key would read it to find nothing to do (5000 reads
  // every 5 minutes at 5000 nodes); a schedule left on a node whose taint went unheard requeues itself and is
  // cancelled when it comes due
  async allKeys(client: Client): Promise<string[]> {
    const nodes = (await client.resource<Node>(NODES).list()).items;
    return nodes.filter((n) => noExecuteTaints(n.spec?.taints).length).map((n) => NODE_PREFIX + n.metadata!.name!);
  },
  async reconcile(key, ctx) {
    let r: KeyResult;
    if (key.startsWith(NODE_PREFIX)) r = await reconcileNode(ctx, key.slice(NODE_PREFIX.length));
    else {
      const [node, namespace, name] = key.slice(POD_PREFIX.length).split('/') as [string, string, string];
      r = await reconcilePod(ctx, node, namespace, name);
    }
    if (r.error !== undefined) throw r.error;
    return r;
  },
};
