import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { StoredObject } from '../../../shared/api/object';
import { noticeOf, type ChangeNotice } from '../../../shared/apiserver/change-notice';
import { defaultSchedulerConfig } from '../../../shared/scheduler/config';
import {
  abortRelist,
  applyRead,
  assumePod,
  beginRelist,
  createCache,
  finishBinding,
  finishRelist,
  forgetPod,
  needsRelist,
  observe,
  RELIST_MS,
  staleReadGroups,
  staleReads,
  takeEvents,
  type ClusterLists,
  type SchedulerCache,
} from '../../../shared/scheduler/cluster-cache';
import { node, pod } from './fixtures';

const at = <T extends Pod | Node>(o: T, rv: number, uid = `uid-${o.metadata!.name}`): T => ({ ...o, metadata: { ...o.metadata, uid, resourceVersion: String(rv) } });
const lists = (nodes: Node[], pods: Pod[]): ClusterLists => ({ nodes, pods, pdbs: [], pvcs: [], pvs: [], storageClasses: [], config: defaultSchedulerConfig() });
const notice = (resource: 'pods' | 'nodes', type: ChangeNotice['type'], o: Pod | Node) => noticeOf(resource, type, o as unknown as StoredObject);
const cpuOn = (c: SchedulerCache, name: string) => c.snapshot.byName.get(name)?.requested.milliCPU;
const events = (c: SchedulerCache) => takeEvents(c).map((e) => `${e.resource}/${e.action}`).sort();

/** A cache listed once: node n1 (rv 1), pod a bound to n1 (rv 2), pod b pending (rv 3). */
function listed(): SchedulerCache {
  const c = createCache();
  beginRelist(c);
  finishRelist(c, lists([at(node('n1'), 1)], [at(pod('a', { cpu: '1' }, { node: 'n1' }), 2), at(pod('b', { cpu: '1' }), 3)]), 0);
  takeEvents(c);
  return c;
}

describe('scheduler cache: full list', () => {
  it('counts bound pods on their nodes and keeps pending pods for the queue', () => {
    const c = createCache();
    expect(needsRelist(c, 0)).toBe(true);
    beginRelist(c);
    finishRelist(c, lists([at(node('n1'), 1)], [at(pod('a', { cpu: '1' }, { node: 'n1' }), 2), at(pod('b', { cpu: '1' }), 3)]), 0);
    expect(cpuOn(c, 'n1')).toBe(1000);
    expect([...c.pending.keys()]).toEqual(['default/b']);
    // like a restarted kube-scheduler: nodes may have changed, bound pods may have gone
    expect(events(c)).toEqual(['AssignedPod/Delete', 'Node/Update', 'PersistentVolumeClaim/Update']);
    expect(needsRelist(c, RELIST_MS - 1)).toBe(false);
    expect(needsRelist(c, RELIST_MS)).toBe(true);
  });

  it('drops terminal pods, as the scheduler informer does', () => {
    const c = createCache();
    const done = { ...at(pod('a', { cpu: '1' }, { node: 'n1' }), 2), status: { phase: 'Succeeded' } } as Pod;
    finishRelist(c, lists([at(node('n1'), 1)], [done]), 0);
    expect(cpuOn(c, 'n1')).toBe(0);
    expect(c.pods.size).toBe(0);
  });

  it('holds notices that arrive during the list and replays them over its result', () => {
    const c = createCache();
    beginRelist(c);
    observe(c, notice('pods', 'ADDED', at(pod('late'), 9))); // created after the list was read
    observe(c, notice('pods', 'MODIFIED', at(pod('b'), 3))); // already in the list at that version
    observe(c, notice('pods', 'DELETED', at(pod('a', {}, { node: 'n1' }), 8))); // deleted after the list was read
    finishRelist(c, lists([at(node('n1'), 1)], [at(pod('a', { cpu: '1' }, { node: 'n1' }), 2), at(pod('b'), 3)]), 0);
    expect(staleReads(c)).toEqual([{ kind: 'pods', namespace: 'default', name: 'late', rv: 9 }]);
    expect(c.pods.has('default/a')).toBe(false);
    expect(cpuOn(c, 'n1')).toBe(0);
  });

  it('a failed list leaves the next refresh listing again, and notices are not held forever', () => {
    const c = listed();
    c.listedAt = -RELIST_MS;
    beginRelist(c);
    abortRelist(c);
    expect(needsRelist(c, 0)).toBe(true);
    expect(c.listing).toBeUndefined();
  });

  it('ignores notices before the first list (the list covers them)', () => {
    const c = createCache();
    observe(c, notice('pods', 'ADDED', at(pod('x'), 1)));
    expect(staleReads(c)).toEqual([]);
  });
});

