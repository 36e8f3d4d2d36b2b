// Rows of upstream's pkg/controller/daemon/update_test.go: each expectSyncDaemonSets(creates, deletes, events)
// of a rolling update, with the pods' effects applied between syncs as upstream's fake pod control does.
import { describe, expect, it } from 'vitest';
import { formatTime } from '../../../../shared/controllers';
import { findUpdatedPodsOnNode, matchesDaemonSet, surgeCount, targetNodeName, unavailableCount } from '../../../../shared/controllers/daemonset';
import { DsCluster, T0, addNodes, counts, markReady, newDaemonSet, newNode } from './ds-fixtures';

function rolling(c: DsCluster, strategy: object, image = 'foo2/bar2'): void {
  c.setImage(image);
  (c.ds.spec as any).updateStrategy = strategy;
}

const maxUnavailable = (n: number | string) => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: n } });
const maxSurge = (n: number | string) => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: n } });

/** Runs `steps` syncs, marking every pod ready after the ones flagged, and returns each sync's counts. */
function run(c: DsCluster, steps: { ready?: boolean }[]): [number, number, number][] {
  return steps.map((s) => {
    const r = counts(c.sync());
    if (s.ready) c.runAll();
    return r;
  });
}

describe('DaemonSet rolling update (update_test.go)', () => {
  it('TestDaemonSetUpdatesPods: maxUnavailable 2 over 5 nodes', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 5));
    expect(counts(c.sync())).toEqual([5, 0, 0]);
    c.runAll();
    rolling(c, maxUnavailable(2));
    expect(run(c, [{}, { ready: true }, {}, { ready: true }, {}, { ready: true }, {}])).toEqual([
      [0, 2, 0], [2, 0, 0], [0, 2, 0], [2, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 0],
    ]);
    expect(c.pods.every((p) => p.spec!.containers[0]!.image === 'foo2/bar2')).toBe(true);
  });

  it('TestDaemonSetUpdatesPodsWithMaxSurge: surge 2 creates first, deletes old once new ones are available', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 5));
    c.sync();
    c.runAll();
    rolling(c, maxSurge(2));
    expect(run(c, [{}, { ready: true }, {}, { ready: true }, {}, { ready: true }, {}, {}])).toEqual([
      [2, 0, 0], [0, 0, 0], [2, 2, 0], [0, 0, 0], [1, 2, 0], [0, 0, 0], [0, 1, 0], [0, 0, 0],
    ]);
  });

  it('TestDaemonSetUpdatesPodsNotMatchTainstWithMaxSurge: a node the new template does not tolerate loses its pod last', () => {
    const ds = newDaemonSet('foo', (d) => {
      d.spec.updateStrategy = maxSurge(1);
      d.spec.template.spec.tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }];
    });
    const nodes = addNodes(0, 5);
    nodes[0] = newNode('node-0', undefined, (n) => (n.spec = { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
    const c = new DsCluster(ds, nodes);
    expect(counts(c.sync())).toEqual([5, 0, 0]);
    c.runAll();
    const next: any = structuredClone(c.ds);
    next.spec.template.spec.tolerations = undefined;
    next.metadata.generation++;
    c.ds = next;
    expect(run(c, [{}, { ready: true }, {}, { ready: true }, {}, { ready: true }, {}, { ready: true }, {}, {}])).toEqual([
      [1, 1, 0], [0, 0, 0], [1, 1, 0], [0, 0, 0], [1, 1, 0], [0, 0, 0], [1, 1, 0], [0, 0, 0], [0, 1, 0], [0, 0, 0],
    ]);
  });

  it('TestDaemonSetUpdatesWhenNewPodIsNotReady: unready new pods stop the rollout at maxUnavailable', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 5));
    c.sync();
    c.runAll();
    rolling(c, maxUnavailable(3));
    expect(run(c, [{}, {}, {}])).toEqual([[0, 3, 0], [3, 0, 0], [0, 0, 0]]);
  });

  it('TestDaemonSetUpdatesSomeOldPodsNotReady: the available old pods stay untouched', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 5));
    c.sync();
    c.runAll();
    rolling(c, maxUnavailable(2));
    expect(run(c, [{}, {}, {}])).toEqual([[0, 2, 0], [2, 0, 0], [0, 0, 0]]);
    c.setImage('foo2/bar3');
    expect(run(c, [{}, {}, {}])).toEqual([[0, 2, 0], [2, 0, 0], [0, 0, 0]]);
    expect(c.pods.filter((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True'))).toHaveLength(3);
  });

  it('TestDaemonSetUpdatesAllOldPodsNotReady: unavailable old pods are all replaced at once', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 5));
    c.sync();
    rolling(c, maxUnavailable(3));
    expect(run(c, [{}, {}, {}])).toEqual([[0, 5, 0], [5, 0, 0], [0, 0, 0]]);
  });

  it('TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge: unready old pods are surged at once; minReadySeconds gates the deletions', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 5));
    c.sync();
    rolling(c, maxSurge(3));
    const at = (s: number) => (c.now = T0 + s * 1000);
    const hashOf = (p: any) => p.metadata.labels['controller-revision-hash'];
    const nodeOf = (p: any) => targetNodeName(p);
    /** upstream's setPodReadiness: flip up to `count` pods passing `fn`, the transition at the current time. */
    const setReadiness = (ready: boolean, count: number, fn: (p: any) => boolean) => {
      for (const p of c.pods as any[]) {
        if (count <= 0) break;
        const isReady = p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True');
        if (isReady === ready || !fn(p)) continue;
        if (ready) markReady(p, c.now);
        else p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: formatTime(c.now) }] };
        count--;
      }
      expect(count).toBe(0);
    };
    at(100);
    expect(counts(c.sync())).toEqual([5, 0, 0]);
    at(200);
    expect(counts(c.sync())).toEqual([0, 5, 0]);
    setReadiness(true, 5, () => true);
    (c.ds.spec as any).minReadySeconds = 15;
    c.setImage('foo3/bar3');
    at(300);
    expect(counts(c.sync())).toEqual([3, 0, 0]);
    const hash = hashOf(c.pods.find((p) => p.spec!.containers[0]!.image === 'foo3/bar3'));
    const nodesWithNew = new Set(c.pods.filter((p) => hashOf(p) === hash).map(nodeOf));
    setReadiness(true, 2, (p) => hashOf(p) === hash);
    setReadiness(false, 1, (p) => hashOf(p) !== hash && !nodesWithNew.has(nodeOf(p)));
    at(310);
    expect(counts(c.sync())).toEqual([1, 0, 0]);
    at(320);
    expect(counts(c.sync())).toEqual([1, 3, 0]);
    setReadiness(true, 3, (p) => hashOf(p) === hash);
    at(340);
    expect(counts(c.sync())).toEqual([0, 2, 0]);
    at(350);
    expect(counts(c.sync())).toEqual([0, 0, 0]);
  });

  it('TestDaemonSetUpdatesNoTemplateChanged: nothing to do', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 5));
    c.sync();
    c.runAll();
    (c.ds.spec as any).updateStrategy = maxUnavailable(3);
    expect(run(c, [{}])).toEqual([[0, 0, 0]]);
  });

  it('OnDelete leaves old pods alone; a deleted one comes back at the new template', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 2));
    c.sync();
    c.runAll();
    c.setImage('foo2/bar2');
    expect(counts(c.sync())).toEqual([0, 0, 0]);
    c.pods = c.pods.slice(1);
    expect(counts(c.sync())).toEqual([1, 0, 0]);
    expect(c.pods.map((p) => p.spec!.containers[0]!.image).sort()).toEqual(['foo/bar', 'foo2/bar2']);
    c.sync();
    expect(c.ds.status).toMatchObject({ updatedNumberScheduled: 1, currentNumberScheduled: 2 });
  });
});

