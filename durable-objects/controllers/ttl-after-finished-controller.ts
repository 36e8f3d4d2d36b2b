import type { Job } from 'kubernetes-types/batch/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { reconcileTtlAfterFinished } from '../../shared/controllers/ttl-after-finished';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { JOBS } from '../../shared/api/resource-refs';

/** The TTL-after-finished controller: deletes finished Jobs ttlSecondsAfterFinished after they finish. */
export const ttlAfterFinishedController: ControllerDef = {
  name: 'ttl-after-finished',
  watches: ['jobs.batch'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  keysFor: (n: ChangeNotice) => (n.deleting ? [] : [`${n.namespace}/${n.name}`]),
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<Job>(JOBS).list();
    return list.items.map((j) => `${j.metadata!.namespace}/${j.metadata!.name}`);
  },
  async reconcile(key, { client, now }) {
    const { namespace: ns, name } = splitKey(key);
    let job: Job;
    try {
      job = await client.resource<Job>(JOBS).namespace(ns).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return {};
      throw e;
    }
    const result = reconcileTtlAfterFinished(job, now);
    const report = await executeActions(client, result.actions, 'ttl-after-finished-controller');
    if (report.failed) throw report.failed.error;
    return result.requeueAfterMs === undefined ? {} : { requeueAfterMs: result.requeueAfterMs };
  },
};
