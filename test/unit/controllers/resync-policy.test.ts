import { describe, expect, it } from 'vitest';
import { nextPeriodDue, REPAIR_RESYNC_MS, repairResyncDelay } from '../../../shared/controllers/resync-policy';

const realTime = { speed: 1, paused: false };

describe('repair resync period', () => {
  it('stretches with a fast clock on the wall clock, so a 60x clock lists as often as real time', () => {
    const base = repairResyncDelay('deployment', REPAIR_RESYNC_MS, true, realTime);
    expect(repairResyncDelay('deployment', REPAIR_RESYNC_MS, true, { speed: 60, paused: false })).toBe(base * 60);
  });

  it('never shrinks below its cluster length on a slow clock', () => {
    const base = repairResyncDelay('deployment', REPAIR_RESYNC_MS, true, realTime);
    expect(repairResyncDelay('deployment', REPAIR_RESYNC_MS, true, { speed: 0.5, paused: false })).toBe(base);
  });

  it('counts in cluster time while the clock is paused (a stepped clock still resyncs when stepped past it)', () => {
    const base = repairResyncDelay('deployment', REPAIR_RESYNC_MS, true, realTime);
    expect(repairResyncDelay('deployment', REPAIR_RESYNC_MS, true, { speed: 60, paused: true })).toBe(base);
  });

  it('stays in cluster time for a resync not on the wall clock', () => {
    const base = repairResyncDelay('x', 60_000, false, realTime);
    expect(repairResyncDelay('x', 60_000, false, { speed: 60, paused: false })).toBe(base);
  });

  it('spreads hosts by name over up to a quarter of the period, the same for the same name', () => {
    const names = ['deployment', 'replicaset', 'job', 'cronjob', 'daemonset', 'statefulset', 'endpoints', 'endpointslice', 'disruption', 'resourcequota'];
    const delays = names.map((n) => repairResyncDelay(n, REPAIR_RESYNC_MS, true, realTime));
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(REPAIR_RESYNC_MS);
      expect(d).toBeLessThan(REPAIR_RESYNC_MS * 1.25);
    }
    expect(new Set(delays).size).toBeGreaterThan(names.length / 2);
    expect(repairResyncDelay('deployment', REPAIR_RESYNC_MS, true, realTime)).toBe(delays[0]);
  });
});

describe('upstream period', () => {
  it('keeps an armed period and starts an idle or past one over from now', () => {
    expect(nextPeriodDue(5000, 1000, 300)).toBe(5000);
    expect(nextPeriodDue(undefined, 1000, 300)).toBe(1300);
    expect(nextPeriodDue(900, 1000, 300)).toBe(1300);
    expect(nextPeriodDue(1000, 1000, 300)).toBe(1300);
  });
});
