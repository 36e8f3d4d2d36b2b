import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { getOrUndefined } from '../../shared/client/store-result';
import { deletesPods, reconcileReplicaSet } from '../../shared/controllers/replica-set-reconciler';
import { ReplicaSetPodCache } from '../../shared/controllers/replica-set-pod-cache';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { PODS, REPLICA_SETS } from '../../shared/api/resource-refs';

/** The host's per-namespace pod views (memo key), rebuilt by a list after a restart. */
const CACHES = 'replicaset.pods';

function podCache(memo: Record<string, unknown>, namespace: string): ReplicaSetPodCache {
  const caches = (memo[CACHES] ??= new Map<string, ReplicaSetPodCache>()) as Map<string, ReplicaSetPodCache>;
  let cache = caches.get(namespace);
  if (!cache) caches.set(namespace, (cache = new ReplicaSetPodCache()));
  return cache;
}

/** Brings the namespace's pod view up to date: a full list, or a get of each pod a notice said changed. */
async function refreshPods(client: Client, cache: ReplicaSetPodCache, namespace: string, now: number): Promise<void> {
  const pods = client.resource<Pod>(PODS).namespace(namespace);
  const plan = cache.refresh(now);
  if (plan.kind === 'list') {
    const list = await pods.list();
    cache.replaceAll(list.items, list.metadata?.resourceVersion, now);
  } else if (plan.kind === 'get') {
    await Promise.all(plan.pods.map(async (p) => cache.apply(p.name, await getOrUndefined(pods.get(p.name)), p.resourceVersion)));
  }
}

/**
 * The ReplicaSet controller: keeps each ReplicaSet's pods at spec.replicas (shared/controllers).
 * Pods are read from a per-namespace view kept current by notices (shared/controllers/replica-set-pod-cache.ts),
 * so a sync reads only the pods that changed, and a slow-start batch is one createMany.
 */
export const replicaSetController: ControllerDef = {
  name: 'replicaset',
  watches: ['replicasets.apps', 'pods'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'replicasets.apps') return [`${n.namespace}/${n.name}`];
    const owner = n.ownerReferences?.find((o) => o.controller && o.kind === 'ReplicaSet');
    return owner ? [`${n.namespace}/${owner.name}`] : [];
  },
  observe(notices, memo) {
    for (const n of notices) {
      // only namespaces this controller has synced in have a view (Job or bare pods elsewhere cost nothing)
      const cache = n.resource === 'pods' && n.namespace ? (memo[CACHES] as Map<string, ReplicaSetPodCache> | undefined)?.get(n.namespace) : undefined;
      if (!cache) continue;
      cache.observe(n);
      // a namespace whose pods are all gone (deleted, say) keeps no view: the next sync there lists again
      if (cache.empty) (memo[CACHES] as Map<string, ReplicaSetPodCache>).delete(n.namespace!);
    }
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
    const cache = podCache(memo, ns);
    await refreshPods(client, cache, ns, now);
    const pods = cache.pods();
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
        const withError = reconcileReplicaSet({ rs, pods: cache.pods(), now, replicaSets: siblings, lastError: { message: failures.get(key)! } });
        await executeActions(client, withError.actions.filter((a) => a.kind === 'updateStatus'), 'replicaset-controller');
      }
      throw e;
    }
    if (!result.actions.some((a) => a.kind === 'create' || a.kind === 'delete')) failures.delete(key);
    return { requeueAfterMs: result.requeueAfterMs };
  },
};
