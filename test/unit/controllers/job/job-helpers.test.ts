// Rows of upstream's backoff_utils_test.go (TestGetRemainingBackoffTime, TestGetRemainingBackoffTimePerIndex,
// TestNewBackoffRecord, TestGetFinishedTime), pod_failure_policy_test.go (TestMatchPodFailurePolicy),
// indexed_job_utils_test.go (TestCalculateSucceededIndexes / interval strings, TestFirstPendingIndexes) and
// success_policy_test.go (TestMatchSuccessPolicy).
import { describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  finishedTime, firstPendingIndexes, formatIntervals, matchPodFailurePolicy, matchSuccessPolicy, newBackoffRecord, parseIndexes, remainingBackoffMs, withIndexes,
} from '../../../../shared/controllers/job';
import { remainingTimePerIndexMs } from '../../../../shared/controllers/job/indexed-job';

const T = Date.UTC(2009, 10, 10, 23);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('remainingBackoffMs (TestGetRemainingBackoffTime, 5 s default, 700 s max)', () => {
  const rows: [string, number, number | undefined, number, number][] = [
    ['no failures', 0, undefined, T, 0],
    ['one failure; current time and failure time are same', 1, T, T, 5],
    ['one failure; current time == 1 second + failure time', 1, T, T + 1000, 4],
    ['one failure; current time == expected backoff time', 1, T, T + 5000, 0],
    ['one failure; current time == expected backoff time + 1 Second', 1, T, T + 6000, 0],
    ['three failures; current time and failure time are same', 3, T, T, 20],
    ['eight failures; backoff not exceeding maxBackoff', 8, T, T, 640],
    ['nine failures; backoff exceeding maxBackoff', 9, T, T, 700],
  ];
  it.each(rows)('%s', (_n, failures, last, now, seconds) => {
    expect(remainingBackoffMs(failures, last, now, 5000, 700_000)).toBe(seconds * 1000);
  });
  it('the controller default: 10 s doubling, capped at 10 minutes', () => {
    expect([1, 2, 3, 6, 7, 20].map((n) => remainingBackoffMs(n, T, T) / 1000)).toEqual([10, 20, 40, 320, 600, 600]);
  });
});

function pod(over: { phase?: string; finishedAt?: number[]; readyFalseAt?: number; deletedAt?: number; grace?: number; created?: number; annotations?: Record<string, string> }): Pod {
  return {
    metadata: {
      name: 'p', namespace: 'ns',
      ...(over.created !== undefined ? { creationTimestamp: iso(over.created) } : {}),
      ...(over.deletedAt !== undefined ? { deletionTimestamp: iso(over.deletedAt) } : {}),
      ...(over.grace !== undefined ? { deletionGracePeriodSeconds: over.grace } : {}),
      ...(over.annotations ? { annotations: over.annotations } : {}),
    },
    status: {
      phase: (over.phase ?? 'Failed') as never,
      containerStatuses: (over.finishedAt ?? []).map((f, i) => ({ name: `c${i}`, image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: iso(f) } } })),
      ...(over.readyFalseAt !== undefined ? { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: iso(over.readyFalseAt) }] } : {}),
    },
  };
}

describe('finishedTime (TestGetFinishedTime)', () => {
  it('the latest container finish', () => expect(finishedTime(pod({ finishedAt: [T - 1000, T] }))).toBe(T));
  it('the Ready=False transition when containers have none', () => expect(finishedTime(pod({ readyFalseAt: T }))).toBe(T));
  it('the deletion timestamp less the grace period', () => expect(finishedTime(pod({ deletedAt: T + 30_000, grace: 30 }))).toBe(T));
  it('the creation time as the last resort', () => expect(finishedTime(pod({ created: T }))).toBe(T));
});

