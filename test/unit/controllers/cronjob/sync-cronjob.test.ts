// Rows of upstream's TestControllerV2SyncCronJob (pkg/controller/cronjob/cronjob_controllerv2_test.go) and
// TestMostRecentScheduleTime / TestNextScheduleTime (utils_test.go), plus the schedule parser and history limits.
import { describe, expect, it } from 'vitest';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Event } from 'kubernetes-types/core/v1';
import {
  jobFromTemplate, jobRef, mostRecentScheduleTime, nextScheduleTime, parseSchedule, reconcileCronJob, rfc3339In, withCreatedJob, type Schedule,
} from '../../../../shared/controllers/cronjob';

const t = (s: string) => Date.parse(s);
const topOfTheHour = t('2016-05-19T10:00:00Z');
const justBeforeThePriorHour = t('2016-05-19T08:59:00Z');
const justAfterThePriorHour = t('2016-05-19T09:01:00Z');
const justBeforeTheHour = t('2016-05-19T09:59:00Z');
const justAfterTheHour = t('2016-05-19T10:01:00Z');
const justBeforeTheNextHour = t('2016-05-19T10:59:00Z');
const weekAfterTheHour = t('2016-05-26T10:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DELTA = 100;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const shortDead = 5;
const mediumDead = 2 * 60 * 60;
const longDead = 1_000_000;
const onTheHour = '0 * * * *';
const everyHour = '@every 1h';

interface Row {
  concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  suspend?: boolean;
  schedule: string;
  timeZone?: string;
  deadline?: number;
  ranPreviously?: boolean;
  stillActive?: boolean;
  cronjobCreationTime?: number;
  jobCreationTime: number;
  lastScheduleTime?: number;
  now: number;
  expectCreate?: boolean;
  expectDelete?: boolean;
  expectActive?: number;
  expectedWarnings?: number;
  expectRequeueAfter?: number;
  expectUpdateStatus?: boolean;
}

function cronJob(r: Row): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'mycronjob', namespace: 'snazzycats', uid: '1a2b3c', resourceVersion: '7', creationTimestamp: iso(r.cronjobCreationTime ?? (r.ranPreviously ? justBeforeThePriorHour : justBeforeTheHour)) },
    spec: {
      schedule: r.schedule,
      concurrencyPolicy: r.concurrencyPolicy,
      suspend: r.suspend ?? false,
      ...(r.timeZone ? { timeZone: r.timeZone } : {}),
      ...(r.deadline !== undefined ? { startingDeadlineSeconds: r.deadline } : {}),
      jobTemplate: { metadata: { labels: { a: 'b' }, annotations: { x: 'y' } }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } },
    },
    status: {},
  };
}

function setup(r: Row): { cj: CronJob; jobs: Job[] } {
  const cj = cronJob(r);
  const jobs: Job[] = [];
  if (r.ranPreviously) {
    cj.status!.lastScheduleTime = iso(r.lastScheduleTime ?? justAfterThePriorHour);
    const template = jobFromTemplate(cj, r.jobCreationTime);
    const job: Job = { ...template, metadata: { ...template.metadata, uid: '1234', creationTimestamp: iso(r.jobCreationTime) } };
    if (r.stillActive) cj.status!.active = [jobRef(job)];
    else job.status = { completionTime: iso(r.jobCreationTime + 10_000), conditions: [{ type: 'Complete', status: 'True' }] };
    jobs.push(job);
  }
  return { cj, jobs };
}

