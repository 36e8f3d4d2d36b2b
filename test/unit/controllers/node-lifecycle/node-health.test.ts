import { describe, expect, it } from 'vitest';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { lostNodesPodSelector, podNeedsNotReady, podsOfNodes, processPod } from '../../../../shared/controllers/node-lifecycle/mark-pods-not-ready';
import { computeNodeHealth } from '../../../../shared/controllers/node-lifecycle/node-health';
import { date, FakeCluster, lease, newPod, node, readyCond, t, TEST_CONFIG } from './harness';

// Rows of node_lifecycle_controller_test.go (1.32): a first monitorNodeHealth pass at fakeNow, then,
// when timeToPass is set, the new status/lease and a second pass.
const fakeNow = date(2015, 1, 1, 12);
const created = date(2012, 1, 1);
const hour = 3_600_000;

const neverUpdated = (type: string, at: number): NodeCondition => ({
  type,
  status: 'Unknown',
  reason: 'NodeStatusNeverUpdated',
  message: 'Kubelet never posted node status.',
  lastHeartbeatTime: t(created),
  lastTransitionTime: t(at),
});
const stoppedPosting = (heartbeat: number, at: number): NodeCondition => ({
  type: 'Ready',
  status: 'Unknown',
  reason: 'NodeStatusUnknown',
  message: 'Kubelet stopped posting node status.',
  lastHeartbeatTime: t(heartbeat),
  lastTransitionTime: t(at),
});
const allNeverUpdated = (at: number) => ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((c) => neverUpdated(c, at));

interface Row {
  node: Node;
  lease?: Lease;
  timeToPass?: number;
  newStatus?: NodeCondition[];
  newLease?: Lease;
  expectedConditions?: NodeCondition[];
  expectedPodStatusUpdate: boolean;
}

function run(row: Row) {
  const c = new FakeCluster([row.node], [newPod('pod0', 'node0')]);
  c.leases = { node0: row.lease };
  c.monitor(fakeNow);
  if (row.timeToPass) {
    if (row.newStatus) c.setStatus('node0', row.newStatus);
    c.leases = { node0: row.newLease };
    c.monitor(fakeNow + row.timeToPass);
  }
  return c;
}

function check(row: Row) {
  const c = run(row);
  if (row.expectedConditions) {
    expect(c.nodeStatusUpdates).toHaveLength(1);
    expect((c.nodeStatusUpdates[0]!.object as unknown as Node).status?.conditions).toEqual(row.expectedConditions);
  } else {
    expect(c.nodeStatusUpdates).toHaveLength(0);
  }
  expect(c.podStatusUpdates > 0).toBe(row.expectedPodStatusUpdate);
}

describe('TestMonitorNodeHealthUpdateStatus', () => {
  it.each<[string, Row]>([
    [
      'Node created long time ago, without status: Unknown posted',
      { node: node('node0', created), expectedConditions: allNeverUpdated(fakeNow), expectedPodStatusUpdate: false },
    ],
    ['Node created recently, without status: nothing within the startup grace', { node: node('node0', fakeNow), expectedPodStatusUpdate: false }],
    [
      'Node created long time ago, with status updated by kubelet exceeds grace period',
      {
        node: node('node0', created, [readyCond('True', fakeNow)]),
        timeToPass: hour,
        newStatus: [readyCond('True', fakeNow)],
        expectedConditions: [stoppedPosting(fakeNow, fakeNow + hour), ...allNeverUpdated(fakeNow + hour).slice(1)],
        expectedPodStatusUpdate: true,
      },
    ],
    ['Node created long time ago, with status updated recently', { node: node('node0', created, [readyCond('True', fakeNow)]), expectedPodStatusUpdate: false }],
  ])('%s', (_name, row) => check(row));
});

