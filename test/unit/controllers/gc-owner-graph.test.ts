import { describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../../shared/apiserver/change-notice';
import type { GraphObject } from '../../../shared/controllers';
import { gcHearsNotice, GcOwnerGraph } from '../../../shared/controllers/gc-owner-graph';

const owned = (uid: string, namespace: string | undefined, owners: string[], type: ChangeNotice['type'] = 'ADDED'): ChangeNotice => ({
  resource: 'pods',
  type,
  namespace,
  name: uid,
  uid,
  resourceVersion: '1',
  ownerReferences: owners.map((o) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o, uid: o })),
});
const deleted = (uid: string, namespace?: string): ChangeNotice => ({ resource: 'replicasets.apps', type: 'DELETED', namespace, name: uid, uid, resourceVersion: '2' });
const listed = (uid: string, namespace: string, owners: string[] = [], deleting = false): GraphObject => ({
  uid,
  group: '',
  kind: 'Pod',
  namespace,
  name: uid,
  ownerReferences: owners.map((o) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o, uid: o })),
  ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
});

/** A graph whose namespaces were scanned: `objects` by namespace. */
function scanned(objects: Record<string, GraphObject[]>): GcOwnerGraph {
  const g = new GcOwnerGraph();
  for (const [ns, list] of Object.entries(objects)) g.replaceNamespace(ns, list, g.beginScan());
  g.take();
  return g;
}

describe('GcOwnerGraph', () => {
  it('a steady graph asks for nothing: new dependents of known owners, and deletions of objects nobody owns', () => {
    const g = scanned({ a: [listed('rs1', 'a'), listed('p1', 'a', ['rs1'])] });
    g.observe([owned('p2', 'a', ['rs1']), deleted('p1', 'a'), deleted('event-like', 'a')]);
    expect(g.pending).toBe(false);
  });

  // upstream's GraphBuilder: a dependent whose owner was never observed gets a virtual owner node, which attemptToDelete verifies
  it('a new dependent naming an owner not known to exist marks its namespace', () => {
    const g = scanned({ a: [] });
    g.observe([owned('p1', 'a', ['rs-unknown'])]);
    expect(g.take()).toEqual({ namespaces: ['a'], deleting: [], unscanned: false });
  });

  it('an owner heard of by its own notice counts as existing (a ReplicaSet created with its Deployment as owner, then its pods)', () => {
    const g = scanned({ a: [listed('d1', 'a')] });
    g.observe([{ ...owned('rs1', 'a', ['d1']), resource: 'replicasets.apps' }, owned('p1', 'a', ['rs1'])]);
    expect(g.pending).toBe(false);
  });

  it('an owner deleted marks the namespaces of its dependents, a cluster-scoped owner every namespace that has some', () => {
    const g = scanned({ '': [listed('node1', '')], a: [listed('rs1', 'a'), listed('p1', 'a', ['rs1'])], lease: [listed('l1', 'lease', ['node1'])], b: [listed('x', 'b')] });
    g.observe([deleted('rs1', 'a')]);
    expect(g.take().namespaces).toEqual(['a']);
    g.observe([deleted('node1')]);
    expect(g.take()).toEqual({ namespaces: ['lease'], deleting: [], unscanned: true });
  });

  it('a new host (its memory dropped while idle) scans a namespace the first time a notice concerns it, not the cluster', () => {
    const g = new GcOwnerGraph();
    g.observe([{ ...deleted('p1', 'a'), resource: 'pods' }, owned('p2', 'b', ['rs2'])]);
    expect(g.take()).toEqual({ namespaces: ['a', 'b'], deleting: [], unscanned: false });
    g.replaceNamespace('a', [], g.beginScan());
    g.observe([{ ...deleted('p3', 'a'), resource: 'pods' }]);
    expect(g.pending).toBe(false);
    expect(g.knows('a')).toBe(true);
    expect(g.knows('b')).toBe(false);
  });

  it('an object being deleted is handed out once to read its finalizers, with the namespaces of its dependents', () => {
    const g = scanned({ '': [listed('node1', '')], lease: [listed('l1', 'lease', ['node1'])] });
    g.observe([{ resource: 'nodes', type: 'MODIFIED', name: 'node1', uid: 'node1', resourceVersion: '3', deleting: true }]);
    expect(g.take().deleting).toEqual([{ resource: 'nodes', namespace: '', name: 'node1', uid: 'node1' }]);
    expect(g.dependentNamespaces('node1')).toEqual(['lease']);
    expect(g.pending).toBe(false);
  });

  it('a dependent of an owner in deletion going away marks the owner namespace (its foreground finalizer may go)', () => {
    const g = scanned({ a: [listed('rs1', 'a', [], true), listed('p1', 'a', ['rs1'])] });
    g.observe([{ ...deleted('p1', 'a'), resource: 'pods' }]);
    expect(g.take().namespaces).toEqual(['a']);
  });

  it('an object deleted before its deletion was read is not read', () => {
    const g = scanned({ a: [] });
    g.observe([{ ...owned('p1', 'a', []), type: 'MODIFIED', deleting: true }, deleted('p1', 'a')]);
    expect(g.take().deleting).toEqual([]);
  });

  it('a scan replaces its namespace only, then applies the notices heard while it listed', () => {
    const g = scanned({ a: [listed('rs1', 'a'), listed('p1', 'a', ['rs1'])], b: [listed('q1', 'b', ['rs1'])] });
    const token = g.beginScan();
    // heard during the list: a new dependent that the list (taken earlier) did not include
    g.observe([owned('p2', 'a', ['rs2'])]);
    g.replaceNamespace('a', [listed('rs1', 'a'), listed('rs2', 'a')], token);
    g.take();
    g.observe([deleted('rs2', 'a')]);
    expect(g.take().namespaces).toEqual(['a']); // p2 kept from the journal
    g.observe([deleted('rs1', 'a')]);
    expect(g.take().namespaces).toEqual(['b']); // p1 is not in the fresh list of a; q1 in b untouched
  });

  it('a failed scan leaves its namespace to do', () => {
    const g = scanned({});
    g.beginScan();
    g.abortScan('a');
    expect(g.take().namespaces).toEqual(['a']);
  });

  it('the periodic full scan is not started over while its key comes back to finish it', () => {
    const g = scanned({});
    g.resync(['', 'a', 'b']);
    const first = g.take();
    g.giveBack({ namespaces: first.namespaces.slice(1) }); // one namespace done, two left
    g.resync(['', 'a', 'b']); // the same key again
    expect(g.take().namespaces).toEqual(['a', 'b']);
    g.giveBack({});
    g.resync(['', 'a', 'b']); // the next period
    expect(g.take().namespaces).toEqual(['', 'a', 'b']);
  });

  it('work given back is handed out again', () => {
    const g = scanned({});
    g.giveBack({ namespaces: ['a'], deleting: [{ resource: 'pods', namespace: 'a', name: 'p', uid: 'p' }] });
    expect(g.take()).toEqual({ namespaces: ['a'], deleting: [{ resource: 'pods', namespace: 'a', name: 'p', uid: 'p' }], unscanned: false });
  });
});

