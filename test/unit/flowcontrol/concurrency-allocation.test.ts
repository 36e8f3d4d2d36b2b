// computeConcurrencyAllocation as upstream's conc_alloc_test.go checks it: fixed rows, the error cases,
// and random problems whose answers must meet every property the function promises.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../shared/api/seeded-random';
import { computeConcurrencyAllocation, currentLimits, type AllocItem } from '../../../shared/flowcontrol';

describe('computeConcurrencyAllocation', () => {
  it('splits by target when no bound matters', () => {
    const r = computeConcurrencyAllocation(10, [
      { target: 1, lowerBound: 0, upperBound: 10 },
      { target: 4, lowerBound: 0, upperBound: 10 },
    ]);
    expect(r.allocs.map((a) => +a.toFixed(6))).toEqual([2, 8]);
    expect(r.fairProp).toBeCloseTo(2, 6);
  });

  it('a busy level borrows what an idle one lends, up to the bounds', () => {
    // idle: nominal 50, lendable 45 → [5, 650]; busy: nominal 50, no lending, unbounded borrowing → [50, 100]
    const r = computeConcurrencyAllocation(100, [
      { target: 5, lowerBound: 5, upperBound: 100 },
      { target: 100, lowerBound: 50, upperBound: 100 },
    ]);
    expect(r.allocs.map((a) => Math.round(a))).toEqual([5, 95]);
  });

  it('uses the lower bounds when they alone make the sum, the upper when only they do', () => {
    expect(computeConcurrencyAllocation(10, [{ target: 9, lowerBound: 4, upperBound: 9 }, { target: 6, lowerBound: 6, upperBound: 8 }]).allocs).toEqual([4, 6]);
    expect(computeConcurrencyAllocation(17, [{ target: 9, lowerBound: 4, upperBound: 9 }, { target: 6, lowerBound: 6, upperBound: 8 }]).allocs.map((a) => +a.toFixed(6))).toEqual([9, 8]);
  });

  it.each([
    [-1, [], 'negative sums are not supported'],
    [10, [{ target: 1, lowerBound: -1, upperBound: 2 }], 'lower bound 0 is -1 but negative lower bounds are not allowed'],
    [10, [{ target: 1, lowerBound: 2, upperBound: 3 }], 'target 0 is 1, which is below its lower bound of 2'],
    [10, [{ target: 3, lowerBound: 2, upperBound: 1 }], 'upper bound 0 is 1 but should not be less than the lower bound 2'],
    [1, [{ target: 3, lowerBound: 2, upperBound: 4 }], 'lower bounds sum to 2, which is higher than the required sum of 1'],
    [10, [{ target: 3, lowerBound: 2, upperBound: 4 }], 'upper bounds sum to 4, which is lower than the required sum of 10'],
  ] as [number, AllocItem[], string][])('refuses %i over %j: %s', (req, items, msg) => expect(() => computeConcurrencyAllocation(req, items)).toThrow(msg));

  it('random problems (TestConcAlloc): sum, bounds and one fair proportion', () => {
    const rand = seededRandom(42);
    for (let n = 0; n < 500; n++) {
      const items: AllocItem[] = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => {
        const lowerBound = Math.floor(rand() * 20);
        const target = lowerBound + rand() * 30;
        return { lowerBound, target, upperBound: lowerBound + rand() * 60 };
      });
      const low = items.reduce((a, i) => a + i.lowerBound, 0);
      const high = items.reduce((a, i) => a + i.upperBound, 0);
      const required = Math.round(low + rand() * (high - low));
      if (required < low || required > high) continue;
      const { allocs, fairProp } = computeConcurrencyAllocation(required, items);
      expect(allocs.reduce((a, b) => a + b, 0)).toBeCloseTo(required, 4);
      items.forEach((i, k) => {
        const a = allocs[k]!;
        expect(a).toBeGreaterThanOrEqual(i.lowerBound - 1e-9);
        expect(a).toBeLessThanOrEqual(i.upperBound + 1e-9);
        const fair = fairProp * i.target;
        const atFair = Math.abs(a - fair) < 1e-4 * Math.max(1, fair);
        const atLower = Math.abs(a - i.lowerBound) < 1e-9 && i.lowerBound >= fair - 1e-4;
        const atUpper = Math.abs(a - i.upperBound) < 1e-9 && i.upperBound <= fair + 1e-4;
        expect(atFair || atLower || atUpper).toBe(true);
      });
    }
  });
});

describe('currentLimits (borrowing)', () => {
  it('an idle cluster keeps roughly its nominal shape; a flooded level borrows what the others lend', async () => {
    const { concurrencyLimits, mandatoryPriorityLevels, suggestedPriorityLevels } = await import('../../../shared/flowcontrol');
    const levels = [...mandatoryPriorityLevels(), ...suggestedPriorityLevels()];
    const limits = concurrencyLimits(levels, 600);
    const input = (demand: Record<string, number>) =>
      levels.filter((l) => l.spec?.type !== 'Exempt').map((l) => ({ name: l.metadata!.name!, ...limits.get(l.metadata!.name!)!, demand: demand[l.metadata!.name!] ?? 0 }));
    const flooded = currentLimits(input({ 'global-default': 400 }));
    // global-default (nominal 49) borrows: every other level is down to at most its nominal limit, none under its lower limit
    expect(flooded.get('global-default')).toBeGreaterThan(300);
    for (const [name, cl] of flooded) {
      const l = limits.get(name)!;
      expect(cl).toBeGreaterThanOrEqual(l.lowerLimit);
      expect(cl).toBeLessThanOrEqual(l.upperLimit);
    }
    expect(flooded.get('catch-all')).toBe(13);
    expect(flooded.get('leader-election')).toBe(25);
    // a level that may not borrow stays at its nominal limit however flooded
    const sum = [...flooded.values()].reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - [...limits.values()].reduce((a, l) => a + l.nominalCL, 0))).toBeLessThanOrEqual(7);
  });

  it('borrowingLimitPercent 0 holds a level at its nominal limit', () => {
    const r = currentLimits([
      { name: 'tiny', nominalCL: 3, lowerLimit: 3, upperLimit: 3, demand: 64 },
      { name: 'big', nominalCL: 97, lowerLimit: 10, upperLimit: 100, demand: 0 },
    ]);
    expect(r.get('tiny')).toBe(3);
    expect(r.get('big')).toBe(97);
  });
});

describe('seat demand', () => {
  it('is the peak of this and the previous 10 s period', async () => {
    const { newSeatDemand, noteDemand, recentDemand } = await import('../../../shared/flowcontrol');
    const d = newSeatDemand();
    noteDemand(d, 1000, 5);
    noteDemand(d, 2000, 9);
    noteDemand(d, 3000, 2);
    expect(recentDemand(d, 4000)).toBe(9);
    expect(recentDemand(d, 15_000)).toBe(9);
    expect(recentDemand(d, 25_000)).toBe(0);
    noteDemand(d, 26_000, 3);
    expect(recentDemand(d, 31_000)).toBe(3);
  });
});
