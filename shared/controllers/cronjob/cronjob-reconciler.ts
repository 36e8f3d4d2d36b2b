import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Action, GroupResource, ReconcileResult } from '../actions';
import { eventAction, makeEvent } from '../events';
import { isJobFinished } from '../job/job-conditions';
import { asKube } from '../object-like';
import { controllerOf } from '../owner-refs';
import { formatTime, parseTime } from '../time';
import { cronJobJobName, jobFromTemplate, jobRef } from './cronjob-job';
import { isTimeZone } from '../../validation/cron-schedule';
import { parseSchedule } from './cron-schedule';
import { nextScheduleDelayMs, nextScheduleTime } from './schedule-times';

export const JOBS: GroupResource = { group: 'batch', plural: 'jobs' };
export const CRON_JOBS: GroupResource = { group: 'batch', plural: 'cronjobs' };
/** Events' source.component. */
export const CRONJOB_COMPONENT = 'cronjob-controller';

/** What the CronJob reconciler observes. */
export interface CronJobInput {
  cronJob: CronJob;
  /** Every Job in the CronJob's namespace. */
  jobs: Job[];
  now: number;
}

/**
 * syncCronJob and cleanupFinishedJobs (cronjob_controllerv2.go, 1.32) as a pure function: reconcile
 * status.active with the Jobs it controls, start the Job of an unmet activation (within
 * startingDeadlineSeconds, honouring concurrencyPolicy, only the latest of many missed ones),
 * delete finished Jobs beyond the history limits, and ask to come back at the next activation.
 * Adapter contract: run the actions in order; the status update's active entry for a Job created
 * by this sync has no uid yet: fill it from the created Job (`withCreatedJob`) before running it.
 */
