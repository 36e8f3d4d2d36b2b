import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import { controllerOwner, type ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { reconcileStatefulSet, STATEFULSET_COMPONENT } from '../../shared/controllers/statefulset';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { CONTROLLER_REVISIONS, PERSISTENT_VOLUME_CLAIMS, PODS, STATEFUL_SETS } from '../../shared/api/resource-refs';

const statefulSetOwner = (n: ChangeNotice) => controllerOwner(n, 'StatefulSet', 'apps/v1');

/** The StatefulSet controller: ordered pods with stable names and claims, rolling updates, revisions (shared/controllers/statefulset). */
export const statefulSetController: ControllerDef = {
  name: 'statefulset',
  watches: ['statefulsets.apps', 'pods', 'controllerrevisions.apps'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  wants: (n) => n.resource === 'statefulsets.apps' || statefulSetOwner(n) !== undefined,
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'statefulsets.apps') return [`${n.namespace}/${n.name}`];
    const owner = statefulSetOwner(n);
    return owner ? [`${n.namespace}/${owner.name}`] : [];
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<StatefulSet>(STATEFUL_SETS).list();
    return list.items.map((s) => `${s.metadata!.namespace}/${s.metadata!.name}`);
  },
  async reconcile(key, { client, now }) {
    const { namespace, name } = splitKey(key);
    let set: StatefulSet;
    try {
      set = await client.resource<StatefulSet>(STATEFUL_SETS).namespace(namespace).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return {}; // deleted: the garbage collector takes its pods
      throw e;
    }
    const [pods, claims, revisions] = await Promise.all([
      client.resource<Pod>(PODS).namespace(namespace).list(),
      client.resource<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS).namespace(namespace).list(),
      client.resource<ControllerRevision>(CONTROLLER_REVISIONS).namespace(namespace).list(),
    ]);
    const result = reconcileStatefulSet({ set, pods: pods.items, claims: claims.items, revisions: revisions.items, now });
    const report = await executeActions(client, result.actions, STATEFULSET_COMPONENT);
    if (report.failed) throw report.failed.error;
    if (result.error) throw new Error(result.error);
    return result.requeueAfterMs === undefined ? {} : { requeueAfterMs: result.requeueAfterMs };
  },
};
