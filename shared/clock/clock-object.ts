import { ApiError, type StatusCause } from '../api/errors';
import { microTime } from '../nodes/time-format';
import { advanced, clusterTimeAt, realTimeState, settingsProblems, withSettings, type ClockState } from './cluster-clock';
import { parseGoDuration } from './go-duration';
import { PACE } from './pace';

/**
 * The cluster-scoped `kubeflare.dev/v1alpha1` ClusterClock named `cluster`: the API face of the
 * cluster clock.
 *
 * ```yaml
 * spec:
 *   speed: 60        # cluster seconds per wall second (default 1)
 *   paused: false    # stepped mode: time moves only by `advance`
 *   advance: 10m     # a request, consumed on write: move cluster time forward by a Go duration
 *   keepUp: true     # slow down while the loops run late (default; shared/clock/pace.ts)
 * status:            # written at admission and by the cluster store's pace keeping
 *   time, speed (in effect), paused, wallAnchor, clusterAnchor, message (why slower than spec.speed)
 * ```
 */
export interface ClusterClockObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; [k: string]: unknown };
  spec?: { speed?: unknown; paused?: unknown; advance?: unknown; keepUp?: unknown };
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
}

/** The one ClusterClock's name. */
export const CLUSTER_CLOCK_NAME = 'cluster';

/** The clock state a stored ClusterClock describes (real time when there is none). */
export function clockStateOf(obj: ClusterClockObject | null | undefined, wall: number): ClockState {
  const s = obj?.status;
  if (!s || typeof s.wallAnchor !== 'number' || typeof s.clusterAnchor !== 'number') return realTimeState(wall);
  return { speed: s.speed, paused: s.paused, wallAnchor: s.wallAnchor, clusterAnchor: s.clusterAnchor };
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
  let advanceMs: number | undefined;
  if (spec.advance !== undefined && spec.advance !== null) {
    advanceMs = typeof spec.advance === 'string' ? parseGoDuration(spec.advance) : undefined;
    if (advanceMs === undefined) {
      causes.push({ reason: 'FieldValueInvalid', field: 'spec.advance', message: `Invalid value: ${JSON.stringify(spec.advance)}: must be a duration such as "90s", "10m" or "1h30m"` });
    }
  }
  for (const p of settingsProblems(speed, advanceMs === undefined ? undefined : advanceMs)) {
    causes.push({ reason: 'FieldValueInvalid', field: p.field, message: `Invalid value: ${JSON.stringify(p.field === 'spec.advance' ? spec.advance : p.value)}: ${p.message}` });
  }
  if (causes.length) return { object: next, causes };
  const pace = paceInEffect(prev, next, speed as number, paused as boolean, keepUp as boolean, advanceMs);
  let state = withSettings(clockStateOf(prev, wall), { speed: pace.speed, paused: paused as boolean }, wall);
  if (advanceMs) state = advanced(state, advanceMs, wall);
  const { advance: _consumed, ...keptSpec } = spec;
  const status = statusOf(state, wall);
  if (pace.message) status.message = pace.message;
  return { object: { ...next, spec: { ...keptSpec, speed, paused, keepUp }, status }, causes };
}

/**
 * The speed in effect after a write. A new speed, pause or advance takes effect as asked; a write
 * that leaves them alone keeps a slower pace the cluster store set (the status it carries, or the
 * stored one), within real time and the requested speed, and only while `keepUp` is on.
 */
function paceInEffect(
  prev: ClusterClockObject | null,
  next: ClusterClockObject,
  speed: number,
  paused: boolean,
  keepUp: boolean,
  advanceMs: number | undefined,
): { speed: number; message?: string } {
  const settingsChanged = !prev || (prev.spec?.speed ?? 1) !== speed || (prev.spec?.paused ?? false) !== paused || Boolean(advanceMs);
  if (!keepUp || settingsChanged) return { speed };
  const carried = typeof next.status?.speed === 'number' ? next.status : prev.status;
  const slower = carried?.speed;
  if (typeof slower !== 'number' || !Number.isFinite(slower) || slower >= speed) return { speed };
  const floor = Math.min(PACE.minSpeed, speed);
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
