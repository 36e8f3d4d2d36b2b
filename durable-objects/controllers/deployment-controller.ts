import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import { controllerOwner, type ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { reconcileDeployment } from '../../shared/controllers/deployment-reconciler';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { namespaceView, observeViews, refreshView } from './namespace-views';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { DEPLOYMENTS, PODS, REPLICA_SETS } from '../../shared/api/resource-refs';

/** The host's per-namespace ReplicaSet views (memo key). */
const RS_VIEWS = 'deployment.replicasets';

/**
 * The Deployment controller: rollouts, scaling, history and status (shared/controllers). A namespace's
 * ReplicaSets come from a view kept current by notices (shared/controllers/namespace-view.ts), as
 * upstream's controller reads them from its informer: a steady sync lists nothing, and the view holds
 * the controller's own writes at once, so a rollout's next step sees the ReplicaSet it just created.
 */
export const deploymentController: ControllerDef = {
  name: 'deployment',
  watches: ['deployments.apps', 'replicasets.apps'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'deployments.apps') return [`${n.namespace}/${n.name}`];
    const owner = controllerOwner(n, 'Deployment');
    return owner ? [`${n.namespace}/${owner.name}`] : [];
  },
  observe(notices, memo) {
    observeViews(memo, RS_VIEWS, 'replicasets.apps', notices);
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<Deployment>(DEPLOYMENTS).list();
    return list.items.map((d) => `${d.metadata!.namespace}/${d.metadata!.name}`);
  },
  async reconcile(key, { client, now, memo }) {
    const { namespace: ns, name } = splitKey(key);
    let deployment: Deployment;
    try {
      deployment = await client.resource<Deployment>(DEPLOYMENTS).namespace(ns).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return {};
      throw e;
    }
    const needsPods = deployment.spec?.strategy?.type === 'Recreate';
    const view = namespaceView<ReplicaSet>(memo, RS_VIEWS, ns);
    const [, pods] = await Promise.all([
      refreshView(client.resource<ReplicaSet>(REPLICA_SETS).namespace(ns), view, now),
      needsPods ? client.resource<Pod>(PODS).namespace(ns).list() : Promise.resolve({ items: [] as Pod[] }),
    ]);
    // the reconciler works on copies (DeploymentSync), so the view's objects are passed as they are
    const result = reconcileDeployment({ deployment, replicaSets: view.items(), pods: pods.items, now });
    const report = await executeActions(client, result.actions, 'deployment-controller');
    // write-through: what it created, updated or patched enters the view as the store returned it;
    // a deleted one (history cleanup) is read again, since a finalizer may keep it
    for (const o of [...report.created, ...report.written]) if (o.kind === 'ReplicaSet') view.apply(o.metadata?.name ?? '', o as ReplicaSet);
    for (const a of result.actions) if (a.kind === 'delete' && a.resource.plural === REPLICA_SETS.plural) view.touched(a.name);
    if (report.failed) {
      // a failed RPC leaves its write's outcome unknown, and a refused one (409: a stale copy, a name
      // taken) says the view missed something: list again rather than trust it
      view.invalidate();
      throw report.failed.error;
    }
    return { requeueAfterMs: result.requeueAfterMs };
  },
};
