import { describe, expect, test } from 'vitest';
import {
  assume,
  buildSnapshot,
  defaultProfile,
  explainAnnotations,
  numFeasibleNodesToFind,
  scheduledMessage,
  scheduleOne,
  seededRandom,
  SCORE_RESULT,
  FINAL_SCORE_RESULT,
} from '../../../shared/scheduler';
import { node, pod } from './fixtures';

const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const };

describe('numFeasibleNodesToFind', () => {
  test.each([
    [50, 50],
    [200, 100],
    [1000, 420],
    [5000, 500],
    [6000, 300],
    [15000, 750],
  ])('%i nodes → %i', (n, want) => expect(numFeasibleNodesToFind(n)).toBe(want));
  test('an explicit percentage', () => expect(numFeasibleNodesToFind(1000, 30)).toBe(300));
});

describe('scheduleOne', () => {
  const profile = defaultProfile();

  test('FailedScheduling message with the preemption part, as upstream words it', () => {
    const s = buildSnapshot({ nodes: [node('w', '1'), node('cp1', '8', '8Gi', { taints: [cp] }), node('cp2', '8', '8Gi', { taints: [cp] })], pods: [] });
    const r = scheduleOne(pod('big', { cpu: '2' }), s, profile, { rand: () => 0 });
    expect(r.node).toBeUndefined();
    expect(r.failureMessage).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    expect(r.filterStatuses.w).toMatchObject({ code: 'Unschedulable', plugin: 'NodeResourcesFit' });
  });

  test('only unresolvable reasons: preemption is not helpful anywhere', () => {
    const s = buildSnapshot({ nodes: ['a', 'b', 'c'].map((n) => node(n, '8', '8Gi', { taints: [cp] })), pods: [] });
    expect(scheduleOne(pod('p'), s, profile, { rand: () => 0 }).failureMessage).toBe(
      '0/3 nodes are available: 3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  test('a PreFilter rejection replaces the histogram', () => {
    const s = buildSnapshot({ nodes: [node('a'), node('b')], pods: [], persistentVolumeClaims: [{ metadata: { name: 'c', namespace: 'default' }, spec: {} }] });
    const p = pod('p', {}, { spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'c' } }] } });
    expect(scheduleOne(p, s, profile, { rand: () => 0 }).failureMessage).toBe(
      '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });

  test('scores: default weights and totals; the emptier node wins', () => {
    const s = buildSnapshot({ nodes: [node('a', '4', '8Gi'), node('b', '4', '8Gi')], pods: [pod('e', { cpu: '2', memory: '4Gi' }, { node: 'a' })] });
    const r = scheduleOne(pod('p', { cpu: '1', memory: '1Gi' }), s, profile, { rand: () => 0 });
    expect(r.node).toBe('b');
    const fit = r.scores!.plugins.find((p) => p.plugin === 'NodeResourcesFit')!;
    // a: cpu (4000−3000)·100/4000 = 25, mem (8−5)/8 → 37 → 31; b: 75, 87 → 81
    expect(fit.raw).toEqual([31, 81]);
    const taint = r.scores!.plugins.find((p) => p.plugin === 'TaintToleration')!;
    expect(taint).toMatchObject({ weight: 3, normalized: [100, 100], weighted: [300, 300] });
    const names = r.scores!.plugins.map((p) => `${p.plugin}:${p.weight}`);
    expect(names).toEqual(['TaintToleration:3', 'NodeResourcesFit:1', 'NodeResourcesBalancedAllocation:1', 'ImageLocality:1']);
    expect(r.binding).toEqual({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', namespace: 'default', uid: 'uid-p' }, target: { kind: 'Node', name: 'b' } });
    const ann = explainAnnotations(r, profile);
    expect(JSON.parse(ann[SCORE_RESULT]!).a.NodeResourcesFit).toBe('31');
    expect(JSON.parse(ann[FINAL_SCORE_RESULT]!).b.TaintToleration).toBe('300');
  });

  test('a 3-way tie is broken uniformly by the injected random source', () => {
    const s = buildSnapshot({ nodes: [node('a'), node('b'), node('c')], pods: [] });
    const rand = seededRandom(42);
    const wins: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 3000; i++) wins[scheduleOne(pod('p'), s, profile, { rand }).node!]!++;
    for (const n of ['a', 'b', 'c']) expect(wins[n]! / 3000).toBeGreaterThan(0.3);
  });

  test('rotating start index: 1000 feasible nodes, 420 evaluated per cycle', () => {
    const s = buildSnapshot({ nodes: Array.from({ length: 1000 }, (_, i) => node(`n${i}`)), pods: [] });
    const r1 = scheduleOne(pod('p'), s, profile, { rand: () => 0, startIndex: 0 });
    expect([r1.evaluatedNodes, r1.nextStartIndex, r1.scores!.nodes.length]).toEqual([420, 420, 420]);
    const r2 = scheduleOne(pod('q'), s, profile, { rand: () => 0, startIndex: 840 });
    expect(r2.nextStartIndex).toBe(260);
    expect(r2.scores!.nodes[0]).toBe('n840');
  });

  test('assume: back-to-back cycles do not overcommit', () => {
    const s = buildSnapshot({ nodes: [node('only', '1')], pods: [] });
    const p1 = pod('p1', { cpu: '600m' });
    const r1 = scheduleOne(p1, s, profile, { rand: () => 0 });
    expect(r1.node).toBe('only');
    assume(s, p1, 'only');
    const r2 = scheduleOne(pod('p2', { cpu: '600m' }), s, profile, { rand: () => 0 });
    expect(r2.node).toBeUndefined();
    expect(r2.failureMessage).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
  });

  test('Scheduled message', () => expect(scheduledMessage('default', 'web-1', 'node-a')).toBe('Successfully assigned default/web-1 to node-a'));
});

test('unschedulablePlugins lists the rejecting plugins', async () => {
  const { unschedulablePlugins } = await import('../../../shared/scheduler');
  const s = buildSnapshot({ nodes: [node('w', '1'), node('cp1', '8', '8Gi', { taints: [cp] })], pods: [] });
  expect(unschedulablePlugins(scheduleOne(pod('big', { cpu: '2' }), s, defaultProfile(), { rand: () => 0 })).sort()).toEqual(['NodeResourcesFit', 'TaintToleration']);
});
