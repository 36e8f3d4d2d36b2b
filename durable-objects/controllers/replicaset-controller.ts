import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { reconcileReplicaSet } from '../../shared/controllers/replica-set-reconciler';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';

const RS = { group: 'apps', version: 'v1', plural: 'replicasets' };
const PODS = { group: '', version: 'v1', plural: 'pods' };

/** The ReplicaSet controller: keeps each ReplicaSet's pods at spec.replicas (shared/controllers). */
export const replicaSetController: ControllerDef = {
  name: 'replicaset',
  watches: ['replicasets.apps', 'pods'],
  resyncMs: 5 * 60_000,
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'replicasets.apps') return [`${n.namespace}/${n.name}`];
    const owner = n.ownerReferences?.find((o) => o.controller && o.kind === 'ReplicaSet');
    return owner ? [`${n.namespace}/${owner.name}`] : [];
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<ReplicaSet>(RS).list();
    return list.items.map((rs) => `${rs.metadata!.namespace}/${rs.metadata!.name}`);
  },
  async reconcile(key, { client, now, rows }) {
    const failures = rows<string>('failures');
    const { namespace: ns, name } = splitKey(key);
    let rs: ReplicaSet;
    try {
      rs = await client.resource<ReplicaSet>(RS).namespace(ns).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return {}; // deleted: nothing to do
      throw e;
    }
    const [pods, siblings] = await Promise.all([
      client.resource<Pod>(PODS).namespace(ns).list(),
      client.resource<ReplicaSet>(RS).namespace(ns).list(),
    ]);
    // reads go straight to the store (no cache), so expectations are always met
    // the last failure to create or delete pods shows as the ReplicaFailure condition until a sync succeeds
    const lastError = failures.get(key) ? { message: failures.get(key)! } : undefined;
    const result = reconcileReplicaSet({ rs, pods: pods.items, now, replicaSets: siblings.items, lastError });
    const report = await executeActions(client, result.actions, 'replicaset-controller');
    if (report.failed) {
      const e = report.failed.error;
      if (report.failed.action.kind === 'create' || report.failed.action.kind === 'delete') {
        failures.put(key, e instanceof Error ? e.message : String(e));
        // as upstream, the status (with ReplicaFailure) is written even when managing replicas failed
        const withError = reconcileReplicaSet({ rs, pods: pods.items, now, replicaSets: siblings.items, lastError: { message: failures.get(key)! } });
        await executeActions(client, withError.actions.filter((a) => a.kind === 'updateStatus'), 'replicaset-controller');
      }
      throw e;
    }
    if (!result.actions.some((a) => a.kind === 'create' || a.kind === 'delete')) failures.delete(key);
    return { requeueAfterMs: result.requeueAfterMs };
  },
};
