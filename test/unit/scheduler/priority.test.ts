import { describe, expect, test } from 'vitest';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { ApiError } from '../../../shared/api/errors';
import { resolvePriority } from '../../../shared/scheduler';
import { pod } from './fixtures';

const pc = (name: string, value: number, globalDefault = false, preemptionPolicy?: string): PriorityClass => ({ metadata: { name }, value, globalDefault, preemptionPolicy });

describe('resolvePriority', () => {
  test.each([
    ['no class, no default → 0', [], {}, { priorityClassName: '', priority: 0, preemptionPolicy: 'PreemptLowerPriority' }],
    ['globalDefault with the lowest value wins', [pc('a', 100, true), pc('b', 50, true)], {}, { priorityClassName: 'b', priority: 50, preemptionPolicy: 'PreemptLowerPriority' }],
    ['named class with its preemptionPolicy', [pc('batch', 10, false, 'Never')], { priorityClassName: 'batch' }, { priorityClassName: 'batch', priority: 10, preemptionPolicy: 'Never' }],
  ])('%s', (_n, classes, spec, want) => {
    expect(resolvePriority(pod('p', {}, { spec }), classes)).toEqual(want);
  });

  test('a missing class is Forbidden, worded as upstream', () => {
    const r = resolvePriority(pod('p', {}, { spec: { priorityClassName: 'gold' } }), []);
    expect(r).toBeInstanceOf(ApiError);
    expect([(r as ApiError).code, (r as ApiError).message]).toEqual([403, 'pods "p" is forbidden: no PriorityClass with name gold was found']);
  });

  test('a conflicting spec.priority is Forbidden', () => {
    const r = resolvePriority(pod('p', {}, { priority: 5, spec: { priorityClassName: 'x' } }), [pc('x', 10)]) as ApiError;
    expect(r.message).toBe('pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 10 from the given PriorityClass name');
  });
});