export function reconcileCronJob(input: CronJobInput): ReconcileResult {
  const { now } = input;
  const cj = structuredClone(input.cronJob);
  const status = (cj.status ??= {});
  const uid = cj.metadata?.uid;
  const ns = cj.metadata?.namespace ?? '';
  const jobs = input.jobs.filter((j) => (j.metadata?.namespace ?? '') === ns && controllerOf(j)?.uid === uid);
  const events: Action[] = [];
  const event = (type: 'Normal' | 'Warning', reason: string, message: string) => events.push(eventAction(cj, type, reason, message, CRONJOB_COMPONENT, now, events.length + 1));
  const inActive = (jobUid: string | undefined) => (status.active ?? []).some((r) => r.uid === jobUid);
  const dropActive = (jobUid: string | undefined) => {
    status.active = (status.active ?? []).filter((r) => r.uid !== jobUid);
  };
  let updateStatus = false;

  for (const j of jobs) {
    const finished = isJobFinished(j);
    if (!inActive(j.metadata?.uid) && !finished) {
      event('Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata?.name}`);
    } else if (inActive(j.metadata?.uid) && finished) {
      const cond = (j.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')!;
      dropActive(j.metadata?.uid);
      event('Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata?.name}, condition: ${cond.type}`);
      updateStatus = true;
    } else if (finished) {
      const done = parseTime(j.status?.completionTime);
      const last = parseTime(status.lastSuccessfulTime);
      if (done !== undefined && (last === undefined || done > last)) {
        status.lastSuccessfulTime = j.status!.completionTime;
        updateStatus = true;
      }
    }
  }
  // an active Job that no longer exists is dropped (reads are not cached here, so not found is final)
  for (const ref of [...(status.active ?? [])]) {
    if (jobs.some((j) => j.metadata?.uid === ref.uid)) continue;
    event('Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
    dropActive(ref.uid);
    updateStatus = true;
  }

  const pre: Action[] = [];
  const post: Action[] = [];
  let requeueAfterMs: number | undefined;
  startJob();
  function startJob(): void {
    if (cj.metadata?.deletionTimestamp) return;
    const tz = cj.spec?.timeZone;
    if (tz != null && !isTimeZone(tz)) {
      event('Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: unknown time zone ${tz}`);
      return;
    }
    if (cj.spec?.suspend) return;
    const spec = cj.spec?.schedule ?? '';
    if (spec.includes('TZ')) {
      event('Warning', 'UnsupportedSchedule', `CRON_TZ or TZ used in schedule ${JSON.stringify(spec)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`);
    }
    const parsed = parseSchedule(spec, spec.includes('TZ') ? 'UTC' : (tz ?? 'UTC'));
    if ('error' in parsed) {
      event('Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec)} : ${parsed.error}`);
      return;
    }
    const sched = parsed.schedule;
    const next = nextScheduleTime(cj, now, sched);
    if (next.error) {
      event('Warning', 'InvalidSchedule', `invalid schedule: ${spec} : ${next.error}`);
      return;
    }
    if (next.missed === 'many' && next.mostRecent !== undefined) {
      event('Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    }
    requeueAfterMs = nextScheduleDelayMs(cj, now, sched);
    const scheduled = next.mostRecent;
    if (scheduled === undefined) return;
    const deadline = cj.spec?.startingDeadlineSeconds;
    if (deadline != null && scheduled + deadline * 1000 < now) {
      event('Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
      return;
    }
    const name = cronJobJobName(cj, scheduled);
    if ((status.active ?? []).some((r) => r.name === name && r.namespace === ns) || parseTime(status.lastScheduleTime) === scheduled) return;
    if (cj.spec?.concurrencyPolicy === 'Forbid' && (status.active ?? []).length > 0) {
      event('Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return;
    }
    if (cj.spec?.concurrencyPolicy === 'Replace') {
      for (const ref of [...(status.active ?? [])]) {
        pre.push(deleteJob(ns, ref.name ?? '', ref.uid));
        dropActive(ref.uid);
        event('Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`);
        updateStatus = true;
      }
    }
    const existing = input.jobs.find((j) => j.metadata?.name === name && (j.metadata?.namespace ?? '') === ns);
    if (existing) {
      // created before (the status update was lost) or by someone else: adopt only our own
      if (controllerOf(existing)?.uid !== uid || inActive(existing.metadata?.uid)) return;
      status.active = [...(status.active ?? []), jobRef(existing)];
    } else {
      const job = jobFromTemplate(cj, scheduled);
      const created = makeEvent(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`, CRONJOB_COMPONENT, now, 0);
      pre.push({ kind: 'create', resource: JOBS, namespace: ns, object: asKube(job), event: created });
      status.active = [...(status.active ?? []), { kind: 'Job', namespace: ns, name, apiVersion: 'batch/v1' }];
    }
    status.lastScheduleTime = formatTime(scheduled);
    updateStatus = true;
  }

  // cleanupFinishedJobs: the oldest finished Jobs beyond each history limit go
  const finished = (type: string) => jobs.filter((j) => (j.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True')).sort(byStartTime);
  for (const [type, limit] of [['Complete', cj.spec?.successfulJobsHistoryLimit], ['Failed', cj.spec?.failedJobsHistoryLimit]] as const) {
    if (limit == null) continue;
    const list = finished(type);
    for (const j of list.slice(0, Math.max(0, list.length - limit))) {
      post.push(deleteJob(ns, j.metadata?.name ?? '', j.metadata?.uid));
      if (inActive(j.metadata?.uid)) {
        dropActive(j.metadata?.uid);
        updateStatus = true;
      }
      event('Normal', 'SuccessfulDelete', `Deleted job ${j.metadata?.name}`);
    }
  }

  const actions: Action[] = [...pre];
  if (updateStatus) actions.push({ kind: 'updateStatus', resource: CRON_JOBS, namespace: ns, object: asKube(cj) });
  actions.push(...post, ...events);
  return requeueAfterMs === undefined ? { actions } : { actions, requeueAfterMs: Math.max(0, requeueAfterMs) };
}

/** The adapter's step after the create: the new Job's reference in status.active gets its uid. */
export function withCreatedJob(actions: Action[], created: Job | undefined): Action[] {
  if (!created) return actions;
  return actions.map((a) => {
    if (a.kind !== 'updateStatus' || a.resource.plural !== CRON_JOBS.plural) return a;
    const cj = structuredClone(a.object) as CronJob;
    cj.status!.active = (cj.status?.active ?? []).map((r) => (r.name === created.metadata?.name && !r.uid ? jobRef(created) : r));
    return { ...a, object: asKube(cj) };
  });
}

/** deleteJob: background propagation, so the Job's pods go with it. */
function deleteJob(namespace: string, name: string, uid: string | undefined): Action {
  return { kind: 'delete', resource: JOBS, namespace, name, propagationPolicy: 'Background', ...(uid ? { preconditions: { uid } } : {}) };
}

/** byJobStartTime: started Jobs first, oldest first, then by name. */
function byStartTime(a: Job, b: Job): number {
  const sa = parseTime(a.status?.startTime);
  const sb = parseTime(b.status?.startTime);
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) return (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
  return sa! - sb!;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function rfc1123z(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${String(d.getUTCDate()).padStart(2, '0')} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 19)} +0000`;
}
