import { describe, expect, it } from 'vitest';
import { advanced, clusterTimeAt, NO_CLOCK, realTimeState, runningFor, standsStill, wallDelay, wallTimeAt, withSettings } from '../../../shared/clock/cluster-clock';
import { admitClusterClock, clockStateOf } from '../../../shared/clock/clock-object';
import { ClusterClock } from '../../../shared/clock/clock';
import { parseGoDuration } from '../../../shared/clock/go-duration';

const T0 = Date.UTC(2026, 0, 1);

describe('cluster clock arithmetic', () => {
  it('runs at wall speed in real time', () => {
    const s = realTimeState(T0);
    expect(clusterTimeAt(s, T0 + 5000)).toBe(T0 + 5000);
    expect(wallTimeAt(s, T0 + 5000, T0)).toBe(T0 + 5000);
  });

  it('runs speed times faster after a change, without jumping at the change', () => {
    const s = withSettings(realTimeState(T0), { speed: 60, paused: false }, T0 + 1000);
    expect(clusterTimeAt(s, T0 + 1000)).toBe(T0 + 1000);
    expect(clusterTimeAt(s, T0 + 2000)).toBe(T0 + 1000 + 60_000);
    // an alarm for one cluster minute later is one wall second away
    expect(wallTimeAt(s, T0 + 1000 + 60_000, T0 + 1000)).toBe(T0 + 2000);
    expect(wallDelay(s, 15_000)).toBe(250);
  });

  it('stands still when paused and moves only by advance', () => {
    const s = withSettings(realTimeState(T0), { speed: 1, paused: true }, T0);
    expect(clusterTimeAt(s, T0 + 10_000)).toBe(T0);
    expect(wallTimeAt(s, T0 + 1, T0 + 10_000)).toBe(Infinity);
    expect(wallTimeAt(s, T0, T0 + 10_000)).toBe(T0 + 10_000);
    const a = advanced(s, 600_000, T0 + 10_000);
    expect(clusterTimeAt(a, T0 + 20_000)).toBe(T0 + 600_000);
  });

  it('remembers where the last advance landed, but not a change of speed or a timed run', () => {
    let wall = T0;
    const c = new ClusterClock(() => wall);
    expect(c.lastJump).toBe(-Infinity);
    c.update(withSettings(c.current, { speed: 60, paused: false }, wall));
    wall += 1000;
    c.update(withSettings(c.current, { speed: 30, paused: false }, wall));
    expect(c.lastJump).toBe(-Infinity);
    c.update(advanced(c.current, 3_600_000, wall));
    expect(c.lastJump).toBe(T0 + 60_000 + 3_600_000);
    c.update(runningFor(c.current, 600_000, 30, wall));
    expect(c.lastJump).toBe(T0 + 60_000 + 3_600_000);
  });

  it('ignores an older state arriving late, and does not take a speed-up delivered late for an advance', () => {
    let wall = T0;
    const c = new ClusterClock(() => wall);
    const fast = withSettings(c.current, { speed: 60, paused: false }, wall);
    c.update(fast);
    wall += 1000;
    const slow = withSettings(fast, { speed: 10, paused: false }, wall);
    c.update(slow);
    // a refresh that read the 60x state before the slow-down answers after it: time must not jump ahead
    wall += 2000;
    c.update(fast);
    expect(c.current).toBe(slow);
    expect(c.now()).toBe(T0 + 60_000 + 20_000);
    expect(c.lastJump).toBe(-Infinity);
    // the speed-up back to 60x, taken 3 wall s after it was written (a saturated runtime): no jump either
    const again = withSettings(slow, { speed: 60, paused: false }, wall);
    wall += 3000;
    c.update(again);
    expect(c.now()).toBe(T0 + 80_000 + 180_000);
    expect(c.lastJump).toBe(-Infinity);
    // an advance is still one, however late it arrives
    const ahead = advanced(again, 600_000, wall);
    wall += 2000;
    c.update(ahead);
    expect(c.lastJump).toBe(T0 + 260_000 + 600_000 + 120_000);
    // real time without a ClusterClock (it was deleted) is always taken
    c.update(NO_CLOCK);
    expect(c.now()).toBe(wall);
  });

  it('a ClusterClock reads the injected wall', () => {
    let wall = T0;
    const c = new ClusterClock(() => wall);
    c.update(withSettings(c.current, { speed: 10, paused: false }, wall));
    wall += 3000;
    expect(c.now()).toBe(T0 + 30_000);
  });
});

