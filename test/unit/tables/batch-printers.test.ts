import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/api/object';
import { DAY, HOUR, MIN, SEC, ago, cells, headers } from './helpers';

const podTemplate = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } };
const job = (spec: object, status: object, extra: object = {}): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'job1', creationTimestamp: ago(3 * MIN), ...extra },
  spec: { template: podTemplate, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } }, ...spec },
  status,
});

describe('job printer', () => {
  it('matches kubectl get jobs headers', () => {
    expect(headers('batch', 'Job')).toEqual({ normal: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'], wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'] });
  });

  // TestPrintJob / TestPrintJobStatus cases.
  it.each([
    ['running with completions', job({ completions: 2 }, { succeeded: 1, startTime: ago(2 * MIN) }), ['Running', '1/2', '2m']],
    ['parallel without completions', job({ parallelism: 2 }, { succeeded: 0, startTime: ago(10 * SEC) }), ['Running', '0/1 of 2', '10s']],
    ['not started', job({ completions: 1 }, {}), ['Running', '0/1', '']],
    ['complete', job({ completions: 1 }, { succeeded: 1, startTime: ago(3 * MIN), completionTime: ago(MIN + 28 * SEC), conditions: [{ type: 'Complete', status: 'True' }] }), ['Complete', '1/1', '92s']],
    ['failed', job({ completions: 1 }, { failed: 1, conditions: [{ type: 'Failed', status: 'True' }] }), ['Failed', '0/1', '']],
    ['suspended', job({ completions: 1 }, { conditions: [{ type: 'Suspended', status: 'True' }] }), ['Suspended', '0/1', '']],
    ['failure target', job({ completions: 1 }, { conditions: [{ type: 'FailureTarget', status: 'True' }] }), ['FailureTarget', '0/1', '']],
    ['terminating', job({ completions: 1 }, { conditions: [{ type: 'Suspended', status: 'True' }] }, { deletionTimestamp: ago(0) }), ['Terminating', '0/1', '']],
  ])('%s', (_why, obj, want) => {
    const c = cells('batch', 'Job', obj);
    expect(c.slice(1, 4)).toEqual(want);
    expect(c.slice(4)).toEqual(['3m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=abc']);
  });
});

describe('cronjob printer', () => {
  const cj = (spec: object, status: object = {}): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', creationTimestamp: ago(2 * DAY) },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: podTemplate } }, ...spec },
    status,
  });

  it('matches kubectl get cronjobs headers', () => {
    expect(headers('batch', 'CronJob')).toEqual({
      normal: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
      wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    });
  });

  it.each([
    ['never scheduled', cj({ suspend: false }), ['hello', '*/5 * * * *', '<none>', 'False', 0, '<none>', '2d', 'pi', 'perl:5.34', '<none>']],
    ['scheduled with a timezone', cj({ suspend: true, timeZone: 'Etc/UTC' }, { active: [{ name: 'hello-1' }], lastScheduleTime: ago(4 * MIN) }), ['hello', '*/5 * * * *', 'Etc/UTC', 'True', 1, '4m', '2d', 'pi', 'perl:5.34', '<none>']],
    ['suspend unset', cj({}, { lastScheduleTime: ago(HOUR) }), ['hello', '*/5 * * * *', '<none>', '<unset>', 0, '60m', '2d', 'pi', 'perl:5.34', '<none>']],
  ])('%s', (_why, obj, want) => {
    expect(cells('batch', 'CronJob', obj)).toEqual(want);
  });
});
