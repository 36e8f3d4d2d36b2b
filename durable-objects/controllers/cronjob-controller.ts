import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import { ApiError } from '../../shared/api/errors';
import { controllerOwner, type ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { CRONJOB_COMPONENT, reconcileCronJob, withCreatedJob } from '../../shared/controllers/cronjob';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { CRON_JOBS, JOBS } from '../../shared/api/resource-refs';

/** The CronJob controller: Jobs at each activation, active list, history (shared/controllers/cronjob). */
export const cronJobController: ControllerDef = {
  name: 'cronjob',
  watches: ['cronjobs.batch', 'jobs.batch'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  wants: (n) => n.resource === 'cronjobs.batch' || controllerOwner(n, 'CronJob') !== undefined,
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'cronjobs.batch') return [`${n.namespace}/${n.name}`];
    const owner = controllerOwner(n, 'CronJob');
    return owner ? [`${n.namespace}/${owner.name}`] : [];
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<CronJob>(CRON_JOBS).list();
    return list.items.map((c) => `${c.metadata!.namespace}/${c.metadata!.name}`);
  },
  async reconcile(key, { client, now }) {
    const { namespace: ns, name } = splitKey(key);
    let cronJob: CronJob;
    try {
      cronJob = await client.resource<CronJob>(CRON_JOBS).namespace(ns).get(name);
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return {};
      throw e;
    }
    const jobs = await client.resource<Job>(JOBS).namespace(ns).list();
    const result = reconcileCronJob({ cronJob, jobs: jobs.items, now });
    // the status names the Job it creates, whose uid only the create returns
    const split = result.actions.findIndex((a) => a.kind === 'create') + 1;
    const first = await executeActions(client, result.actions.slice(0, split), CRONJOB_COMPONENT);
    if (first.failed) throw first.failed.error;
    const rest = await executeActions(client, withCreatedJob(result.actions.slice(split), first.created[0] as Job | undefined), CRONJOB_COMPONENT);
    if (rest.failed) throw rest.failed.error;
    return result.requeueAfterMs === undefined ? {} : { requeueAfterMs: result.requeueAfterMs };
  },
};
