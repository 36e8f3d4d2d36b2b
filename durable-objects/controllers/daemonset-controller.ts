import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import { controllerOwner, type ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { DAEMONSET_COMPONENT, reconcileDaemonSet, type BackoffEntries } from '../../shared/controllers/daemonset';
import type { ControllerDef, ReconcileContext } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { nodeUpdateMatters } from '../../shared/controllers/node-update-filters';
import { CONTROLLER_REVISIONS, DAEMON_SETS, NODES, PODS } from '../../shared/api/resource-refs';

/** The key every node change queues: it re-examines every DaemonSet when nodes' placement facts changed. */
const NODES_KEY = '@nodes';

const daemonSetOwner = (n: ChangeNotice) => controllerOwner(n, 'DaemonSet', 'apps/v1');

/** What decides where daemons run (names, labels, taints), so heartbeats that change none of it cost one list. */
function placementFingerprint(nodes: Node[]): string {
  return JSON.stringify(nodes.map((n) => [n.metadata?.name, n.metadata?.labels ?? {}, n.spec?.taints ?? []]));
}

async function syncOne(namespace: string, name: string, nodes: Node[], { client, now, rows }: ReconcileContext): Promise<{ requeueAfterMs?: number }> {
  const key = `${namespace}/${name}`;
  const backoffs = rows<BackoffEntries>('failedPodsBackoff');
  let ds: DaemonSet;
  try {
    ds = await client.resource<DaemonSet>(DAEMON_SETS).namespace(namespace).get(name);
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) {
      backoffs.delete(key);
      return {};
    }
    throw e;
  }
  const [pods, revisions] = await Promise.all([
    client.resource<Pod>(PODS).namespace(namespace).list(),
    client.resource<ControllerRevision>(CONTROLLER_REVISIONS).namespace(namespace).list(),
  ]);
  const result = reconcileDaemonSet({ ds, nodes, pods: pods.items, revisions: revisions.items, now, backoff: backoffs.get(key) });
  if (Object.keys(result.backoff).length) backoffs.put(key, result.backoff);
  else backoffs.delete(key);
  const report = await executeActions(client, result.actions, DAEMONSET_COMPONENT);
  if (report.failed) throw report.failed.error;
  return result.requeueAfterMs === undefined ? {} : { requeueAfterMs: result.requeueAfterMs };
}

/** The DaemonSet controller: a pod on every eligible node, rolling updates and revisions (shared/controllers/daemonset). */
export const daemonSetController: ControllerDef = {
  name: 'daemonset',
  watches: ['daemonsets.apps', 'pods', 'nodes', 'controllerrevisions.apps'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  wants: (n) => n.resource === 'daemonsets.apps' || (n.resource === 'nodes' ? nodeUpdateMatters(n) : daemonSetOwner(n) !== undefined),
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'nodes') return [NODES_KEY];
    if (n.resource === 'daemonsets.apps') return [`${n.namespace}/${n.name}`];
    const owner = daemonSetOwner(n);
    return owner ? [`${n.namespace}/${owner.name}`] : [];
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<DaemonSet>(DAEMON_SETS).list();
    return list.items.map((d) => `${d.metadata!.namespace}/${d.metadata!.name}`);
  },
  async reconcile(key, ctx) {
    const nodes = (await ctx.client.resource<Node>(NODES).list()).items;
    if (key !== NODES_KEY) {
      const { namespace, name } = splitKey(key);
      return syncOne(namespace, name, nodes, ctx);
    }
    const fingerprint = placementFingerprint(nodes);
    if (ctx.memo['nodePlacement'] === fingerprint) return {};
    const all = (await ctx.client.resource<DaemonSet>(DAEMON_SETS).list()).items;
    let firstError: unknown;
    let requeueAfterMs: number | undefined;
    for (const ds of all) {
      try {
        const r = await syncOne(ds.metadata!.namespace!, ds.metadata!.name!, nodes, ctx);
        if (r.requeueAfterMs !== undefined) requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, r.requeueAfterMs);
      } catch (e) {
        firstError ??= e;
      }
    }
    if (firstError !== undefined) throw firstError;
    // remembered only once every DaemonSet has seen these nodes, so a failure retries them all
    ctx.memo['nodePlacement'] = fingerprint;
    return requeueAfterMs === undefined ? {} : { requeueAfterMs };
  },
};