describe('TestGetUnavailableNumbers / SurgeCount / UnavailableCount', () => {
  const rows: [string, object, number, number, number][] = [
    ['maxUnavailable 1 of 2', maxUnavailable(1), 2, 0, 1],
    ['maxUnavailable 50% of 5 rounds up', maxUnavailable('50%'), 5, 0, 3],
    ['maxSurge 50% of 5 rounds up', maxSurge('50%'), 5, 3, 0],
    ['OnDelete has neither', { type: 'OnDelete' }, 5, 0, 0],
  ];
  it.each(rows)('%s', (_n, strategy, nodes, surge, unavailable) => {
    const ds = newDaemonSet('foo', (d) => (d.spec.updateStrategy = strategy));
    expect([surgeCount(ds, nodes), unavailableCount(ds, nodes)]).toEqual([surge, unavailable]);
  });

  it('findUpdatedPodsOnNode: more than one old (or new) pod is not ok', () => {
    const ds = newDaemonSet();
    const p = (hash: string, name: string): any => ({ metadata: { name, labels: { 'controller-revision-hash': hash } } });
    expect(findUpdatedPodsOnNode(ds, [p('h', 'a'), p('x', 'b')], 'h')).toMatchObject({ ok: true, newPod: { metadata: { name: 'a' } }, oldPod: { metadata: { name: 'b' } } });
    expect(findUpdatedPodsOnNode(ds, [p('x', 'a'), p('y', 'b')], 'h').ok).toBe(false);
  });
});

