import type { StatusCause } from '../api/errors';
import { child, immutable, invalid, nonNegative, notSupported, required, type FieldPath } from './field-error';
import { cronScheduleError, isTimeZone } from './cron-schedule';
import { nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './object-meta';
import { validatePodTemplateSpec } from './pod';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const JOB_RESTART_POLICIES = ['OnFailure', 'Never'];
const COMPLETION_MODES = ['NonIndexed', 'Indexed'];
const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];

/** validateJobSpec (batch/validation): counts non-negative, a template that does not restart Always. */
export function validateJobSpec(spec: Obj, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'] as const) {
    errs.push(...nonNegative(num(spec[f]), child(path, f)));
  }
  const mode = spec['completionMode'];
  if (mode !== undefined && !COMPLETION_MODES.includes(mode as string)) errs.push(notSupported(child(path, 'completionMode'), mode, COMPLETION_MODES));
  if (mode === 'Indexed' && num(spec['completions']) === undefined)
    errs.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
  if (spec['selector'] !== undefined) errs.push(...validateLabelSelector(spec['selector'] as never, child(path, 'selector')));
  const template = obj(spec['template']);
  errs.push(...validatePodTemplateSpec(template, child(path, 'template')));
  const restart = obj(template['spec'])['restartPolicy'];
  if (!JOB_RESTART_POLICIES.includes(restart as string))
    errs.push(notSupported(child(path, 'template', 'spec', 'restartPolicy'), restart ?? '', JOB_RESTART_POLICIES));
  return errs;
}

/** ValidateJob. */
export function validateJob(job: Obj): StatusCause[] {
  return [...validateObjectMeta(obj(job['metadata']), true, nameIsDNSSubdomain), ...validateJobSpec(obj(job['spec']), 'spec')];
}

/** ValidateJobUpdate: the spec is valid and its selector, template, completion mode and completions do not change. */
export function validateJobUpdate(job: Obj, old: Obj): StatusCause[] {
  const spec = obj(job['spec']);
  const oldSpec = obj(old['spec']);
  const errs = [...validateObjectMetaUpdate(obj(job['metadata']), obj(old['metadata'])), ...validateJobSpec(spec, 'spec')];
  errs.push(...immutable(spec['selector'], oldSpec['selector'], 'spec.selector'));
  errs.push(...immutable(spec['template'], oldSpec['template'], 'spec.template'));
  errs.push(...immutable(spec['completionMode'], oldSpec['completionMode'], 'spec.completionMode'));
  if (spec['completionMode'] !== 'Indexed') errs.push(...immutable(spec['completions'], oldSpec['completions'], 'spec.completions'));
  return errs;
}

/** validateScheduleFormat: robfig's ParseStandard, and no TZ= inside the schedule (the timeZone field says it). */
function validateSchedule(schedule: string, allowTZ: boolean, timeZone: unknown, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const err = cronScheduleError(schedule);
  if (err) errs.push(invalid(path, schedule, err));
  if (allowTZ && schedule.includes('TZ') && timeZone !== undefined)
    errs.push(invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  else if (!allowTZ && schedule.includes('TZ')) errs.push(invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return errs;
}

/** validateTimeZone: unset, or an explicit IANA zone. */
function validateTimeZone(tz: unknown, path: FieldPath): StatusCause[] {
  if (tz === undefined) return [];
  const s = str(tz);
  if (s === '') return [invalid(path, s, 'timeZone must be nil or non-empty string')];
  if (s.toLowerCase() === 'local') return [invalid(path, s, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  if (!/^[A-Za-z._+\-/0-9]+$/.test(s) || !isTimeZone(s)) return [invalid(path, s, `unknown time zone ${s}`)];
  return [];
}

function validateCronJobSpec(spec: Obj, oldSpec: Obj | undefined, path: FieldPath): StatusCause[] {
  const errs: StatusCause[] = [];
  const schedule = str(spec['schedule']);
  if (!schedule) errs.push(required(child(path, 'schedule')));
  else errs.push(...validateSchedule(schedule, str(oldSpec?.['schedule']).includes('TZ'), spec['timeZone'], child(path, 'schedule')));
  errs.push(...nonNegative(num(spec['startingDeadlineSeconds']), child(path, 'startingDeadlineSeconds')));
  if (!oldSpec || oldSpec['timeZone'] !== spec['timeZone']) errs.push(...validateTimeZone(spec['timeZone'], child(path, 'timeZone')));
  const policy = spec['concurrencyPolicy'];
  if (policy === undefined || policy === '') errs.push(required(child(path, 'concurrencyPolicy')));
  else if (!CONCURRENCY_POLICIES.includes(policy as string)) errs.push(notSupported(child(path, 'concurrencyPolicy'), policy, CONCURRENCY_POLICIES));
  const jobTemplate = obj(spec['jobTemplate']);
  const jtPath = child(path, 'jobTemplate');
  errs.push(...validateJobSpec(obj(jobTemplate['spec']), child(jtPath, 'spec')));
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) errs.push(...nonNegative(num(spec[f]), child(path, f)));
  return errs;
}

/** ValidateCronJobCreate: metadata (a name that leaves room for the Job suffix), then the spec. */
export function validateCronJob(cj: Obj): StatusCause[] {
  const meta = obj(cj['metadata']);
  const errs = validateObjectMeta(meta, true, nameIsDNSSubdomain);
  const name = str(meta['name']);
  // a Job is named <cronjob>-<minutes since epoch>, which must fit a DNS-1035 label
  if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  return [...errs, ...validateCronJobSpec(obj(cj['spec']), undefined, 'spec')];
}

/** ValidateCronJobUpdate. */
export function validateCronJobUpdate(cj: Obj, old: Obj): StatusCause[] {
  return [
    ...validateObjectMetaUpdate(obj(cj['metadata']), obj(old['metadata'])),
    ...validateCronJobSpec(obj(cj['spec']), obj(old['spec']), 'spec'),
  ];
}
