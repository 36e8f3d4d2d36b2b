/**
 * Keeping pace: a fast cluster clock that the loops cannot follow makes the simulation wrong — a
 * kubelet shard that renews its Leases late makes healthy nodes look dead to the node lifecycle
 * controller, which taints and evicts. With `spec.keepUp` (the default) the cluster store samples
 * how late every loop runs (the controller hosts, kubelet shards included, answer from memory: the
 * cluster time their earliest due work has waited) and slows the clock down in proportion when that
 * lateness would change what the cluster does — measured against what upstream tolerates (a Lease's
 * 40 s duration and the node monitor's 50 s grace, an HPA's 15 s period), never below a few hundred
 * wall ms (jitter), and sustained over two samples unless it is already near the Lease duration —
 * and speeds it up again only after samples have shown the loops on time for a while. Silence is not
 * taken for health: a loop that does not answer counts as late, and without answers the clock never
 * speeds up. Lateness is in cluster time; the pauses between changes are in wall time (they are about
 * the machine, not the simulation).
 */

export const PACE = {
  /**
   * Lateness (cluster ms) that, seen in sustainSamples samples in a row, slows the clock. A Lease
   * renewal due every 10 s that is 20 s late is 30 s old: 10 s inside its 40 s duration and 20 s
   * inside the node monitor's 50 s grace period; an HPA sync 20 s late has skipped one 15 s period.
   * Upstream lets both happen without acting, so this is lateness that does not yet change the cluster.
   */
  slowLateMs: 20_000,
  /**
   * Lateness (cluster ms) that slows the clock on one sample, or on a loop's own report (a loop this late
   * tells the cluster store itself, ControllerHost.reportLateness): a renewal
   * 30 s late leaves a Lease 40 s old, its full duration, and 10 s from the grace period after which
   * the node monitor calls the node Unknown and taints it. Past this the simulation goes wrong.
   */
  hardLateMs: 30_000,
  /**
   * Lateness under this much wall time is not read as lateness at any speed (slowAtMs): an RPC on a
   * loaded machine, a GC pause or an alarm queued behind another shard's batch takes a few hundred ms,
   * which at 60× is 30 s of cluster time. (Only hardLateMs, the Lease duration, overrides it.)
   */
  jitterWallMs: 500,
  /** Samples in a row over slowAtMs (or with a loop silent) before the clock slows: one slow alarm is not a trend. */
  sustainSamples: 2,
  /**
   * The slowest a clock asked to run faster than real time is held at: a quarter of real time, so a
   * backlog the loops built up can drain even when they only just keep real time (1000 nodes on two
   * loaded cores cover 1.3 simulated seconds a wall second). A clock asked for real time or slower is
   * never slowed (pacingFloor).
   */
  minSpeed: 0.25,
  /**
   * The most one slow-down keeps of the speed; a loop further behind takes it lower (slowAtMs ÷
   * lateness). A quarter off, not half: the loops that went late at 60× mostly sustain 45×, and every
   * change of speed re-arms every host's alarm.
   */
  slowFactor: 0.75,
  /** The climb back while well below the speed that last went late (lateSpeed): half again a step. */
  recoverFactor: 1.5,
  /**
   * Where the climb stops: this fraction of the speed that last went late. The loops fall behind at
   * that speed, so climbing back to it (or by half past it) only rebuilds the backlog.
   */
  belowLateFactor: 0.8,
  /** Past that point the clock probes upwards by a tenth a step (the machine may have freed up)… */
  probeFactor: 1.1,
  /** …after this many wall ms on time (longer than quietMs: a backlog builds slowly near the limit). */
  probeQuietMs: 10_000,
  /** Wall ms on time after which the speed that last went late is forgotten (the climb is by half again). */
  forgetLateMs: 60_000,
  /**
   * Wall ms between two changes of speed, so that a change has samples to show its effect before the
   * next. A further slow-down in the same spell also needs the lateness not to be falling (under
   * hardLateMs): a backlog draining at the slower speed is the slow-down working, and slowing more for
   * it only swings the clock (4d85b88 went 14.4× → 5.33× → 2.1× in two wall seconds for one backlog
   * draining from 27 to 25 s). At a Lease's duration a slow drain is not enough: Leases measured 55–71 s
   * stale (past the grace) at 30–60× when that too waited.
   */
  holdMs: 1000,
  /** Wall ms of samples all on time (under half of slowAtMs, every loop answering) before the clock speeds up a step. */
  quietMs: 5000,
  /** How much cluster time may pass between two samples: a Lease cannot age past its grace in between. */
  sampleClusterMs: 10_000,
  /** Bounds of the wall interval between samples (at 60× they are 200 ms apart, at 10× 1 s). */
  sampleMinWallMs: 200,
  sampleMaxWallMs: 1000,
  /** A loop that does not answer a sample within this many wall ms counts as late. */
  answerWallMs: 1000,
  /**
   * A loop that answered "nothing overdue" this many samples in a row is quiet: it is asked only every
   * quietSampleWallMs. Most of the ~34 hosts have no periodic work (at 60× asking each of them every
   * 200 ms was 170 RPCs a wall second); the loops that pace the cluster (kubelet shards, HPA, node
   * lifecycle) always have work due and stay on every sample. A quiet loop that does fall behind is
   * seen within a wall second, or sooner by its own report when its alarm runs (ControllerHost).
   */
  quietAfterSamples: 2,
  quietSampleWallMs: 1000,
} as const;

