// Rows of upstream's pkg/controller/daemon/daemon_controller_test.go (expectSyncDaemonSets: creates, deletes, events).
import { describe, expect, it } from 'vitest';
import { nodeShouldRunDaemonPod, reconcileDaemonSet, targetNodeName } from '../../../../shared/controllers/daemonset';
import { formatTime } from '../../../../shared/controllers';
import {
  SIMPLE_DS_LABEL, SIMPLE_DS_LABEL2, SIMPLE_NODE_LABEL, T0, DsCluster, addNodes, addPods, counts, creates, deletes, events, markReady, newDaemonSet, newNode, newPod,
} from './ds-fixtures';

const sync = (ds: any, nodes: any[], pods: any[] = [], now = T0) => reconcileDaemonSet({ ds, nodes, pods, revisions: [], now });

describe('DaemonSet manage (daemon_controller_test.go)', () => {
  it('TestSimpleDaemonSetLaunchesPods: one pod per node, each pinned by node-name affinity', () => {
    const r = sync(newDaemonSet(), addNodes(0, 5));
    expect(counts(r)).toEqual([5, 0, 0]);
    const pinned = creates(r).map((a: any) => targetNodeName(a.object));
    expect(pinned).toEqual(['node-0', 'node-1', 'node-2', 'node-3', 'node-4']);
    const pod: any = (creates(r)[0] as any).object;
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-0'] }] }] });
    expect(pod.metadata.generateName).toBe('foo-');
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'foo', uid: 'uid-foo', controller: true, blockOwnerDeletion: true }]);
    expect(pod.metadata.labels['controller-revision-hash']).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  it('TestNoNodesDoesNothing / TestOneNodeDaemonLaunchesPod', () => {
    expect(counts(sync(newDaemonSet(), []))).toEqual([0, 0, 0]);
    expect(counts(sync(newDaemonSet(), [newNode('only-node')]))).toEqual([1, 0, 0]);
  });

  it('TestNotReadyNodeDaemonDoesLaunchPod: a NotReady node still gets its daemon', () => {
    const node = newNode('not-ready', undefined, (n) => (n.status.conditions = [{ type: 'Ready', status: 'False' }]));
    expect(counts(sync(newDaemonSet(), [node]))).toEqual([1, 0, 0]);
  });

  it('TestDontDoAnythingIfBeingDeleted', () => {
    const ds = newDaemonSet('foo', (d) => (d.metadata.deletionTimestamp = formatTime(T0)));
    expect(sync(ds, addNodes(0, 4)).actions).toEqual([]);
  });

  it('TestDealsWithExistingPods: creates on empty nodes, prunes extras', () => {
    const ds = newDaemonSet();
    const pods = [...addPods('node-1', SIMPLE_DS_LABEL, ds, 1), ...addPods('node-2', SIMPLE_DS_LABEL, ds, 2), ...addPods('node-3', SIMPLE_DS_LABEL, ds, 5), ...addPods('node-4', SIMPLE_DS_LABEL2, ds, 2)];
    expect(counts(sync(ds, addNodes(0, 5), pods))).toEqual([2, 5, 0]);
  });

  it('TestSelectorDaemonLaunchesPods: only nodes matching nodeSelector', () => {
    const ds = newDaemonSet('foo', (d) => (d.spec.template.spec.nodeSelector = SIMPLE_NODE_LABEL));
    expect(counts(sync(ds, [...addNodes(0, 4), ...addNodes(4, 3, SIMPLE_NODE_LABEL)]))).toEqual([3, 0, 0]);
  });

  it('TestSelectorDaemonDeletesUnselectedPods', () => {
    const ds = newDaemonSet('foo', (d) => (d.spec.template.spec.nodeSelector = SIMPLE_NODE_LABEL));
    const pods = [...addPods('node-0', SIMPLE_DS_LABEL2, ds, 2), ...addPods('node-1', SIMPLE_DS_LABEL, ds, 3), ...addPods('node-1', SIMPLE_DS_LABEL2, ds, 1), ...addPods('node-4', SIMPLE_DS_LABEL, ds, 1)];
    expect(counts(sync(ds, [...addNodes(0, 5), ...addNodes(5, 5, SIMPLE_NODE_LABEL)], pods))).toEqual([5, 4, 0]);
  });

  it('TestSelectorDaemonDealsWithExistingPods', () => {
    const ds = newDaemonSet('foo', (d) => (d.spec.template.spec.nodeSelector = SIMPLE_NODE_LABEL));
    const pods = [
      ...addPods('node-0', SIMPLE_DS_LABEL, ds, 1), ...addPods('node-1', SIMPLE_DS_LABEL, ds, 3), ...addPods('node-1', SIMPLE_DS_LABEL2, ds, 2),
      ...addPods('node-2', SIMPLE_DS_LABEL, ds, 4), ...addPods('node-6', SIMPLE_DS_LABEL, ds, 13), ...addPods('node-7', SIMPLE_DS_LABEL2, ds, 4),
      ...addPods('node-9', SIMPLE_DS_LABEL, ds, 1), ...addPods('node-9', SIMPLE_DS_LABEL2, ds, 1),
    ];
    expect(counts(sync(ds, [...addNodes(0, 5), ...addNodes(5, 5, SIMPLE_NODE_LABEL)], pods))).toEqual([3, 20, 0]);
  });

  it('TestBadSelectorDaemonDoesNothing / TestNameDaemonSetLaunchesPods / TestBadNameDaemonSetDoesNothing', () => {
    const nodes = addNodes(0, 4);
    expect(counts(sync(newDaemonSet('foo', (d) => (d.spec.template.spec.nodeSelector = SIMPLE_NODE_LABEL)), nodes))).toEqual([0, 0, 0]);
    expect(counts(sync(newDaemonSet('foo', (d) => (d.spec.template.spec.nodeName = 'node-0')), addNodes(0, 5)))).toEqual([1, 0, 0]);
    expect(counts(sync(newDaemonSet('foo', (d) => (d.spec.template.spec.nodeName = 'node-10')), addNodes(0, 5)))).toEqual([0, 0, 0]);
  });

  it('TestNodeAffinityDaemonLaunchesPods: required node affinity selects 3 of 7 nodes', () => {
    const ds = newDaemonSet('foo', (d) => {
      d.spec.template.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'color', operator: 'In', values: ['blue'] }] }] } } };
    });
    const r = sync(ds, [...addNodes(0, 4), ...addNodes(4, 3, SIMPLE_NODE_LABEL)]);
    expect(counts(r)).toEqual([3, 0, 0]);
    // the user's affinity term is replaced by the node-name term (ReplaceDaemonSetPodNodeNameNodeAffinity)
    expect((creates(r)[0] as any).object.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-4'] }] }]);
  });

  it('TestTaintedNodeDaemonDoesNotLaunchIntolerantPod / TestTaintedNodeDaemonLaunchesToleratePod', () => {
    const tainted = newNode('tainted', undefined, (n) => (n.spec = { taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }] }));
    expect(counts(sync(newDaemonSet('intolerant'), [tainted]))).toEqual([0, 0, 0]);
    const tolerant = newDaemonSet('tolerate', (d) => (d.spec.template.spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' }]));
    expect(counts(sync(tolerant, [tainted]))).toEqual([1, 0, 0]);
  });

  it('TestNotReadyNodeDaemonLaunchesPod / TestUnreachableNodeDaemonLaunchesPod / TestTaintPressureNodeDaemonLaunchPod: condition taints are tolerated', () => {
    for (const taints of [
      [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
      [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }],
      [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' }],
      [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }],
    ]) {
      const node = newNode('tainted', undefined, (n) => (n.spec = { taints }));
      expect(counts(sync(newDaemonSet(), [node]))).toEqual([1, 0, 0]);
    }
    // network-unavailable is tolerated only by host-network daemons
    const noNet = newNode('no-net', undefined, (n) => (n.spec = { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }));
    expect(counts(sync(newDaemonSet(), [noNet]))).toEqual([0, 0, 0]);
    expect(counts(sync(newDaemonSet('host', (d) => (d.spec.template.spec.hostNetwork = true)), [noNet]))).toEqual([1, 0, 0]);
  });

  it('daemon pods carry the DaemonSet tolerations (AddOrUpdateDaemonPodTolerations), a user one with the same key replaced', () => {
    const ds = newDaemonSet('foo', (d) => (d.spec.template.spec.tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]));
    const pod: any = (creates(sync(ds, [newNode('n')]))[0] as any).object;
    expect(pod.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  it('TestDaemonSetRespectsTermination: a terminating pod holds its node', () => {
    const ds = newDaemonSet();
    const pods = addPods('node-0', SIMPLE_DS_LABEL, ds, 1, (p) => (p.metadata.deletionTimestamp = formatTime(T0)));
    expect(counts(sync(ds, addNodes(0, 1), pods))).toEqual([0, 0, 0]);
  });

  it('TestDaemonKillFailedPods', () => {
    const rows: [number, number, number, number, number][] = [
      [0, 1, 0, 0, 0], // normal: do nothing
      [0, 0, 1, 0, 0], // no pods: create 1
      [1, 0, 0, 1, 1], // 1 failed pod: kill it, create next sync
      [1, 3, 0, 3, 1], // 1 failed, 3 normal: kill the failed one and 2 extras
    ];
    for (const [failed, normal, c, d, e] of rows) {
      const ds = newDaemonSet();
      const pods = [...addPods('node-0', SIMPLE_DS_LABEL, ds, failed, (p) => (p.status = { phase: 'Failed' })), ...addPods('node-0', SIMPLE_DS_LABEL, ds, normal)];
      const r = sync(ds, addNodes(0, 1), pods);
      expect(counts(r)).toEqual([c, d, e]);
      if (e) expect((events(r)[0] as any).event).toMatchObject({ type: 'Warning', reason: 'FailedDaemonPod', message: expect.stringMatching(/^Found failed daemon pod default\/node-0-\d+ on node node-0, will try to kill it$/) });
    }
  });

  it('TestDaemonKillFailedPodsBackoff: a failed pod is killed, then the next failure waits 1s, 2s …', () => {
    // the back-off key carries status.observedGeneration: start from an observed DaemonSet
    const c = new DsCluster(newDaemonSet('foo', (d) => (d.status = { observedGeneration: 1 })), addNodes(0, 1));
    c.pods = addPods('node-0', SIMPLE_DS_LABEL, c.ds, 1, (p) => (p.status = { phase: 'Failed' }));
    expect(counts(c.sync())).toEqual([0, 1, 1]);
    // the replacement fails at once: inside the back-off it is left alone and the sync comes back when it ends
    c.pods = addPods('node-0', SIMPLE_DS_LABEL, c.ds, 1, (p) => (p.status = { phase: 'Failed' }));
    const held = c.sync();
    expect(counts(held)).toEqual([0, 0, 0]);
    expect(held.requeueAfterMs).toBe(1000);
    c.now += 1000;
    expect(counts(c.sync())).toEqual([0, 1, 1]);
    c.pods = addPods('node-0', SIMPLE_DS_LABEL, c.ds, 1, (p) => (p.status = { phase: 'Failed' }));
    c.now += 1000;
    expect(c.sync().requeueAfterMs).toBe(1000); // the delay doubled to 2s
  });

  it('TestDaemonKillSucceededPods: a succeeded pod is deleted with a Normal event', () => {
    const ds = newDaemonSet();
    const r = sync(ds, addNodes(0, 1), addPods('node-0', SIMPLE_DS_LABEL, ds, 1, (p) => (p.status = { phase: 'Succeeded' })));
    expect(counts(r)).toEqual([0, 1, 1]);
    expect((events(r)[0] as any).event).toMatchObject({ type: 'Normal', reason: 'SucceededDaemonPod' });
  });

  it('getUnscheduledPodsWithoutNode: an unscheduled pod meant for a node that is gone is deleted', () => {
    const ds = newDaemonSet();
    const orphanTarget = newPod('gone-', '', SIMPLE_DS_LABEL, ds, (p) => {
      delete p.spec.nodeName;
      p.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-gone'] }] }] } } };
    });
    const r = sync(ds, addNodes(0, 1), [orphanTarget]);
    expect(counts(r)).toEqual([1, 1, 0]);
    expect((deletes(r)[0] as any).name).toBe(orphanTarget.metadata!.name);
  });

  it('TestSurgeDealsWithExistingPods: with maxSurge the oldest old pod stays, extras go', () => {
    const ds = newDaemonSet('foo', (d) => (d.spec.updateStrategy.rollingUpdate = { maxUnavailable: 0, maxSurge: 1 }));
    const pods = [...addPods('node-1', SIMPLE_DS_LABEL, ds, 1), ...addPods('node-2', SIMPLE_DS_LABEL, ds, 2), ...addPods('node-3', SIMPLE_DS_LABEL, ds, 5), ...addPods('node-4', SIMPLE_DS_LABEL2, ds, 2)];
    expect(counts(sync(ds, addNodes(0, 5), pods))).toEqual([2, 5, 0]);
  });

  it('TestSelectingAll: an empty selector only gets the SelectingAll warning', () => {
    const r = sync(newDaemonSet('foo', (d) => (d.spec.selector = {})), addNodes(0, 2));
    expect(r.actions.map((a: any) => a.event?.reason)).toEqual(['SelectingAll']);
  });
});

