import { describe, expect, it } from 'vitest';
import { admitClusterClock, clockStateOf, type ClusterClockObject } from '../../../shared/clock/clock-object';
import { clusterTimeAt } from '../../../shared/clock/cluster-clock';
import { afterAnswer, climbCap, drainedSpeed, earliestDue, isLate, lateVerdict, shouldAsk, loopLateness, PACE, pacedSpeed, pacingFloor, remember, sampleIntervalMs, slowAtMs, worstOf, type PaceMemory, type PaceSample } from '../../../shared/clock/pace';
import { ClockPace, needsPacing } from '../../../shared/clock/pace-keeper';
import { leaseOwedAt } from '../../../shared/nodes/node-heartbeat';
import { microTime } from '../../../shared/nodes/time-format';

const T0 = Date.UTC(2026, 0, 1);
const fresh = { lastChangeWall: -Infinity, lastLagWall: -Infinity };
const late = (lateMs: number, unanswered = 0, host = 'kubelet#1'): PaceSample => ({ lateMs, host, unanswered });

describe('keeping pace: the speed after a sample of the loops', () => {
  // rows: how late (cluster ms), at what speed, after how many late samples in a row → slow / hold / recover
  const verdicts: [lateMs: number, speed: number, lateRuns: number, unanswered: number, verdict: 'slow' | 'hold' | 'onTime'][] = [
    // 60×: 500 wall ms is 30 s of cluster time, the Lease duration; under it is jitter
    [8_000, 60, 2, 0, 'onTime'], // one kubelet batch in flight (133 wall ms)
    [14_999, 60, 2, 0, 'onTime'],
    [15_000, 60, 5, 0, 'hold'], // the band between half the limit and the limit: no climb, no slow-down
    [25_000, 60, 5, 0, 'hold'], // 417 wall ms: RPC jitter on a loaded machine (the rule before slowed at 10 s, 167 ms)
    [30_000, 60, 1, 0, 'slow'], // the Lease would be 40 s old: at once
    [117_000, 60, 1, 0, 'slow'],
    // 30×: 20 s cluster (667 wall ms) sustained over two samples; 30 s at once
    [12_000, 30, 2, 0, 'hold'],
    [20_000, 30, 1, 0, 'hold'], // one slow sample is not a trend
    [20_000, 30, 2, 0, 'slow'],
    [29_999, 30, 1, 0, 'hold'],
    [30_000, 30, 1, 0, 'slow'],
    [9_999, 30, 0, 0, 'onTime'],
    // 10×: the cluster limits rule (20 s is 2 wall s)
    [9_000, 10, 0, 0, 'onTime'],
    [19_000, 10, 3, 0, 'hold'],
    [20_000, 10, 2, 0, 'slow'],
    // 100×: 500 wall ms is 50 s, past the grace period: the Lease duration still slows at once
    [29_000, 100, 1, 0, 'hold'], // 290 wall ms
    [30_000, 100, 1, 0, 'slow'],
    // a loop that does not answer within a wall second: late, but only sustained; never on time — unless that
    // second is already a Lease's duration (30× and up: it may be that late)
    [0, 20, 1, 1, 'hold'],
    [0, 20, 2, 1, 'slow'],
    [0, 10, 2, 2, 'slow'],
    [0, 30, 1, 1, 'slow'],
    [0, 60, 1, 1, 'slow'],
  ];
  it.each(verdicts)('late %i ms at %d× after %i late samples (%i silent): %s', (lateMs, speed, lateRuns, unanswered, verdict) => {
    expect(lateVerdict(speed, late(lateMs, unanswered), lateRuns)).toBe(verdict);
  });

  it('takes the limit from the cluster (20 s) or from the wall (500 ms) whichever is more', () => {
    expect(slowAtMs(1)).toBe(PACE.slowLateMs);
    expect(slowAtMs(10)).toBe(20_000);
    expect(slowAtMs(40)).toBe(20_000);
    expect(slowAtMs(60)).toBe(30_000);
    expect(isLate(late(19_999), 10)).toBe(false);
    expect(isLate(late(20_000), 10)).toBe(true);
    expect(isLate(late(0, 1), 10)).toBe(true);
  });

  it('slows in proportion to the lateness (at most a quarter off), down to a quarter of real time; a real-time clock never', () => {
    expect(pacedSpeed(60, 60, late(PACE.hardLateMs), fresh, T0)?.speed).toBe(45);
    // a loop two minutes behind at 60x: 30 s allowed over 120 s late keeps a quarter
    expect(pacedSpeed(60, 60, late(120_000), fresh, T0)).toEqual({ speed: 15, reason: 'slowed to 15× of the 60× asked: kubelet#1 ran 120.0 s of cluster time late' });
    // below real time: a backlog drains even when the loops only just keep real time
    expect(pacedSpeed(1.5, 60, late(200_000), fresh, T0)?.speed).toBe(PACE.minSpeed);
    expect(pacedSpeed(1, 60, late(40_000), fresh, T0)?.speed).toBe(0.5);
    expect(pacedSpeed(PACE.minSpeed, 60, late(60_000), fresh, T0)).toBeUndefined();
    expect(pacingFloor(60)).toBe(PACE.minSpeed);
    // a clock asked for real time (or slower) is never slowed
    expect(pacingFloor(1)).toBe(1);
    expect(pacedSpeed(1, 1, late(60_000), fresh, T0)).toBeUndefined();
    // a clock asked to run slower than real time is never slowed further
    expect(pacedSpeed(0.5, 0.5, late(60_000), fresh, T0)).toBeUndefined();
  });

  it('counts a loop that did not answer as late, once sustained: silence is not health', () => {
    const twice = { ...fresh, lateRuns: 2 };
    expect(pacedSpeed(20, 60, late(0, 3), { ...fresh, lateRuns: 1 }, T0)).toBeUndefined();
    expect(pacedSpeed(20, 60, late(0, 3), twice, T0)).toEqual({ speed: 15, reason: 'slowed to 15× of the 60× asked: 3 loops did not answer within 1 s' });
    // at 60x a wall second of silence may be 60 s of lateness: at once, 30 s allowed over 60 s keeps half
    expect(pacedSpeed(60, 60, late(0, 3), { ...fresh, lateRuns: 1 }, T0)?.speed).toBe(30);
    expect(pacedSpeed(60, 60, late(40_000, 1), fresh, T0)?.reason).toBe('slowed to 30× of the 60× asked: kubelet#1 ran 40.0 s of cluster time late; 1 loop did not answer within 1 s');
    // and it keeps the clock from speeding up again
    expect(pacedSpeed(10, 60, late(0, 1), { lastChangeWall: T0 - 60_000, lastLagWall: T0 - 60_000, lateRuns: 1 }, T0)).toBeUndefined();
  });

  it('holds a slow-down for holdMs, and slows again in the same spell only while the lateness is not falling or a Lease is at its duration', () => {
    const spell = { lastChangeWall: T0 - PACE.holdMs, lastLagWall: T0, lateRuns: 3, lateAtSlow: 25_000 };
    expect(pacedSpeed(30, 60, late(25_000), { ...spell, lastChangeWall: T0 - PACE.holdMs + 1 }, T0)).toBeUndefined();
    // draining (24 s < 25 s at 30x, over the 20 s limit): the slow-down is working
    expect(pacedSpeed(30, 60, late(24_000), spell, T0)).toBeUndefined();
    // not falling: slower again (20 s allowed over 25 s late, a quarter off at most)
    expect(pacedSpeed(30, 60, late(25_000), spell, T0)?.speed).toBe(22.5);
    // silent loops are no evidence of draining (and a silent second at 30x may be 30 s: 20 s over 30 s)
    expect(pacedSpeed(30, 60, late(0, 1), spell, T0)?.speed).toBe(20);
    // at the Lease duration a drain is not enough: 20 s over 40 s keeps half
    expect(pacedSpeed(30, 60, late(40_000), { ...spell, lateAtSlow: 45_000 }, T0)?.speed).toBe(15);
  });

  it('speeds up by half again only after samples on time for quietMs, up to the requested speed', () => {
    const quiet = { lastChangeWall: T0 - PACE.quietMs, lastLagWall: T0 - PACE.quietMs };
    expect(pacedSpeed(30, 60, late(0), quiet, T0)).toEqual({ speed: 45, reason: 'speeding up again: 45× of the 60× asked, the loops are on time' });
    expect(pacedSpeed(45, 60, late(0), quiet, T0)).toEqual({ speed: 60, reason: '' });
    expect(pacedSpeed(60, 60, late(0), quiet, T0)).toBeUndefined();
    // a loop on time but over half the limit is no evidence of room to spare
    expect(pacedSpeed(30, 60, late(slowAtMs(30) / 2), quiet, T0)).toBeUndefined();
    expect(pacedSpeed(30, 60, late(slowAtMs(30) / 2 - 1), quiet, T0)?.speed).toBe(45);
    expect(pacedSpeed(30, 60, late(0), { ...quiet, lastLagWall: T0 - PACE.quietMs + 1 }, T0)).toBeUndefined();
  });

  it('climbs by half only to a step below the speed that last went late, then probes by a tenth after a longer quiet', () => {
    const quiet = { lastChangeWall: T0 - PACE.quietMs, lastLagWall: T0 - PACE.quietMs, lateSpeed: 10 };
    expect(climbCap(quiet, T0)).toBe(8);
    expect(pacedSpeed(4, 60, late(0), quiet, T0)?.speed).toBe(6);
    // half a step would be 9: the climb stops at 8, under the 10 that went late
    expect(pacedSpeed(6, 60, late(0), quiet, T0)?.speed).toBe(8);
    // at the cap: nothing until probeQuietMs on time, and since the last change
    expect(pacedSpeed(8, 60, late(0), quiet, T0)).toBeUndefined();
    const longQuiet = { lastChangeWall: T0 - PACE.probeQuietMs, lastLagWall: T0 - PACE.probeQuietMs, lateSpeed: 10 };
    expect(pacedSpeed(8, 60, late(0), longQuiet, T0)).toEqual({ speed: 8.8, reason: 'speeding up again: 8.8× of the 60× asked, the loops are on time' });
    expect(pacedSpeed(8, 60, late(0), { ...longQuiet, lastChangeWall: T0 - PACE.probeQuietMs + 1 }, T0)).toBeUndefined();
    // and never past the requested speed
    expect(pacedSpeed(8, 8.5, late(0), longQuiet, T0)).toEqual({ speed: 8.5, reason: '' });
    // a limit seen long ago is forgotten: the climb is by half again
    const forgotten = { lastChangeWall: T0 - PACE.forgetLateMs, lastLagWall: T0 - PACE.forgetLateMs, lateSpeed: 10 };
    expect(climbCap(forgotten, T0)).toBe(Infinity);
    expect(pacedSpeed(8, 60, late(0), forgotten, T0)?.speed).toBe(12);
  });

  it('remembers the speed that opened a spell of lateness, not the slower ones its backlog drained at', () => {
    const none: PaceMemory = { lastChangeWall: -Infinity, lastLagWall: -Infinity };
    expect(remember(none, 12, late(0), T0)).toBe(none);
    const opened = remember(none, 12, late(20_000), T0);
    expect(opened).toEqual({ lastChangeWall: -Infinity, lastLagWall: T0, lateSpeed: 12, lateRuns: 1, lateAtSlow: undefined, sustained: undefined, peak: { lateMs: 20_000, wall: T0, coveredMs: 0, lastWall: T0 } });
    // the same spell, slowed to 6: still 12, and the run goes on
    const slowed = { ...opened, lateAtSlow: 20_000 };
    expect(remember(slowed, 6, late(25_000), T0 + 1000)).toMatchObject({ lastLagWall: T0 + 1000, lateSpeed: 12, lateRuns: 2, lateAtSlow: 20_000 });
    // a sample within the limit ends the run (not the spell)
    // (the drain goes on: 19.999 s is not under half the limit; the clock covered 6 s of cluster time in that second)
    expect(remember(slowed, 6, late(19_999), T0 + 1000)).toEqual({ ...slowed, lateRuns: 0, peak: { ...slowed.peak, coveredMs: 6000, lastWall: T0 + 1000 } });
    // a new spell after quietMs on time: the speed it opened at, lower or higher, and no slow-down yet
    expect(remember(slowed, 9, late(0, 1), T0 + PACE.quietMs)).toMatchObject({ lastLagWall: T0 + PACE.quietMs, lateSpeed: 9, lateAtSlow: undefined });
    expect(remember(opened, 15, late(31_000), T0 + PACE.quietMs)).toMatchObject({ lateSpeed: 15 });
    // 25 s is late at 10x, not at 60x (jitter: 417 wall ms)
    expect(remember(none, 10, late(25_000), T0).lateRuns).toBe(1);
    expect(remember(none, 60, late(25_000), T0)).toBe(none);
  });

  it('converges on what the loops sustain instead of swinging past it (a model: lateness grows by speed − sustained a wall second)', () => {
    for (const sustained of [2, 8, 30, 45]) {
      let memory: PaceMemory = { lastChangeWall: -Infinity, lastLagWall: -Infinity };
      let speed = 60;
      let lagMs = 0;
      let wall = T0;
      const settled = { top: 0, maxLagMs: 0, speedMs: 0, ms: 0 };
      let changes = 0;
      while (wall < T0 + 300_000) {
        const dt = sampleIntervalMs(speed);
        wall += dt;
        lagMs = Math.max(0, lagMs + (speed - sustained) * dt);
        const sample = late(lagMs);
        memory = remember(memory, speed, sample, wall);
        const change = pacedSpeed(speed, 60, sample, memory, wall);
        if (change) [speed, memory] = [change.speed, { ...memory, lastChangeWall: wall, ...(change.speed < speed ? { lateAtSlow: lagMs } : {}) }];
        changes += change && wall >= T0 + 120_000 ? 1 : 0;
        if (wall >= T0 + 120_000) Object.assign(settled, { top: Math.max(settled.top, speed), maxLagMs: Math.max(settled.maxLagMs, lagMs), speedMs: settled.speedMs + speed * dt, ms: settled.ms + dt });
      }
      // after two minutes: never more than three quarters past it (one probe at 2×), on average within 10% of it, no loop ever as late as
      // the Lease duration (hardLateMs), and the speed changed at most every 6 wall s (each change re-arms every
      // host's alarm). The rule before (slow at 10 s, by half) held lateness under 15 s but this model says nothing
      // of jitter, which is what held the real clock at 5–7× when the loops sustained 30×.
      expect(settled.top, `sustained ${sustained}`).toBeLessThanOrEqual(sustained * 1.75);
      expect(settled.speedMs / settled.ms, `sustained ${sustained}`).toBeGreaterThanOrEqual(sustained * 0.9);
      expect(settled.maxLagMs, `sustained ${sustained}`).toBeLessThan(PACE.hardLateMs);
      expect(changes, `sustained ${sustained}`).toBeLessThanOrEqual(30);
    }
  });

  it('measures what the loops sustained while they drained a spell\'s backlog: from its worst sample to the first on time', () => {
    // 90 s behind, 333 wall ms later 5 s behind at 6.64×: 85 s caught up plus 2.2 s covered in 333 ms (a stall, not a rate)
    expect(drainedSpeed(90_000, T0, 6.64 * 333, 5000, T0 + 333)).toBe(261.9);
    // a backlog of 40 s drained over 6.4 s at 33.75× (loops that sustain 40×)
    expect(drainedSpeed(40_000, T0, 33.75 * 6400, 0, T0 + 6400)).toBe(40);
    expect(drainedSpeed(40_000, T0, 0, 0, T0)).toBeUndefined();
    // the memory: the worst sample of the spell, the cluster time covered since, and the estimate at the first sample on time
    const none: PaceMemory = { lastChangeWall: -Infinity, lastLagWall: -Infinity };
    let m = remember(none, 30, late(90_000, 0, 'kubelet#0'), T0);
    m = remember(m, 6.64, late(80_000, 0, 'kubelet#4'), T0 + 333); // draining, not the worst
    expect(m.peak).toEqual({ lateMs: 90_000, wall: T0, coveredMs: 6.64 * 333, lastWall: T0 + 333 });
    m = remember(m, 6.64, late(95_000, 0, 'node-lifecycle'), T0 + 666); // a new worst: the drain counts from it
    expect(m.peak).toEqual({ lateMs: 95_000, wall: T0 + 666, coveredMs: 0, lastWall: T0 + 666 });
    m = remember(m, 6.64, late(15_000, 1), T0 + 1000); // silent loops: no end of the drain
    expect(m.sustained).toBeUndefined();
    m = remember(m, 6.64, late(9_000), T0 + 1666); // on time (under 10 s at 6.64×): 1000 wall ms since the worst
    expect(m.peak).toBeUndefined();
    expect(m.sustained).toBe(drainedSpeed(95_000, T0 + 666, 6.64 * 1000, 9_000, T0 + 1666));
    // a new spell forgets the estimate
    expect(remember(m, 30, late(40_000), T0 + 1666 + PACE.quietMs).sustained).toBeUndefined();
  });

  it('climbs at once to a step below what the drain showed, and back to the speed that went late after a stall', () => {
    const quiet = { lastChangeWall: T0 - PACE.quietMs, lastLagWall: T0 - PACE.quietMs, lateSpeed: 30 };
    // loops that drained at 20×: at once to 16× (not 1.5× of 0.36), the cap stays at 24 (four fifths of 30)
    expect(climbCap({ ...quiet, sustained: 20 }, T0)).toBe(24);
    expect(pacedSpeed(0.36, 30, late(0), { ...quiet, sustained: 20 }, T0)?.speed).toBe(16);
    expect(pacedSpeed(12, 30, late(0), { ...quiet, sustained: 20 }, T0)?.speed).toBe(18);
    // a stall (the backlog drained faster than 30×): back to 30× in one step, and no probing needed
    expect(climbCap({ ...quiet, sustained: 261.89 }, T0)).toBe(30);
    expect(pacedSpeed(0.36, 30, late(0), { ...quiet, sustained: 261.89 }, T0)).toEqual({ speed: 30, reason: '' });
    expect(pacedSpeed(0.36, 60, late(0), { ...quiet, sustained: 261.89 }, T0)?.speed).toBe(30);
    // still only after quietMs on time
    expect(pacedSpeed(0.36, 30, late(0), { ...quiet, lastLagWall: T0 - PACE.quietMs + 1, sustained: 261.89 }, T0)).toBeUndefined();
  });

  it('after a stall at the change of speed, holds the speed asked once the loops are on time again (a model: loops that sustain 45×, stalled 3 s)', () => {
    let memory: PaceMemory = { lastChangeWall: -Infinity, lastLagWall: -Infinity };
    let speed = 30;
    let lagMs = 0;
    let wall = T0;
    let clusterMs = 0;
    while (wall < T0 + 20_000) {
      const dt = sampleIntervalMs(speed);
      wall += dt;
      clusterMs += speed * dt;
      // the first 3 wall s the loops do nothing (every host's alarm behind one burst), then they work at 45×
      lagMs = wall <= T0 + 3000 ? lagMs + speed * dt : Math.max(0, lagMs + (speed - 45) * dt);
      const sample = late(lagMs);
      memory = remember(memory, speed, sample, wall);
      const change = pacedSpeed(speed, 30, sample, memory, wall);
      if (change) [speed, memory] = [change.speed, { ...memory, lastChangeWall: wall, ...(change.speed < speed ? { lateAtSlow: lagMs } : {}) }];
    }
    // back at 30× within 20 wall s (the rule before: held at 24×, four fifths of it, probing up a tenth per 10 s)
    expect(speed).toBe(30);
    expect(clusterMs / 20_000).toBeGreaterThan(15);
  });

  it('a loop answers how long its earliest due work has waited, counted from the last advance', () => {
    expect(loopLateness(T0 + 30_000, T0, -Infinity)).toBe(30_000);
    expect(loopLateness(T0 + 30_000, T0, T0 + 25_000)).toBe(5000);
    expect(loopLateness(T0, T0 + 1000, -Infinity)).toBe(0);
    expect(loopLateness(T0, undefined, -Infinity)).toBe(0);
  });

  it('a kubelet shard is as late as the Lease renewals it owes: not a pod key, not a node stopped on purpose', () => {
    // rows: the renewTime each node's Lease was last written with (undefined: none yet), its faults and renewal
    // interval; the shard's lateness at T0 + 25 s (a Lease owes its next renewal the interval after the last)
    type Row = [renewedAt: number | undefined, faults: { stopHeartbeat?: boolean } | undefined, intervalS: number];
    const lateness = (rows: Row[], now = T0 + 25_000, lastJump = -Infinity) =>
      loopLateness(now, earliestDue(rows.map(([at, f, i]) => leaseOwedAt(at === undefined ? undefined : microTime(at), f, i)).filter((d): d is number => d !== undefined)), lastJump);
    // renewed at T0 and T0 + 3 s: the first is owed since T0 + 10 s, 15 s ago (a Lease 25 s old)
    expect(lateness([[T0, undefined, 10], [T0 + 3000, undefined, 10]])).toBe(15_000);
    // every Lease renewed within its interval: on time, whatever the shard's queue holds (a pod key a notice queued)
    expect(lateness([[T0 + 16_000, undefined, 10], [T0 + 20_000, {}, 10]])).toBe(0);
    // a renewal being written still counts from the renewTime stored: the Lease is that old until it lands
    expect(lateness([[T0 + 10_000, undefined, 10]], T0 + 20_500)).toBe(500);
    // a node whose heartbeat is stopped (a fault) goes stale on purpose: not lateness, however old
    expect(lateness([[T0 - 600_000, { stopHeartbeat: true }, 10], [T0 + 20_000, undefined, 10]])).toBe(0);
    // no Lease written yet: nothing owed; the pool's own interval counts
    expect(lateness([[undefined, undefined, 10], [T0, undefined, 20]])).toBe(5000);
    // a jump of the clock is not lateness
    expect(lateness([[T0, undefined, 10]], T0 + 25_000, T0 + 24_000)).toBe(1000);
    expect(earliestDue([])).toBeUndefined();
    expect(leaseOwedAt('not a time', undefined, 10)).toBeUndefined();
  });

  it('a sample is the worst answer, with the loops that did not answer counted', () => {
    expect(worstOf([{ host: 'hpa', lateMs: 3000 }, { host: 'kubelet#2', lateMs: 12_000 }, { host: 'scheduler', lateMs: undefined }, { host: 'kubelet#3', lateMs: 0 }])).toEqual({ lateMs: 12_000, host: 'kubelet#2', unanswered: 1 });
    expect(worstOf([])).toEqual({ lateMs: 0, host: '', unanswered: 0 });
  });

  it('asks a loop with nothing overdue twice in a row only once a wall second; a late or silent one every round', () => {
    expect(shouldAsk(undefined, T0)).toBe(true);
    let loop = afterAnswer(undefined, 0, T0);
    expect(loop).toEqual({ askedWall: T0, onTimeRuns: 1 });
    expect(shouldAsk(loop, T0 + PACE.sampleMinWallMs)).toBe(true);
    loop = afterAnswer(loop, 0, T0 + 200);
    expect(shouldAsk(loop, T0 + 400)).toBe(false);
    expect(shouldAsk(loop, T0 + 200 + PACE.quietSampleWallMs - 1)).toBe(false);
    expect(shouldAsk(loop, T0 + 200 + PACE.quietSampleWallMs)).toBe(true);
    // any lateness (even within the limit), or no answer, makes it a loop to watch every round again
    expect(shouldAsk(afterAnswer(loop, 1, T0 + 1200), T0 + 1400)).toBe(true);
    expect(afterAnswer(loop, undefined, T0 + 1200)).toEqual({ askedWall: T0 + 1200, onTimeRuns: 0 });
  });

  it('samples often enough that at most 10 s of cluster time passes between two, within wall bounds', () => {
    expect(sampleIntervalMs(10)).toBe(1000);
    expect(sampleIntervalMs(20)).toBe(500);
    expect(sampleIntervalMs(60)).toBe(PACE.sampleMinWallMs);
    expect(sampleIntervalMs(1)).toBe(PACE.sampleMaxWallMs);
  });
});