describe('ClusterClock admission', () => {
  const obj = (spec: Record<string, unknown>) => ({ metadata: { name: 'cluster' }, spec });

  it('records the new speed from now on and consumes advance', () => {
    const first = admitClusterClock(null, obj({ speed: 60 }), T0);
    expect(first.causes).toEqual([]);
    expect(first.object.status).toMatchObject({ speed: 60, paused: false, clusterAnchor: T0, wallAnchor: T0 });
    const second = admitClusterClock(first.object, obj({ speed: 60, advance: '1h' }), T0 + 1000);
    expect(second.causes).toEqual([]);
    expect(second.object.spec).toEqual({ speed: 60, paused: false, keepUp: true });
    expect(clusterTimeAt(clockStateOf(second.object, T0), T0 + 1000)).toBe(T0 + 60_000 + 3_600_000);
  });

  it.each([
    [{ speed: 0 }, 'spec.speed'],
    [{ speed: -2 }, 'spec.speed'],
    [{ speed: 'fast' }, 'spec.speed'],
    [{ speed: 1e9 }, 'spec.speed'],
    [{ advance: '-10m' }, 'spec.advance'],
    [{ advance: 'soon' }, 'spec.advance'],
    [{ paused: 'yes' }, 'spec.paused'],
    [{ keepUp: 'always' }, 'spec.keepUp'],
    [{ runFor: '-1m' }, 'spec.runFor'],
    [{ runFor: '0s' }, 'spec.runFor'],
    [{ runFor: 'later' }, 'spec.runFor'],
    [{ runFor: '1m', advance: '1m' }, 'spec.runFor'],
    [{ advance: '9999999999h' }, 'spec.advance'],
    [{ runFor: '3000000h' }, 'spec.runFor'],
  ])('refuses %j at %s', (spec, field) => {
    const r = admitClusterClock(null, obj(spec), T0);
    expect(r.causes.map((c) => c.field)).toContain(field);
  });

  it('refuses to go past 9999-12-31 (timestamps are RFC 3339), and says so', () => {
    let clock = admitClusterClock(null, obj({ speed: 1 }), T0).object;
    for (let i = 0; i < 27; i++) clock = admitClusterClock(clock, obj({ speed: 1, advance: '2562047h' }), T0).object;
    expect(new Date(clusterTimeAt(clockStateOf(clock, T0), T0)).getUTCFullYear()).toBe(9917);
    for (const spec of [{ advance: '2562047h' }, { runFor: '2562047h' }]) {
      const r = admitClusterClock(clock, obj({ speed: 1, ...spec }), T0);
      expect(r.causes.map((c) => c.message)).toEqual(['Invalid value: "2562047h": would take the cluster clock past 9999-12-31T23:59:59Z']);
    }
  });

  it('refuses a second clock', () => {
    expect(admitClusterClock(null, { metadata: { name: 'other' }, spec: {} }, T0).causes[0]!.field).toBe('metadata.name');
  });
});

describe('parseGoDuration (rows of Go time.ParseDuration tests)', () => {
  it.each([
    ['0', 0],
    ['5s', 5000],
    ['30s', 30_000],
    ['1478s', 1_478_000],
    ['-5s', -5000],
    ['+5s', 5000],
    ['5.0s', 5000],
    ['5.6s', 5600],
    ['.5s', 500],
    ['1.s', 1000],
    ['10ms', 10],
    ['11us', 0.011],
    ['3h30m', 12_600_000],
    ['1h30m10.5s', 5_410_500],
  ])('%s', (text, ms) => expect(parseGoDuration(text)).toBeCloseTo(ms, 9));

  it.each(['', '3', '-', 's', '.', '-.', '.s', '+.s', '1d', '3000000h', '2562048h'])('rejects %j', (text) => expect(parseGoDuration(text)).toBeUndefined());

  it('takes up to the int64 nanoseconds Go holds', () => expect(parseGoDuration('2562047h')).toBe(2_562_047 * 3_600_000));
});

describe('timed runs (spec.runFor): every loop fires at each of its due times, then the clock stands still', () => {
  const obj = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ metadata: { name: 'cluster', ...extra }, spec });

  it('runs at the speed for the duration of cluster time and stops there', () => {
    const s = runningFor(withSettings(realTimeState(T0), { speed: 60, paused: true }, T0), 600_000, 60, T0);
    expect(clusterTimeAt(s, T0 + 5000)).toBe(T0 + 300_000);
    expect(clusterTimeAt(s, T0 + 60_000)).toBe(T0 + 600_000);
    expect(standsStill(s, T0 + 5000)).toBe(false);
    expect(standsStill(s, T0 + 10_000)).toBe(true);
    // an alarm inside the run is set at its wall time; one after it never comes on its own
    expect(wallTimeAt(s, T0 + 300_000, T0)).toBe(T0 + 5000);
    expect(wallTimeAt(s, T0 + 600_001, T0)).toBe(Infinity);
  });

  it('admission consumes runFor, leaves the clock paused after it, and lets the run go on through other writes', () => {
    const paused = admitClusterClock(null, obj({ speed: 60, paused: true }), T0).object;
    const run = admitClusterClock(paused, obj({ speed: 60, paused: true, runFor: '10m' }), T0).object;
    expect(run.spec).toEqual({ speed: 60, paused: true, keepUp: true });
    expect(run.status).toMatchObject({ paused: false, speed: 60, runUntil: T0 + 600_000 });
    // a label (or the pace keeper) leaves the run alone
    const labelled = admitClusterClock(run, obj({ speed: 60, paused: true }, { labels: { a: 'b' } }), T0 + 2000).object;
    expect(clusterTimeAt(clockStateOf(labelled, T0), T0 + 20_000)).toBe(T0 + 600_000);
    // the pace keeper slowing it: the run still ends at the same cluster time
    const slowed = admitClusterClock(run, { ...run, status: { ...run.status!, speed: 30 } }, T0 + 2000).object;
    expect(slowed.status).toMatchObject({ speed: 30, runUntil: T0 + 600_000 });
    expect(clusterTimeAt(clockStateOf(slowed, T0), T0 + 4000)).toBe(T0 + 120_000 + 60_000);
    // a new setting ends it: unpaused at 10×, time runs on past the old end
    const changed = admitClusterClock(run, obj({ speed: 10, paused: false }), T0 + 2000).object;
    expect(changed.status?.runUntil).toBeUndefined();
    expect(clusterTimeAt(clockStateOf(changed, T0), T0 + 62_000)).toBe(T0 + 120_000 + 600_000);
  });
});
