import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { countByPhase, podsByNode, podStatusWord, readyCount, restartCount } from '../../../dashboard/src/model/pod-summary';

const pod = (name: string, over: Partial<Pod> = {}): Pod => ({ metadata: { name, namespace: 'ns' }, spec: { containers: [{ name: 'a' }, { name: 'b' }] }, ...over });

describe('pod summaries', () => {
  it('counts every phase, a pod without one as Pending', () => {
    expect(countByPhase([pod('a', { status: { phase: 'Running' } }), pod('b'), pod('c', { status: { phase: 'Failed' } })])).toEqual({ Pending: 1, Running: 1, Succeeded: 0, Failed: 1, Unknown: 0 });
  });

  it("groups by node, unbound pods under '', sorted by namespace/name", () => {
    const m = podsByNode([pod('web-10', { spec: { nodeName: 'n', containers: [] } }), pod('web-9', { spec: { nodeName: 'n', containers: [] } }), pod('p')]);
    expect(m.get('n')!.map((p) => p.metadata!.name)).toEqual(['web-9', 'web-10']);
    expect(m.get('')!.map((p) => p.metadata!.name)).toEqual(['p']);
  });

  it('READY, RESTARTS and STATUS as kubectl get pods shows them', () => {
    const p = pod('x', {
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 2, image: '', imageID: '', state: { running: {} } },
          { name: 'b', ready: false, restartCount: 3, image: '', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    });
    expect(readyCount(p)).toBe('1/2');
    expect(restartCount(p)).toBe(5);
    expect(podStatusWord(p)).toBe('CrashLoopBackOff');
    expect(podStatusWord(pod('y', { status: { phase: 'Running' } }))).toBe('Running');
    expect(podStatusWord(pod('z', { metadata: { name: 'z', deletionTimestamp: '2026-01-01T00:00:00Z' } }))).toBe('Terminating');
  });
});
