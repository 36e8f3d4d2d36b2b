import { describe, expect, it } from 'vitest';
import {
  byFirstPeriod, cfsPeriod, cfsPeriods, cpuFairShare, forEachCpuSegment, newCfsAccount, nodeCpuGrantsAt, nodeCpuStats,
  type CfsAccount, type CpuCgroup, type CpuContainer,
} from '../../../shared/resources';

const cg = (quotaUs: number, burstUs = 0, shares = 1024): CpuCgroup => ({ shares, weight: 0, quotaUs, periodUs: 100_000, burstUs });
const run = (c: CpuCgroup, demands: number[]) => demands.reduce<CfsAccount>((a, d) => cfsPeriod(a, d, c), newCfsAccount(c));

// a deterministic sequence for table-free checks (no Math.random in tests either)
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('a CFS period', () => {
  it('throttles the periods whose demand exceeds the quota (quota 200000, no burst)', () => {
    const a = run(cg(200_000), [150_000, 250_000, 100_000, 300_000, 180_000]);
    expect(a.stat).toMatchObject({ nrPeriods: 5, nrThrottled: 2, nrBursts: 0, burstUs: 0, usageUs: 150_000 + 200_000 + 100_000 + 200_000 + 180_000 });
    // 250ms and 300ms want 3 CPUs each: 3 run queues throttled from when 200ms ran out
    expect(a.stat.throttledUs).toBe(2 * (300_000 - 200_000));
  });

  it('accumulates unused quota up to the burst and spends it on a later spike', () => {
    const c = cg(50_000, 50_000);
    const a = run(c, [10_000, 10_000, 90_000]);
    // runtime 50k → 90k → 100k (capped at quota + burst) → a 90k spike runs in full on 40k of burst
    expect(a.stat).toMatchObject({ nrThrottled: 0, nrBursts: 1, burstUs: 40_000, usageUs: 110_000 });
    expect(a.runtimeUs).toBe(60_000);
    // the same spike without burst throttles
    expect(run(cg(50_000), [10_000, 10_000, 90_000]).stat).toMatchObject({ nrThrottled: 1, nrBursts: 0, usageUs: 70_000 });
  });

  it('does not count periods without demand, and no quota never throttles', () => {
    expect(run(cg(50_000), [0, 0, 20_000]).stat.nrPeriods).toBe(1);
    expect(run(cg(-1), [500_000, 0]).stat).toMatchObject({ nrPeriods: 1, nrThrottled: 0, usageUs: 500_000 });
  });

  it('applies n equal periods in closed form exactly as n single periods', () => {
    const rand = lcg(42);
    for (let trial = 0; trial < 2000; trial++) {
      const quota = [-1, 1000, 20_000, 50_000, 100_000, 250_000][Math.floor(rand() * 6)]!;
      const burst = quota > 0 ? Math.floor(rand() * 2) * Math.floor(rand() * quota) : 0;
      const c = cg(quota, burst);
      let fast = newCfsAccount(c);
      let slow = newCfsAccount(c);
      for (let seg = 0; seg < 6; seg++) {
        const demand = Math.floor(rand() * 4) === 0 ? 0 : Math.floor(rand() * 3 * Math.max(quota, 100_000));
        const n = 1 + Math.floor(rand() * 40);
        fast = cfsPeriods(fast, demand, n, c);
        for (let i = 0; i < n; i++) slow = cfsPeriod(slow, demand, c);
        expect(fast).toEqual(slow);
      }
    }
  });
});

describe('CFS fairness on a full node', () => {
  it('leaves demand alone when it fits', () => expect(cpuFairShare(400, [100, 200], [2, 1024])).toEqual([100, 200]));

  it('divides by shares, and a noisy BestEffort container (2 shares) cannot starve a Guaranteed one', () => {
    // 4 CPUs; Guaranteed 2 CPUs (2048 shares) wants 2, BestEffort wants 8
    const [g, be] = cpuFairShare(400_000, [200_000, 800_000], [2048, 2]);
    expect(g).toBe(200_000);
    expect(be).toBe(200_000);
    // both want everything: split 1024:2
    const [a, b] = cpuFairShare(400_000, [800_000, 800_000], [1024, 2]);
    expect(a).toBe(Math.floor((400_000 * 1024) / 1026));
    expect(b).toBe(Math.floor((400_000 * 2) / 1026));
  });

  it('redistributes what a light container does not use', () => {
    expect(cpuFairShare(300, [50, 300, 300], [1024, 1024, 1024])).toEqual([50, 125, 125]);
  });
});

describe('a node over time', () => {
  const sine = (base: number, amp: number, period: number, start: number) => (t: number) => Math.max(0, Math.round(base + amp * Math.sin((2 * Math.PI * (t - start)) / period)));
  const containers = (start: number): CpuContainer[] => [
    { key: 'ns/web/app', cgroup: cg(50_000, 25_000, 512), startedAt: start + 230, demandMilliAt: sine(500, 400, 37_000, start) },
    { key: 'ns/batch/app', cgroup: cg(-1, 0, 2), startedAt: start + 5_050, demandMilliAt: () => 1800 },
    { key: 'ns/db/app', cgroup: cg(100_000, 0, 1024), startedAt: start, demandMilliAt: (t) => (Math.floor((t - start) / 20_000) % 2 ? 1200 : 300) },
  ];

  it('gives the same counters per tick as period by period (aggregation is exact)', () => {
    const start = 1_700_000_000_000;
    const now = start + 180_000 + 37;
    const input = { capacityMilli: 2000, containers: containers(start) };
    const fast = nodeCpuStats(input, now);
    // the reference: every period on its own, with the demands the segments hold
    const order = byFirstPeriod(input.containers);
    const slow = order.map((c) => newCfsAccount(c.cgroup));
    let periods = 0;
    forEachCpuSegment(order, input.capacityMilli, now, (n, active, demands) => {
      periods += n;
      for (let p = 0; p < n; p++) for (let i = 0; i < active; i++) slow[i] = cfsPeriod(slow[i]!, demands[i]!, order[i]!.cgroup);
    });
    expect(periods).toBe(1800); // 180s of 100ms periods since the first start
    order.forEach((c, i) => expect(fast.get(c.key)).toEqual(slow[i]!.stat));
    expect(fast.get('ns/web/app')!.nrThrottled).toBeGreaterThan(0);
    expect(fast.get('ns/web/app')!.nrBursts).toBeGreaterThan(0);
  });

  it('counts only the periods ended by now, from the container start', () => {
    const start = 1_000_000;
    const stats = nodeCpuStats({ containers: [{ key: 'a', cgroup: cg(50_000), startedAt: start + 50, demandMilliAt: () => 800 }] }, start + 10_050);
    expect(stats.get('a')).toEqual({ nrPeriods: 99, nrThrottled: 99, throttledUs: 99 * 50_000, nrBursts: 0, burstUs: 0, usageUs: 99 * 50_000 });
  });

  it('grants the demand capped by the limit and the fair share', () => {
    const g = nodeCpuGrantsAt({ capacityMilli: 1000, containers: [
      { key: 'limited', cgroup: cg(50_000, 0, 512), startedAt: 0, demandMilliAt: () => 800 },
      { key: 'noisy', cgroup: cg(-1, 0, 2), startedAt: 0, demandMilliAt: () => 4000 },
    ] }, 1000);
    expect(g.get('limited')).toBe(500);
    expect(g.get('noisy')).toBe(500);
  });
});