describe('TestMonitorNodeHealthUpdateNodeAndPodStatusWithLease', () => {
  const ready = () => [readyCond('True', fakeNow), { type: 'DiskPressure', status: 'False', lastHeartbeatTime: t(fakeNow), lastTransitionTime: t(fakeNow) }];
  it.each<[string, Row]>([
    ['Node created recently, without status. Node lease is missing.', { node: node('node0', fakeNow), expectedPodStatusUpdate: false }],
    ['Node created recently, without status. Node lease is renewed recently.', { node: node('node0', fakeNow), lease: lease('node0', fakeNow), expectedPodStatusUpdate: false }],
    [
      'Node created long time ago, without status. Node lease is missing.',
      { node: node('node0', created), expectedConditions: allNeverUpdated(fakeNow), expectedPodStatusUpdate: false },
    ],
    [
      'Node created long time ago, without status. Node lease is renewed recently.',
      { node: node('node0', created), lease: lease('node0', fakeNow), timeToPass: hour, newLease: lease('node0', fakeNow + hour), expectedPodStatusUpdate: false },
    ],
    [
      'Node created long time ago, without status. Node lease is expired.',
      {
        node: node('node0', created),
        lease: lease('node0', fakeNow),
        timeToPass: hour,
        newLease: lease('node0', fakeNow),
        expectedConditions: allNeverUpdated(fakeNow + hour),
        expectedPodStatusUpdate: false,
      },
    ],
    [
      'Node created long time ago, with status updated by kubelet exceeds grace period. Node lease is renewed.',
      { node: node('node0', created, ready()), lease: lease('node0', fakeNow), timeToPass: hour, newStatus: ready(), newLease: lease('node0', fakeNow + hour), expectedPodStatusUpdate: false },
    ],
    [
      'Node created long time ago, with status updated by kubelet recently. Node lease is expired.',
      {
        node: node('node0', created, ready()),
        lease: lease('node0', fakeNow),
        timeToPass: hour,
        newStatus: [readyCond('True', fakeNow + hour, fakeNow), { type: 'DiskPressure', status: 'False', lastHeartbeatTime: t(fakeNow + hour), lastTransitionTime: t(fakeNow) }],
        newLease: lease('node0', fakeNow),
        expectedPodStatusUpdate: false,
      },
    ],
    [
      'Node created long time ago, with status updated by kubelet exceeds grace period. Node lease is also expired.',
      {
        node: node('node0', created, [readyCond('True', fakeNow)]),
        lease: lease('node0', fakeNow),
        timeToPass: hour,
        newStatus: [readyCond('True', fakeNow)],
        newLease: lease('node0', fakeNow),
        expectedConditions: [stoppedPosting(fakeNow, fakeNow + hour), ...allNeverUpdated(fakeNow + hour).slice(1)],
        expectedPodStatusUpdate: true,
      },
    ],
  ])('%s', (_name, row) => check(row));

  it('the grace is 50 s: Unknown at 50 s + 1 ms after the last probe, not at 50 s', () => {
    const at = (ms: number) => run({ node: node('node0', created, [readyCond('True', fakeNow)]), lease: lease('node0', fakeNow), timeToPass: ms, newLease: lease('node0', fakeNow), expectedPodStatusUpdate: false });
    expect(at(50_000).nodeStatusUpdates).toHaveLength(0);
    expect(at(50_001).nodeStatusUpdates).toHaveLength(1);
  });
});

describe('TestMonitorNodeHealthMarkPodsNotReady', () => {
  it.each<[string, Row]>([
    ['Node created recently, without status', { node: node('node0', fakeNow), expectedPodStatusUpdate: false }],
    ['Node created long time ago, with status updated recently', { node: node('node0', created, [readyCond('True', fakeNow)]), expectedPodStatusUpdate: false }],
    [
      'Node created long time ago, with status updated by kubelet exceeds grace period',
      { node: node('node0', created, [readyCond('True', fakeNow)]), timeToPass: 60_000, newStatus: [readyCond('True', fakeNow)], expectedPodStatusUpdate: true },
    ],
  ])('%s', (_name, row) => {
    const c = run(row);
    expect(c.podStatusUpdates > 0).toBe(row.expectedPodStatusUpdate);
  });

  it('marks Ready=False with lastTransitionTime now and records NodeNotReady on the node and the pod', () => {
    const c = run({ node: node('node0', created, [readyCond('True', fakeNow)]), timeToPass: 60_000, newStatus: [readyCond('True', fakeNow)], expectedPodStatusUpdate: true });
    expect(c.pods[0]!.status?.conditions).toEqual([{ type: 'Ready', status: 'False', lastTransitionTime: t(fakeNow + 60_000) }]);
    const reasons = c.events.map((a) => (a.kind === 'event' ? [a.event.reason, a.event.message, a.event.involvedObject.kind] : []));
    expect(reasons).toContainEqual(['NodeNotReady', 'Node node0 status is now: NodeNotReady', 'Node']);
  });
});