describe('DaemonSet history (constructHistory, cleanupHistory)', () => {
  it('a revision per template, numbered in order; going back reuses and renumbers the old one', () => {
    const c = new DsCluster(newDaemonSet('foo', (d) => (d.spec.updateStrategy = maxUnavailable(5))), addNodes(0, 1));
    c.sync();
    expect(c.revisions.map((r) => [r.metadata!.name, r.revision])).toEqual([[`foo-${c.pods[0]!.metadata!.labels!['controller-revision-hash']}`, 1]]);
    const first = c.revisions[0]!;
    expect(first.metadata!.ownerReferences![0]).toMatchObject({ kind: 'DaemonSet', name: 'foo', controller: true });
    expect((first.data as any).spec.template.$patch).toBe('replace');
    expect(matchesDaemonSet(c.ds, first)).toBe(true);
    c.setImage('v2');
    c.sync();
    expect(c.revisions.map((r) => r.revision)).toEqual([1, 2]);
    c.setImage('foo/bar');
    c.sync();
    expect(c.revisions.find((r) => r.metadata!.name === first.metadata!.name)!.revision).toBe(3);
  });

  it('revisionHistoryLimit prunes the oldest unused revisions', () => {
    const c = new DsCluster(newDaemonSet('foo', (d) => (d.spec.updateStrategy = maxUnavailable(5))), addNodes(0, 1));
    for (const image of ['a', 'b', 'c', 'd', 'e']) {
      c.setImage(image);
      c.sync();
      c.sync();
      c.runAll();
    }
    // limit 2: the current revision plus two old ones remain
    expect(c.revisions.map((r) => r.revision).sort()).toEqual([3, 4, 5]);
  });

  it('a name taken by a revision with other data bumps collisionCount', () => {
    const c = new DsCluster(newDaemonSet(), addNodes(0, 1));
    c.sync();
    const taken: any = structuredClone(c.revisions[0]);
    taken.data = { spec: { template: { $patch: 'replace', metadata: { labels: { other: 'x' } } } } };
    taken.metadata.ownerReferences = [];
    taken.metadata.labels = { other: 'x' };
    c.revisions = [taken];
    c.pods = [];
    const r = c.sync();
    expect(c.ds.status).toMatchObject({ collisionCount: 1 });
    expect(r.requeueAfterMs).toBe(0);
    c.sync();
    expect(c.revisions).toHaveLength(2);
  });
});
