import { ApiError, type StatusCause } from '../api/errors';
import { microTime } from '../nodes/time-format';
import { advanced, clusterTimeAt, NO_CLOCK, runAtSpeed, runningFor, settingsProblems, withSettings, type ClockState } from './cluster-clock';
import { parseGoDuration } from './go-duration';
import { pacingFloor } from './pace';

/**
 * The cluster-scoped `kubeflare.dev/v1alpha1` ClusterClock named `cluster`: the API face of the
 * cluster clock.
 *
 * ```yaml
 * spec:
 *   speed: 60        # cluster seconds per wall second (default 1)
 *   paused: false    # stepped mode: time moves only by `advance`
 *   advance: 10m     # a request, consumed on write: move cluster time forward by a Go duration (a jump)
 *   runFor: 10m      # a request, consumed on write: run at `speed` for a Go duration of cluster time,
 *                    # every loop firing at each of its due times in order, then stand still (paused)
 *   keepUp: true     # slow down while the loops run late (default; shared/clock/pace.ts)
 * status:            # written at admission and by the cluster store's pace keeping
 *   time, speed (in effect), paused, wallAnchor, clusterAnchor, runUntil (a timed run's end),
 *   message (why slower than spec.speed)
 * ```
 */
export interface ClusterClockObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; [k: string]: unknown };
  spec?: { speed?: unknown; paused?: unknown; advance?: unknown; runFor?: unknown; keepUp?: unknown };
  status?: ClusterClockStatus;
}

export interface ClusterClockStatus {
  /** Cluster time when the status was written (MicroTime). */
  time: string;
  speed: number;
  paused: boolean;
  /** The anchor, in ms since the epoch: cluster time = clusterAnchor + (wall − wallAnchor) × speed. */
  wallAnchor: number;
  clusterAnchor: number;
  /** Why the speed in effect is below spec.speed (the loops ran late). */
  message?: string;
  /** The cluster time (ms since the epoch) a timed run (spec.runFor) stops at. */
  runUntil?: number;
}

/** The one ClusterClock's name. */
export const CLUSTER_CLOCK_NAME = 'cluster';

/** The clock state a stored ClusterClock describes (real time, NO_CLOCK, when there is none). */
export function clockStateOf(obj: ClusterClockObject | null | undefined, _wall?: number): ClockState {
  const s = obj?.status;
  if (!s || typeof s.wallAnchor !== 'number' || typeof s.clusterAnchor !== 'number') return NO_CLOCK;
  const state: ClockState = { speed: s.speed, paused: s.paused, wallAnchor: s.wallAnchor, clusterAnchor: s.clusterAnchor };
  if (typeof s.runUntil === 'number') state.runUntil = s.runUntil;
  return state;
}

/**
 * Admission of a ClusterClock write: validates the spec, applies the new speed or pause from now
 * on, consumes an `advance` request, and writes the resulting state to status. Returns the object
 * to store, or causes for a 422 (a speed ≤ 0, a clock going backwards, another name).
 */
