import type { Pod } from 'kubernetes-types/core/v1';
import type { ContainerRun } from './container-run';
import type { PodRunState } from './pod-lifecycle';

/**
 * The pod's run state with a waiting run for each ephemeral container the kubelet has not seen
 * before (added through pods/ephemeralcontainers since its last step), noted as seen at `now`.
 * Ephemeral containers are never removed from a pod, so runs are only ever added.
 * @example withEphemeralRuns(state, podWithDebugger, now).containers.at(-1) // { name: 'debugger', ephemeral: true, stage: 'waiting', addedAt: now, … }
 */
export function withEphemeralRuns(state: PodRunState, pod: Pod, now: number): PodRunState {
  const known = new Set(state.containers.map((r) => r.name));
  const added = (pod.spec?.ephemeralContainers ?? [])
    .filter((c) => !known.has(c.name))
    .map((c): ContainerRun => ({ name: c.name, init: false, sidecar: false, ephemeral: true, addedAt: now, stage: 'waiting', restartCount: 0 }));
  return added.length ? { ...state, containers: [...state.containers, ...added] } : state;
}

/**
 * When the kubelet starts a waiting ephemeral container (computePodActions' EphemeralContainersToStart):
 * once the sandbox runs and it has seen the container, whether or not the init containers are done;
 * never in a pod being deleted or whose other containers have all stopped for good. Undefined: not
 * (or not yet) startable.
 */
export function ephemeralStartAt(r: ContainerRun, s: PodRunState): number | undefined {
  if (!r.ephemeral || r.stage !== 'waiting' || r.neverPull || s.terminatingSince !== undefined) return undefined;
  const others = s.containers.filter((x) => !x.ephemeral && !x.init);
  if (others.length && others.every((x) => x.final)) return undefined;
  return Math.max(s.sandboxReadyAt, r.addedAt ?? s.sandboxReadyAt);
}
