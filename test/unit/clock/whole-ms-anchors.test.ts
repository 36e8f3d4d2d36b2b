import { describe, expect, it } from 'vitest';
import { admitClusterClock, clockStateOf, type ClusterClockObject } from '../../../shared/clock/clock-object';
import { advanced, clusterTimeAt, runAtSpeed, type ClockState } from '../../../shared/clock/cluster-clock';

const T0 = Date.UTC(2026, 0, 1);
const obj = (spec: Record<string, unknown>) => ({ metadata: { name: 'cluster' }, spec }) as ClusterClockObject;

/** kubectl prints a fractional number in exponent form (clusterAnchor: 1.79634468422683e+12). */
function expectWholeAnchors(o: ClusterClockObject): void {
  const s = o.status!;
  expect(Number.isInteger(s.clusterAnchor), `clusterAnchor ${s.clusterAnchor}`).toBe(true);
  expect(Number.isInteger(s.wallAnchor), `wallAnchor ${s.wallAnchor}`).toBe(true);
  if (s.runUntil !== undefined) expect(Number.isInteger(s.runUntil), `runUntil ${s.runUntil}`).toBe(true);
}

describe('ClusterClock status anchors are whole milliseconds', () => {
  it('after changes of a fractional speed, advances and timed runs, moving time forward by under a millisecond', () => {
    let wall = T0;
    let clock = admitClusterClock(null, obj({ speed: 1.37 }), wall).object;
    const steps: Record<string, unknown>[] = [
      { speed: 2.71 },
      { speed: 2.71, advance: '1.5ms' },
      { speed: 0.33 },
      { speed: 0.33, runFor: '10.0001s' },
      { speed: 7.77, paused: false },
      { speed: 7.77, advance: '333us' },
    ];
    for (const spec of steps) {
      wall += 1001;
      const exact = clusterTimeAt(clockStateOf(clock), wall);
      clock = admitClusterClock(clock, obj(spec), wall).object;
      expectWholeAnchors(clock);
      const now = clusterTimeAt(clockStateOf(clock), wall);
      const asked = typeof spec.advance === 'string' ? (spec.advance === '1.5ms' ? 1.5 : 0.333) : 0;
      expect(now - (exact + asked)).toBeGreaterThanOrEqual(0);
      expect(now - (exact + asked)).toBeLessThan(1);
    }
  });

  it('a timed run slowed by the pace keeper keeps whole anchors', () => {
    const run: ClockState = { speed: 3.3, paused: false, wallAnchor: T0, clusterAnchor: T0, runUntil: T0 + 60_000 };
    const slowed = runAtSpeed(run, 2.25, T0 + 333);
    expect(Number.isInteger(slowed.clusterAnchor)).toBe(true);
    expect(slowed.runUntil).toBe(T0 + 60_000);
  });

  it("a paused clock's advance stays exact", () => {
    let clock = admitClusterClock(null, obj({ speed: 1, paused: true }), T0).object;
    for (let i = 1; i <= 50; i++) {
      clock = admitClusterClock(clock, obj({ speed: 1, paused: true, advance: '1m37s' }), T0 + i * 777).object;
      expect(clock.status!.clusterAnchor).toBe(T0 + i * 97_000);
    }
    const state = clockStateOf(clock);
    expect(advanced(state, 1, T0 + 1e6).clusterAnchor).toBe(T0 + 50 * 97_000 + 1);
  });
});