describe('TestMonitorNodeHealthMarkPodsNotReadyWithWorkerSize', () => {
  it('50 nodes × 100 pods: every pod is marked once', () => {
    const nodes = Array.from({ length: 50 }, (_, i) => node(`node${i}`, created, [readyCond('True', fakeNow)]));
    const pods = Array.from({ length: 5000 }, (_, i) => newPod(`pod${i}`, `node${i % 50}`));
    const c = new FakeCluster(nodes, pods);
    c.monitor(fakeNow);
    c.monitor(fakeNow + 60_000);
    expect(c.podStatusUpdates).toBe(5000);
  });
});

describe('TestMonitorNodeHealthMarkPodsNotReadyRetry', () => {
  const timeNow = fakeNow;
  const plusTwo = date(2015, 1, 1, 12, 0, 2);
  const iterations: [number, NodeCondition][] = [
    [0, readyCond('True', timeNow)],
    [60_000, readyCond('True', timeNow)],
    [60_000, readyCond('False', plusTwo)],
  ];
  it.each([
    ['successful pod status update, no retry required', {}, 1],
    ['unsuccessful pod status update, retry required', { failPodUpdate: (n: number) => n === 1 }, 2],
    ['unsuccessful pod list, retry required', { failPodList: (n: number) => n === 1 }, 1],
  ])('%s', (_name, hooks, expected) => {
    const c = new FakeCluster([node('node0', timeNow, [iterations[0]![1]])], [newPod('pod0', 'node0')]);
    Object.assign(c, hooks);
    for (const [pass, cond] of iterations) {
      c.setStatus('node0', [cond]);
      c.monitor(timeNow + pass);
    }
    expect(c.podStatusUpdates).toBe(expected);
  });
});

describe('TestTryUpdateNodeHealth: the saved Ready status follows the current one', () => {
  const now = date(2017, 1, 1, 12);
  const old = date(2016, 1, 1, 12);
  it.each([
    ['Status true', now, 'True'],
    ['Status false', now, 'False'],
    ['Status unknown', now, 'Unknown'],
    ['Status nil', now, undefined],
    ['Status true - after grace period', old, 'True'],
    ['Status false - after grace period', old, 'False'],
    ['Status unknown - after grace period', old, 'Unknown'],
    ['Status nil - after grace period', old, undefined],
  ])('%s', (_name, at, status) => {
    const n = node('node0', at, status ? [readyCond(status, at)] : []);
    const prev = { probeTimestamp: at, readyTransitionTimestamp: at, ready: status ? { status, lastHeartbeatTime: t(at), lastTransitionTime: t(at) } : undefined };
    const h = computeNodeHealth(n, undefined, prev, now, TEST_CONFIG);
    expect(h.currentReady?.status).toBe(h.healthData.ready?.status);
  });
});

describe('TestNodeEventGeneration', () => {
  it('a new node gets one RegisteredNode event carrying its uid', () => {
    const n = node('node0', date(2015, 8, 10), [readyCond('Unknown', date(2015, 8, 10))]);
    const c = new FakeCluster([{ ...n, metadata: { ...n.metadata, uid: '1234567890' } }], [newPod('pod0', 'node0')]);
    c.monitor(date(2016, 9, 10, 12));
    expect(c.events).toHaveLength(1);
    const e = c.events[0]!;
    expect(e.kind === 'event' && [e.event.reason, e.event.message, e.event.involvedObject.uid, e.event.source?.component]).toEqual([
      'RegisteredNode',
      'Node node0 event: Registered Node node0 in Controller',
      '1234567890',
      'node-controller',
    ]);
  });

  it('a node that is gone gets RemovingNode and is forgotten', () => {
    const c = new FakeCluster([node('node0', created, [readyCond('True', fakeNow)]), node('node1', created, [readyCond('True', fakeNow)])]);
    c.monitor(fakeNow);
    c.nodes = c.nodes.slice(0, 1);
    c.monitor(fakeNow + 5000);
    const last = c.events.at(-1)!;
    expect(last.kind === 'event' && [last.event.reason, last.event.involvedObject.uid]).toEqual(['RemovingNode', 'uid-node1']);
    expect(c.stores.health.get('node1')).toBeUndefined();
  });
});