/** What the cluster store remembers between samples (wall ms). */
export interface PaceMemory {
  lastChangeWall: number;
  /** Wall time of the last sample (or report) that showed a loop late or not answering. */
  lastLagWall: number;
  /** The speed in effect when the loops last went late (the first late sample after a quiet spell). */
  lateSpeed?: number;
  /** Late samples in a row (over slowAtMs, or a loop silent) up to this one. */
  lateRuns?: number;
  /** The lateness (cluster ms) that made the last slow-down: a later one in the spell needs at least as much. */
  lateAtSlow?: number;
  /** The spell's worst answered sample so far, and the cluster ms the clock covered since (drainedSpeed). */
  peak?: { lateMs: number; wall: number; coveredMs: number; lastWall: number };
  /**
   * What the loops sustained while they drained the spell's backlog (drainedSpeed): the cluster time they
   * caught up on per wall second, from the spell's worst sample to its first one on time. The climb back
   * goes to a step below it at once, and when it is at least the speed that went late, the spell was a
   * stall (the isolate busy for a moment), not a speed the loops cannot keep: the climb goes back to that speed.
   */
  sustained?: number;
}

/** One round of asking the loops how late they run. */
export interface PaceSample {
  /** Cluster ms the latest loop's earliest due work has waited (0: nothing overdue). */
  lateMs: number;
  /** That loop, for the status message. */
  host: string;
  /** Loops that did not answer in time (a saturated runtime); they count as late. */
  unanswered: number;
}

/** A decision: the speed to set and why (the ClusterClock's status.message). */
export interface PaceChange {
  speed: number;
  reason: string;
}

/**
 * The speed after a sample; undefined to keep the current one. Each sample is one of three verdicts
 * (lateVerdict): late enough to slow, on time (climb back), or in between (hold; the hysteresis band
 * between half of slowAtMs and slowAtMs, so the clock does not flap around one threshold).
 * Slow: to slowAtMs ÷ lateness of the speed (at most slowFactor), at most once per holdMs, and within
 * a spell only while the lateness is not falling or is at hardLateMs. On time: climb back towards the requested speed so
 * that it converges instead of overshooting — by half a step (after quietMs on time) up to
 * belowLateFactor of the speed that last went late, then by a tenth a step (after probeQuietMs), so the
 * clock settles just under what the loops sustain and only probes past it slowly.
 * @example pacedSpeed(60, 60, { lateMs: 60_000, host: 'kubelet#1', unanswered: 0 }, fresh, T).speed === 30
 */