describe('NodeShouldRunDaemonPod (TestNodeShouldRunDaemonPod rows)', () => {
  const rows: [string, any, any, boolean, boolean][] = [
    ['simple', newNode('n'), newDaemonSet(), true, true],
    ['node selector matches', newNode('n', SIMPLE_NODE_LABEL), newDaemonSet('d', (d) => (d.spec.template.spec.nodeSelector = SIMPLE_NODE_LABEL)), true, true],
    ['node selector does not match', newNode('n'), newDaemonSet('d', (d) => (d.spec.template.spec.nodeSelector = SIMPLE_NODE_LABEL)), false, false],
    ['other nodeName', newNode('n'), newDaemonSet('d', (d) => (d.spec.template.spec.nodeName = 'other')), false, false],
    ['NoSchedule taint untolerated: keep running pods', newNode('n', undefined, (n) => (n.spec = { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] })), newDaemonSet(), false, true],
    ['NoExecute taint untolerated: evict', newNode('n', undefined, (n) => (n.spec = { taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }] })), newDaemonSet(), false, false],
    ['NoExecute taint tolerated', newNode('n', undefined, (n) => (n.spec = { taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }] })), newDaemonSet('d', (d) => (d.spec.template.spec.tolerations = [{ key: 'k', operator: 'Exists' }])), true, true],
    ['PreferNoSchedule ignored', newNode('n', undefined, (n) => (n.spec = { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] })), newDaemonSet(), true, true],
  ];
  it.each(rows)('%s', (_name, node, ds, shouldRun, shouldContinueRunning) => {
    expect(nodeShouldRunDaemonPod(node, ds)).toEqual({ shouldRun, shouldContinueRunning });
  });
});

