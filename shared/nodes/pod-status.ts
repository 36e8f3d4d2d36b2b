import type { Container, ContainerStatus, Node, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { probeTimes, type ContainerRun } from './container-run';
import { imageID, normalizeImage } from './images';
import { containerID, type PodRunState } from './pod-lifecycle';
import { nodeHostIPs, statusPodIPs } from './pod-network';
import { qosClass } from './pod-resources';
import { rfc3339 } from './time-format';
import type { ContainerBehaviour } from './workload-profile';

interface BuildInput {
  pod: Pod;
  node: Node;
  state: PodRunState;
  specs: Map<string, { c: Container; b: ContainerBehaviour }>;
  now: number;
  podIP?: string;
  podRef: string;
}

/** The PodStatus kubelet would post for `state` at `now` (generateAPIPodStatus), plus the next probe-driven change. */
export function buildPodStatus(input: BuildInput): { status: PodStatus; nextReadyChange?: number } {
  const { pod, node, state, specs, now, podIP, podRef } = input;
  let nextReadyChange: number | undefined;
  const note = (t: number) => { if (t > now && (nextReadyChange === undefined || t < nextReadyChange)) nextReadyChange = t; };
  const uid = pod.metadata?.uid ?? pod.metadata?.name ?? '';
  const statusOf = (r: ContainerRun): ContainerStatus & { _ready: boolean; _readySince?: number } => {
    const { c, b } = specs.get(r.name)!;
    const image = normalizeImage(c.image ?? '');
    const base = { name: r.name, image, imageID: '', restartCount: r.restartCount, started: false, ready: false };
    const last = r.last ? { lastState: { terminated: { exitCode: r.last.exitCode, reason: r.last.reason, startedAt: rfc3339(r.last.startedAt), finishedAt: rfc3339(r.last.finishedAt), containerID: r.last.containerID } } } : { lastState: {} };
    if (r.stage === 'running' || r.stage === 'stopping') {
      const p = probeTimes(c, b, r.startedAt!);
      note(p.startedAt); note(p.readyAt);
      const plainInit = r.init;
      const ready = !plainInit && now >= p.readyAt;
      return { ...base, ...last, imageID: imageID(c.image ?? ''), containerID: containerID(uid, r.name, r.restartCount), started: now >= p.startedAt, ready, _ready: ready, _readySince: p.readyAt, state: { running: { startedAt: rfc3339(r.startedAt!) } } };
    }
    if (r.stage === 'terminated' && r.inBackoff && r.nextAt !== undefined && r.nextAt > now) {
      const lastTerm = { exitCode: r.exitCode ?? 0, reason: r.reason ?? 'Error', startedAt: rfc3339(r.startedAt ?? now), finishedAt: rfc3339(r.finishedAt ?? now), containerID: containerID(uid, r.name, r.restartCount) };
      return {
        ...base, imageID: imageID(c.image ?? ''), containerID: lastTerm.containerID, _ready: false,
        lastState: { terminated: lastTerm },
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goSeconds(r.backoffMs ?? 10_000)} restarting failed container=${r.name} pod=${podRef}` } },
      };
    }
    if (r.stage === 'terminated') {
      const ok = r.init && r.exitCode === 0;
      return {
        ...base, ...last, imageID: imageID(c.image ?? ''), containerID: containerID(uid, r.name, r.restartCount), ready: ok, _ready: ok,
        state: { terminated: { exitCode: r.exitCode ?? 0, reason: r.reason ?? 'Completed', startedAt: rfc3339(r.startedAt ?? now), finishedAt: rfc3339(r.finishedAt ?? now), containerID: containerID(uid, r.name, r.restartCount) } },
      };
    }
    const hasInit = state.containers.some((x) => x.init || x.sidecar);
    // an ephemeral container's default waiting reason is the kubelet's for a pod with init containers
    const initializing = r.ephemeral ? hasInit : !(r.init || r.sidecar || !hasInit || state.initializedAt !== undefined);
    const waitingReason = r.neverPull ? 'ErrImageNeverPull' : initializing ? 'PodInitializing' : 'ContainerCreating';
    const waiting = r.neverPull ? { reason: waitingReason, message: `Container image "${c.image}" is not present with pull policy of Never` }
      : r.pull ? { reason: r.pull.reason, message: r.pull.message }
      : r.configError !== undefined ? { reason: 'CreateContainerConfigError', message: r.configError }
      : { reason: waitingReason };
    return { ...base, ...last, _ready: false, state: { waiting } };
  };
  const init = state.containers.filter((r) => r.init || r.sidecar).map(statusOf);
  const app = state.containers.filter(isApp).map(statusOf);
  const strip = ({ _ready, _readySince, ...s }: ContainerStatus & { _ready: boolean; _readySince?: number }): ContainerStatus => s;
  // no probes and no part in readiness: never ready, and `started` is not reported (the prober sets it for the others)
  const ephemeral = state.containers.filter((r) => r.ephemeral).map((r) => {
    const { started: _started, ...st } = strip(statusOf(r));
    return { ...st, ready: false };
  });

  const phase = podPhase(pod, state, now);
  const sandboxUp = now >= state.sandboxReadyAt && phase !== 'Succeeded' && phase !== 'Failed';
  const noInit = !state.containers.some((r) => r.init);
  const initialized = noInit || (state.initializedAt !== undefined && state.initializedAt <= now);
  const unready = app.filter((s) => !s._ready).map((s) => s.name);
  const sidecarsUnready = init.filter((s, i) => state.containers.filter((r) => r.init || r.sidecar)[i]!.sidecar && !s._ready).map((s) => s.name);
  const allUnready = [...sidecarsUnready, ...unready];
  const readySince = Math.max(state.admittedAt, ...app.map((s) => s._readySince ?? 0));
  const prev = pod.status?.conditions ?? [];
  const cond = (type: string, ok: boolean, since: number, reason?: string, message?: string): PodCondition => {
    const p = prev.find((c) => c.type === type);
    const status = ok ? 'True' : 'False';
    const ltt = p && p.status === status ? p.lastTransitionTime : rfc3339(ok ? since : now);
    return { type, status, lastProbeTime: null as unknown as string, lastTransitionTime: ltt, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  };
  const notReadyMsg = `containers with unready status: [${allUnready.join(' ')}]`;
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const initPending = state.containers.filter((r) => r.init && !(r.stage === 'terminated' && r.exitCode === 0)).map((r) => r.name);
  const conditions: PodCondition[] = [
    cond('PodReadyToStartContainers', sandboxUp, state.sandboxReadyAt),
    cond('Initialized', initialized || (terminal && !initPending.length), noInit ? state.admittedAt : (state.initializedAt ?? now), initialized ? undefined : 'ContainersNotInitialized', initialized ? undefined : `containers with incomplete status: [${initPending.join(' ')}]`),
    cond('Ready', !allUnready.length && !terminal, readySince, allUnready.length || terminal ? readyReason : undefined, allUnready.length ? notReadyMsg : terminal ? '' : undefined),
    cond('ContainersReady', !allUnready.length && !terminal, readySince, allUnready.length || terminal ? readyReason : undefined, allUnready.length ? notReadyMsg : terminal ? '' : undefined),
    prev.find((c) => c.type === 'PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: rfc3339(state.admittedAt) },
  ].map((c) => (c.message === '' ? (({ message, ...rest }) => rest)(c) : c));
  const hostIPs = nodeHostIPs(node);
  const status: PodStatus = {
    phase,
    conditions,
    ...(hostIPs.length ? { hostIP: hostIPs[0], hostIPs: hostIPs.map((ip) => ({ ip })) } : {}),
    ...statusPodIPs(pod, hostIPs, podIP, now >= state.sandboxReadyAt),
    startTime: rfc3339(state.admittedAt),
    ...(init.length ? { initContainerStatuses: init.map(strip) } : {}),
    containerStatuses: app.map(strip),
    ...(ephemeral.length ? { ephemeralContainerStatuses: ephemeral } : {}),
    qosClass: qosClass(pod),
  };
  return { status, nextReadyChange };
}

/** kubelet getPhase: Pending until init done and every container has run; then by restartPolicy. */
export function podPhase(pod: Pod, state: PodRunState, now: number): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const failedInit = state.containers.some((r) => r.init && r.final && r.stage === 'terminated' && r.exitCode !== 0);
  if (failedInit && policy === 'Never') return 'Failed';
  const app = state.containers.filter(isApp);
  const terminating = state.terminatingSince !== undefined;
  if (state.initializedAt === undefined || state.initializedAt > now) return terminating && app.every((r) => r.final) ? 'Failed' : 'Pending';
  let pending = 0, running = 0, stopped = 0, succeeded = 0;
  for (const r of app) {
    if (r.stage === 'running' || r.stage === 'stopping') running++;
    else if (r.stage === 'terminated') { stopped++; if (r.exitCode === 0) succeeded++; }
    else if (r.last) { stopped++; if (r.last.exitCode === 0) succeeded++; }
    else pending++;
  }
  if (terminating && running === 0) return stopped > 0 && succeeded === stopped ? 'Succeeded' : 'Failed';
  // kubelet: a container that has never started keeps the pod Pending.
  if (pending > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (policy === 'Always') return 'Running';
  if (policy === 'OnFailure') return succeeded === stopped ? 'Succeeded' : 'Running';
  return stopped > succeeded ? 'Failed' : 'Succeeded';
}

/** A regular container: neither init, sidecar nor ephemeral. */
function isApp(r: ContainerRun): boolean {
  return !r.init && !r.sidecar && !r.ephemeral;
}

// Back-off durations print as Go durations in whole seconds ("10s", "5m0s").
function goSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