export function pacedSpeed(current: number, requested: number, sample: PaceSample, memory: PaceMemory, wall: number): PaceChange | undefined {
  const verdict = lateVerdict(current, sample, memory.lateRuns ?? 1);
  if (verdict === 'slow') {
    const floor = pacingFloor(requested);
    if (current <= floor || wall - memory.lastChangeWall < PACE.holdMs) return undefined;
    // a spell already slowed for: slower again only while its lateness is not falling (silence is no sign of
    // draining) — unless a Lease is at its duration, where a slow drain still lets nodes reach the grace period
    const lateMs = boundLateMs(sample, current);
    if (memory.lateAtSlow !== undefined && sample.unanswered === 0 && lateMs < PACE.hardLateMs && lateMs < memory.lateAtSlow) return undefined;
    const factor = lateMs > 0 ? Math.min(PACE.slowFactor, slowAtMs(current) / lateMs) : PACE.slowFactor;
    const speed = Math.max(floor, round(current * factor));
    return speed < current ? { speed, reason: `slowed to ${speed}× of the ${requested}× asked: ${lateReason(sample)}` } : undefined;
  }
  if (verdict !== 'onTime' || current >= requested) return undefined;
  const quiet = wall - memory.lastLagWall;
  if (quiet < PACE.quietMs || wall - memory.lastChangeWall < PACE.holdMs) return undefined;
  const cap = climbCap(memory, wall);
  let speed: number;
  // by half a step, or at once to a step below what the loops showed they sustain while they drained
  if (current < cap) speed = Math.min(cap, Math.max(current * PACE.recoverFactor, (memory.sustained ?? 0) * PACE.belowLateFactor));
  else if (quiet >= PACE.probeQuietMs && wall - memory.lastChangeWall >= PACE.probeQuietMs) speed = current * PACE.probeFactor;
  else return undefined;
  speed = Math.min(requested, round(speed));
  if (speed <= current) return undefined;
  return { speed, reason: speed < requested ? `speeding up again: ${speed}× of the ${requested}× asked, the loops are on time` : '' };
}

/**
 * The lateness (cluster ms) that counts at `speed`: slowLateMs, or jitterWallMs of wall time when
 * that is more (above 40×), so a few hundred wall ms of jitter at high speed is not lateness.
 * @example slowAtMs(10) === 20_000 && slowAtMs(60) === 30_000
 */
export function slowAtMs(speed: number): number {
  return Math.max(PACE.slowLateMs, PACE.jitterWallMs * speed);
}

/**
 * How late a sample at `speed` shows the loops, at least: a host that did not answer within
 * answerWallMs may be that much wall time late (60 s of cluster time at 60×, when the runtime is too
 * busy to answer); one that answered is as late as it says.
 * @example boundLateMs({ lateMs: 5000, host: 'hpa', unanswered: 1 }, 60) === 60_000
 */
export function boundLateMs(sample: PaceSample, speed: number): number {
  return sample.unanswered > 0 ? Math.max(sample.lateMs, PACE.answerWallMs * speed) : sample.lateMs;
}

/**
 * What a sample at `speed` calls for, given `lateRuns` late samples in a row up to it (remember):
 * 'slow' when a loop is (or, silent, may be: boundLateMs) hardLateMs late, or late (isLate) for
 * sustainSamples in a row; 'onTime' when
 * every loop answered and none is half of slowAtMs late; else 'hold'.
 * @example lateVerdict(60, { lateMs: 25_000, host: 'kubelet#0', unanswered: 0 }, 5) === 'hold'
 */
export function lateVerdict(speed: number, sample: PaceSample, lateRuns: number): 'slow' | 'hold' | 'onTime' {
  if (boundLateMs(sample, speed) >= PACE.hardLateMs) return 'slow';
  if (isLate(sample, speed)) return lateRuns >= PACE.sustainSamples ? 'slow' : 'hold';
  return sample.lateMs < slowAtMs(speed) / 2 ? 'onTime' : 'hold';
}

