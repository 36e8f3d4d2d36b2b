import { clusterTimeAt, NO_CLOCK, realTimeState, wallDelay, wallTimeAt, type ClockState } from './cluster-clock';

/**
 * Time for every loop of the cluster (controllers, kubelets, stores, informers): injected so tests
 * step it instead of sleeping.
 * `sleep` resolves (never rejects) after `ms`, or at once when `signal` aborts.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Arms a timer; returns its cancel. Injected so tests step time instead of sleeping. */
export type Schedule = (ms: number, fn: () => void) => () => void;

/**
 * setTimeout as a Schedule: for timers about a client's connection (a watch's timeoutSeconds and
 * bookmarks, a request's wait in a flow-control queue), which a fast or paused cluster clock must not
 * stretch or shrink. The one place besides realClock that arms a wall-clock timer.
 */
export const realTimeSchedule: Schedule = (ms, fn) => {
  const t = setTimeout(fn, Math.max(0, ms));
  return () => clearTimeout(t);
};

/** Wall-clock time and setTimeout. */
export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * The cluster clock as a component holds it: cluster time computed from a shared ClockState and
 * the wall time, which is read here and nowhere else. `wallTimeAt` says when to set an alarm for a
 * cluster time; `update` takes a new state (a change of speed, a pause, an advance).
 * @example const clock = new ClusterClock(() => Date.now()); clock.update(stateFromTheClusterStore);
 */
/** A move of cluster time this much ahead of where the previous state had it is an advance, not drift. */
const JUMP_MS = 1000;

export class ClusterClock implements Clock {
  private state: ClockState;
  /**
   * Cluster time just after the last forward jump (an advance): loops measuring how late they run
   * count from here, so a jump is not lateness, while a change of speed is no excuse.
   */
  lastJump = -Infinity;

  constructor(
    private readonly wall: () => number,
    state?: ClockState,
  ) {
    this.state = state ?? realTimeState(wall());
  }

  now(): number {
    return clusterTimeAt(this.state, this.wall());
  }

  /** The wall time (ms since the epoch) at which cluster time reaches `cluster`; Infinity when paused. */
  wallTimeAt(cluster: number): number {
    return wallTimeAt(this.state, cluster, this.wall());
  }

  /** The wall clock itself, for measuring how long work took (never for decisions). */
  wallNow(): number {
    return this.wall();
  }

  get current(): ClockState {
    return this.state;
  }

  /**
   * Takes a newer state. A state anchored before the one held is an older write arriving late (a
   * refresh that crossed a change of pace, pushes delivered out of order) and is ignored: taking it
   * would move time back and forth, and a move forward would pass for an advance. Real time without
   * a ClusterClock (anchored at the epoch, NO_CLOCK) is always taken. An advance is told from a change
   * of speed at the new state's own anchor, so a change delivered late is not mistaken for a jump.
   */
  update(state: ClockState): void {
    if (state.wallAnchor < this.state.wallAnchor && state.wallAnchor !== NO_CLOCK.wallAnchor) return;
    if (state.clusterAnchor - clusterTimeAt(this.state, state.wallAnchor) > JUMP_MS) this.lastJump = clusterTimeAt(state, this.wall());
    this.state = state;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const delay = wallDelay(this.state, ms);
    // a paused clock would never wake a sleeper; sleep a wall second and let the caller look again
    return realClock.sleep(Number.isFinite(delay) ? delay : 1000, signal);
  }
}

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock tests drive: `step(ms)` advances time, waking sleepers in due order and letting the
 * promise chains they start run before time moves on.
 * @example const clock = new FakeClock(); informer = factory(client, { clock }); await clock.step(30_000);
 */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const s: Sleeper = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      this.sleepers.push(s);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((x) => x !== s);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Sleepers not yet woken. */
  get pending(): number {
    return this.sleepers.length;
  }

  /** Advances time by `ms`, waking each due sleeper in turn and settling the work it triggers. */
  async step(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = this.sleepers.filter((s) => s.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.t = Math.max(this.t, due.at);
      due.resolve();
    }
    this.t = end;
    await settle();
  }
}

/** Lets pending promise chains (and macrotask-queued stream reads) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setTimeout(r, 0));
}
