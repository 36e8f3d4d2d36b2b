import { ApiError, type StatusCause } from '../api/errors';
import { microTime } from '../nodes/time-format';
import { advanced, clusterTimeAt, realTimeState, settingsProblems, withSettings, type ClockState } from './cluster-clock';
import { parseGoDuration } from './go-duration';

/**
 * The cluster-scoped `kubeflare.dev/v1alpha1` ClusterClock named `cluster`: the API face of the
 * cluster clock.
 *
 * ```yaml
 * spec:
 *   speed: 60        # cluster seconds per wall second (default 1)
 *   paused: false    # stepped mode: time moves only by `advance`
 *   advance: 10m     # a request, consumed on write: move cluster time forward by a Go duration
 * status:            # written by the store, never by clients
 *   time, speed, paused, wallAnchor, clusterAnchor
 * ```
 */
export interface ClusterClockObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; [k: string]: unknown };
  spec?: { speed?: unknown; paused?: unknown; advance?: unknown };
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
  if (typeof paused !== 'boolean') causes.push({ reason: 'FieldValueInvalid', field: 'spec.paused', message: `Invalid value: ${JSON.stringify(paused)}: must be a boolean` });
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
  let state = withSettings(clockStateOf(prev, wall), { speed: speed as number, paused: paused as boolean }, wall);
  if (advanceMs) state = advanced(state, advanceMs, wall);
  const { advance: _consumed, ...keptSpec } = spec;
  return { object: { ...next, spec: { ...keptSpec, speed, paused }, status: statusOf(state, wall) }, causes };
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
