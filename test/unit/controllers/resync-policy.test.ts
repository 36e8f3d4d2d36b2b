import { describe, expect, it } from 'vitest';
import { nextPeriodDue, REPAIR_RESYNC_MS, repairResyncDelay, resyncByWall } from '../../../shared/controllers/resync-policy';


describe('repair resync period', () => {
  it('spreads hosts by name over up to a quarter of the period, the same for the same name', () => {
    const names = ['deployment', 'replicaset', 'job', 'cronjob', 'daemonset', 'statefulset', 'endpoints', 'endpointslice', 'disruption', 'resourcequota'];
    const delays = names.map((n) => repairResyncDelay(n, REPAIR_RESYNC_MS));
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(REPAIR_RESYNC_MS);
      expect(d).toBeLessThan(REPAIR_RESYNC_MS * 1.25);
    }
    expect(new Set(delays).size).toBeGreaterThan(names.length / 2);
    expect(repairResyncDelay('deployment', REPAIR_RESYNC_MS)).toBe(delays[0]);
    expect(repairResyncDelay('kubelet#1', 60_000)).not.toBe(repairResyncDelay('kubelet#2', 60_000));
  });
});

describe('which clock a repair resync goes by', () => {
  it('the wall clock when declared so, cluster time while the clock is paused (stepped) or when not declared', () => {
    expect(resyncByWall(true, { paused: false })).toBe(true);
    expect(resyncByWall(true, { paused: true })).toBe(false);
    expect(resyncByWall(false, { paused: false })).toBe(false);
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
