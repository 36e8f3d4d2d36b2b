import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import { controllerOwner, type ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { deletesPods, reconcileReplicaSet } from '../../shared/controllers/replica-set-reconciler';
import { replicaSetPodView } from '../../shared/controllers/replica-set-pod-view';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { invalidateView, namespaceView, observeViews, refreshView } from './namespace-views';
import { AnchorsHeard, anchorHeld } from '../../shared/controllers/notice-scope';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { PODS, REPLICA_SETS } from '../../shared/api/resource-refs';

/** The host's per-namespace pod views (memo key). */
const POD_VIEWS = 'replicaset.pods';
/** The ReplicaSets the host has heard of, per namespace (memo key; an AnchorsHeard). */
const SETS_HEARD = 'replicaset.sets';

/**
 * The ReplicaSet controller: keeps each ReplicaSet's pods at spec.replicas (shared/controllers).
 * Pods are read from a per-namespace view kept current by notices (shared/controllers/namespace-view.ts, each pod cut to replicaSetPodView),
 * so a sync reads only the pods that changed, and a slow-start batch is one createMany.
 */
export const replicaSetController: ControllerDef = {
  name: 'replicaset',
  watches: ['replicasets.apps', 'pods'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  // a pod no ReplicaSet controls matters only to the ReplicaSets of its namespace (adoption): none, no RPC
  // (as upstream's addPod finds no matching ReplicaSet and queues nothing); the views catch up in observe
  wants: (n, scope) => n.resource !== 'pods' || controllerOwner(n, 'ReplicaSet') !== undefined || anchorHeld(n, scope, 'replicasets.apps', ['pods']),
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'replicasets.apps') return [`${n.namespace}/${n.name}`];
    const owner = controllerOwner(n, 'ReplicaSet');
    return owner ? [`${n.namespace}/${owner.name}`] : [];
  },
  observe(notices, memo) {
    // a namespace's first ReplicaSet (as far as this host heard) comes after a spell whose orphan pods' notices
    // `wants` dropped: its view lists again, so the new ReplicaSet sees the orphans it may adopt
    const heard = (memo[SETS_HEARD] ??= new AnchorsHeard('replicasets.apps')) as AnchorsHeard;
    for (const n of notices) if (heard.hear(n)) invalidateView(memo, POD_VIEWS, n.namespace!);
    // only namespaces this controller has synced in have a view (Job or bare pods elsewhere cost nothing)
    observeViews(memo, POD_VIEWS, 'pods', notices);
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<ReplicaSet>(REPLICA_SETS).list();
    return list.items.map((rs) => `${rs.metadata!.namespace}/${rs.metadata!.name}`);
  },
  async reconcile(key, { client, now, rows, memo, store }) {
    const failures = rows<string>('failures');
    const { namespace: ns, name } = splitKey(key);
    let rs: ReplicaSet;
    try {
      rs = await client.resource<ReplicaSet>(REPLICA_SETS).namespace(ns).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return {}; // deleted: nothing to do
      throw e;
    }
    const cache = namespaceView<Pod>(memo, POD_VIEWS, ns, replicaSetPodView);
    await refreshView(client.resource<Pod>(PODS).namespace(ns), cache, now);
    const pods = cache.items();
    // the view holds this controller's own writes at once (write-through below), so expectations are always met
    // the last failure to create or delete pods shows as the ReplicaFailure condition until a sync succeeds
    const lastError = failures.get(key) ? { message: failures.get(key)! } : undefined;
    let result = reconcileReplicaSet({ rs, pods, now, lastError });
    // the namespace's ReplicaSets only rank a scale-down's victims: listed (every one parsed) only then
    const siblings = deletesPods(result) ? (await client.resource<ReplicaSet>(REPLICA_SETS).namespace(ns).list()).items : undefined;
    if (siblings) result = reconcileReplicaSet({ rs, pods, now, replicaSets: siblings, lastError });
    const report = await executeActions(client, result.actions, 'replicaset-controller', BUILTIN_RESOURCES, store);
    for (const p of report.created) cache.apply(p.metadata?.name ?? '', p as Pod);
    // patched (adopted, released) and deleted pods are read again before the next sync
    for (const a of result.actions) if ((a.kind === 'patch' || a.kind === 'delete') && a.resource.plural === 'pods') cache.touched(a.name);
    if (report.failed) {
      const e = report.failed.error;
      // a failed RPC leaves its writes' outcome unknown: list again rather than trust the view
      if (!(e instanceof ApiError)) cache.invalidate();
      if (report.failed.action.kind === 'create' || report.failed.action.kind === 'delete') {
        failures.put(key, e instanceof Error ? e.message : String(e));
        // as upstream, the status (with ReplicaFailure) is written even when managing replicas failed
        const withError = reconcileReplicaSet({ rs, pods: cache.items(), now, replicaSets: siblings, lastError: { message: failures.get(key)! } });
        await executeActions(client, withError.actions.filter((a) => a.kind === 'updateStatus'), 'replicaset-controller');
      }
      throw e;
    }
    if (!result.actions.some((a) => a.kind === 'create' || a.kind === 'delete')) failures.delete(key);
    return { requeueAfterMs: result.requeueAfterMs };
  },
};