const rows: Record<string, Row> = {
  'never ran, not valid schedule, A': { concurrencyPolicy: 'Allow', schedule: 'obvious error schedule', jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectedWarnings: 1 },
  'never ran, not valid time zone': { concurrencyPolicy: 'Allow', schedule: onTheHour, timeZone: 'bad-time-zone', jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectedWarnings: 1 },
  'never ran, not time, A': { concurrencyPolicy: 'Allow', schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA },
  'never ran, not time, F': { concurrencyPolicy: 'Forbid', schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA },
  'never ran, not time in zone': { concurrencyPolicy: 'Allow', schedule: onTheHour, timeZone: 'America/New_York', jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA },
  'never ran, is time, A': { concurrencyPolicy: 'Allow', schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'never ran, is time, F': { concurrencyPolicy: 'Forbid', schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'never ran, is time, R': { concurrencyPolicy: 'Replace', schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'never ran, is time in zone, but TZ is also set in schedule': {
    concurrencyPolicy: 'Allow', schedule: `TZ=UTC ${onTheHour}`, timeZone: 'America/New_York', jobCreationTime: justAfterThePriorHour, now: justAfterTheHour,
    expectCreate: true, expectedWarnings: 1, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true,
  },
  'never ran, is time, suspended': { concurrencyPolicy: 'Allow', suspend: true, schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour },
  'never ran, is time, past deadline': {
    concurrencyPolicy: 'Allow', schedule: onTheHour, deadline: shortDead, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour + (shortDead + 1) * MIN,
    expectRequeueAfter: HOUR - MIN - (shortDead + 1) * MIN + DELTA,
  },
  'never ran, is time, not past deadline': { concurrencyPolicy: 'Allow', schedule: onTheHour, deadline: longDead, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, not time, A': { concurrencyPolicy: 'Allow', schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, is time, A': { concurrencyPolicy: 'Allow', schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, is time, F': { concurrencyPolicy: 'Forbid', schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, is time, R': { concurrencyPolicy: 'Replace', schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, is time, suspended': { concurrencyPolicy: 'Allow', suspend: true, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectUpdateStatus: true },
  'prev ran but done, is time, past deadline': { concurrencyPolicy: 'Allow', schedule: onTheHour, deadline: shortDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'still active, not time, A': { concurrencyPolicy: 'Allow', schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectActive: 1, expectRequeueAfter: MIN + DELTA },
  'still active, is time, A': { concurrencyPolicy: 'Allow', schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 2, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'still active, is time, F': { concurrencyPolicy: 'Forbid', schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA },
  'still active, is time, R': { concurrencyPolicy: 'Replace', schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectDelete: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'still active, is time, suspended': { concurrencyPolicy: 'Allow', suspend: true, schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectActive: 1 },
  'prev ran but done, long overdue, not past deadline, A': { concurrencyPolicy: 'Allow', schedule: onTheHour, deadline: longDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectedWarnings: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, no deadline, A': { concurrencyPolicy: 'Allow', schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectedWarnings: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, past medium deadline, A': { concurrencyPolicy: 'Allow', schedule: onTheHour, deadline: mediumDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, past short deadline, F': { concurrencyPolicy: 'Forbid', schedule: onTheHour, deadline: shortDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'this started but went missing, not past deadline, A (a missing job is dropped, not re-created)': {
    concurrencyPolicy: 'Allow', schedule: onTheHour, deadline: longDead, ranPreviously: true, stillActive: true, jobCreationTime: topOfTheHour + 100, now: justAfterTheHour + 100,
    expectRequeueAfter: HOUR - MIN - 100 + DELTA,
  },
  'with @every schedule, never ran, not time': { concurrencyPolicy: 'Allow', schedule: everyHour, cronjobCreationTime: justBeforeTheHour, jobCreationTime: justBeforeTheHour, now: topOfTheHour, expectRequeueAfter: HOUR - MIN + DELTA },
  'with @every schedule, never ran, is time': { concurrencyPolicy: 'Allow', schedule: everyHour, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, now: justBeforeTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'with @every schedule, never ran, is time, past deadline': {
    concurrencyPolicy: 'Allow', schedule: everyHour, deadline: shortDead, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, now: justBeforeTheHour + (shortDead + 1) * 1000,
    expectRequeueAfter: HOUR - (shortDead + 1) * 1000 + DELTA,
  },
  'with @every schedule, prev ran but done, is time': {
    concurrencyPolicy: 'Allow', schedule: everyHour, ranPreviously: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, lastScheduleTime: justBeforeTheHour, now: topOfTheHour + HOUR,
    expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true,
  },
  'with @every schedule, still active, is time': {
    concurrencyPolicy: 'Allow', schedule: everyHour, ranPreviously: true, stillActive: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, lastScheduleTime: justBeforeThePriorHour, now: justAfterTheHour,
    expectCreate: true, expectActive: 2, expectRequeueAfter: HOUR - 2 * MIN + DELTA, expectUpdateStatus: true,
  },
  'with @every schedule, still active, is time, not past deadline': {
    concurrencyPolicy: 'Allow', schedule: everyHour, deadline: longDead, ranPreviously: true, stillActive: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeTheHour, lastScheduleTime: justBeforeTheHour, now: justBeforeTheNextHour + (shortDead - 1) * 1000,
    expectCreate: true, expectActive: 2, expectRequeueAfter: HOUR - (shortDead - 1) * 1000 + DELTA, expectUpdateStatus: true,
  },
  'with @every schedule, prev ran but done, long overdue, no deadline': {
    concurrencyPolicy: 'Allow', schedule: everyHour, ranPreviously: true, cronjobCreationTime: justAfterThePriorHour, lastScheduleTime: justAfterTheHour, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour,
    expectCreate: true, expectActive: 1, expectedWarnings: 1, expectRequeueAfter: MIN + DELTA, expectUpdateStatus: true,
  },
};

const events = (actions: { kind: string }[]) => actions.filter((a) => a.kind === 'event').map((a) => (a as unknown as { event: Event }).event);

describe('reconcileCronJob: TestControllerV2SyncCronJob rows', () => {
  it.each(Object.entries(rows))('%s', (_name, r) => {
    const { cj, jobs } = setup(r);
    const result = reconcileCronJob({ cronJob: cj, jobs, now: r.now });
    const creates = result.actions.filter((a) => a.kind === 'create');
    expect(creates).toHaveLength(r.expectCreate ? 1 : 0);
    expect(result.actions.filter((a) => a.kind === 'delete')).toHaveLength(r.expectDelete ? 1 : 0);
    const update = result.actions.find((a) => a.kind === 'updateStatus') as { object: CronJob } | undefined;
    expect(!!update).toBe(!!r.expectUpdateStatus);
    if (update) expect(update.object.status?.active ?? []).toHaveLength(r.expectActive ?? 0);
    expect(events(result.actions).filter((e) => e.type === 'Warning')).toHaveLength(r.expectedWarnings ?? 0);
    expect(result.requeueAfterMs).toBe(r.expectRequeueAfter);
    if (r.ranPreviously && !r.stillActive) expect(update!.object.status!.lastSuccessfulTime).toBe(iso(r.jobCreationTime + 10_000));
    for (const c of creates) {
      const job = (c as { object: Job }).object;
      expect(job.metadata!.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'mycronjob', uid: '1a2b3c', controller: true, blockOwnerDeletion: true }]);
    }
  });

  it('the created Job: name in minutes since the epoch, scheduled-timestamp annotation, template labels; status names it', () => {
    const { cj, jobs } = setup(rows['never ran, is time, A']!);
    const result = reconcileCronJob({ cronJob: cj, jobs, now: justAfterTheHour });
    const create = result.actions.find((a) => a.kind === 'create') as { object: Job; event: Event };
    expect(create.object.metadata).toMatchObject({
      name: `mycronjob-${topOfTheHour / 60_000}`, labels: { a: 'b' },
      annotations: { x: 'y', 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2016-05-19T10:00:00Z' },
    });
    expect(create.event).toMatchObject({ reason: 'SuccessfulCreate', message: `Created job mycronjob-${topOfTheHour / 60_000}` });
    const created = { ...create.object, metadata: { ...create.object.metadata, uid: 'new-uid', resourceVersion: '9' } };
    const rest = withCreatedJob(result.actions.slice(1), created);
    const status = (rest.find((a) => a.kind === 'updateStatus') as { object: CronJob }).object.status!;
    expect(status.lastScheduleTime).toBe('2016-05-19T10:00:00Z');
    expect(status.active).toEqual([{ kind: 'Job', namespace: 'snazzycats', name: `mycronjob-${topOfTheHour / 60_000}`, uid: 'new-uid', apiVersion: 'batch/v1', resourceVersion: '9' }]);
  });

  it('Forbid records JobAlreadyActive; Replace deletes the running Job in the background', () => {
    const f = setup(rows['still active, is time, F']!);
    expect(events(reconcileCronJob({ cronJob: f.cj, jobs: f.jobs, now: justAfterTheHour }).actions).map((e) => e.reason)).toEqual(['JobAlreadyActive']);
    const r = setup(rows['still active, is time, R']!);
    const del = reconcileCronJob({ cronJob: r.cj, jobs: r.jobs, now: justAfterTheHour }).actions.find((a) => a.kind === 'delete');
    expect(del).toMatchObject({ propagationPolicy: 'Background', preconditions: { uid: '1234' } });
  });

  it('a Job that already exists under the activation name (lost status update) is adopted, not created again', () => {
    const r = rows['never ran, is time, A']!;
    const { cj } = setup(r);
    const template = jobFromTemplate(cj, topOfTheHour);
    const existing: Job = { ...template, metadata: { ...template.metadata, uid: 'existing' } };
    const result = reconcileCronJob({ cronJob: cj, jobs: [existing], now: justAfterTheHour });
    expect(result.actions.filter((a) => a.kind === 'create')).toHaveLength(0);
    const status = (result.actions.find((a) => a.kind === 'updateStatus') as { object: CronJob }).object.status!;
    expect(status.active?.map((a) => a.uid)).toEqual(['existing']);
  });

  it('a finished active Job leaves the active list (SawCompletedJob), and history beyond the limits is deleted, oldest first', () => {
    const cj = cronJob({ concurrencyPolicy: 'Allow', schedule: onTheHour, jobCreationTime: 0, now: 0, ranPreviously: true });
    cj.spec!.successfulJobsHistoryLimit = 1;
    cj.spec!.failedJobsHistoryLimit = 0;
    const job = (name: string, uid: string, start: number, type: 'Complete' | 'Failed'): Job => ({
      metadata: { name, namespace: 'snazzycats', uid, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'mycronjob', uid: '1a2b3c', controller: true }] },
      status: { startTime: iso(start), completionTime: iso(start + 1000), conditions: [{ type, status: 'True' }] },
    });
    const jobs = [job('old', 'u1', justAfterThePriorHour, 'Complete'), job('new', 'u2', justBeforeTheHour, 'Complete'), job('bad', 'u3', justBeforeTheHour, 'Failed')];
    cj.status = { lastScheduleTime: iso(justBeforeTheHour), active: [jobRef(jobs[1]!)] };
    const result = reconcileCronJob({ cronJob: cj, jobs, now: justBeforeTheHour + 30_000 });
    const status = (result.actions.find((a) => a.kind === 'updateStatus') as { object: CronJob }).object.status!;
    expect(status.active).toEqual([]);
    expect(status.lastSuccessfulTime).toBe(iso(justBeforeTheHour + 1000));
    expect(result.actions.filter((a) => a.kind === 'delete').map((a) => (a as { name: string }).name)).toEqual(['old', 'bad']);
    expect(events(result.actions).map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'SawCompletedJob: Saw completed job: new, condition: Complete', 'SuccessfulDelete: Deleted job old', 'SuccessfulDelete: Deleted job bad',
    ]);
  });
});

function sched(s: string, tz?: string): Schedule {
  const p = parseSchedule(s, tz);
  if ('error' in p) throw new Error(p.error);
  return p.schedule;
}

describe('mostRecentScheduleTime (TestMostRecentScheduleTime)', () => {
  const cj = (creation: number, schedule: string, extra: { lastScheduleTime?: number; deadline?: number } = {}): CronJob => ({
    metadata: { creationTimestamp: iso(creation) },
    spec: { schedule, jobTemplate: {} as never, ...(extra.deadline !== undefined ? { startingDeadlineSeconds: extra.deadline } : {}) },
    status: extra.lastScheduleTime !== undefined ? { lastScheduleTime: iso(extra.lastScheduleTime) } : {},
  });
  const rows: [string, CronJob, number, { earliest: number; mostRecent?: number; missed?: string; error?: boolean }][] = [
    ['now before next schedule', cj(topOfTheHour, onTheHour), topOfTheHour + 30_000, { earliest: topOfTheHour }],
    ['now just after next schedule', cj(topOfTheHour, onTheHour), topOfTheHour + 61 * MIN, { earliest: topOfTheHour, mostRecent: topOfTheHour + 60 * MIN }],
    ['missed 5 schedules', cj(topOfTheHour + 10_000, onTheHour), topOfTheHour + 301 * MIN, { earliest: topOfTheHour + 10_000, mostRecent: topOfTheHour + 300 * MIN, missed: 'few' }],
    ['complex schedule', cj(topOfTheHour + 10_000, '30 6-16/4 * * 1-5'), topOfTheHour + 24 * HOUR + 31 * MIN, { earliest: topOfTheHour + 10_000, mostRecent: topOfTheHour + 24 * HOUR + 30 * MIN, missed: 'few' }],
    ['complex schedule with longer diff between executions', cj(topOfTheHour + 10_000, '30 6-16/4 * * 1-5'), topOfTheHour + 96 * HOUR + 31 * MIN, { earliest: topOfTheHour + 10_000, mostRecent: topOfTheHour + 96 * HOUR + 30 * MIN, missed: 'few' }],
    ['rogue cronjob (Feb 31st)', cj(topOfTheHour + 10_000, '59 23 31 2 *'), topOfTheHour + HOUR, { earliest: topOfTheHour + 10_000, error: true }],
    ['earliestTime being LastScheduleTime', cj(topOfTheHour, '*/5 * * * *', { lastScheduleTime: topOfTheHour + 50 * MIN }), topOfTheHour + 56 * MIN, { earliest: topOfTheHour + 50 * MIN, mostRecent: topOfTheHour + 55 * MIN }],
    ['earliestTime from StartingDeadlineSeconds', cj(topOfTheHour, onTheHour, { deadline: 3600 }), topOfTheHour + 30 * HOUR + 30 * MIN, { earliest: topOfTheHour + 29 * HOUR + 30 * MIN, mostRecent: topOfTheHour + 30 * HOUR }],
    ['many missed', cj(topOfTheHour, '*/1 * * * *'), topOfTheHour + 200 * MIN + 30_000, { earliest: topOfTheHour, mostRecent: topOfTheHour + 200 * MIN, missed: 'many' }],
  ];
  it.each(rows)('%s', (_n, c, now, want) => {
    const r = mostRecentScheduleTime(c, now, sched(c.spec!.schedule), true);
    expect(r.earliest).toBe(want.earliest);
    expect(r.mostRecent).toBe(want.mostRecent);
    expect(r.missed).toBe(want.missed ?? 'none');
    expect(!!r.error).toBe(!!want.error);
  });

  it('nextScheduleTime: nothing unmet before the first activation', () => {
    expect(nextScheduleTime(cj(topOfTheHour, onTheHour), topOfTheHour + 30 * MIN, sched(onTheHour)).mostRecent).toBeUndefined();
  });
});

describe('parseSchedule: robfig/cron ParseStandard', () => {
  const next = (s: string, from: string, tz?: string) => new Date(sched(s, tz).next(t(from))).toISOString();
  it.each([
    ['*/1 * * * *', '2024-01-01T02:00:00Z', '2024-01-01T02:01:00.000Z'],
    ['@hourly', '2024-01-01T02:00:00Z', '2024-01-01T03:00:00.000Z'],
    ['@daily', '2024-01-01T02:00:00Z', '2024-01-02T00:00:00.000Z'],
    ['@weekly', '2024-01-01T02:00:00Z', '2024-01-07T00:00:00.000Z'],
    ['@monthly', '2024-01-01T02:00:00Z', '2024-02-01T00:00:00.000Z'],
    ['@yearly', '2024-01-01T02:00:00Z', '2025-01-01T00:00:00.000Z'],
    ['0 0 1 * MON', '2024-01-01T01:00:00Z', '2024-01-08T00:00:00.000Z'], // both restricted: either matches
    ['0 0 */2 * MON', '2024-01-01T01:00:00Z', '2024-01-03T00:00:00.000Z'], // `*/2` counts as a star: both must match
    ['30 9 ? JAN-MAR mon-fri', '2024-01-06T00:00:00Z', '2024-01-08T09:30:00.000Z'],
    ['@every 90m', '2024-01-01T02:00:00.700Z', '2024-01-01T03:30:00.000Z'],
  ])('%s after %s', (s, from, want) => expect(next(s, from)).toBe(want));

  it('timeZone and TZ= evaluate in the zone', () => {
    expect(next('0 9 * * *', '2024-01-01T02:00:00Z', 'Asia/Tokyo')).toBe('2024-01-02T00:00:00.000Z');
    expect(next('TZ=America/New_York 0 9 * * *', '2024-01-01T02:00:00Z')).toBe('2024-01-01T14:00:00.000Z');
  });

  it.each([
    ['obvious error schedule', 'expected exactly 5 fields, found 3: [obvious error schedule]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['TZ=Nowhere/City * * * * *', 'provided bad location Nowhere/City: unknown time zone Nowhere/City'],
  ])('%s is refused', (s, error) => expect(parseSchedule(s)).toEqual({ error }));

  it('the scheduled-timestamp annotation is RFC 3339 in the CronJob time zone', () => {
    expect(rfc3339In(topOfTheHour, 'UTC')).toBe('2016-05-19T10:00:00Z');
    expect(rfc3339In(topOfTheHour, 'Asia/Tokyo')).toBe('2016-05-19T19:00:00+09:00');
    expect(rfc3339In(topOfTheHour, 'America/New_York')).toBe('2016-05-19T06:00:00-04:00');
  });
});
