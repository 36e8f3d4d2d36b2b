import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../../../shared/api/registry';
import { decideDelete, readyToRemove } from '../../../shared/apiserver/object-meta';

const def = (plural: string) => BUILTIN_RESOURCES.find((d) => d.plural === plural && d.group === '')!;
const NOW = '2026-11-25T10:00:00Z';
const pod = (extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', uid: 'u', resourceVersion: '5', ...meta },
    spec: { containers: [], ...extra },
    status: { phase: 'Running' },
  }) as any;

describe('decideDelete', () => {
  it('removes objects without finalizers at once', () => {
    expect(decideDelete(def('configmaps'), { ...pod(), kind: 'ConfigMap' }, { garbageCollector: true }, NOW)).toEqual({ action: 'remove' });
  });

  it('removes an unscheduled pod at once', () => {
    expect(decideDelete(def('pods'), pod(), { garbageCollector: true }, NOW)).toEqual({ action: 'remove' });
  });

  it('marks a bound pod with the end of its grace period', () => {
    const d = decideDelete(def('pods'), pod({ nodeName: 'n1', terminationGracePeriodSeconds: 30 }), { garbageCollector: true }, NOW);
    expect(d.action).toBe('mark');
    const meta = (d as any).object.metadata;
    expect(meta.deletionTimestamp).toBe('2026-11-25T10:00:30Z');
    expect(meta.deletionGracePeriodSeconds).toBe(30);
    expect(readyToRemove((d as any).object)).toBe(false);
  });

  it("a grace period of int64's largest value ends at the last representable time, not in an error", () => {
    const d = decideDelete(def('pods'), pod({ nodeName: 'n1' }), { gracePeriodSeconds: 9223372036854775807, garbageCollector: true }, NOW) as any;
    expect(d.object.metadata.deletionTimestamp).toBe('9999-12-31T23:59:59Z');
  });

  it('removes a bound pod with grace 0 (the kubelet, or --force)', () => {
    const terminating = pod({ nodeName: 'n1' }, { deletionTimestamp: '2026-11-25T10:00:30Z', deletionGracePeriodSeconds: 30 });
    expect(decideDelete(def('pods'), terminating, { gracePeriodSeconds: 0, garbageCollector: true }, NOW)).toEqual({ action: 'remove' });
  });

  it('ignores a repeated delete that does not shorten the grace period', () => {
    const terminating = pod({ nodeName: 'n1' }, { deletionTimestamp: '2026-11-25T10:00:30Z', deletionGracePeriodSeconds: 30 });
    expect(decideDelete(def('pods'), terminating, { garbageCollector: true }, NOW)).toEqual({ action: 'none' });
    expect(decideDelete(def('pods'), terminating, { gracePeriodSeconds: 5, garbageCollector: true }, NOW).action).toBe('mark');
  });

  it('adds the orphan and foregroundDeletion finalizers when a garbage collector runs', () => {
    const cm = { ...pod(), kind: 'ConfigMap' };
    const orphan = decideDelete(def('configmaps'), cm, { propagationPolicy: 'Orphan', garbageCollector: true }, NOW) as any;
    expect(orphan.object.metadata.finalizers).toEqual(['orphan']);
    const fg = decideDelete(def('configmaps'), cm, { propagationPolicy: 'Foreground', garbageCollector: true }, NOW) as any;
    expect(fg.object.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(fg.object.metadata.deletionTimestamp).toBe(NOW);
  });
});
