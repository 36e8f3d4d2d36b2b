import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../../shared/api/errors';
import type { ChangeNotice } from '../../shared/apiserver/change-notice';
import type { Client } from '../../shared/client';
import { JOB_COMPONENT, JOB_NAME_LABEL, orphanFinalizerRemovals, reconcileJob, type BackoffRecord } from '../../shared/controllers/job';
import type { ControllerDef } from './controller-def';
import { executeActions } from './execute-actions';
import { splitKey } from './keys';
import { REPAIR_RESYNC_MS } from '../../shared/controllers/resync-policy';
import { JOBS, PODS } from '../../shared/api/resource-refs';

/** The Job's key a pod notice concerns: its controlling Job, else (an orphan) the Job named by its label. */
function jobOfPod(n: ChangeNotice): string | undefined {
  const owner = n.ownerReferences?.find((o) => o.controller);
  if (owner) return owner.kind === 'Job' && owner.apiVersion === 'batch/v1' ? owner.name : undefined;
  return n.labels?.[JOB_NAME_LABEL];
}

/** The Job controller: pods for Jobs, their counting and conditions (shared/controllers/job). */
export const jobController: ControllerDef = {
  name: 'job',
  watches: ['jobs.batch', 'pods'],
  resyncMs: REPAIR_RESYNC_MS,
  resyncOnWallClock: true,
  wants: (n) => n.resource === 'jobs.batch' || jobOfPod(n) !== undefined,
  keysFor(n: ChangeNotice): string[] {
    if (n.resource === 'jobs.batch') return [`${n.namespace}/${n.name}`];
    const job = jobOfPod(n);
    return job ? [`${n.namespace}/${job}`] : [];
  },
  async allKeys(client: Client): Promise<string[]> {
    const list = await client.resource<Job>(JOBS).list();
    return list.items.map((j) => `${j.metadata!.namespace}/${j.metadata!.name}`);
  },
  async reconcile(key, { client, now, rows }) {
    const backoffs = rows<BackoffRecord>('backoff');
    const { namespace: ns, name } = splitKey(key);
    const podsClient = client.resource<Pod>(PODS).namespace(ns);
    let job: Job;
    try {
      job = await client.resource<Job>(JOBS).namespace(ns).get(name);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
      // the Job is gone: its pods must not keep the tracking finalizer, or they would never go
      backoffs.delete(key);
      const [pods, jobs] = await Promise.all([podsClient.list(), client.resource<Job>(JOBS).namespace(ns).list()]);
      const mine = pods.items.filter((p) => p.metadata?.labels?.[JOB_NAME_LABEL] === name || p.metadata?.ownerReferences?.some((r) => r.kind === 'Job' && r.name === name));
      const report = await executeActions(client, orphanFinalizerRemovals(mine, jobs.items), JOB_COMPONENT);
      if (report.failed) throw report.failed.error;
      return {};
    }
    const pods = await podsClient.list();
    const result = reconcileJob({ job, pods: pods.items, now, backoff: backoffs.get(key) });
    const report = await executeActions(client, result.actions, JOB_COMPONENT);
    // the back-off record counts pods once: keep it only when the status that counted them was written
    const statusAt = result.actions.findIndex((a) => a.kind === 'updateStatus');
    const statusWritten = !report.failed || (statusAt >= 0 && report.done > statusAt);
    if (statusWritten) {
      if (result.backoff) backoffs.put(key, result.backoff);
      else backoffs.delete(key);
    }
    if (report.failed) throw report.failed.error;
    return result.requeueAfterMs === undefined ? {} : { requeueAfterMs: result.requeueAfterMs };
  },
};