/**
 * The speed a climb by half steps stops at: belowLateFactor of the speed that last went late, unless that
 * was long ago — or that speed itself when the loops drained the spell's backlog at least that fast (a
 * stall, not a speed they cannot keep).
 * @example climbCap({ lastChangeWall: T, lastLagWall: T, lateSpeed: 30, sustained: 90 }, T) === 30
 */
export function climbCap(memory: PaceMemory, wall: number): number {
  if (memory.lateSpeed === undefined || wall - memory.lastLagWall >= PACE.forgetLateMs) return Infinity;
  if (memory.sustained !== undefined && memory.sustained >= memory.lateSpeed) return memory.lateSpeed;
  return round(memory.lateSpeed * PACE.belowLateFactor);
}

/**
 * The loops' throughput while they drained a backlog, in cluster ms per wall ms: from the spell's worst
 * sample (`peakLateMs` at `peakWall`) to a sample on time (`endLateMs` at `wall`), they did the cluster time
 * the clock covered meanwhile (`coveredMs`) plus the backlog they caught up on. A lower bound (the drain may
 * have ended before the sample that saw it). Lateness after a stall falls at once, so it can be far above
 * any speed asked: it says the spell was a stall.
 * @example drainedSpeed(90_000, T, 2_000, 5_000, T + 1000) === 87
 */
export function drainedSpeed(peakLateMs: number, peakWall: number, coveredMs: number, endLateMs: number, wall: number): number | undefined {
  if (wall <= peakWall) return undefined;
  return round(Math.max(0, coveredMs + peakLateMs - endLateMs) / (wall - peakWall));
}

/**
 * The memory after a sample taken at `current` speed: a late one (isLate) counts a run and records the
 * time, and — when it opens a spell of lateness (none within quietMs) — the speed that went late. Later
 * late samples of the same spell are the backlog draining at the slower speeds they caused, not a
 * lower limit. Any other sample ends the run.
 * @example remember(fresh, 12, late, T) // { lastLagWall: T, lateSpeed: 12, lateRuns: 1, … }
 */
export function remember(memory: PaceMemory, current: number, sample: PaceSample, wall: number): PaceMemory {
  memory = trackDrain(memory, current, sample, wall);
  if (!isLate(sample, current)) return memory.lateRuns ? { ...memory, lateRuns: 0 } : memory;
  const opens = wall - memory.lastLagWall >= PACE.quietMs;
  const peak = !opens && memory.peak && memory.peak.lateMs > sample.lateMs ? memory.peak : { lateMs: sample.lateMs, wall, coveredMs: 0, lastWall: wall };
  return {
    ...memory,
    lastLagWall: wall,
    lateSpeed: opens || memory.lateSpeed === undefined ? current : Math.max(memory.lateSpeed, current),
    lateRuns: opens ? 1 : (memory.lateRuns ?? 0) + 1,
    peak,
    ...(opens ? { lateAtSlow: undefined, sustained: undefined } : {}),
  };
}

/**
 * The drain of a spell's backlog (remember): while a spell has a worst sample, the cluster time the clock
 * covers (at `current`, since the last sample) is added up; the first sample on time after it (every loop
 * answering, under half of slowAtMs) gives what the loops sustained (drainedSpeed) and ends the tracking.
 */
function trackDrain(memory: PaceMemory, current: number, sample: PaceSample, wall: number): PaceMemory {
  const { peak } = memory;
  if (!peak) return memory;
  const coveredMs = peak.coveredMs + current * Math.max(0, wall - peak.lastWall);
  if (sample.unanswered > 0 || sample.lateMs >= slowAtMs(current) / 2) return { ...memory, peak: { ...peak, coveredMs, lastWall: wall } };
  const { peak: _done, ...rest } = memory;
  const sustained = drainedSpeed(peak.lateMs, peak.wall, coveredMs, sample.lateMs, wall);
  return sustained === undefined ? rest : { ...rest, sustained };
}