describe('scheduler cache: what it holds of a node', () => {
  it('keeps nodes without managedFields, from a list and from a read, and everything else as read', () => {
    const mf = [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} } }];
    const whole = (o: Node): Node => ({ ...o, metadata: { ...o.metadata, managedFields: mf } });
    const c = createCache();
    finishRelist(c, lists([whole(at(node('n1'), 1))], []), 0);
    expect(c.snapshot.byName.get('n1')?.node).toEqual(at(node('n1'), 1));
    observe(c, notice('nodes', 'ADDED', at(node('n2'), 2)));
    applyRead(c, 'nodes', '', 'n2', whole(at(node('n2'), 2)));
    expect(c.snapshot.byName.get('n2')?.node).toEqual(at(node('n2'), 2));
  });
});

describe('scheduler cache: notices', () => {
  it('marks a changed pod stale; the read applies it and clears the mark', () => {
    const c = listed();
    observe(c, notice('pods', 'ADDED', at(pod('c', { cpu: '2' }, { node: 'n1' }), 5)));
    observe(c, notice('pods', 'MODIFIED', at(pod('c', { cpu: '2' }, { node: 'n1' }), 4))); // older: the newest announced wins
    expect(staleReads(c)).toEqual([{ kind: 'pods', namespace: 'default', name: 'c', rv: 5 }]);
    expect(cpuOn(c, 'n1')).toBe(1000); // nothing counted before the read
    applyRead(c, 'pods', 'default', 'c', at(pod('c', { cpu: '2' }, { node: 'n1' }), 5));
    expect(staleReads(c)).toEqual([]);
    expect(cpuOn(c, 'n1')).toBe(3000);
    expect(events(c)).toEqual(['AssignedPod/Add']);
  });

  it('keeps the mark when the read is older than the notice (a later write is still coming)', () => {
    const c = listed();
    observe(c, notice('pods', 'MODIFIED', at(pod('b'), 7)));
    applyRead(c, 'pods', 'default', 'b', at(pod('b', { cpu: '3' }), 6));
    expect(staleReads(c)).toEqual([{ kind: 'pods', namespace: 'default', name: 'b', rv: 7 }]);
    expect(c.pending.get('default/b')?.metadata?.resourceVersion).toBe('6');
  });

  it('ignores notices of versions it already holds', () => {
    const c = listed();
    observe(c, notice('pods', 'MODIFIED', at(pod('a', {}, { node: 'n1' }), 2)));
    observe(c, notice('nodes', 'MODIFIED', at(node('n1'), 1)));
    expect(staleReads(c)).toEqual([]);
  });

  it('applies deletions at once, and only to the object the notice names (same uid)', () => {
    const c = listed();
    observe(c, notice('pods', 'DELETED', at(pod('a', {}, { node: 'n1' }), 9, 'someone-else')));
    expect(cpuOn(c, 'n1')).toBe(1000);
    observe(c, notice('pods', 'DELETED', at(pod('a', {}, { node: 'n1' }), 9)));
    expect(cpuOn(c, 'n1')).toBe(0);
    expect(events(c)).toEqual(['AssignedPod/Delete']);
    observe(c, notice('nodes', 'DELETED', at(node('n1'), 10)));
    expect(c.snapshot.byName.has('n1')).toBe(false);
    expect(events(c)).toEqual(['Node/Delete']);
  });

  it('a read that finds the object gone removes it', () => {
    const c = listed();
    observe(c, notice('pods', 'MODIFIED', at(pod('b'), 8)));
    applyRead(c, 'pods', 'default', 'b', undefined);
    expect(c.pending.size).toBe(0);
    expect(staleReads(c)).toEqual([]);
  });

  it('a bound pod turning terminal frees its node', () => {
    const c = listed();
    observe(c, notice('pods', 'MODIFIED', at(pod('a', {}, { node: 'n1' }), 6)));
    applyRead(c, 'pods', 'default', 'a', { ...at(pod('a', { cpu: '1' }, { node: 'n1' }), 6), status: { phase: 'Failed' } });
    expect(cpuOn(c, 'n1')).toBe(0);
    expect(events(c)).toEqual(['AssignedPod/Delete']);
  });

  it('a node update keeps the pods counted on it; a new node is an Add', () => {
    const c = listed();
    observe(c, notice('nodes', 'MODIFIED', at(node('n1', '8'), 5)));
    observe(c, notice('nodes', 'ADDED', at(node('n2'), 6)));
    expect(staleReads(c).map((r) => r.name).sort()).toEqual(['n1', 'n2']);
    applyRead(c, 'nodes', undefined, 'n1', at(node('n1', '8'), 5));
    applyRead(c, 'nodes', undefined, 'n2', at(node('n2'), 6));
    expect(c.snapshot.byName.get('n1')?.allocatable.milliCPU).toBe(8000);
    expect(cpuOn(c, 'n1')).toBe(1000);
    expect(events(c)).toEqual(['Node/Add', 'Node/Update']);
  });

  it('a pod bound to a node not yet known is counted when the node arrives', () => {
    const c = listed();
    applyRead(c, 'pods', 'default', 'early', at(pod('early', { cpu: '2' }, { node: 'n9' }), 11));
    applyRead(c, 'nodes', undefined, 'n9', at(node('n9'), 12));
    expect(cpuOn(c, 'n9')).toBe(2000);
  });

  it('few-object kinds are marked for a list of their own', () => {
    const c = listed();
    observe(c, { resource: 'poddisruptionbudgets.policy', type: 'ADDED', namespace: 'x', name: 'p', uid: 'u', resourceVersion: '1' });
    observe(c, { resource: 'storageclasses.storage.k8s.io', type: 'ADDED', name: 's', uid: 'u', resourceVersion: '1' });
    observe(c, { resource: 'configmaps', type: 'MODIFIED', namespace: 'kube-system', name: 'other', uid: 'u', resourceVersion: '1' });
    expect([...c.dirty].sort()).toEqual(['pdbs', 'volumes']);
    observe(c, { resource: 'configmaps', type: 'MODIFIED', namespace: 'kube-system', name: 'kube-scheduler-config', uid: 'u', resourceVersion: '2' });
    expect(c.dirty.has('config')).toBe(true);
  });
});

