import { describe, expect, it } from 'vitest';
import { admitClusterClock, clockStateOf, type ClusterClockObject } from '../../../shared/clock/clock-object';
import { clusterTimeAt } from '../../../shared/clock/cluster-clock';
import { PACE, recoveredSpeed, slowedSpeed } from '../../../shared/clock/pace';
import { ClockPace, runsSlow } from '../../../shared/clock/pace-keeper';

const T0 = Date.UTC(2026, 0, 1);
const fresh = { lastChangeWall: -Infinity, lastLagWall: -Infinity };

describe('keeping pace (AIMD between real time and the requested speed)', () => {
  it('halves the speed for a loop over the lag limit, never below real time', () => {
    expect(slowedSpeed(60, 60, PACE.lagLimitMs, fresh, T0)).toBe(30);
    expect(slowedSpeed(1.5, 60, 60_000, fresh, T0)).toBe(1);
    expect(slowedSpeed(1, 60, 60_000, fresh, T0)).toBeUndefined();
    // a clock asked to run slower than real time is never slowed further
    expect(slowedSpeed(0.5, 0.5, 60_000, fresh, T0)).toBeUndefined();
  });

  it('ignores lateness within the limit and reports right after a change', () => {
    expect(slowedSpeed(60, 60, PACE.lagLimitMs - 1, fresh, T0)).toBeUndefined();
    expect(slowedSpeed(30, 60, 20_000, { lastChangeWall: T0 - PACE.holdMs + 1, lastLagWall: T0 }, T0)).toBeUndefined();
    expect(slowedSpeed(30, 60, 20_000, { lastChangeWall: T0 - PACE.holdMs, lastLagWall: T0 }, T0)).toBe(15);
  });

  it('speeds up by half again once quiet, up to the requested speed', () => {
    expect(recoveredSpeed(30, 60, fresh, T0)).toBe(45);
    expect(recoveredSpeed(45, 60, fresh, T0)).toBe(60);
    expect(recoveredSpeed(60, 60, fresh, T0)).toBeUndefined();
    expect(recoveredSpeed(30, 60, { lastChangeWall: -Infinity, lastLagWall: T0 - PACE.quietMs + 1 }, T0)).toBeUndefined();
  });
});

describe('the ClusterClock under pace keeping', () => {
  const at60 = () => admitClusterClock(null, { metadata: { name: 'cluster' }, spec: { speed: 60 } }, T0).object;

  it('the store slows a running clock, and the write keeps the slower speed without a jump in time', () => {
    const pace = new ClockPace();
    const clock = at60();
    const slower = pace.slowed(clock, 'kubelet#3', 12_500, T0 + 1000)!;
    expect(slower.status).toMatchObject({ speed: 30, message: 'slowed to 30× of the 60× asked: kubelet#3 ran 12.5 s of cluster time late' });
    const stored = admitClusterClock(clock, slower, T0 + 1000).object;
    expect(stored.spec).toMatchObject({ speed: 60, keepUp: true });
    expect(stored.status).toMatchObject({ speed: 30, message: slower.status!.message });
    expect(clusterTimeAt(clockStateOf(stored, T0), T0 + 1000)).toBe(T0 + 60_000);
    expect(clusterTimeAt(clockStateOf(stored, T0), T0 + 2000)).toBe(T0 + 90_000);
    expect(runsSlow(stored)).toBe(true);
    // a client's write that leaves the speed alone (kubectl apply, a label) keeps the pace
    const labelled = admitClusterClock(stored, { metadata: { name: 'cluster', labels: { a: 'b' } }, spec: { speed: 60 } }, T0 + 1500).object;
    expect(labelled.status?.speed).toBe(30);
    // a new speed is taken as asked
    expect(admitClusterClock(stored, { metadata: { name: 'cluster' }, spec: { speed: 20 } }, T0 + 1500).object.status?.speed).toBe(20);
  });

  it('recovers once the loops are quiet, and clears the message at the requested speed', () => {
    const pace = new ClockPace();
    let clock: ClusterClockObject = at60();
    clock = admitClusterClock(clock, pace.slowed(clock, 'hpa', 20_000, T0)!, T0).object;
    expect(pace.recovered(clock, T0 + PACE.quietMs - 1)).toBeUndefined();
    clock = admitClusterClock(clock, pace.recovered(clock, T0 + PACE.quietMs)!, T0 + PACE.quietMs).object;
    expect(clock.status?.speed).toBe(45);
    clock = admitClusterClock(clock, pace.recovered(clock, T0 + PACE.quietMs + PACE.holdMs)!, T0 + PACE.quietMs + PACE.holdMs).object;
    expect(clock.status?.speed).toBe(60);
    expect(clock.status?.message).toBeUndefined();
    expect(runsSlow(clock)).toBe(false);
  });

  it('holds spec.speed when keepUp is false, and never touches a paused clock', () => {
    const pace = new ClockPace();
    const fixed = admitClusterClock(null, { metadata: { name: 'cluster' }, spec: { speed: 60, keepUp: false } }, T0).object;
    expect(pace.slowed(fixed, 'kubelet#0', 60_000, T0)).toBeUndefined();
    const stepped = admitClusterClock(null, { metadata: { name: 'cluster' }, spec: { speed: 60, paused: true } }, T0).object;
    expect(pace.slowed(stepped, 'kubelet#0', 60_000, T0)).toBeUndefined();
    // and a status carried by a client cannot slow a keepUp: false clock
    const forced = admitClusterClock(fixed, { ...fixed, status: { ...fixed.status!, speed: 2 } }, T0 + 10).object;
    expect(forced.status?.speed).toBe(60);
  });
});
