import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import { taintBasedEviction } from '../../../../shared/controllers/node-lifecycle/no-execute-taints';
import { NOT_READY_NO_EXECUTE, taintExists, UNREACHABLE_NO_EXECUTE } from '../../../../shared/controllers/node-lifecycle/taints';
import { date, FakeCluster, newPod, node, readyCond, zoneLabels } from './harness';

const fakeNow = date(2017, 1, 1, 12);
const created = date(2012, 1, 1);
const z1 = zoneLabels('zone1');
const at = (name: string, status: string, heartbeat: number) => node(name, created, [readyCond(status, heartbeat)], z1);
const healthyNew = [readyCond('True', date(2017, 1, 1, 12, 10), fakeNow)];
const unhealthyNew = [readyCond('False', date(2017, 1, 1, 12, 10), fakeNow)];

describe('TestApplyNoExecuteTaints', () => {
  it('unreachable and not-ready NoExecute taints through the queue; removed when Ready; none when Ready vanished before the tainting pass', () => {
    const c = new FakeCluster(
      [at('node0', 'Unknown', date(2015, 1, 1, 12)), at('node1', 'True', fakeNow), at('node2', 'False', date(2015, 1, 1, 12)), at('node3', 'True', date(2016, 1, 1, 12))],
      [newPod('pod0', 'node0')],
    );
    c.monitor(fakeNow);
    c.taintingPass(fakeNow);
    expect(taintExists(c.taints('node0'), UNREACHABLE_NO_EXECUTE)).toBe(true);
    expect(taintExists(c.taints('node2'), NOT_READY_NO_EXECUTE)).toBe(true);
    expect(c.taints('node0')[0]?.timeAdded).toBe('2017-01-01T12:00:00Z');

    // Make node2 healthy again.
    c.setStatus('node2', healthyNew);
    c.monitor(fakeNow);
    c.taintingPass(fakeNow);
    expect(c.taints('node2')).toEqual([]);

    // node3 goes NotReady, but its Ready condition is gone before the tainting pass.
    c.setStatus('node3', unhealthyNew);
    c.monitor(fakeNow);
    c.setStatus('node3', [{ type: 'MemoryPressure', status: 'Unknown', lastHeartbeatTime: '2017-01-01T12:10:00Z', lastTransitionTime: '2017-01-01T12:00:00Z' }]);
    c.taintingPass(fakeNow);
    expect(c.taints('node3')).toEqual([]);
  });
});

describe('TestApplyNoExecuteTaintsToNodesEnqueueTwice', () => {
  it('every node is tainted even when it was enqueued twice', () => {
    const c = new FakeCluster([at('node0', 'Unknown', date(2015, 1, 1, 12)), at('node1', 'True', fakeNow), at('node2', 'False', date(2015, 1, 1, 12))], [newPod('pod0', 'node0')]);
    c.monitor(fakeNow);
    c.monitor(fakeNow);
    c.setStatus('node0', healthyNew);
    c.nodes.push(at('node3', 'Unknown', date(2015, 1, 1, 12)), at('node4', 'True', fakeNow), at('node5', 'False', date(2015, 1, 1, 12)));
    c.monitor(fakeNow);
    c.taintingPass(fakeNow);
    expect(taintExists(c.taints('node3'), UNREACHABLE_NO_EXECUTE)).toBe(true);
    expect(taintExists(c.taints('node5'), NOT_READY_NO_EXECUTE)).toBe(true);
    expect(c.taints('node0')).toEqual([]);
  });
});

describe('TestSwapUnreachableNotReadyTaints', () => {
  it('a node going from Unknown to False swaps unreachable for not-ready at once', () => {
    const c = new FakeCluster([at('node0', 'Unknown', date(2015, 1, 1, 12)), at('node1', 'True', fakeNow)], [newPod('pod0', 'node0')]);
    c.monitor(fakeNow);
    c.taintingPass(fakeNow);
    expect(taintExists(c.taints('node0'), UNREACHABLE_NO_EXECUTE)).toBe(true);
    c.setStatus('node0', [readyCond('False', date(2017, 1, 1, 12, 9), fakeNow)]);
    c.setStatus('node1', healthyNew);
    c.monitor(fakeNow);
    // No tainting pass needed: the swap is not rate limited.
    expect(c.taints('node0').map((x) => `${x.key}:${x.effect}`)).toEqual(['node.kubernetes.io/not-ready:NoExecute']);
  });
});

describe('NoExecute tainting is rate limited per zone (0.1 node/s, burst 1)', () => {
  it('three unreachable nodes in a zone of ten are tainted 10 s apart', () => {
    const healthyNodes = Array.from({ length: 7 }, (_, i) => at(`ok${i}`, 'True', fakeNow));
    const c = new FakeCluster([...['a', 'b', 'c'].map((n) => at(n, 'Unknown', date(2015, 1, 1))), ...healthyNodes], [], {
      ...new FakeCluster([]).config,
      evictionLimiterQps: 0.1,
    });
    c.monitor(fakeNow);
    const tainted = () => ['a', 'b', 'c'].filter((n) => taintExists(c.taints(n), UNREACHABLE_NO_EXECUTE));
    c.taintingPass(fakeNow);
    expect(tainted()).toEqual(['a']);
    c.taintingPass(fakeNow + 8_000);
    expect(tainted()).toEqual(['a']);
    c.taintingPass(fakeNow + 10_000);
    expect(tainted()).toEqual(['a', 'b']);
    c.taintingPass(fakeNow + 20_000);
    expect(tainted()).toEqual(['a', 'b', 'c']);
  });
});

describe('taintBasedEviction (processTaintBaseEviction)', () => {
  const withTaints = (...keys: string[]): Node => ({ metadata: { name: 'n' }, spec: { taints: keys.map((key) => ({ key, effect: 'NoExecute' as const })) } });
  it.each([
    ['False, untainted → enqueue afresh', withTaints(), 'False', { kind: 'enqueue', requeue: true }],
    ['False, already not-ready → enqueue (a no-op while in the set)', withTaints('node.kubernetes.io/not-ready'), 'False', { kind: 'enqueue', requeue: false }],
    ['False, unreachable → swap at once', withTaints('node.kubernetes.io/unreachable'), 'False', { kind: 'swap', add: NOT_READY_NO_EXECUTE, remove: UNREACHABLE_NO_EXECUTE }],
    ['Unknown, not-ready → swap at once', withTaints('node.kubernetes.io/not-ready'), 'Unknown', { kind: 'swap', add: UNREACHABLE_NO_EXECUTE, remove: NOT_READY_NO_EXECUTE }],
    ['True → mark reachable', withTaints('node.kubernetes.io/unreachable'), 'True', { kind: 'markReachable' }],
  ])('%s', (_name, n, status, want) => expect(taintBasedEviction(n, status)).toEqual(want));
});
