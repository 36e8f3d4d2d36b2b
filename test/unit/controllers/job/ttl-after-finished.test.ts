// Rows of upstream's TestTimeLeft (pkg/controller/ttlafterfinished/ttlafterfinished_controller_test.go) through reconcileTtlAfterFinished.
import { describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1';
import { reconcileTtlAfterFinished } from '../../../../shared/controllers/ttl-after-finished';

const NOW = Date.UTC(2024, 0, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function job(over: { completed?: boolean; failed?: boolean; ttl?: number; finishedAgo?: number; noFinishTime?: boolean; deleting?: boolean }): Job {
  const conditions = [];
  const time = over.noFinishTime ? undefined : iso(NOW - (over.finishedAgo ?? 0) * 1000);
  if (over.completed) conditions.push({ type: 'Complete', status: 'True', ...(time ? { lastTransitionTime: time } : {}) });
  if (over.failed) conditions.push({ type: 'Failed', status: 'True', ...(time ? { lastTransitionTime: time } : {}) });
  return {
    metadata: { name: 'test', namespace: 'default', uid: 'u1', ...(over.deleting ? { deletionTimestamp: iso(NOW) } : {}) },
    spec: { template: {}, ...(over.ttl !== undefined ? { ttlSecondsAfterFinished: over.ttl } : {}) },
    status: { conditions },
  };
}

describe('reconcileTtlAfterFinished (TestTimeLeft rows)', () => {
  const deleteAction = { kind: 'delete', resource: { group: 'batch', plural: 'jobs' }, namespace: 'default', name: 'test', preconditions: { uid: 'u1' }, propagationPolicy: 'Foreground' };
  it.each([
    ['Job unfinished: nothing to do', { ttl: 0 }, { actions: [] }],
    ['Job completed now, no TTL: nothing to do', { completed: true }, { actions: [] }],
    ['Job completed now, 0s TTL: deleted (foreground)', { completed: true, ttl: 0 }, { actions: [deleteAction] }],
    ['Job completed now, 10s TTL', { completed: true, ttl: 10 }, { actions: [], requeueAfterMs: 10_000 }],
    ['Job completed 10s ago, 15s TTL', { completed: true, ttl: 15, finishedAgo: 10 }, { actions: [], requeueAfterMs: 5000 }],
    ['Job failed now, 0s TTL', { failed: true, ttl: 0 }, { actions: [deleteAction] }],
    ['Job failed 10s ago, 15s TTL', { failed: true, ttl: 15, finishedAgo: 10 }, { actions: [], requeueAfterMs: 5000 }],
    ['Job finished 20s ago, 15s TTL: overdue, deleted', { completed: true, ttl: 15, finishedAgo: 20 }, { actions: [deleteAction] }],
    ['Job already being deleted', { completed: true, ttl: 0, deleting: true }, { actions: [] }],
  ] as const)('%s', (_n, over, want) => {
    expect(reconcileTtlAfterFinished(job(over), NOW)).toEqual(want);
  });
  it('Error case: Job completed now, 10s TTL, no finish time', () => {
    expect(() => reconcileTtlAfterFinished(job({ completed: true, ttl: 10, noFinishTime: true }), NOW)).toThrow('unable to find the time when the Job default/test finished');
  });
});