describe('scheduler cache: assume, bind, forget', () => {
  it('an assumed pod takes its node capacity before the binding returns', () => {
    const c = listed();
    const b = c.pending.get('default/b')!;
    assumePod(c, b, 'n1');
    expect(cpuOn(c, 'n1')).toBe(2000);
    expect(c.pending.has('default/b')).toBe(false);
    // the binding's own notice, arriving before its answer: no read needed
    observe(c, notice('pods', 'MODIFIED', at(pod('b', { cpu: '1' }, { node: 'n1' }), 4)));
    expect(staleReads(c)).toEqual([]);
    finishBinding(c, 'default/b', at(pod('b', { cpu: '1' }, { node: 'n1' }), 4));
    expect(staleReads(c)).toEqual([]);
    expect(cpuOn(c, 'n1')).toBe(2000);
    expect(c.pods.get('default/b')).toMatchObject({ rv: 4, assumed: false });
    expect(events(c)).toEqual(['AssignedPod/Add']);
  });

  it('a write after the binding, noticed while assumed, is read afterwards', () => {
    const c = listed();
    assumePod(c, c.pending.get('default/b')!, 'n1');
    observe(c, notice('pods', 'MODIFIED', at(pod('b', {}, { node: 'n1' }), 4)));
    observe(c, notice('pods', 'MODIFIED', at(pod('b', {}, { node: 'n1' }), 5)));
    finishBinding(c, 'default/b', at(pod('b', { cpu: '1' }, { node: 'n1' }), 4));
    expect(staleReads(c)).toEqual([{ kind: 'pods', namespace: 'default', name: 'b', rv: 5 }]);
  });

  it('a binding answered without the pod leaves it to be read', () => {
    const c = listed();
    assumePod(c, c.pending.get('default/b')!, 'n1');
    finishBinding(c, 'default/b', undefined);
    expect(staleReads(c).map((r) => r.name)).toEqual(['b']);
    expect(cpuOn(c, 'n1')).toBe(2000);
  });

  it('forget undoes the assumption and reads the pod again', () => {
    const c = listed();
    assumePod(c, c.pending.get('default/b')!, 'n1');
    forgetPod(c, 'default/b');
    expect(cpuOn(c, 'n1')).toBe(1000);
    expect(staleReads(c).map((r) => r.name)).toEqual(['b']);
    // bound elsewhere by someone else meanwhile: the read counts it there
    applyRead(c, 'nodes', undefined, 'n2', at(node('n2'), 6));
    applyRead(c, 'pods', 'default', 'b', at(pod('b', { cpu: '1' }, { node: 'n2' }), 7));
    expect(cpuOn(c, 'n2')).toBe(1000);
    expect(cpuOn(c, 'n1')).toBe(1000);
  });

  it('forget of a pod that is not assumed changes nothing', () => {
    const c = listed();
    forgetPod(c, 'default/a');
    expect(cpuOn(c, 'n1')).toBe(1000);
    expect(staleReads(c)).toEqual([]);
  });
});

describe('scheduler cache: bulk reads of stale objects', () => {
  it('groups stale pods by namespace and stale nodes together, at most perRead names a read', () => {
    const c = listed();
    for (const [name, ns] of [['p1', 'a'], ['p2', 'b'], ['p3', 'a'], ['p4', 'a']] as const) observe(c, notice('pods', 'ADDED', at(pod(name, {}, { ns }), 10)));
    observe(c, notice('nodes', 'ADDED', at(node('n2'), 11)));
    expect(staleReadGroups(c, 2)).toEqual([
      { kind: 'pods', namespace: 'a', names: ['p1', 'p3'] },
      { kind: 'pods', namespace: 'b', names: ['p2'] },
      { kind: 'pods', namespace: 'a', names: ['p4'] },
      { kind: 'nodes', names: ['n2'] },
    ]);
    expect(staleReadGroups(c, 500).map((g) => g.names)).toEqual([['p1', 'p3', 'p4'], ['p2'], ['n2']]);
  });
});