describe('gcHearsNotice: the notices that can change what the collector does', () => {
  const update = (parts: string[] | undefined, over: Partial<ChangeNotice> = {}): ChangeNotice => ({
    ...owned('p1', 'a', ['rs1'], 'MODIFIED'),
    ...(parts ? { changed: { parts, writers: ['kubelet/status'] } } : {}),
    ...over,
  });
  it.each([
    ['a new dependent', owned('p1', 'a', ['rs1']), true],
    ['a deletion, with or without owners', deleted('rs1', 'a'), true],
    ['an owner being deleted', { ...update(['metadata', 'metadata.deletionTimestamp']), ownerReferences: undefined, deleting: true }, true],
    ['an update that may have changed the references (metadata changed)', update(['metadata']), true],
    ['an update whose change is unknown', update(undefined), true],
    ['a status write of a dependent: its references cannot have changed', update(['status']), false],
    ['a spec change of a dependent', update(['spec', 'spec.tolerations']), false],
    ['an object without owners', { ...update(['metadata']), ownerReferences: [] }, false],
    ['an event', { ...owned('e1', 'a', ['rs1']), resource: 'events' }, false],
    ['a Lease renewal', { ...update(undefined), resource: 'leases.coordination.k8s.io' }, false],
    ['a new Lease', { ...owned('l1', 'kube-node-lease', ['node-1']), resource: 'leases.coordination.k8s.io' }, true],
  ] as [string, ChangeNotice, boolean][])('%s', (_name, notice, heard) => {
    expect(gcHearsNotice(notice)).toBe(heard);
  });
});
