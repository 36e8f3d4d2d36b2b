/**
 * The cluster clock's arithmetic: one simulated time line for every loop of the cluster.
 *
 * Cluster time runs `speed` times faster than wall time from an anchor (the wall and cluster times
 * at the last change of speed or the last advance). In stepped mode (`paused`) it stands still and
 * moves only by `advance`. Every component computes the same cluster time from the same state, so
 * the state is all that has to be shared; alarms are set at the wall time when the cluster time
 * they wait for arrives.
 */

/** What a user sets: how fast cluster time runs, and whether it runs at all. */
export interface ClockSettings {
  /** Cluster seconds per wall second; 1 is real time. */
  speed: number;
  /** Stepped mode: time moves only when advanced. */
  paused: boolean;
}

/** The shared state: settings plus the anchor they took effect at. */
export interface ClockState extends ClockSettings {
  /** Wall time (ms since the epoch) of the anchor. */
  wallAnchor: number;
  /** Cluster time (ms since the epoch) at the anchor. */
  clusterAnchor: number;
  /**
   * A timed run (ClusterClock spec.runFor): cluster time runs at `speed` up to this cluster time and
   * stands still there, so every loop fires at each of its due times in between, in order.
   */
  runUntil?: number;
}

/** The fastest a clock may run: an hour per 3.6 wall seconds is far beyond what the loops keep up with. */
export const MAX_SPEED = 1000;

/** Real time: cluster time equals wall time. */
export function realTimeState(wall: number): ClockState {
  return { speed: 1, paused: false, wallAnchor: wall, clusterAnchor: wall };
}

/**
 * Real time when no ClusterClock exists: anchored at the epoch, so it reads as realTimeState(now)
 * does, and no state written later is taken for an older one (ClusterClock.update).
 */
export const NO_CLOCK: Readonly<ClockState> = { speed: 1, paused: false, wallAnchor: 0, clusterAnchor: 0 };

/** Cluster time at a wall time. */
export function clusterTimeAt(state: ClockState, wall: number): number {
  if (state.paused) return state.clusterAnchor;
  const t = state.clusterAnchor + Math.max(0, wall - state.wallAnchor) * state.speed;
  return state.runUntil === undefined ? t : Math.min(t, state.runUntil);
}

/** Whether cluster time stands still at `wall`: paused, or at the end of a timed run. */
export function standsStill(state: ClockState, wall: number): boolean {
  return state.paused || (state.runUntil !== undefined && clusterTimeAt(state, wall) >= state.runUntil);
}

/**
 * The wall time at which cluster time reaches `cluster`: when to set an alarm for it. In stepped
 * mode a future time never arrives on its own (Infinity); a past one is due now.
 */
export function wallTimeAt(state: ClockState, cluster: number, wall: number): number {
  if (cluster <= clusterTimeAt(state, wall)) return wall;
  if (state.paused || (state.runUntil !== undefined && cluster > state.runUntil)) return Infinity;
  return state.wallAnchor + (cluster - state.clusterAnchor) / state.speed;
}

/** A wall delay for a cluster-time delay starting now (for timers). */
export function wallDelay(state: ClockState, clusterDelayMs: number): number {
  if (clusterDelayMs <= 0) return 0;
  if (state.paused) return Infinity;
  return clusterDelayMs / state.speed;
}

/**
 * A cluster time as stored in an anchor: whole milliseconds. A fractional speed leaves fractions
 * that kubectl's YAML prints in exponent form (1.79634468422683e+12); rounding up, never down,
 * keeps cluster time from stepping back the fraction of a millisecond a reader may already have seen.
 */
function wholeMs(cluster: number): number {
  return Math.ceil(cluster);
}

/** New settings take effect now: the anchor moves to the current instant, so time never jumps. */
export function withSettings(state: ClockState, settings: ClockSettings, wall: number): ClockState {
  return { ...settings, wallAnchor: wall, clusterAnchor: wholeMs(clusterTimeAt(state, wall)) };
}

/** Moves cluster time forward by `ms` (any mode); a timed run in progress ends. */
export function advanced(state: ClockState, ms: number, wall: number): ClockState {
  const { runUntil: _ended, ...rest } = state;
  return { ...rest, wallAnchor: wall, clusterAnchor: wholeMs(clusterTimeAt(state, wall) + ms) };
}

/** Runs cluster time at `speed` for `ms` of cluster time from now, then stands still (a timed run). */
export function runningFor(state: ClockState, ms: number, speed: number, wall: number): ClockState {
  const now = wholeMs(clusterTimeAt(state, wall));
  return { speed, paused: false, wallAnchor: wall, clusterAnchor: now, runUntil: wholeMs(now + ms) };
}

/** The same timed run at another speed (the pace keeper slowing or speeding it): it ends where it would have. */
export function runAtSpeed(state: ClockState, speed: number, wall: number): ClockState {
  return { ...withSettings(state, { speed, paused: false }, wall), runUntil: state.runUntil };
}

/** Problems with requested settings, as `field: message` pairs (empty when valid). */
export function settingsProblems(speed: unknown, advanceMs: unknown, runForMs?: unknown): { field: string; value: unknown; message: string }[] {
  const out: { field: string; value: unknown; message: string }[] = [];
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed <= 0) {
    out.push({ field: 'spec.speed', value: speed, message: 'must be greater than 0' });
  } else if (speed > MAX_SPEED) {
    out.push({ field: 'spec.speed', value: speed, message: `must be no more than ${MAX_SPEED}` });
  }
  if (advanceMs !== undefined && (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0)) {
    out.push({ field: 'spec.advance', value: advanceMs, message: 'the cluster clock cannot go backwards' });
  }
  if (runForMs !== undefined && (typeof runForMs !== 'number' || !Number.isFinite(runForMs) || runForMs <= 0)) {
    out.push({ field: 'spec.runFor', value: runForMs, message: 'must be a positive duration: the cluster clock cannot go backwards' });
  }
  return out;
}
