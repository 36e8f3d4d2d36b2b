import { describe, expect, test } from 'vitest';
import { buildSnapshot, defaultProfile, pickOneNode, scheduleOne, type Candidate, type PodInfo } from '../../../shared/scheduler';
import { node, pod } from './fixtures';

const profile = defaultProfile();
const low = (name: string, n: string, cpu: string, priority = 0, extra = {}) => pod(name, { cpu }, { node: n, priority, ...extra });

describe('DefaultPreemption', () => {
  test('minimal victims: only as many lower-priority pods as needed, highest priority reprieved first', () => {
    const s = buildSnapshot({ nodes: [node('n1', '2')], pods: [low('v1', 'n1', '1', 1), low('v2', 'n1', '1', 2)] });
    const r = scheduleOne(pod('hi', { cpu: '1' }, { priority: 100 }), s, profile, { rand: () => 0 });
    expect(r.node).toBeUndefined();
    expect(r.postFilter?.nominatedNodeName).toBe('n1');
    expect(r.postFilter?.victims?.map((v) => v.metadata?.name)).toEqual(['v1']);
    expect(r.failureMessage).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });

  test('a node whose victims would violate a PDB loses to one without violations', () => {
    const s = buildSnapshot({
      nodes: [node('n1', '1'), node('n2', '1')],
      pods: [low('guarded', 'n1', '1', 0, { labels: { app: 'db' } }), low('free', 'n2', '1', 5)],
      podDisruptionBudgets: [{ metadata: { name: 'db', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } } }, status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } }],
    });
    const r = scheduleOne(pod('hi', { cpu: '1' }, { priority: 100 }), s, profile, { rand: () => 0 });
    expect(r.postFilter?.nominatedNodeName).toBe('n2');
  });

  test('the node with the lower highest-victim priority wins', () => {
    const s = buildSnapshot({ nodes: [node('n1', '1'), node('n2', '1')], pods: [low('a', 'n1', '1', 50), low('b', 'n2', '1', 10)] });
    expect(scheduleOne(pod('hi', { cpu: '1' }, { priority: 100 }), s, profile, { rand: () => 0 }).postFilter?.nominatedNodeName).toBe('n2');
  });

  test('equal-priority pods are never victims; the message lists why per node', () => {
    const s = buildSnapshot({ nodes: [node('n1', '1')], pods: [low('same', 'n1', '1', 100)] });
    const r = scheduleOne(pod('hi', { cpu: '1' }, { priority: 100 }), s, profile, { rand: () => 0 });
    expect(r.failureMessage).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  test('preemptionPolicy Never', () => {
    const s = buildSnapshot({ nodes: [node('n1', '1')], pods: [low('v', 'n1', '1', 0)] });
    const r = scheduleOne(pod('hi', { cpu: '1' }, { priority: 100, spec: { preemptionPolicy: 'Never' } }), s, profile, { rand: () => 0 });
    expect(r.failureMessage).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  test('a nominated pod reserves room against lower-priority pods', () => {
    const nominee = { ...pod('nominee', { cpu: '1' }, { priority: 100 }), status: { nominatedNodeName: 'n1' } };
    const s = buildSnapshot({ nodes: [node('n1', '1'), node('n2', '1')], pods: [nominee] });
    expect(scheduleOne(pod('low', { cpu: '1' }, { priority: 1 }), s, profile, { rand: () => 0 }).node).toBe('n2');
  });
});

describe('pickOneNode', () => {
  const v = (priority: number, start: string): PodInfo => ({ priority, pod: { status: { startTime: start } } }) as PodInfo;
  const c = (node: string, victims: PodInfo[], numPDBViolations = 0): Candidate => ({ node, victims, numPDBViolations });
  test.each([
    ['fewest PDB violations', [c('a', [v(1, '2024-01-01T00:00:00Z')], 1), c('b', [v(9, '2024-01-01T00:00:00Z')], 0)], 'b'],
    ['lowest highest priority', [c('a', [v(5, '2024-01-01T00:00:00Z')]), c('b', [v(3, '2024-01-01T00:00:00Z'), v(3, '2024-01-01T00:00:00Z')])], 'b'],
    ['lowest priority sum', [c('a', [v(3, 'x'), v(2, 'x')]), c('b', [v(3, 'x'), v(1, 'x')])], 'b'],
    ['fewest victims', [c('a', [v(3, 'x'), v(-5, 'x')]), c('b', [v(3, 'x')])], 'b'],
    ['latest start of highest-priority victims', [c('a', [v(3, '2024-01-01T00:00:00Z')]), c('b', [v(3, '2024-06-01T00:00:00Z')])], 'b'],
  ])('%s', (_n, cands, want) => expect(pickOneNode(cands)?.node).toBe(want));
});
