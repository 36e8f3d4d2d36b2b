import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { Action } from '../../../../shared/controllers/actions';
import {
  dueEvictions,
  evictionActions,
  evictionKey,
  getMinTolerationTime,
  nextEvictionAt,
  noExecuteTaints,
  planTaintEvictions,
  type PendingEviction,
} from '../../../../shared/controllers/taint-eviction';

// Rows of pkg/controller/tainteviction/taint_eviction_test.go. Upstream runs real timers and
// watches a fake clientset for "patch" (the DisruptionTarget condition) and "delete"; here a fake
// controller applies the plans and fires due deletions when the test advances its clock.
const T0 = Date.parse('2024-05-01T10:00:00Z');

/** createNoExecuteTaint(index) */
const taint = (i: number): Taint => ({ key: `testTaint${i}`, value: `test${i}`, effect: 'NoExecute', timeAdded: '2024-05-01T10:00:00Z' });
/** testutil.NewPod */
const newPod = (name: string, host: string): Pod => ({
  metadata: { namespace: 'default', name, uid: `uid-${name}` },
  spec: { nodeName: host, containers: [] },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
/** addToleration(pod, index, duration): duration < 0 tolerates forever. */
const addToleration = (pod: Pod, i: number, duration: number): Pod => ({
  ...pod,
  spec: {
    ...pod.spec!,
    tolerations: [{ key: `testTaint${i}`, value: `test${i}`, effect: 'NoExecute', ...(duration >= 0 ? { tolerationSeconds: duration } : {}) }],
  },
});
const newNode = (name: string, taintIndices: number[] = []): Node => ({ metadata: { name }, spec: { taints: taintIndices.map(taint) } });

class FakeTaintEviction {
  pending: Record<string, PendingEviction> = {};
  actions: Action[] = [];
  pods: Pod[];
  constructor(pods: Pod[]) {
    this.pods = pods;
  }
  /** A node or pod change on `node`: reconcile it. */
  sync(node: Node | undefined, nodeName: string, now: number) {
    const pods = this.pods.filter((p) => p.spec?.nodeName === nodeName);
    const mine = Object.fromEntries(Object.entries(this.pending).filter(([, p]) => p.nodeName === nodeName));
    const plan = planTaintEvictions({ node, pods, pending: mine, now });
    for (const key of plan.cancel) delete this.pending[key];
    for (const p of plan.scheduleAt) this.pending[evictionKey(p.namespace, p.name)] = p;
    this.actions.push(...plan.events.map((event) => ({ kind: 'event' as const, event })));
    for (const pod of plan.deleteNow) this.evict(pod, now);
    return plan;
  }
  /** The alarm: fire what is due. */
  advance(now: number) {
    for (const p of dueEvictions(Object.values(this.pending), now)) {
      delete this.pending[evictionKey(p.namespace, p.name)];
      const pod = this.pods.find((x) => x.metadata?.name === p.name);
      if (pod) this.evict(pod, now);
    }
  }
  private evict(pod: Pod, now: number) {
    this.actions.push(...evictionActions(pod, now));
    this.pods = this.pods.filter((p) => p !== pod);
  }
  get patched() {
    return this.actions.some((a) => a.kind === 'updateStatus');
  }
  get deleted() {
    return this.actions.filter((a) => a.kind === 'delete').map((a) => (a.kind === 'delete' ? a.name : ''));
  }
  get messages() {
    return this.actions.flatMap((a) => (a.kind === 'event' ? [a.event.message] : []));
  }
}

describe('TestFilterNoExecuteTaints', () => {
  it('keeps only NoExecute taints', () => {
    expect(noExecuteTaints([{ key: 'one', value: 'one', effect: 'NoExecute' }, { key: 'two', value: 'two', effect: 'NoSchedule' }]).map((t) => t.key)).toEqual(['one']);
  });
});

describe('TestCreatePod', () => {
  it.each([
    ['not scheduled - ignore', newPod('pod1', ''), {}, false, false],
    ['scheduled on untainted Node', newPod('pod1', 'node1'), {}, false, false],
    ['schedule on tainted Node', newPod('pod1', 'node1'), { node1: [1] }, true, true],
    ['schedule on tainted Node with finite toleration', addToleration(newPod('pod1', 'node1'), 1, 100), { node1: [1] }, false, false],
    ['schedule on tainted Node with infinite toleration', addToleration(newPod('pod1', 'node1'), 1, -1), { node1: [1] }, false, false],
    ['schedule on tainted Node with infinite invalid toleration', addToleration(newPod('pod1', 'node1'), 2, -1), { node1: [1] }, true, true],
  ] as [string, Pod, Record<string, number[]>, boolean, boolean][])('%s', (_name, pod, tainted, expectPatch, expectDelete) => {
    const c = new FakeTaintEviction([pod]);
    c.sync(newNode('node1', tainted.node1 ?? []), 'node1', T0);
    c.advance(T0 + 5_000);
    expect(c.patched).toBe(expectPatch);
    expect(c.deleted.length > 0).toBe(expectDelete);
  });
});

describe('TestUpdatePod', () => {
  it.each([
    ['scheduling onto tainted Node', newPod('pod1', ''), newPod('pod1', 'node1'), true, true],
    ['scheduling onto tainted Node with toleration', addToleration(newPod('pod1', ''), 1, -1), addToleration(newPod('pod1', 'node1'), 1, -1), false, false],
    ['removing toleration', addToleration(newPod('pod1', 'node1'), 1, 100), newPod('pod1', 'node1'), true, true],
    ['lengthening toleration shouldn\'t work', addToleration(newPod('pod1', 'node1'), 1, 1), addToleration(newPod('pod1', 'node1'), 1, 100), true, true],
  ])('%s', (_name, prevPod, newP, expectPatch, expectDelete) => {
    const node = newNode('node1', [1]);
    const c = new FakeTaintEviction([prevPod]);
    c.sync(node, 'node1', T0);
    c.pods = [newP];
    c.sync(node, 'node1', T0 + 10);
    c.advance(T0 + 5_000);
    expect(c.patched).toBe(expectPatch);
    expect(c.deleted.length > 0).toBe(expectDelete);
  });
});

describe('TestCreateNode', () => {
  it.each([
    ['Creating Node matching already assigned Pod', newPod('pod1', 'node1'), [], false],
    ['Creating tainted Node matching already assigned Pod', newPod('pod1', 'node1'), [1], true],
    ['Creating tainted Node matching already assigned tolerating Pod', addToleration(newPod('pod1', 'node1'), 1, -1), [1], false],
  ])('%s', (_name, pod, taints, expected) => {
    const c = new FakeTaintEviction([pod]);
    c.sync(newNode('node1', taints), 'node1', T0);
    expect(c.patched).toBe(expected);
    expect(c.deleted.length > 0).toBe(expected);
  });
});

describe('TestDeleteNode', () => {
  it('a deleted node schedules nothing and deletes nothing', () => {
    const c = new FakeTaintEviction([newPod('pod1', 'node1')]);
    const plan = c.sync(undefined, 'node1', T0);
    expect(plan).toEqual({ deleteNow: [], scheduleAt: [], cancel: [], events: [] });
  });
});

describe('TestUpdateNode', () => {
  it.each([
    ['Added taint, expect node patched and deleted', [newPod('pod1', 'node1')], [], [1], 0, true],
    ['Added tolerated taint', [addToleration(newPod('pod1', 'node1'), 1, 100)], [], [1], 0, false],
    ['Only one added taint tolerated', [addToleration(newPod('pod1', 'node1'), 1, 100)], [], [1, 2], 0, true],
    ['Taint removed', [addToleration(newPod('pod1', 'node1'), 1, 1)], [1], [], 1_500, false],
    [
      'Pod with multiple tolerations are evicted when first one runs out',
      [
        {
          ...newPod('pod1', 'node1'),
          spec: {
            nodeName: 'node1',
            containers: [],
            tolerations: [
              { key: 'testTaint1', value: 'test1', effect: 'NoExecute', tolerationSeconds: 1 },
              { key: 'testTaint2', value: 'test2', effect: 'NoExecute', tolerationSeconds: 100 },
            ] as Toleration[],
          },
        },
      ],
      [],
      [1, 2],
      1_500,
      true,
    ],
  ] as [string, Pod[], number[], number[], number, boolean][])('%s', (_name, pods, oldTaints, newTaints, sleep, expected) => {
    const c = new FakeTaintEviction(pods);
    c.sync(newNode('node1', oldTaints), 'node1', T0);
    c.sync(newNode('node1', newTaints), 'node1', T0 + 10);
    c.advance(T0 + 10 + sleep);
    expect(c.patched).toBe(expected);
    expect(c.deleted.length > 0).toBe(expected);
  });
});

describe('TestUpdateNodeWithMultipleTaints', () => {
  it('no taint → forever-tolerated → temporarily tolerated → forever-tolerated: queued only in between, never deleted', () => {
    const pod: Pod = {
      ...newPod('pod1', 'node1'),
      spec: {
        nodeName: 'node1',
        containers: [],
        tolerations: [
          { key: 'testTaint1', operator: 'Exists', effect: 'NoExecute' },
          { key: 'testTaint2', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
        ],
      },
    };
    const c = new FakeTaintEviction([pod]);
    const key = 'default/pod1';
    c.sync(newNode('node1'), 'node1', T0);
    expect(c.pending[key]).toBeUndefined();
    c.sync(newNode('node1', [1]), 'node1', T0 + 1_000);
    expect(c.pending[key]).toBeUndefined();
    c.sync(newNode('node1', [1, 2]), 'node1', T0 + 2_000);
    expect(c.pending[key]).toMatchObject({ createdAt: T0 + 2_000, fireAt: T0 + 62_000 });
    c.sync(newNode('node1', [1]), 'node1', T0 + 3_000);
    expect(c.pending[key]).toBeUndefined();
    c.advance(T0 + 100_000);
    expect(c.deleted).toEqual([]);
    expect(c.messages).toEqual(['Cancelling deletion of Pod default/pod1']);
  });
});

describe('TestUpdateNodeWithMultiplePods', () => {
  const pods = () => [newPod('pod1', 'node1'), addToleration(newPod('pod2', 'node1'), 1, 1), addToleration(newPod('pod3', 'node1'), 1, -1)];
  it('Pods with different toleration times are evicted appropriately', () => {
    const c = new FakeTaintEviction(pods());
    c.sync(newNode('node1', [1]), 'node1', T0);
    c.advance(T0 + 500);
    expect(c.deleted).toEqual(['pod1']);
    c.advance(T0 + 1_000);
    expect(c.deleted).toEqual(['pod1', 'pod2']);
    c.advance(T0 + 3_600_000);
    expect(c.deleted).toEqual(['pod1', 'pod2']);
  });
  it('Evict all pods not matching all taints instantly', () => {
    const c = new FakeTaintEviction(pods());
    c.sync(newNode('node1', [1, 2]), 'node1', T0);
    expect(c.deleted).toEqual(['pod1', 'pod2', 'pod3']);
  });
});

describe('TestGetMinTolerationTime', () => {
  it.each([
    [[], 0],
    [[{}], -1],
    [[{ tolerationSeconds: 1 }, { tolerationSeconds: 2 }], 1_000],
    [[{ tolerationSeconds: 1 }, {}], 1_000],
    [[{}, { tolerationSeconds: 1 }], 1_000],
    [[{ tolerationSeconds: 0 }, { tolerationSeconds: 5 }], 0],
    [[{ tolerationSeconds: -3 }], 0],
  ] as [Toleration[], number][])('%j → %d ms', (tolerations, expected) => expect(getMinTolerationTime(tolerations)).toBe(expected));
});

describe('TestEventualConsistency', () => {
  it.each([
    ['existing pod2 scheduled onto tainted Node', newPod('pod2', 'node1')],
    ['existing pod2 with taint toleration scheduled onto tainted Node', addToleration(newPod('pod2', 'node1'), 1, 100)],
  ])('%s: pod1 is deleted first, pod2 once it shows up', (_name, pod2) => {
    const c = new FakeTaintEviction([newPod('pod1', 'node1')]);
    c.sync(newNode('node1', [1]), 'node1', T0);
    expect(c.deleted).toEqual(['pod1']);
    c.pods.push(pod2);
    c.sync(newNode('node1', [1]), 'node1', T0 + 10);
    c.advance(T0 + 200_000);
    expect(c.deleted).toEqual(['pod1', 'pod2']);
  });
});

describe('TestPodDeletionEvent', () => {
  it('emitPodDeletionEvent and emitCancelPodDeletionEvent', () => {
    const c = new FakeTaintEviction([{ ...addToleration(newPod('test', 'node1'), 1, 100), metadata: { namespace: 'test', name: 'test', uid: 'u' } }]);
    c.sync(newNode('node1', [1]), 'node1', T0);
    c.sync(newNode('node1'), 'node1', T0 + 10);
    c.sync(newNode('node1', [2]), 'node1', T0 + 20);
    const events = c.actions.flatMap((a) => (a.kind === 'event' ? [a.event] : []));
    expect(events.map((e) => [e.reason, e.type, e.message, e.involvedObject, e.source, e.metadata?.namespace])).toEqual([
      ['TaintManagerEviction', 'Normal', 'Cancelling deletion of Pod test/test', { apiVersion: 'v1', kind: 'Pod', namespace: 'test', name: 'test' }, { component: 'taint-eviction-controller' }, 'test'],
      ['TaintManagerEviction', 'Normal', 'Marking for deletion Pod test/test', { apiVersion: 'v1', kind: 'Pod', namespace: 'test', name: 'test' }, { component: 'taint-eviction-controller' }, 'test'],
    ]);
  });
});

describe('evictionActions', () => {
  it('event, DisruptionTarget=True then a uid-guarded delete; no status write when the condition is already there', () => {
    const pod = newPod('web', 'node1');
    const actions = evictionActions(pod, T0);
    expect(actions.map((a) => a.kind)).toEqual(['event', 'updateStatus', 'delete']);
    const status = actions[1]!.kind === 'updateStatus' ? (actions[1]!.object as unknown as Pod).status : undefined;
    expect(status?.conditions?.[1]).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
      lastTransitionTime: '2024-05-01T10:00:00Z',
    });
    expect(actions[2]).toMatchObject({ kind: 'delete', namespace: 'default', name: 'web', preconditions: { uid: 'uid-web' } });
    const again = evictionActions({ ...pod, status: status! }, T0 + 1000);
    expect(again.map((a) => a.kind)).toEqual(['event', 'delete']);
  });

  it('default 300 s tolerations: the deletion fires at taint time + 300 s, and a recovered node cancels it', () => {
    const pod: Pod = {
      ...newPod('web', 'node1'),
      spec: {
        nodeName: 'node1',
        containers: [],
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      },
    };
    const unreachable: Node = { metadata: { name: 'node1' }, spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] } };
    const c = new FakeTaintEviction([pod]);
    c.sync(unreachable, 'node1', T0);
    expect(nextEvictionAt(Object.values(c.pending))).toBe(T0 + 300_000);
    c.advance(T0 + 299_999);
    expect(c.deleted).toEqual([]);
    c.advance(T0 + 300_000);
    expect(c.deleted).toEqual(['web']);

    const d = new FakeTaintEviction([pod]);
    d.sync(unreachable, 'node1', T0);
    d.sync({ metadata: { name: 'node1' }, spec: {} }, 'node1', T0 + 60_000);
    d.advance(T0 + 600_000);
    expect(d.deleted).toEqual([]);
    expect(nextEvictionAt(Object.values(d.pending))).toBeUndefined();
  });

  it('a pod deleted while its eviction is scheduled cancels it with an event', () => {
    const c = new FakeTaintEviction([addToleration(newPod('pod1', 'node1'), 1, 100)]);
    c.sync(newNode('node1', [1]), 'node1', T0);
    c.pods = [];
    const plan = c.sync(newNode('node1', [1]), 'node1', T0 + 10);
    expect(plan.cancel).toEqual(['default/pod1']);
    expect(c.messages).toEqual(['Cancelling deletion of Pod default/pod1']);
  });

  it('a terminating pod is not evicted again', () => {
    const pod = { ...newPod('pod1', 'node1'), metadata: { ...newPod('pod1', 'node1').metadata, deletionTimestamp: '2024-05-01T09:59:00Z' } };
    const plan = planTaintEvictions({ node: newNode('node1', [1]), pods: [pod], pending: {}, now: T0 });
    expect(plan.deleteNow).toEqual([]);
  });
});
