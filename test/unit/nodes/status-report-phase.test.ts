// The kubelet's periodic status report (nodeStatusReportFrequency) on each node's own point of the
// period: statusReportPhase from the name, statusReportDue the first grid point at least a period on.
import { describe, expect, it } from 'vitest';
import { buildNode, nodeStatusUpdate, statusReportDue, statusReportPhase } from '../../../shared/nodes';

const MIN5 = 300_000;
const T0 = Date.UTC(2025, 0, 1);

describe('statusReportDue', () => {
  const P = (T0 + 120_000) % MIN5; // a node whose grid points are at 2 min past every 5 min
  it.each([
    // [last, interval, phase, due]
    ['on its grid: one period on', T0 + 120_000, MIN5, P, T0 + 420_000],
    ['phase 0, last on the grid', T0, MIN5, 0, T0 + MIN5],
    ['a report 1.5 s after its point (tick, whole-second time): still one period after the point', T0 + 121_500, MIN5, P, T0 + 420_000],
    ['a report 10 s late: still on the grid', T0 + 130_000, MIN5, P, T0 + 420_000],
    ['a report more than 10 s late: the next point, a period skipped', T0 + 130_500, MIN5, P, T0 + 720_000],
    ['a change wrote 2 min after the point: the point after next', T0 + 240_000, MIN5, P, T0 + 720_000],
    ['a change wrote just before its grid point: the next report a period and a second on', T0 + 119_000, MIN5, P, T0 + 420_000],
    ['a change wrote 5 s before the point: a period less 5 s on (within the tolerance)', T0 + 115_000, MIN5, P, T0 + 420_000],
    ['a change wrote 11 s before the point: the point after', T0 + 109_000, MIN5, P, T0 + 420_000],
    ['a short period: the tolerance is half of it', 0, 1000, 700, 700],
    ['a short period, the phase past the earliest time', 0, 1000, 200, 1200],
    ['a phase larger than the period counts modulo it', 0, 1000, 2200, 1200],
    ['no period: one period on (nothing to spread over)', 5000, 0, 123, 5000],
  ])('%s', (_name, last, interval, phase, due) => {
    const d = statusReportDue(last, interval, phase);
    expect(d).toBe(due);
    expect(d - last).toBeGreaterThanOrEqual(interval - Math.min(10_000, interval / 2));
    if (interval > 0) {
      expect(d - last).toBeLessThan(2 * interval);
      expect((((d - phase) % interval) + interval) % interval).toBe(0);
    }
  });
});

describe('statusReportPhase', () => {
  it('is fixed per name, within the period, and spreads a pool over it', () => {
    expect(statusReportPhase('pool-a-0', MIN5)).toBe(statusReportPhase('pool-a-0', MIN5));
    expect(statusReportPhase('anything', 0)).toBe(0);
    const phases = Array.from({ length: 1000 }, (_, i) => statusReportPhase(`bench-${i}`, MIN5));
    for (const p of phases) expect(p >= 0 && p < MIN5 && Number.isInteger(p)).toBe(true);
    // 1000 nodes over 300 one-second buckets: no second holds more than a few dozen (all 1000 at once before)
    const perSecond = new Map<number, number>();
    for (const p of phases) perSecond.set(Math.floor(p / 1000), (perSecond.get(Math.floor(p / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThan(30);
    expect(perSecond.size).toBeGreaterThan(250);
  });
});

describe('nodeStatusUpdate with a report phase', () => {
  const node = buildNode({ metadata: { name: 'pool' }, spec: { nodes: 1 } }, 0, { now: T0 });
  it('an unchanged status waits for the node\'s grid point; without a phase, one period after the last write', () => {
    const phase = 42_000;
    expect(nodeStatusUpdate(node, {}, T0 + MIN5, { statusUpdateIntervalSeconds: 300 }).write).toBe(true);
    expect(nodeStatusUpdate(node, {}, T0 + MIN5, { statusUpdateIntervalSeconds: 300, reportPhaseMs: phase })).toMatchObject({ write: false, nextDueMs: T0 + MIN5 + phase });
    expect(nodeStatusUpdate(node, {}, T0 + MIN5 + phase, { statusUpdateIntervalSeconds: 300, reportPhaseMs: phase }).write).toBe(true);
    // a change is written at once, whatever the phase
    expect(nodeStatusUpdate(node, { notReady: true }, T0 + 1000, { statusUpdateIntervalSeconds: 300, reportPhaseMs: phase }).write).toBe(true);
  });
});
