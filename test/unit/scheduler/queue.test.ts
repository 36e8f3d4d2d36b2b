import { describe, expect, test } from 'vitest';
import { add, backoffDuration, createQueue, nextWakeUp, onClusterEvent, pop, queueLengths, requeueUnschedulable } from '../../../shared/scheduler';
import { pod } from './fixtures';

describe('scheduling queue', () => {
  test.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10000],
    [6, 10000],
  ])('backoff after attempt %i is %i ms', (attempts, ms) => expect(backoffDuration(createQueue(), attempts)).toBe(ms));

  test('activeQ: priority first, then enqueue time', () => {
    const q = createQueue();
    add(q, pod('late-low', {}, { priority: 0 }), 3);
    add(q, pod('early-low', {}, { priority: 0 }), 1);
    add(q, pod('high', {}, { priority: 10 }), 5);
    expect([pop(q, 10)!.key, pop(q, 10)!.key, pop(q, 10)!.key]).toEqual(['default/high', 'default/early-low', 'default/late-low']);
    expect(pop(q, 10)).toBeUndefined();
  });

  test('unschedulable pods wait for a relevant event, then respect their backoff', () => {
    const q = createQueue();
    add(q, pod('p'), 0);
    pop(q, 0);
    requeueUnschedulable(q, 'default/p', 0, ['NodeResourcesFit']);
    expect(queueLengths(q).unschedulable).toBe(1);
    expect(onClusterEvent(q, { resource: 'AssignedPod', action: 'Add' }, 100)).toBe(0);
    expect(onClusterEvent(q, { resource: 'Node', action: 'Add' }, 500)).toBe(1);
    expect(pop(q, 500)).toBeUndefined(); // still backing off (1s after attempt 1)
    expect(nextWakeUp(q, 500)).toBe(1000);
    expect(pop(q, 1000)?.key).toBe('default/p');
  });

  test('an event during the pod\'s own cycle sends it to backoff, not unschedulable', () => {
    const q = createQueue();
    add(q, pod('p'), 0);
    pop(q, 0);
    onClusterEvent(q, { resource: 'Node', action: 'Add' }, 10);
    requeueUnschedulable(q, 'default/p', 20, ['NodeResourcesFit']);
    expect(queueLengths(q)).toMatchObject({ backoff: 1, unschedulable: 0 });
  });

  test('unschedulable pods are retried after 5 minutes without events', () => {
    const q = createQueue();
    add(q, pod('p'), 0);
    pop(q, 0);
    requeueUnschedulable(q, 'default/p', 0, ['TaintToleration']);
    expect(nextWakeUp(q, 1)).toBe(300_000);
    expect(pop(q, 299_999)).toBeUndefined();
    expect(pop(q, 300_000)?.attempts).toBe(2);
  });

  test('scheduling gates hold a pod until removed; state survives JSON', () => {
    let q = createQueue();
    add(q, pod('g', {}, { spec: { schedulingGates: [{ name: 'wait' }] } }), 0);
    expect(pop(q, 0)).toBeUndefined();
    q = JSON.parse(JSON.stringify(q));
    add(q, pod('g'), 5);
    expect(pop(q, 5)?.key).toBe('default/g');
  });
});
