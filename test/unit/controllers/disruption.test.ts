import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { pdbStatus } from '../../../shared/controllers/disruption';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const pod = (name: string, ready: boolean, extra: Partial<Pod['metadata']> = {}): Pod => ({
  metadata: { name, namespace: 'ns', labels: { app: 'web' }, ...extra },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const budget = (spec: PodDisruptionBudget['spec'], status?: PodDisruptionBudget['status']): PodDisruptionBudget => ({
  metadata: { name: 'pdb', namespace: 'ns', generation: 2 },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  status,
});

describe('pdbStatus', () => {
  const pods = [pod('a', true), pod('b', true), pod('c', true), pod('d', false), { ...pod('other', true), metadata: { name: 'other', labels: { app: 'db' } } }];

  it.each([
    ['minAvailable 2', { minAvailable: 2 }, { expectedPods: 4, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 }],
    ['minAvailable 3', { minAvailable: 3 }, { expectedPods: 4, currentHealthy: 3, desiredHealthy: 3, disruptionsAllowed: 0 }],
    ['minAvailable 50% rounds up', { minAvailable: '50%' }, { expectedPods: 4, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 }],
    ['maxUnavailable 1', { maxUnavailable: 1 }, { expectedPods: 4, currentHealthy: 3, desiredHealthy: 3, disruptionsAllowed: 0 }],
    ['maxUnavailable 50%', { maxUnavailable: '50%' }, { expectedPods: 4, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 }],
  ])('%s', (_name, spec, expected) => {
    const s = pdbStatus(budget(spec as PodDisruptionBudget['spec']), pods, NOW);
    expect(s).toMatchObject({ ...expected, observedGeneration: 2 });
    expect(s.conditions![0]).toMatchObject({ type: 'DisruptionAllowed', status: expected.disruptionsAllowed > 0 ? 'True' : 'False' });
  });

  it('counts a pod just evicted as disrupted until it is gone or the timeout passes', () => {
    const recent = pdbStatus(budget({ minAvailable: 2 }, { disruptedPods: { a: '2026-11-25T09:59:30Z' } } as never), pods, NOW);
    expect(recent).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 0, disruptedPods: { a: '2026-11-25T09:59:30Z' } });
    const stale = pdbStatus(budget({ minAvailable: 2 }, { disruptedPods: { a: '2026-11-25T09:50:00Z' } } as never), pods, NOW);
    expect(stale.disruptedPods).toBeUndefined();
    expect(stale.disruptionsAllowed).toBe(1);
  });

  it('ignores terminating and finished pods', () => {
    const s = pdbStatus(budget({ minAvailable: 1 }), [pod('a', true, { deletionTimestamp: '2026-11-25T09:59:00Z' }), pod('b', true)], NOW);
    expect(s).toMatchObject({ expectedPods: 1, currentHealthy: 1, disruptionsAllowed: 0 });
  });
});
