import type { Container, Probe } from 'kubernetes-types/core/v1';
import type { ContainerBehaviour } from './workload-profile';
import type { PullFailure } from './image-pull';

/** Kubelet's container restart back-off (pkg/kubelet/kubelet.go): 10s doubling to 300s. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

/** Serializable per-container state of the simulated runtime. */
export interface ContainerRun {
  name: string;
  /** A plain init container (runs to completion before the next). */
  init: boolean;
  /** A restartable init container (sidecar). */
  sidecar: boolean;
  /** An ephemeral container (pods/ephemeralcontainers): started once the sandbox runs, never restarted. */
  ephemeral?: boolean;
  /** For an ephemeral container: when the kubelet first saw it in the spec. */
  addedAt?: number;
  stage: 'waiting' | 'pulling' | 'creating' | 'running' | 'terminated' | 'stopping';
  /** When the current stage ends (pull done, start, exit, restart, stop). */
  nextAt?: number;
  restartCount: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  /** The previous instance's termination (status.lastState). */
  last?: { exitCode: number; reason: string; startedAt: number; finishedAt: number; containerID: string };
  /** flowcontrol.Backoff entry: current back-off and when it was last advanced. */
  backoffMs?: number;
  backoffUpdatedAt?: number;
  /** Waiting in CrashLoopBackOff until nextAt. */
  inBackoff?: boolean;
  /** Image never pulled and pull policy Never. */
  neverPull?: boolean;
  /** Completed for good (will not restart). */
  final?: boolean;
  /** When this instance's working set goes above its memory limit: the memory cgroup OOM-kills it then. */
  oomAt?: number;
  /** Its image could not be had (InvalidImageName, ErrImagePull, ImagePullBackOff) and the image back-off. */
  pull?: PullFailure;
  /** Why its config could not be built (a CreateContainerConfigError's message); retried every pod sync. */
  configError?: string;
}

/**
 * When the container would be "started" (startup probe passes) and "ready" (readiness probe
 * passes), given when the process came up: probes fire at startedAt + initialDelay + k·period,
 * and the first firing at or after the app is up succeeds. No probe: at once.
 */
export function probeTimes(c: Container, b: ContainerBehaviour, startedAt: number): { startedAt: number; readyAt: number } {
  const upAt = startedAt + (b.startupSeconds ?? 0) * 1000;
  const started = c.startupProbe ? firstFiring(c.startupProbe, startedAt, upAt) : startedAt;
  if (!c.readinessProbe) return { startedAt: started, readyAt: started };
  const want = Math.max(upAt + (b.readinessDelaySeconds ?? 0) * 1000, started);
  return { startedAt: started, readyAt: firstFiring(c.readinessProbe, startedAt, want) };
}

function firstFiring(p: Probe, startedAt: number, notBefore: number): number {
  const first = startedAt + (p.initialDelaySeconds ?? 0) * 1000;
  const period = (p.periodSeconds ?? 10) * 1000;
  if (notBefore <= first) return first;
  return first + Math.ceil((notBefore - first) / period) * period;
}

/**
 * Restart decision after an exit at `finishedAt`, as kubelet's doBackOff does it: no back-off
 * entry (or one idle for over 2×max, i.e. the container ran ≥10 min) → restart at once and
 * start the back-off at 10s; otherwise wait out the current back-off, then double it (≤300s).
 */
export function scheduleRestart(run: ContainerRun, finishedAt: number): ContainerRun {
  const fresh = run.backoffMs === undefined || run.backoffUpdatedAt === undefined || finishedAt - run.backoffUpdatedAt > 2 * BACKOFF_MAX_MS;
  if (fresh) return { ...run, inBackoff: false, nextAt: finishedAt, backoffMs: BACKOFF_INITIAL_MS, backoffUpdatedAt: finishedAt };
  const restartAt = finishedAt + run.backoffMs!;
  return { ...run, inBackoff: true, nextAt: restartAt, backoffMs: run.backoffMs!, backoffUpdatedAt: run.backoffUpdatedAt! };
}

/** After a back-off restart: advance the entry (double, capped). */
export function advanceBackoff(run: ContainerRun, at: number): ContainerRun {
  if (!run.inBackoff) return run;
  return { ...run, inBackoff: false, backoffMs: Math.min((run.backoffMs ?? BACKOFF_INITIAL_MS) * 2, BACKOFF_MAX_MS), backoffUpdatedAt: at };
}

/** Whether a container that exited with `exitCode` restarts under the pod's restartPolicy. */
export function restarts(run: ContainerRun, restartPolicy: string | undefined, exitCode: number): boolean {
  if (run.ephemeral) return false;
  if (run.sidecar) return true;
  if (run.init) return exitCode !== 0 && restartPolicy !== 'Never';
  if (restartPolicy === 'Never') return false;
  if (restartPolicy === 'OnFailure') return exitCode !== 0;
  return true;
}

/** Termination reason kubelet reports for an exit code. */
export function exitReason(exitCode: number, oomKilled?: boolean): string {
  if (oomKilled) return 'OOMKilled';
  return exitCode === 0 ? 'Completed' : 'Error';
}