describe('newBackoffRecord (TestNewBackoffRecord)', () => {
  it('failures add up and the last one is remembered', () => {
    const r = newBackoffRecord({ failuresAfterLastSuccess: 1, lastFailureTime: T - 10_000 }, [], [pod({ finishedAt: [T - 5000] }), pod({ finishedAt: [T] })]);
    expect(r).toEqual({ failuresAfterLastSuccess: 3, lastFailureTime: T });
  });
  it('a success resets the count to the failures after it', () => {
    const r = newBackoffRecord({ failuresAfterLastSuccess: 5, lastFailureTime: T - 60_000 }, [pod({ phase: 'Succeeded', finishedAt: [T - 2000] })], [pod({ finishedAt: [T - 3000] }), pod({ finishedAt: [T - 1000] }), pod({ finishedAt: [T] })]);
    expect(r).toEqual({ failuresAfterLastSuccess: 2, lastFailureTime: T });
  });
  it('only successes: no back-off', () => {
    expect(newBackoffRecord({ failuresAfterLastSuccess: 5, lastFailureTime: T }, [pod({ phase: 'Succeeded', finishedAt: [T] })], [])).toEqual({ failuresAfterLastSuccess: 0 });
  });
});

describe('remainingTimePerIndexMs (TestGetRemainingBackoffTimePerIndex, with the controller defaults)', () => {
  it('no failures', () => expect(remainingTimePerIndexMs(undefined, T)).toBe(0));
  it('two previous failures: the third back-off, 40 s', () => {
    expect(remainingTimePerIndexMs(pod({ deletedAt: T, annotations: { 'batch.kubernetes.io/job-index-failure-count': '2' } }), T)).toBe(40_000);
  });
  it('one counted and one ignored failure count alike', () => {
    expect(remainingTimePerIndexMs(pod({ deletedAt: T, annotations: { 'batch.kubernetes.io/job-index-failure-count': '1', 'batch.kubernetes.io/job-index-ignored-failure-count': '1' } }), T)).toBe(40_000);
  });
});

function failed(exit: [string, number][], conditions: { type: string; status: string }[] = [], init: [string, number][] = []): Pod {
  const st = (list: [string, number][]) => list.map(([name, code]) => ({ name, image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: code } } }));
  return { metadata: { name: 'mypod', namespace: 'default' }, status: { phase: 'Failed', containerStatuses: st(exit), initContainerStatuses: st(init), conditions: conditions as never } };
}

describe('matchPodFailurePolicy (TestMatchPodFailurePolicy)', () => {
  const rules = (r: object[]) => ({ rules: r as never });
  it('FailJob on an exit code In the list, with upstream’s message', () => {
    expect(matchPodFailurePolicy(rules([{ action: 'FailJob', onExitCodes: { operator: 'In', values: [2] } }]), failed([['main-container', 2]]))).toEqual({
      failJobMessage: 'Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 0', countFailed: true, action: 'FailJob',
    });
  });
  it('Ignore on an exit code: not counted', () => {
    expect(matchPodFailurePolicy(rules([{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1, 2, 3] } }]), failed([['main-container', 2]]))).toEqual({ countFailed: false, action: 'Ignore' });
  });
  it('NotIn: exit code 0 never matches, another code does', () => {
    const p = rules([{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1] } }]);
    expect(matchPodFailurePolicy(p, failed([['main-container', 0]]))).toEqual({ countFailed: true });
    expect(matchPodFailurePolicy(p, failed([['main-container', 1]]))).toEqual({ countFailed: true });
    expect(matchPodFailurePolicy(p, failed([['main-container', 42]])).action).toBe('FailJob');
  });
  it('containerName restricts the match; init containers are checked after app containers', () => {
    const p = rules([{ action: 'FailJob', onExitCodes: { containerName: 'init-container', operator: 'In', values: [5] } }]);
    expect(matchPodFailurePolicy(p, failed([['main-container', 5]])).action).toBeUndefined();
    expect(matchPodFailurePolicy(p, failed([['main-container', 1]], [], [['init-container', 5]])).failJobMessage).toBe(
      'Container init-container for pod default/mypod failed with exit code 5 matching FailJob rule at index 0',
    );
  });
  it('the first matching rule wins: Count before FailJob', () => {
    const p = rules([{ action: 'Count', onExitCodes: { operator: 'In', values: [1, 2] } }, { action: 'FailJob', onExitCodes: { operator: 'In', values: [2] } }]);
    expect(matchPodFailurePolicy(p, failed([['main-container', 2]]))).toEqual({ countFailed: true, action: 'Count' });
  });
  it('onPodConditions: DisruptionTarget=True ignored, FailJob message names the condition', () => {
    const pod = failed([['main-container', 137]], [{ type: 'DisruptionTarget', status: 'True' }]);
    expect(matchPodFailurePolicy(rules([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]), pod)).toEqual({ countFailed: false, action: 'Ignore' });
    expect(matchPodFailurePolicy(rules([{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]), pod).failJobMessage).toBe(
      'Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0',
    );
    expect(matchPodFailurePolicy(rules([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'False' }] }]), pod)).toEqual({ countFailed: true });
  });
  it('FailIndex counts the failure', () => {
    expect(matchPodFailurePolicy(rules([{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }]), failed([['c', 3]]))).toEqual({ countFailed: true, action: 'FailIndex' });
  });
});

