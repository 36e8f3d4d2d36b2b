import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_CACHE_RELIST_MS, ReplicaSetPodCache } from '../../../shared/controllers/replica-set-pod-cache';

const NOW = Date.UTC(2026, 11, 3, 12);
const pod = (name: string, rv: number, phase = 'Pending'): Pod => ({ metadata: { name, namespace: 'ns', resourceVersion: String(rv) }, status: { phase } });
const names = (c: ReplicaSetPodCache) => c.pods().map((p) => `${p.metadata!.name}@${p.metadata!.resourceVersion}`).sort();

/** A cache listed once at NOW with pods a..(n) at resourceVersion 10. */
function listed(n: number): ReplicaSetPodCache {
  const c = new ReplicaSetPodCache();
  c.replaceAll(Array.from({ length: n }, (_, i) => pod(`p${i}`, 10)), '10', NOW);
  return c;
}

describe('ReplicaSetPodCache', () => {
  it('lists first, then reads nothing while no notice arrives', () => {
    const c = new ReplicaSetPodCache();
    expect(c.refresh(NOW)).toEqual({ kind: 'list' });
    c.replaceAll([pod('a', 5)], '7', NOW);
    expect(c.refresh(NOW + 1000)).toEqual({ kind: 'none' });
    expect(names(c)).toEqual(['a@5']);
  });

  it('reads only the pods a notice says changed, with the version announced', () => {
    const c = listed(100);
    c.observe({ name: 'p3', resourceVersion: '12' });
    c.observe({ name: 'new', resourceVersion: '13' });
    c.observe({ name: 'p3', resourceVersion: '11' }); // an older notice never lowers what is awaited
    expect(c.refresh(NOW)).toEqual({ kind: 'get', pods: [{ name: 'p3', resourceVersion: 12 }, { name: 'new', resourceVersion: 13 }] });
    c.apply('p3', pod('p3', 12, 'Running'), 12);
    c.apply('new', pod('new', 13), 13);
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
    expect(c.pods()).toHaveLength(101);
    expect(c.pods().find((p) => p.metadata!.name === 'p3')!.status!.phase).toBe('Running');
  });

  it('ignores notices of versions it already holds: its own creates are written through', () => {
    const c = listed(3);
    c.apply('mine', pod('mine', 20)); // the createMany result
    c.observe({ name: 'mine', resourceVersion: '20' }); // the store's notice of the same create
    c.observe({ name: 'p0', resourceVersion: '10' });
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('a notice heard before the create returned is settled by the create result', () => {
    const c = listed(3);
    c.observe({ name: 'mine', resourceVersion: '20' });
    c.apply('mine', pod('mine', 20));
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('drops a pod a get finds gone', () => {
    const c = listed(3);
    c.observe({ name: 'p1', resourceVersion: '30' }); // its DELETED notice
    c.apply('p1', undefined, 30);
    expect(names(c)).toEqual(['p0@10', 'p2@10']);
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('keeps a pod stale when a newer notice arrived while it was read', () => {
    const c = listed(3);
    c.observe({ name: 'p0', resourceVersion: '11' });
    c.observe({ name: 'p0', resourceVersion: '12' }); // heard during the get that was asked for 11
    c.apply('p0', pod('p0', 11), 11);
    expect(c.refresh(NOW)).toEqual({ kind: 'get', pods: [{ name: 'p0', resourceVersion: 12 }] });
  });

  it('never replaces a newer copy with an older read', () => {
    const c = listed(1);
    c.apply('p0', pod('p0', 15, 'Running'));
    c.apply('p0', pod('p0', 12, 'Pending'));
    expect(names(c)).toEqual(['p0@15']);
  });

  it('lists again when more than a quarter of a namespace changed (above 32 pods)', () => {
    const c = listed(200);
    for (let i = 0; i < 50; i++) c.observe({ name: `p${i}`, resourceVersion: '11' });
    expect(c.refresh(NOW).kind).toBe('get');
    c.observe({ name: 'p50', resourceVersion: '11' });
    expect(c.refresh(NOW)).toEqual({ kind: 'list' });
    // a small namespace reads up to 32 pods one by one
    const small = listed(4);
    for (let i = 0; i < 4; i++) small.observe({ name: `p${i}`, resourceVersion: '11' });
    expect(small.refresh(NOW).kind).toBe('get');
  });

  it('a list settles the notices it covers and keeps the newer ones', () => {
    const c = listed(2);
    c.observe({ name: 'p0', resourceVersion: '14' });
    c.observe({ name: 'p1', resourceVersion: '16' });
    c.replaceAll([pod('p0', 14), pod('p1', 11)], '15', NOW);
    expect(c.refresh(NOW)).toEqual({ kind: 'get', pods: [{ name: 'p1', resourceVersion: 16 }] });
  });

  it('pods it patched or deleted are read again', () => {
    const c = listed(2);
    c.touched('p0');
    expect(c.refresh(NOW)).toEqual({ kind: 'get', pods: [{ name: 'p0', resourceVersion: 11 }] });
    c.apply('p0', pod('p0', 10), 11); // a read that still shows the old version settles it (the change was refused)
    expect(c.refresh(NOW)).toEqual({ kind: 'none' });
  });

  it('lists again after the resync period, or after a write of unknown outcome', () => {
    const c = listed(2);
    expect(c.refresh(NOW + POD_CACHE_RELIST_MS - 1)).toEqual({ kind: 'none' });
    expect(c.refresh(NOW + POD_CACHE_RELIST_MS)).toEqual({ kind: 'list' });
    const d = listed(2);
    d.invalidate();
    expect(d.refresh(NOW)).toEqual({ kind: 'list' });
  });
});