describe('the ClusterClock under pace keeping', () => {
  const at60 = () => admitClusterClock(null, { metadata: { name: 'cluster' }, spec: { speed: 60 } }, T0).object;

  it('the store slows a running clock, and the write keeps the slower speed without a jump in time', () => {
    const pace = new ClockPace();
    const clock = at60();
    // one loop's own report acts alone only at the Lease duration; under it the sampler must see it sustained
    expect(pace.slowed(clock, 'kubelet#3', PACE.hardLateMs - 1, T0 + 1000)).toBeUndefined();
    const slower = pace.slowed(clock, 'kubelet#3', 40_000, T0 + 1000)!;
    expect(slower.status).toMatchObject({ speed: 45, message: 'slowed to 45× of the 60× asked: kubelet#3 ran 40.0 s of cluster time late' });
    const stored = admitClusterClock(clock, slower, T0 + 1000).object;
    expect(stored.spec).toMatchObject({ speed: 60, keepUp: true });
    expect(stored.status).toMatchObject({ speed: 45, message: slower.status!.message });
    expect(clusterTimeAt(clockStateOf(stored, T0), T0 + 1000)).toBe(T0 + 60_000);
    expect(clusterTimeAt(clockStateOf(stored, T0), T0 + 2000)).toBe(T0 + 105_000);
    expect(needsPacing(stored)).toBe(true);
    // a client's write that leaves the speed alone (kubectl apply, a label) keeps the pace
    const labelled = admitClusterClock(stored, { metadata: { name: 'cluster', labels: { a: 'b' } }, spec: { speed: 60 } }, T0 + 1500).object;
    expect(labelled.status?.speed).toBe(45);
    // a new speed is taken as asked
    expect(admitClusterClock(stored, { metadata: { name: 'cluster' }, spec: { speed: 20 } }, T0 + 1500).object.status?.speed).toBe(20);
  });

  it('recovers only on samples that show the loops on time, stops a step below the speed that went late, and clears the message at the requested speed', () => {
    const pace = new ClockPace();
    let clock: ClusterClockObject = at60();
    clock = admitClusterClock(clock, pace.slowed(clock, 'hpa', 40_000, T0)!, T0).object;
    expect(clock.status?.speed).toBe(45);
    // a sample in which a loop did not answer is no sign of health, however long ago the last lateness was:
    // at 45x a silent wall second may be 45 s late, past the Lease duration, so it slows at once (22.5 s over 45 s)
    const t1 = T0 + PACE.quietMs;
    clock = admitClusterClock(clock, pace.sampled(clock, late(0, 1), t1)!, t1).object;
    expect(clock.status?.speed).toBe(22.5);
    expect(pace.sampled(clock, late(0), t1 + PACE.quietMs - 1)).toBeUndefined();
    // a loop between half the limit and the limit: no climb, though it is not late either
    expect(pace.sampled(clock, late(15_000), t1 + PACE.quietMs)).toBeUndefined();
    const t2 = t1 + PACE.quietMs;
    // the silent sample opened a spell at 45×: the climb by half stops at 36×
    clock = admitClusterClock(clock, pace.sampled(clock, late(0), t2)!, t2).object;
    expect(clock.status?.speed).toBe(33.75);
    expect(clock.status?.message).toBe('speeding up again: 33.75× of the 60× asked, the loops are on time');
    clock = admitClusterClock(clock, pace.sampled(clock, late(0), t2 + PACE.holdMs)!, t2 + PACE.holdMs).object;
    expect(clock.status?.speed).toBe(36);
    expect(pace.sampled(clock, late(0), t2 + 2 * PACE.holdMs)).toBeUndefined();
    // then by a tenth each probeQuietMs on time, up to the speed asked
    let t = t2 + PACE.holdMs;
    while (clock.status!.speed < 60) {
      t += PACE.probeQuietMs;
      clock = admitClusterClock(clock, pace.sampled(clock, late(0), t)!, t).object;
    }
    expect(clock.status?.speed).toBe(60);
    expect(clock.status?.message).toBeUndefined();
    // at 60x the loops still need watching: the clock runs faster than real time
    expect(needsPacing(clock)).toBe(true);
    expect(needsPacing(admitClusterClock(clock, { ...clock, spec: { speed: 1 } }, t + 60_000).object)).toBe(false);
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
