import { describe, expect, it } from 'vitest';
import type { StatusCause } from '../../../shared/api/errors';
import { applyDefaults } from '../../../shared/defaults';
import { validateCreate, validateUpdate } from '../../../shared/validation';
import { cronScheduleError } from '../../../shared/validation/cron-schedule';

// rows from robfig/cron v3 parser_test.go (TestParseScheduleErrors, TestRange, TestField, TestStandardSpecSchedule)
describe('cronScheduleError (robfig/cron v3 ParseStandard)', () => {
  it.each([
    '* * * * *',
    '*/5 * * * *',
    '5 * * * *',
    '5 j * * *'.replace('j', '4'),
    '0 0 1 jan mon',
    '0 0 ? * SUN-SAT',
    '1,2,3 5-10/2 */3 JAN-DEC *',
    '5/15 * * * *',
    '@yearly',
    '@annually',
    '@monthly',
    '@weekly',
    '@daily',
    '@midnight',
    '@hourly',
    '@every 1h30m',
    '@every 5m',
    'CRON_TZ=UTC 0 * * * *',
  ])('accepts %j', (spec) => {
    expect(cronScheduleError(spec)).toBeUndefined();
  });

  it.each([
    ['', 'empty spec string'],
    ['xyz', 'expected exactly 5 fields, found 1: [xyz]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 * * * * *', 'expected exactly 5 fields, found 6: [0 * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-2 * * * *', 'beginning of range (5) beyond end of range (2): 5-2'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['* * * * L', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['@unrecognized', 'unrecognized descriptor: @unrecognized'],
    ['@every Xm', 'failed to parse duration @every Xm: time: invalid duration "Xm"'],
    ['@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
    ['TZ=Nowhere/Land 0 * * * *', 'provided bad location Nowhere/Land: unknown time zone Nowhere/Land'],
  ])('rejects %j', (spec, message) => {
    expect(cronScheduleError(spec)).toBe(message);
  });
});

const cronJob = (spec: Record<string, unknown>, name = 'cj') =>
  applyDefaults('batch', 'v1', 'CronJob', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
  });
const messages = (causes: StatusCause[]) => causes.map((c) => `${c.field}: ${c.message}`);

// rows from pkg/apis/batch/validation/validation_test.go TestValidateCronJob
describe('CronJob validation', () => {
  it('accepts a valid CronJob', () => {
    expect(validateCreate('batch', 'CronJob', cronJob({}))).toEqual([]);
    expect(validateCreate('batch', 'CronJob', cronJob({ timeZone: 'America/New_York' }))).toEqual([]);
  });

  it.each([
    ['spec.schedule: Invalid value: "error": expected exactly 5 fields, found 1: [error]', { schedule: 'error' }],
    ['spec.schedule: Required value', { schedule: '' }],
    ['spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead', { schedule: 'TZ=UTC 0 * * * *' }],
    ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string', { timeZone: '' }],
    ['spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones', { timeZone: 'Local' }],
    ['spec.timeZone: Invalid value: "Continent/Zone": unknown time zone Continent/Zone', { timeZone: 'Continent/Zone' }],
    ['spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0', { startingDeadlineSeconds: -1 }],
    ['spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0', { successfulJobsHistoryLimit: -1 }],
    ['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"', { concurrencyPolicy: 'Sometimes' }],
    [
      'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
      { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    ],
    [
      'spec.jobTemplate.spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
      { jobTemplate: { spec: { parallelism: -1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    ],
  ])('%s', (message, spec) => {
    expect(messages(validateCreate('batch', 'CronJob', cronJob(spec)))).toEqual([message]);
  });

  it('limits the name to 52 characters (the Job name adds a suffix)', () => {
    const name = 'a'.repeat(53);
    expect(messages(validateCreate('batch', 'CronJob', cronJob({}, name)))).toEqual([`metadata.name: Invalid value: "${name}": must be no more than 52 characters`]);
  });

  it('keeps a TZ schedule that was already stored, as upstream allows on update', () => {
    const old = cronJob({ schedule: 'TZ=UTC 0 * * * *' });
    expect(validateUpdate('batch', 'CronJob', old, old)).toEqual([]);
  });
});

const job = (spec: Record<string, unknown>) =>
  applyDefaults('batch', 'v1', 'Job', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'default' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } }, ...spec },
  });

describe('Job validation', () => {
  it.each([
    ['spec.parallelism: Invalid value: -1: must be greater than or equal to 0', { parallelism: -1 }],
    ['spec.completions: Invalid value: -1: must be greater than or equal to 0', { completions: -1 }],
    ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0', { backoffLimit: -1 }],
    ['spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0', { activeDeadlineSeconds: -1 }],
    ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"', { completionMode: 'Sometimes' }],
  ])('%s', (message, spec) => {
    expect(messages(validateCreate('batch', 'Job', job(spec)))).toEqual([message]);
  });

  it('refuses a template that restarts Always (the pod default)', () => {
    const j = job({ template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } });
    expect(messages(validateCreate('batch', 'Job', j))).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"']);
  });

  it('keeps completions and the template immutable', () => {
    const old = job({ completions: 2 });
    const next = job({ completions: 3 });
    expect(messages(validateUpdate('batch', 'Job', next, old))).toEqual(['spec.completions: Invalid value: 3: field is immutable']);
  });
});
