import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { NamespaceView, VIEW_RELIST_MS } from '../../../shared/controllers/namespace-view';

const NOW = Date.UTC(2026, 11, 3, 12);
const pod = (name: string, rv: number, phase = 'Pending'): Pod => ({ metadata: { name, namespace: 'ns', resourceVersion: String(rv) }, status: { phase } });
const names = (c: NamespaceView<Pod>) => c.items().map((p) => `${p.metadata!.name}@${p.metadata!.resourceVersion}`).sort();

/** A view listed once at NOW with pods p0..p(n-1) at resourceVersion 10. */
function listed(n: number): NamespaceView<Pod> {
  const c = new NamespaceView<Pod>();
  c.replaceAll(Array.from({ length: n }, (_, i) => pod(`p${i}`, 10)), '10', NOW);
  return c;
}

describe('NamespaceView', () => {
  it('lists first, then reads nothing while no notice arrives', () => {
    const c = new NamespaceView<Pod>();
    expect(c.refresh(NOW)).toEqual({ kind: 'list' });
    c.observe({ type: 'ADDED', name: 'a', resourceVersion: '5' }); // heard while the list is on its way: the list covers it
    c.replaceAll([pod('a', 5)], '7', NOW);
    expect(c.refresh(NOW + 1000)).toEqual({ kind: 'none' });
    expect(names(c)).toEqual(['a@5']);
  });

  it('reads only the pods a notice says changed, with the version announced', () => {
    const c = listed(100);
    c.observe({ type: 'MODIFIED', name: 'p3', resourceVersion: '12' });
    c.observe({ type: 'MODIFIED', name: 'new', resourceVersion: '13' });
    c.observe({ type: 'MODIFIED', name: 'p3', resourceVersion: '11' }); // an older notice never lowers what is awaited
    expect(c.refresh(NOW)).toEqual({ kind: 'get', objects: [{ name: 'p3', resourceVersion: 12 }, { name: 'new', resourceVersion: 13 }] });
    c.apply('p3', pod('p3', 12, 'Running'), 12);
    c.apply('new', pod('new', 13), 13);
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
    expect(c.items()).toHaveLength(101);
    expect(c.items().find((p) => p.metadata!.name === 'p3')!.status!.phase).toBe('Running');
  });

  it('ignores notices of versions it already holds: its own creates are written through', () => {
    const c = listed(3);
    c.apply('mine', pod('mine', 20)); // the createMany result
    c.observe({ type: 'MODIFIED', name: 'mine', resourceVersion: '20' }); // the store's notice of the same create
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '10' });
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('a notice heard before the create returned is settled by the create result', () => {
    const c = listed(3);
    c.observe({ type: 'MODIFIED', name: 'mine', resourceVersion: '20' });
    c.apply('mine', pod('mine', 20));
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('counts the changes to its items (for what a caller derives from them), and finds an object by name', () => {
    const c = listed(3);
    const v0 = c.version;
    c.observe({ type: 'MODIFIED', name: 'p1', resourceVersion: '12' }); // only marked: the items are as they were
    c.apply('p2', pod('p2', 9)); // older than held: nothing changes
    c.observe({ type: 'DELETED', name: 'gone', resourceVersion: '13' }); // not held
    expect(c.version).toBe(v0);
    c.apply('p1', pod('p1', 12, 'Running'), 12);
    expect(c.version).toBe(v0 + 1);
    c.observe({ type: 'DELETED', name: 'p0', resourceVersion: '14' });
    expect(c.version).toBe(v0 + 2);
    c.replaceAll([pod('p1', 12)], '14', NOW);
    expect(c.version).toBe(v0 + 3);
    expect(c.get('p1')!.status!.phase).toBe('Pending'); // the list's copy, not the Running one read before
    expect(c.get('p0')).toBeUndefined();
  });

  it('drops a pod a get finds gone', () => {
    const c = listed(3);
    c.observe({ type: 'MODIFIED', name: 'p1', resourceVersion: '30' });
    c.apply('p1', undefined, 30);
    expect(names(c)).toEqual(['p0@10', 'p2@10']);
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('drops a deleted pod without reading it, unless it holds a newer namesake', () => {
    const c = listed(2);
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '12' });
    c.observe({ type: 'DELETED', name: 'p0', resourceVersion: '13' });
    expect(names(c)).toEqual(['p1@10']);
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
    c.apply('p1', pod('p1', 20)); // re-created (same name) and written through before the old one's deletion is heard
    c.observe({ type: 'DELETED', name: 'p1', resourceVersion: '15' });
    expect(names(c)).toEqual(['p1@20']);
    c.observe({ type: 'DELETED', name: 'p1', resourceVersion: '21' });
    expect(c.empty).toBe(true);
  });

  it('keeps a pod stale when a newer notice arrived while it was read', () => {
    const c = listed(3);
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '11' });
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '12' }); // heard during the get that was asked for 11
    c.apply('p0', pod('p0', 11), 11);
    expect(c.refresh(NOW)).toEqual({ kind: 'get', objects: [{ name: 'p0', resourceVersion: 12 }] });
  });

  it('never replaces a newer copy with an older read', () => {
    const c = listed(1);
    c.apply('p0', pod('p0', 15, 'Running'));
    c.apply('p0', pod('p0', 12, 'Pending'));
    expect(names(c)).toEqual(['p0@15']);
  });

  it('lists again when more than a quarter of a namespace changed (above 32 pods)', () => {
    const c = listed(200);
    for (let i = 0; i < 50; i++) c.observe({ type: 'MODIFIED', name: `p${i}`, resourceVersion: '11' });
    expect(c.refresh(NOW).kind).toBe('get');
    c.observe({ type: 'MODIFIED', name: 'p50', resourceVersion: '11' });
    expect(c.refresh(NOW)).toEqual({ kind: 'list' });
    // a small namespace reads up to 32 pods one by one
    const small = listed(4);
    for (let i = 0; i < 4; i++) small.observe({ type: 'MODIFIED', name: `p${i}`, resourceVersion: '11' });
    expect(small.refresh(NOW).kind).toBe('get');
  });

  it('a list settles the notices it covers and keeps the newer ones', () => {
    const c = listed(2);
    c.observe({ type: 'MODIFIED', name: 'p0', resourceVersion: '14' });
    c.observe({ type: 'MODIFIED', name: 'p1', resourceVersion: '16' });
    c.replaceAll([pod('p0', 14), pod('p1', 11)], '15', NOW);
    expect(c.refresh(NOW)).toEqual({ kind: 'get', objects: [{ name: 'p1', resourceVersion: 16 }] });
  });

  it('pods it patched or deleted are read again', () => {
    const c = listed(2);
    c.touched('p0');
    expect(c.refresh(NOW)).toEqual({ kind: 'get', objects: [{ name: 'p0', resourceVersion: 11 }] });
    c.apply('p0', pod('p0', 10), 11); // a read that still shows the old version settles it (the change was refused)
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('a notice heard while its first list is on its way, of a commit the list predates, is read after it', () => {
    const c = new NamespaceView<Pod>();
    expect(c.refresh(NOW)).toEqual({ kind: 'list' });
    c.observe({ type: 'MODIFIED', name: 'a', resourceVersion: '9' });
    c.replaceAll([pod('a', 5)], '7', NOW);
    expect(c.refresh(NOW)).toEqual({ kind: 'get', objects: [{ name: 'a', resourceVersion: 9 }] });
  });

  it('an invalidation while a list is on its way: the list is taken, and the next sync lists again', () => {
    const c = listed(2);
    c.invalidate();
    const epoch = c.epoch; // the list is asked for
    c.invalidate(); // notices were dropped that this list may predate
    c.replaceAll([pod('p0', 10)], '12', NOW, epoch);
    expect(names(c)).toEqual(['p0@10']);
    expect(c.refresh(NOW)).toEqual({ kind: 'list' });
    c.replaceAll([pod('p0', 10), pod('orphan', 11)], '13', NOW, c.epoch);
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('lists again after the resync period, or after a write of unknown outcome', () => {
    const c = listed(2);
    expect(c.refresh(NOW + VIEW_RELIST_MS - 1)).toEqual({ kind: 'none' });
    expect(c.refresh(NOW + VIEW_RELIST_MS)).toEqual({ kind: 'list' });
    const d = listed(2);
    d.invalidate();
    expect(d.refresh(NOW)).toEqual({ kind: 'list' });
  });

  it('keeps of each object what `keep` cuts, listed or written through', () => {
    const c = new NamespaceView<Pod>((p) => ({ metadata: { name: p.metadata!.name, resourceVersion: p.metadata!.resourceVersion } }));
    c.replaceAll([pod('a', 5, 'Running')], '5', NOW);
    c.apply('b', pod('b', 6, 'Running'));
    expect(c.items()).toEqual([{ metadata: { name: 'a', resourceVersion: '5' } }, { metadata: { name: 'b', resourceVersion: '6' } }]);
  });

  it("a rollout's steps as the Deployment controller's ReplicaSet view sees them: its own writes at once, others' after a get", () => {
    const rs = (name: string, rv: number, replicas: number, ready = 0): ReplicaSet => ({
      metadata: { name, namespace: 'ns', resourceVersion: String(rv) },
      spec: { replicas, selector: {} },
      status: { replicas, readyReplicas: ready },
    });
    const c = new NamespaceView<ReplicaSet>();
    c.replaceAll([rs('web-old', 10, 3, 3)], '12', NOW);
    // the sync creates the new ReplicaSet and scales the old one down: both results are written through
    c.apply('web-new', rs('web-new', 13, 1));
    c.apply('web-old', rs('web-old', 14, 2, 3));
    // the notices of those writes change nothing; the ReplicaSet controller's status write is read before the next sync
    c.observe({ type: 'ADDED', name: 'web-new', resourceVersion: '13' });
    c.observe({ type: 'MODIFIED', name: 'web-old', resourceVersion: '14' });
    c.observe({ type: 'MODIFIED', name: 'web-new', resourceVersion: '15' });
    expect(c.refresh(NOW + 1000)).toEqual({ kind: 'get', objects: [{ name: 'web-new', resourceVersion: 15 }] });
    c.apply('web-new', rs('web-new', 15, 1, 1), 15);
    expect(c.refresh(NOW + 1000)).toEqual({ kind: 'none' });
    expect(c.items().map((r) => `${r.metadata!.name} ${r.spec!.replicas}/${r.status!.readyReplicas}`).sort()).toEqual(['web-new 1/1', 'web-old 2/3']);
  });
});
