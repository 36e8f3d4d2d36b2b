import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { reconcileDeployment } from '../../shared/controllers/deployment-reconciler';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { DEPLOYMENTS, PODS, REPLICA_SETS } from '../../shared/api/resource-refs';

/** The Deployment controller: rollouts, scaling, history and status (shared/controllers). */
export const deploymentController: ControllerDef = {
  name: 'deployment',
  watches: ['deployments.apps', 'replicasets.apps'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'deployments.apps') return [`${n.namespace}/${n.name}`];
    const owner = n.ownerReferences?.find((o) => o.controller && o.kind === 'Deployment');
    return owner ? [`${n.namespace}/${owner.name}`] : [];
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<Deployment>(DEPLOYMENTS).list();
    return list.items.map((d) => `${d.metadata!.namespace}/${d.metadata!.name}`);
  },
  async reconcile(key, { client, now }) {
    const { namespace: ns, name } = splitKey(key);
    let deployment: Deployment;
    try {
      deployment = await client.resource<Deployment>(DEPLOYMENTS).namespace(ns).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return {};
      throw e;
    }
    const needsPods = deployment.spec?.strategy?.type === 'Recreate';
    const [replicaSets, pods] = await Promise.all([
      client.resource<ReplicaSet>(REPLICA_SETS).namespace(ns).list(),
      needsPods ? client.resource<Pod>(PODS).namespace(ns).list() : Promise.resolve({ items: [] as Pod[] }),
    ]);
    const result = reconcileDeployment({ deployment, replicaSets: replicaSets.items, pods: pods.items, now });
    const report = await executeActions(client, result.actions, 'deployment-controller');
    if (report.failed) throw report.failed.error;
    return { requeueAfterMs: result.requeueAfterMs };
  },
};