describe('podNeedsNotReady (processPod)', () => {
  it.each([
    ['no health data yet', undefined, false],
    ['no Ready condition yet', { probeTimestamp: 0, readyTransitionTimestamp: 0 }, false],
    ['Ready=True', { probeTimestamp: 0, readyTransitionTimestamp: 0, ready: { status: 'True' } }, false],
    ['Ready=Unknown', { probeTimestamp: 0, readyTransitionTimestamp: 0, ready: { status: 'Unknown' } }, true],
    ['Ready=False', { probeTimestamp: 0, readyTransitionTimestamp: 0, ready: { status: 'False' } }, true],
  ])('%s → %s', (_name, health, want) => expect(podNeedsNotReady(health)).toBe(want));
});

describe('processPod: the one pod a notice named, never the node\'s others', () => {
  const unknown = { probeTimestamp: 0, readyTransitionTimestamp: 0, ready: { status: 'Unknown' } };
  const now = date(2017, 1, 1, 12);
  it.each([
    ['node Ready=True: nothing', newPod('pod0', 'node0'), { ...unknown, ready: { status: 'True' } }, []],
    ['no health data: nothing (the monitor pass handles the node)', newPod('pod0', 'node0'), undefined, []],
    ['the pod is gone: nothing', undefined, unknown, []],
    ['bound elsewhere: nothing', newPod('pod0', 'node1'), unknown, []],
    ['no Ready condition: left alone', { ...newPod('pod0', 'node0'), status: {} }, unknown, []],
    ['node Unknown, pod Ready=True: that pod Ready=False', newPod('pod0', 'node0'), unknown, ['pod0']],
  ])('%s', (_name, pod, health, written) => {
    const plan = processPod(pod, 'node0', health, now);
    expect(plan.updates.map((p) => p.metadata?.name)).toEqual(written);
    expect(plan.events.map((e) => [e.reason, e.message, e.involvedObject.name])).toEqual(written.map((n) => ['NodeNotReady', 'Node is not ready', n]));
    for (const p of plan.updates) expect(p.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: t(now) });
  });
});

describe('the pods of the nodes a monitor pass lost: one list, whatever their number', () => {
  it.each([
    ['none: no list', [], undefined],
    ['one: that node\'s pods', ['node0'], 'spec.nodeName=node0'],
    ['several: every bound pod, once', ['node0', 'node1', 'node2'], 'spec.nodeName!='],
  ])('%s', (_name, lost, want) => expect(lostNodesPodSelector(lost)).toBe(want));

  it('groups a list by node, for the lost nodes only (a node without pods gets none)', () => {
    const pods = [newPod('a', 'node0'), newPod('b', 'node1'), newPod('c', 'node0'), newPod('d', 'healthy')];
    const by = podsOfNodes(pods, ['node0', 'node1', 'node2']);
    expect([...by].map(([n, ps]) => [n, ps.map((p) => p.metadata?.name)])).toEqual([
      ['node0', ['a', 'c']],
      ['node1', ['b']],
      ['node2', []],
    ]);
  });
});

describe('computeNodeHealth reads the node without changing it', () => {
  const now = date(2015, 1, 1, 12);
  const old = now - hour;
  it.each([
    ['healthy, within the grace', now],
    ['silent past the grace (conditions turned Unknown)', old],
  ])('%s', (_name, at) => {
    const n = node('node0', at, [readyCond('True', at), { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: t(at), lastTransitionTime: t(at) }]);
    const before = structuredClone(n);
    const prev = { probeTimestamp: at, readyTransitionTimestamp: at, ready: { status: 'True', lastHeartbeatTime: t(at), lastTransitionTime: t(at) } };
    const prevBefore = structuredClone(prev);
    const h = computeNodeHealth(n, undefined, prev, now, TEST_CONFIG);
    expect(n).toEqual(before);
    expect(prev).toEqual(prevBefore);
    expect(h.observedReady).toEqual(before.status!.conditions![0]);
  });
  it('a node whose conditions are not a list cannot be judged (it throws; the host screens it out)', () => {
    const n = { ...node('node0', now, []), status: { conditions: 'garbage' } } as unknown as Node;
    expect(() => computeNodeHealth(n, undefined, undefined, now, TEST_CONFIG)).toThrow(TypeError);
  });
});
