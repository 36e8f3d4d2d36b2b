import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { newRSNewReplicas, proportion, resolveFenceposts, roundHalfAwayFromZero, scaledValue, maxUnavailable } from '../../../shared/controllers';

describe('resolveFenceposts (upstream rounding)', () => {
  it.each([
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 1, 1, 0],
    ['25%', '25%', 4, 1, 1],
    ['0%', '0%', 10, 0, 1],
    [0, 0, 5, 0, 1],
    [1, 0, 5, 1, 0],
    ['50%', '50%', 3, 2, 1],
    ['30%', '10%', 7, 3, 0],
    [2, '100%', 3, 2, 3],
  ] as const)('surge %s unavailable %s of %i → %i/%i', (s, u, n, surge, unavailable) => {
    expect(resolveFenceposts(s, u, n)).toEqual({ surge, unavailable });
  });

  it('rejects strings that are not percentages', () => {
    expect(() => scaledValue('5', 10, true)).toThrow('string is not a percentage');
  });

  it('caps maxUnavailable at replicas and is 0 for Recreate', () => {
    const d = (strategy: Deployment['spec']) => ({ spec: strategy }) as Deployment;
    expect(maxUnavailable(d({ replicas: 2, selector: {}, template: {}, strategy: { rollingUpdate: { maxUnavailable: 5 } } }))).toBe(2);
    expect(maxUnavailable(d({ replicas: 2, selector: {}, template: {}, strategy: { type: 'Recreate' } }))).toBe(0);
  });

  it('rounds half away from zero like Go math.Round', () => {
    expect([2.5, -2.5, 1.4, -1.6].map(roundHalfAwayFromZero)).toEqual([3, -3, 1, -2]);
  });
});

const rs = (replicas: number, maxReplicas?: number): ReplicaSet => ({
  metadata: { annotations: maxReplicas === undefined ? {} : { 'deployment.kubernetes.io/max-replicas': String(maxReplicas) } },
  spec: { replicas, selector: {} },
});
const dep = (replicas: number, surge: number | string = '25%', statusReplicas = 0): Deployment => ({
  spec: { replicas, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: '25%' } } },
  status: { replicas: statusReplicas },
});

describe('newRSNewReplicas (rolling)', () => {
  it.each([
    // replicas, surge, old, new → new target   (upstream TestNewRSNewReplicas style)
    [10, '25%', 10, 0, 3],
    [10, '25%', 8, 3, 5],
    [10, '25%', 0, 10, 10],
    [1, '25%', 1, 0, 1],
    [10, 0, 10, 0, 0],
    [10, 0, 8, 0, 2],
  ])('%i replicas surge %s with old %i new %i → %i', (replicas, surge, old, cur, expected) => {
    const newRS = rs(cur);
    expect(newRSNewReplicas(dep(replicas, surge), [rs(old), newRS], newRS)).toBe(expected);
  });
});

describe('proportion', () => {
  it('takes round(size × newMax / annotatedMax) − size, capped by what is left', () => {
    expect(proportion(rs(3, 5), dep(10, 0), 5, 0)).toBe(3);
    expect(proportion(rs(2, 5), dep(10, 0), 5, 3)).toBe(2);
    expect(proportion(rs(2, 5), dep(10, 0), 5, 4)).toBe(1);
  });

  it('scales down to zero with the whole size', () => {
    expect(proportion(rs(4, 13), dep(0), -4, 0)).toBe(-4);
  });

  it('falls back to status.replicas without the annotation, and to 0 without either', () => {
    expect(proportion(rs(5), dep(20, '25%', 10), 15, 0)).toBe(roundHalfAwayFromZero((5 * 25) / 10) - 5);
    expect(proportion(rs(5), dep(20, '25%', 0), 15, 0)).toBe(0);
  });
});