describe('completion index intervals (indexed_job_utils_test.go)', () => {
  const rows: [string, string, number, string][] = [
    ['empty', '', 5, ''],
    ['one index', '1', 5, '1'],
    ['two neighbours print as a list', '1,2', 5, '1,2'],
    ['a run', '1-4', 10, '1-4'],
    ['adjacent parts join', '1-3,4,5-7', 10, '1-7'],
    ['past completions is dropped or cut', '0,3-8,10', 6, '0,3-5'],
    ['corrupt parts are ignored', 'a,2,b-3,4-c,6', 10, '2,6'],
  ];
  it.each(rows)('%s', (_n, s, completions, want) => expect(formatIntervals(parseIndexes(s, completions))).toBe(want));
  it('withOrderedIndexes merges new indexes in', () => {
    expect(formatIntervals(withIndexes(parseIndexes('0,2-3,7', 10), [1, 4, 8, 9]))).toBe('0-4,7-9');
  });
});

describe('firstPendingIndexes (TestFirstPendingIndexes)', () => {
  const job = (completions: number): Job => ({ spec: { completions, completionMode: 'Indexed', template: {} as never } });
  const withIx = (ix: number, phase = 'Running'): Pod => ({ metadata: { annotations: { 'batch.kubernetes.io/job-completion-index': String(ix) } }, status: { phase: phase as never } });
  it('cnt greater than completions', () => expect(firstPendingIndexes(job(5), [], [], [], undefined, 10)).toEqual([0, 1, 2, 3, 4]));
  it('cnt less than completions', () => expect(firstPendingIndexes(job(5), [], [], [], undefined, 2)).toEqual([0, 1]));
  it('first pods active', () => {
    const active = [withIx(0), withIx(1)];
    expect(firstPendingIndexes(job(10), active, active, [], undefined, 3)).toEqual([2, 3, 4]);
  });
  it('last pods active or succeeded', () => {
    const active = [withIx(6)];
    expect(firstPendingIndexes(job(6), active, active, parseIndexes('4-5', 6), undefined, 6)).toEqual([0, 1, 2, 3]);
  });
  it('mixed', () => {
    const active = [withIx(3), withIx(5), withIx(7)];
    expect(firstPendingIndexes(job(10), active, active, parseIndexes('2,6', 10), undefined, 5)).toEqual([0, 1, 4, 8, 9]);
  });
  it('failed indexes are not pending', () => {
    expect(firstPendingIndexes(job(6), [], [], parseIndexes('1', 6), parseIndexes('0,2', 6), 3)).toEqual([3, 4, 5]);
  });
});

describe('matchSuccessPolicy (TestMatchSuccessPolicy)', () => {
  const iv = (s: string) => parseIndexes(s, 10);
  it('no policy, or nothing succeeded', () => {
    expect(matchSuccessPolicy(undefined, 10, iv('0-9'))).toBeUndefined();
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 1 }] }, 10, [])).toBeUndefined();
  });
  it('succeededIndexes all succeeded', () => expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-2' }] }, 10, iv('0-3'))).toBe('Matched rules at index 0'));
  it('succeededIndexes partly succeeded', () => expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-2' }] }, 10, iv('0,2'))).toBeUndefined());
  it('succeededIndexes with succeededCount', () => {
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-4', succeededCount: 2 }] }, 10, iv('1,3,8'))).toBe('Matched rules at index 0');
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-4', succeededCount: 3 }] }, 10, iv('1,3,8'))).toBeUndefined();
  });
  it('succeededCount alone; the second rule matches', () => {
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '9' }, { succeededCount: 3 }] }, 10, iv('0-2'))).toBe('Matched rules at index 1');
  });
});