export function admitClusterClock(
  prev: ClusterClockObject | null,
  next: ClusterClockObject,
  wall: number,
): { object: ClusterClockObject; causes: StatusCause[] } {
  const causes: StatusCause[] = [];
  if (next.metadata.name !== CLUSTER_CLOCK_NAME) {
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(next.metadata.name)}: the cluster has one clock, named "${CLUSTER_CLOCK_NAME}"` });
  }
  const spec = next.spec ?? {};
  const speed = spec.speed ?? 1;
  const paused = spec.paused ?? false;
  const keepUp = spec.keepUp ?? true;
  if (typeof paused !== 'boolean') causes.push({ reason: 'FieldValueInvalid', field: 'spec.paused', message: `Invalid value: ${JSON.stringify(paused)}: must be a boolean` });
  if (typeof keepUp !== 'boolean') causes.push({ reason: 'FieldValueInvalid', field: 'spec.keepUp', message: `Invalid value: ${JSON.stringify(keepUp)}: must be a boolean` });
  const advanceMs = durationRequest(spec.advance, 'spec.advance', causes);
  const runForMs = durationRequest(spec.runFor, 'spec.runFor', causes);
  if (advanceMs !== undefined && runForMs !== undefined) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.runFor', message: `Invalid value: ${JSON.stringify(spec.runFor)}: may not be combined with spec.advance` });
  }
  for (const p of settingsProblems(speed, advanceMs, runForMs)) {
    const requested = p.field === 'spec.advance' ? spec.advance : p.field === 'spec.runFor' ? spec.runFor : p.value;
    causes.push({ reason: 'FieldValueInvalid', field: p.field, message: `Invalid value: ${JSON.stringify(requested)}: ${p.message}` });
  }
  if (causes.length) return { object: next, causes };
  const before = clockStateOf(prev, wall);
  const settingsChanged = !prev || (prev.spec?.speed ?? 1) !== speed || (prev.spec?.paused ?? false) !== paused || advanceMs !== undefined || runForMs !== undefined;
  const pace = paceInEffect(prev, next, speed as number, keepUp as boolean, settingsChanged);
  let state: ClockState;
  if (runForMs !== undefined) state = runningFor(before, runForMs, pace.speed, wall);
  // a write that changes no setting (a label, the pace keeper) lets a timed run go on to its end
  else if (!settingsChanged && before.runUntil !== undefined) state = runAtSpeed(before, pace.speed, wall);
  else state = withSettings(before, { speed: pace.speed, paused: paused as boolean }, wall);
  if (advanceMs) state = advanced(state, advanceMs, wall);
  // timestamps are RFC 3339 with a four-digit year: clients cannot read a time past 9999
  const reaches = Math.max(state.clusterAnchor, state.runUntil ?? 0);
  if (reaches > LAST_TIMESTAMP_MS) {
    const field = runForMs !== undefined ? 'spec.runFor' : 'spec.advance';
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(field === 'spec.runFor' ? spec.runFor : spec.advance)}: would take the cluster clock past 9999-12-31T23:59:59Z` });
    return { object: next, causes };
  }
  const { advance: _advance, runFor: _runFor, ...keptSpec } = spec;
  const status = statusOf(state, wall);
  if (pace.message) status.message = pace.message;
  // after a timed run the clock stands still: stepped mode
  const keptPaused = runForMs !== undefined ? true : paused;
  return { object: { ...next, spec: { ...keptSpec, speed, paused: keptPaused, keepUp }, status }, causes };
}

/** 9999-12-31T23:59:59.999Z, the last instant an RFC 3339 timestamp (metav1.Time) can name. */
const LAST_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A Go duration request (advance, runFor): its milliseconds, undefined when absent; a cause when malformed. */
function durationRequest(value: unknown, field: string, causes: StatusCause[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (ms === undefined) causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: must be a duration such as "90s", "10m" or "1h30m"` });
  return ms;
}

/**
 * The speed in effect after a write. A new speed, pause or advance takes effect as asked; a write
 * that leaves them alone keeps a slower pace the cluster store set (the status it carries, or the
 * stored one), within real time and the requested speed, and only while `keepUp` is on.
 */
function paceInEffect(prev: ClusterClockObject | null, next: ClusterClockObject, speed: number, keepUp: boolean, settingsChanged: boolean): { speed: number; message?: string } {
  if (!keepUp || settingsChanged || !prev) return { speed };
  const carried = typeof next.status?.speed === 'number' ? next.status : prev.status;
  const slower = carried?.speed;
  if (typeof slower !== 'number' || !Number.isFinite(slower) || slower >= speed) return { speed };
  const floor = pacingFloor(speed);
  return { speed: Math.max(floor, slower), message: typeof carried?.message === 'string' ? carried.message : undefined };
}

/** The status a clock state is shown with. */
export function statusOf(state: ClockState, wall: number): ClusterClockStatus {
  return {
    time: microTime(clusterTimeAt(state, wall)),
    speed: state.speed,
    paused: state.paused,
    wallAnchor: state.wallAnchor,
    clusterAnchor: state.clusterAnchor,
    ...(state.runUntil !== undefined ? { runUntil: state.runUntil } : {}),
  };
}

/**
 * The clock may not be deleted: without it cluster time would fall back to wall time, which is
 * behind a clock that ran fast or was advanced.
 */
export function checkClockDeletable(group: string, kind: string): void {
  if (group === 'kubeflare.dev' && kind === 'ClusterClock') {
    throw new ApiError(403, 'Forbidden', `clusterclocks.kubeflare.dev "${CLUSTER_CLOCK_NAME}" is forbidden: the cluster clock cannot be deleted (set spec.speed: 1 to run at real time)`, {
      name: CLUSTER_CLOCK_NAME,
      group: 'kubeflare.dev',
      kind: 'clusterclocks',
    });
  }
}