describe('DaemonSet status (TestNumberReadyStatus, TestObservedGeneration)', () => {
  it('counts scheduled, ready, available, updated and misscheduled daemons', () => {
    const c = new DsCluster(newDaemonSet('foo', (d) => (d.spec.template.spec.nodeSelector = SIMPLE_NODE_LABEL)), [...addNodes(0, 2, SIMPLE_NODE_LABEL), newNode('plain')]);
    c.sync();
    c.pods.push(...addPods('plain', SIMPLE_DS_LABEL, c.ds, 1));
    c.sync();
    expect(c.ds.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 0, numberAvailable: 0, numberMisscheduled: 1, updatedNumberScheduled: 2, numberUnavailable: 2, observedGeneration: 1 });
    c.runAll();
    c.sync();
    // the misscheduled pod was deleted by the second sync
    expect(c.ds.status).toMatchObject({ numberReady: 2, numberAvailable: 2, numberMisscheduled: 0 });
  });

  it('minReadySeconds: ready pods become available once ready long enough, and the sync comes back then', () => {
    const c = new DsCluster(newDaemonSet('foo', (d) => (d.spec.minReadySeconds = 10)), addNodes(0, 1));
    c.sync();
    c.runAll();
    const r = c.sync();
    expect(c.ds.status).toMatchObject({ numberReady: 1, numberAvailable: 0 });
    expect(r.requeueAfterMs).toBe(10_001);
    c.now += 10_001;
    c.sync();
    expect(c.ds.status).toMatchObject({ numberAvailable: 1, numberUnavailable: 0 });
  });

  it('an unchanged status is not written again', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 1));
    c.sync();
    c.runAll();
    c.sync();
    expect(c.sync().actions).toEqual([]);
  });

  it('a pod keeps its node when marked ready later (markReady helper sanity)', () => {
    const p = newPod('x', 'n', SIMPLE_DS_LABEL);
    markReady(p);
    expect(p.status?.phase).toBe('Running');
  });
});
