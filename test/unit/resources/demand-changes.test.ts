import { describe, expect, it } from 'vitest';
import { demandValue } from '../../../shared/nodes/demand';
import { parseDemand } from '../../../shared/nodes/workload-profile';
import { demandChangesAfter, nodeCpuStats, type CpuContainer } from '../../../shared/resources';

const S = 1_000_000;

describe('when a demand may next change', () => {
  it.each([
    ['250m', 5_000, Infinity],
    ['step:0=100m,60=500m', S + 5_000, S + 60_000],
    ['step:0=100m,60=500m', S + 60_000, Infinity],
    ['trace:10=100m,30=400m', S + 1_000, S + 10_000],
    ['trace:10=100m,30=400m', S + 12_000, S + 12_000],
    ['trace:10=100m,30=400m', S + 30_000, Infinity],
    ['trace:10=100m,30=400m;step', S + 12_000, S + 30_000],
    ['trace:0=100m,30=400m;repeat', S + 40_000, S + 40_000],
    ['sine:base=200m,amplitude=100m,period=60', S + 1, S + 1],
    ['sine:base=200m,amplitude=0,period=60', S + 1, Infinity],
  ] as const)('%s after %d → %d', (d, t, want) => expect(demandChangesAfter(parseDemand(d), t, S)).toBe(want));

  it('skipping the ticks in between gives the same counters as sampling every tick', () => {
    const start = 1_700_000_000_000;
    const curves = ['step:0=300m,20=900m,45=100m,70=700m', '600m', 'trace:0=100m,15=800m,40=200m', 'trace:0=100m,30=900m;step'].map((s) => parseDemand(s)!);
    const containers = (skip: boolean): CpuContainer[] => curves.map((d, i) => ({
      key: `c${i}`,
      cgroup: { shares: 256 * (i + 1), weight: 0, quotaUs: i === 1 ? -1 : 50_000, periodUs: 100_000, burstUs: i === 0 ? 30_000 : 0 },
      startedAt: start + i * 3_250,
      demandMilliAt: (t: number) => demandValue(d, 'cpu', t, start + i * 3_250),
      ...(skip ? { changesAfter: (t: number) => demandChangesAfter(d, t, start + i * 3_250) } : {}),
    }));
    const now = start + 95_000;
    expect(nodeCpuStats({ capacityMilli: 1500, containers: containers(true) }, now)).toEqual(nodeCpuStats({ capacityMilli: 1500, containers: containers(false) }, now));
  });
});