/** The slowest the keeper may hold a clock asked for `requested`: PACE.minSpeed if that is faster than real time, else as asked. */
export function pacingFloor(requested: number): number {
  return requested > 1 ? PACE.minSpeed : requested;
}

/** Whether a sample at `speed` shows the loops behind: one at slowAtMs or later, or one that did not answer. */
export function isLate(sample: PaceSample, speed: number): boolean {
  return sample.lateMs >= slowAtMs(speed) || sample.unanswered > 0;
}

/** Wall ms until the next sample at `speed`: often enough that at most sampleClusterMs of cluster time passes. */
export function sampleIntervalMs(speed: number): number {
  return Math.min(PACE.sampleMaxWallMs, Math.max(PACE.sampleMinWallMs, PACE.sampleClusterMs / Math.max(speed, 1e-9)));
}

/**
 * A loop's answer to a sample: how long its earliest due work has waited in cluster time, counted from
 * the last advance at most (a jump of the clock is not lateness); 0 when nothing is overdue.
 * @example loopLateness(T + 30_000, T, -Infinity) === 30_000
 */
export function loopLateness(now: number, nextDue: number | undefined, lastJump: number): number {
  if (nextDue === undefined) return 0;
  return Math.max(0, now - Math.max(nextDue, lastJump));
}

/**
 * The earliest of a loop's due times (cluster ms), undefined for none: what loopLateness measures a loop
 * by when it judges itself by its own work (a kubelet shard by the Lease renewals it owes, not by the
 * earliest key of its queue, which may be a pod's or one a notice queued a moment ago).
 * @example earliestDue([T + 5000, T - 2000]) === T - 2000
 */
export function earliestDue(dues: Iterable<number>): number | undefined {
  let min: number | undefined;
  for (const d of dues) if (min === undefined || d < min) min = d;
  return min;
}

/** What the keeper remembers of one loop between samples. */
export interface LoopSampling {
  /** Wall ms of the last time it was asked. */
  askedWall: number;
  /** Its answers in a row that showed nothing overdue (0 ms late). */
  onTimeRuns: number;
}

/**
 * Whether to ask a loop in this round: always, unless it is quiet (quietAfterSamples answers in a row
 * with nothing overdue) and was asked within quietSampleWallMs. A loop that was late, or did not
 * answer, is asked every round.
 * @example shouldAsk({ askedWall: T - 200, onTimeRuns: 5 }, T) === false
 */
export function shouldAsk(loop: LoopSampling | undefined, wall: number): boolean {
  return !loop || loop.onTimeRuns < PACE.quietAfterSamples || wall - loop.askedWall >= PACE.quietSampleWallMs;
}

/** A loop's sampling record after its answer (undefined: none in time) at `wall`. */
export function afterAnswer(loop: LoopSampling | undefined, lateMs: number | undefined, wall: number): LoopSampling {
  return { askedWall: wall, onTimeRuns: lateMs === 0 ? (loop?.onTimeRuns ?? 0) + 1 : 0 };
}

/** The worst of several loops' answers (undefined: no answer in time). */
export function worstOf(answers: { host: string; lateMs: number | undefined }[]): PaceSample {
  const worst: PaceSample = { lateMs: 0, host: '', unanswered: 0 };
  for (const a of answers) {
    if (a.lateMs === undefined) worst.unanswered++;
    else if (a.lateMs > worst.lateMs) Object.assign(worst, { lateMs: a.lateMs, host: a.host });
  }
  return worst;
}

function lateReason(sample: PaceSample): string {
  const silent = sample.unanswered ? `${sample.unanswered} loop${sample.unanswered === 1 ? '' : 's'} did not answer within ${PACE.answerWallMs / 1000} s` : '';
  if (sample.lateMs === 0) return silent;
  return `${sample.host} ran ${(sample.lateMs / 1000).toFixed(1)} s of cluster time late${silent ? `; ${silent}` : ''}`;
}

/** Speeds in status read as people write them: 2 decimals at most. */
function round(speed: number): number {
  return Math.round(speed * 100) / 100;
}
