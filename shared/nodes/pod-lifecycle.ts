import type { Container, Node, Pod, PodStatus } from 'kubernetes-types/core/v1';
import { advanceBackoff, exitReason, restarts, scheduleRestart, type ContainerRun } from './container-run';
import type { SimEvent } from './node-conditions';
import { DEFAULT_IMAGE_SIZE_BYTES, invalidImageMessage, nodeImage, normalizeImage, pullPolicy } from './images';
import { imageMissing, invalidImage, pullBackOff, pullFailed, type PullEvent } from './image-pull';
import { containerConfigError, mountAttempts, POD_SYNC_RETRY_MS, volumeMountError, type ConfigObjects, type MountWait } from './container-config';
import { goDuration, parseTime } from './time-format';
import type { ContainerBehaviour, EffectiveProfile } from './workload-profile';
import { buildPodStatus } from './pod-status';
import { hexDigest } from './hash';
import { behaviourWithCommand } from './container-command';
import { ephemeralStartAt, withEphemeralRuns } from './ephemeral-runs';
import { memoryExceedsAt } from '../resources/memory-limit';
import { parseBytes } from './quantity';

/** Runtime timings of the simulated node. */
export interface RuntimeTiming {
  /** Sandbox creation + CNI ADD, until the pod has an IP. */
  sandboxMs: number;
  /** Container create + start. */
  createMs: number;
  /** Registry throughput for image pulls. */
  pullBytesPerSecond: number;
  /** Fixed cost of a pull (manifest round trips); also the cost of an Always pull of a present image. */
  pullBaseMs: number;
}

export const DEFAULT_TIMING: RuntimeTiming = { sandboxMs: 500, createMs: 100, pullBytesPerSecond: 50_000_000, pullBaseMs: 200 };

/** Serializable state kubelet keeps for one pod between steps (the Durable Object stores it). */
export interface PodRunState {
  admittedAt: number;
  sandboxReadyAt: number;
  /** Time up to which transitions have been applied. */
  cursor: number;
  containers: ContainerRun[];
  initializedAt?: number;
  terminatingSince?: number;
  /** Images this pod pulled, to add to node.status.images. */
  pulled: string[];
  /** Its volumes are not mounted yet (a ConfigMap or Secret they need is missing): no sandbox until they are. */
  mountWait?: MountWait;
}

export interface StepPodInput {
  pod: Pod;
  node: Node;
  profile: EffectiveProfile;
  now: number;
  /** Absent on the first step after admission. */
  state?: PodRunState;
  /** The IP host-local gave the pod's sandbox (a host-network pod reports its node's instead). */
  podIP?: string;
  timing?: Partial<RuntimeTiming>;
  /** The ConfigMaps and Secrets the pod references that exist; absent: not checked (all present). */
  config?: ConfigObjects;
  /** References the simulated registry does not have, besides those its naming rule gives (imageMissing). */
  missingImages?: string[];
}

export interface StepPodResult {
  status: PodStatus;
  state: PodRunState;
  /** Events in time order, each stamped with when it happened. */
  events: SimEvent[];
  /** When the pod next changes on its own (wake the alarm then); undefined when settled. */
  nextDueMs?: number;
  /** All containers stopped after deletion: delete the pod (grace 0) and release its IP. */
  deletePod: boolean;
}

type Spec = { c: Container; b: ContainerBehaviour; fieldPath: string };

/**
 * Kubelet's pod lifecycle as a pure state machine: apply every transition due up to `now`
 * (sandbox, image pulls, create/start, init containers in order, exits, restarts with
 * CrashLoopBackOff, graceful termination), then describe the pod at `now`.
 * Admission is separate (`admitPod`) and runs before the first step.
 */
export function stepPod(input: StepPodInput): StepPodResult {
  const timing = { ...DEFAULT_TIMING, ...input.timing };
  const { pod, node, profile, now } = input;
  const specs = new Map<string, Spec>();
  // a command the simulator recognises (sleep, echo, exit, sh -c …) decides when the container exits
  for (const c of pod.spec?.initContainers ?? []) specs.set(c.name, { c, b: behaviourWithCommand(pod, c, profile.containers[c.name] ?? {}), fieldPath: `spec.initContainers{${c.name}}` });
  for (const c of pod.spec?.containers ?? []) specs.set(c.name, { c, b: behaviourWithCommand(pod, c, profile.containers[c.name] ?? {}), fieldPath: `spec.containers{${c.name}}` });
  for (const e of pod.spec?.ephemeralContainers ?? []) {
    const c = e as Container;
    specs.set(c.name, { c, b: behaviourWithCommand(pod, c, profile.containers[c.name] ?? {}), fieldPath: `spec.ephemeralContainers{${c.name}}` });
  }
  let state: PodRunState = withEphemeralRuns(input.state ? structuredClone(input.state) : initialState(pod, now, timing), pod, now);
  const events: SimEvent[] = [];
  const podRef = `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid ?? ''})`;
  const ctx: Ctx = { pod, node, specs, timing, events, podRef, config: input.config, missingImages: input.missingImages ?? [] };
  if (input.config && pod.metadata?.deletionTimestamp === undefined) state = mountVolumes(state, input.config, now, ctx);

  const deletion = deletionStart(pod, state.cursor);
  const until = deletion !== undefined && state.terminatingSince === undefined ? Math.min(now, deletion) : now;
  state = advance(state, until, ctx);
  if (deletion !== undefined && state.terminatingSince === undefined && deletion <= now) {
    state = beginTermination(state, deletion, ctx);
    state = advance(state, now, ctx);
  }
  const deletePod = state.terminatingSince !== undefined && state.containers.every((r) => r.stage === 'terminated' || r.stage === 'waiting');
  const { status, nextReadyChange } = buildPodStatus({ pod, node, state, specs, now, podIP: input.podIP, podRef });
  const dues = [...state.containers.map((r) => r.nextAt), state.sandboxReadyAt, state.mountWait?.retryAt, nextReadyChange].filter((t): t is number => t !== undefined && t > now);
  // ephemeral containers start apart from the others: a stable sort keeps the events in time order
  events.sort((a, b) => a.atMs - b.atMs);
  return { status, state, events, nextDueMs: deletePod || !dues.length ? undefined : Math.min(...dues), deletePod };
}

interface Ctx {
  pod: Pod;
  node: Node;
  specs: Map<string, Spec>;
  timing: RuntimeTiming;
  events: SimEvent[];
  podRef: string;
  config?: ConfigObjects;
  missingImages: string[];
}

/**
 * The volume manager before the sandbox: while a ConfigMap or Secret a volume needs is missing, a
 * FailedMount event at each retry and no sandbox (the pod stays ContainerCreating); once mounted, the
 * sandbox is created from then on.
 */
function mountVolumes(s: PodRunState, config: ConfigObjects, now: number, ctx: Ctx): PodRunState {
  const fresh = s.cursor === s.admittedAt && s.containers.every((r) => r.stage === 'waiting');
  if (!s.mountWait && !fresh) return s;
  const error = volumeMountError(ctx.pod, config);
  const { failedAt, wait } = mountAttempts(s.mountWait, error?.message, now);
  for (const at of failedAt) ctx.events.push({ type: 'Warning', reason: 'FailedMount', message: error!.message, atMs: at });
  if (wait) return { ...s, mountWait: wait, sandboxReadyAt: wait.retryAt + ctx.timing.sandboxMs };
  if (!s.mountWait) return s;
  const { mountWait: _done, ...rest } = s;
  return { ...rest, sandboxReadyAt: now + ctx.timing.sandboxMs };
}

function initialState(pod: Pod, now: number, timing: RuntimeTiming): PodRunState {
  const containers: ContainerRun[] = [
    ...(pod.spec?.initContainers ?? []).map((c) => ({ name: c.name, init: c.restartPolicy !== 'Always', sidecar: c.restartPolicy === 'Always', stage: 'waiting' as const, restartCount: 0 })),
    ...(pod.spec?.containers ?? []).map((c) => ({ name: c.name, init: false, sidecar: false, stage: 'waiting' as const, restartCount: 0 })),
  ];
  return { admittedAt: now, sandboxReadyAt: now + timing.sandboxMs, cursor: now, containers, pulled: [] };
}

// deletionTimestamp is request time + grace: the kubelet starts stopping at request time.
function deletionStart(pod: Pod, cursor: number): number | undefined {
  const ts = parseTime(pod.metadata?.deletionTimestamp);
  if (ts === undefined) return undefined;
  const grace = (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return Math.max(ts - grace, cursor);
}

const MAX_TRANSITIONS = 100_000;

/** Apply due transitions in time order until none is due at or before `until`. */
function advance(state: PodRunState, until: number, ctx: Ctx): PodRunState {
  let s = state;
  for (let i = 0; i < MAX_TRANSITIONS; i++) {
    s = startEligible(startEphemeral(s, ctx, until), ctx, until);
    let best = -1;
    s.containers.forEach((r, j) => {
      if (r.nextAt !== undefined && r.nextAt <= until && (best < 0 || r.nextAt < s.containers[best]!.nextAt!)) best = j;
    });
    if (best < 0) break;
    s = transition(s, best, ctx);
  }
  return { ...s, cursor: Math.max(s.cursor, until) };
}

/** Ephemeral containers start on their own, whatever the init containers do; each once. */
function startEphemeral(s: PodRunState, ctx: Ctx, until: number): PodRunState {
  let containers: ContainerRun[] | undefined;
  s.containers.forEach((r, i) => {
    const at = ephemeralStartAt(r, s);
    if (at === undefined || at > until) return;
    containers ??= [...s.containers];
    containers[i] = begin(r, at, ctx, s);
  });
  return containers ? { ...s, containers } : s;
}

/** Containers whose turn has come: the next init container, else every app container. */
function startEligible(s: PodRunState, ctx: Ctx, until: number): PodRunState {
  if (s.terminatingSince !== undefined) return s;
  const containers = [...s.containers];
  let t = s.sandboxReadyAt;
  let initializedAt = s.initializedAt;
  for (let i = 0; i < containers.length; i++) {
    const r = containers[i]!;
    if (r.ephemeral) continue;
    if (r.stage === 'waiting' && !r.neverPull) {
      if (t > until) return { ...s, containers };
      containers[i] = begin(r, t, ctx, s);
      return startEligible({ ...s, containers }, ctx, until);
    }
    if (r.init) {
      if (!(r.stage === 'terminated' && r.exitCode === 0)) return { ...s, containers };
      t = Math.max(t, r.finishedAt ?? t);
    } else if (r.sidecar) {
      if (r.startedAt === undefined) return { ...s, containers };
      t = Math.max(t, r.startedAt);
    } else if (initializedAt === undefined) {
      initializedAt = t;
      return startEligible({ ...s, containers, initializedAt }, ctx, until);
    }
  }
  return { ...s, containers, initializedAt: initializedAt ?? t };
}

function emit(ctx: Ctx, name: string, type: SimEvent['type'], reason: string, message: string, atMs: number) {
  ctx.events.push({ type, reason, message, atMs, fieldPath: ctx.specs.get(name)?.fieldPath });
}

function emitAll(ctx: Ctx, name: string, events: PullEvent[], atMs: number) {
  for (const e of events) emit(ctx, name, e.type, e.reason, e.message, atMs);
}

/** A container's first start: pull (or not) its image, then create. */
function begin(r: ContainerRun, at: number, ctx: Ctx, s: PodRunState): ContainerRun {
  const { c } = ctx.specs.get(r.name)!;
  const image = c.image ?? '';
  const invalid = invalidImageMessage(image);
  if (invalid !== undefined) {
    // the spec's image cannot change to a valid one without a new container: nothing to retry
    const { failure, events } = invalidImage(invalid, at);
    emitAll(ctx, r.name, events, at);
    return { ...r, stage: 'pulling', pull: failure, nextAt: undefined };
  }
  const present = nodeImage(ctx.node, image) !== undefined || s.pulled.includes(normalizeImage(image));
  const policy = pullPolicy(c);
  if (policy === 'Never' && !present) {
    emit(ctx, r.name, 'Warning', 'ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`, at);
    return { ...r, neverPull: true };
  }
  if (present && policy !== 'Always') {
    emit(ctx, r.name, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, at);
    return { ...r, stage: 'creating', nextAt: at + ctx.timing.createMs };
  }
  return startPull(r, at, ctx, s, present);
}

/** Pulling begins: a present image only costs the manifest round trip; a missing one fails after it. */
function startPull(r: ContainerRun, at: number, ctx: Ctx, s: PodRunState, present: boolean): ContainerRun {
  const { c, b } = ctx.specs.get(r.name)!;
  const image = c.image ?? '';
  emit(ctx, r.name, 'Normal', 'Pulling', `Pulling image "${image}"`, at);
  if (imageMissing(image, ctx.missingImages)) {
    const pull = r.pull ? { ...r.pull, retrying: true } : undefined;
    return { ...r, stage: 'pulling', pull, nextAt: at + ctx.timing.pullBaseMs, startedAt: undefined, finishedAt: at, configError: undefined };
  }
  const size = nodeImage(ctx.node, image)?.sizeBytes ?? b.imageSizeBytes ?? DEFAULT_IMAGE_SIZE_BYTES;
  const ms = present ? ctx.timing.pullBaseMs : ctx.timing.pullBaseMs + Math.round((size / ctx.timing.pullBytesPerSecond) * 1000);
  if (!present) s.pulled.push(normalizeImage(image));
  return { ...r, stage: 'pulling', pull: undefined, nextAt: at + ms, startedAt: undefined, finishedAt: at };
}

function transition(s: PodRunState, i: number, ctx: Ctx): PodRunState {
  const containers = [...s.containers];
  const r = containers[i]!;
  const at = r.nextAt!;
  const { c, b } = ctx.specs.get(r.name)!;
  const image = c.image ?? '';
  switch (r.stage) {
    case 'pulling': {
      if (r.pull && !r.pull.retrying) {
        // a pod sync after a failed pull: wait out the image back-off, else pull again
        const backoff = pullBackOff(r.pull, image, at);
        if (backoff) {
          emitAll(ctx, r.name, backoff.events, at);
          containers[i] = { ...r, pull: backoff.failure, nextAt: backoff.nextSyncAt };
        } else {
          containers[i] = startPull(r, at, ctx, s, false);
        }
        break;
      }
      if (imageMissing(image, ctx.missingImages)) {
        const failed = pullFailed(r.pull, image, at);
        emitAll(ctx, r.name, failed.events, at);
        containers[i] = { ...r, pull: failed.failure, nextAt: failed.nextSyncAt, finishedAt: undefined };
        break;
      }
      const took = goDuration(at - (r.finishedAt ?? at));
      const size = nodeImage(ctx.node, image)?.sizeBytes ?? b.imageSizeBytes ?? DEFAULT_IMAGE_SIZE_BYTES;
      emit(ctx, r.name, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${size} bytes.`, at);
      containers[i] = { ...r, stage: 'creating', nextAt: at + ctx.timing.createMs, finishedAt: undefined };
      break;
    }
    case 'creating': {
      // generateContainerConfig: env from ConfigMaps and Secrets; a failure is retried at each pod sync
      const configError = ctx.config ? containerConfigError(ctx.pod, c, ctx.config) : undefined;
      if (configError !== undefined) {
        if (configError !== r.configError) emit(ctx, r.name, 'Warning', 'Failed', `Error: ${configError}`, at);
        containers[i] = { ...r, configError, nextAt: at + POD_SYNC_RETRY_MS };
        break;
      }
      emit(ctx, r.name, 'Normal', 'Created', `Created container: ${r.name}`, at);
      emit(ctx, r.name, 'Normal', 'Started', `Started container ${r.name}`, at);
      const exitAt = b.exitAfterSeconds !== undefined ? at + b.exitAfterSeconds * 1000 : undefined;
      // a working set growing past the memory limit ends the instance with the kernel's SIGKILL
      const oomAt = memoryExceedsAt(b.memory, parseBytes(c.resources?.limits?.['memory']) ?? 0, at, at);
      containers[i] = {
        ...r, stage: 'running', configError: undefined, startedAt: at, finishedAt: undefined, exitCode: undefined, reason: undefined, oomAt,
        nextAt: oomAt !== undefined && (exitAt === undefined || oomAt < exitAt) ? oomAt : exitAt,
      };
      break;
    }
    case 'running': {
      const oom = r.oomAt !== undefined && at >= r.oomAt;
      const code = oom ? 137 : (b.exitCode ?? 0);
      const exited: ContainerRun = { ...r, stage: 'terminated', finishedAt: at, exitCode: code, reason: exitReason(code, oom || b.oomKilled), nextAt: undefined, oomAt: undefined };
      if (s.terminatingSince === undefined && restarts(r, ctx.pod.spec?.restartPolicy, code)) {
        const next = scheduleRestart(exited, at);
        if (next.inBackoff) emit(ctx, r.name, 'Warning', 'BackOff', `Back-off restarting failed container ${r.name} in pod ${ctx.podRef}`, at);
        containers[i] = next;
      } else containers[i] = { ...exited, final: true };
      break;
    }
    case 'stopping':
      containers[i] = { ...r, stage: 'terminated', finishedAt: at, nextAt: undefined, final: true };
      break;
    case 'terminated': {
      // Restart: the old instance becomes lastState, the image is already on the node.
      const last = { exitCode: r.exitCode ?? 0, reason: r.reason ?? 'Completed', startedAt: r.startedAt ?? at, finishedAt: r.finishedAt ?? at, containerID: containerIdOf(ctx, r) };
      emit(ctx, r.name, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, at);
      const advanced = advanceBackoff(r, at);
      containers[i] = { ...advanced, stage: 'creating', restartCount: r.restartCount + 1, last, nextAt: at };
      break;
    }
    default:
      containers[i] = { ...r, nextAt: undefined };
  }
  return { ...s, containers };
}

/** Stop every container: SIGTERM now, exit after the workload's shutdown time or SIGKILL at the grace period. */
function beginTermination(s: PodRunState, at: number, ctx: Ctx): PodRunState {
  const pod = ctx.pod;
  const grace = (pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  const containers = s.containers.map((r): ContainerRun => {
    if (r.stage === 'running') {
      const shutdown = (ctx.specs.get(r.name)?.b.shutdownSeconds ?? 0) * 1000;
      emit(ctx, r.name, 'Normal', 'Killing', `Stopping container ${r.name}`, at);
      const killed = shutdown > grace;
      return { ...r, stage: 'stopping', nextAt: at + Math.min(shutdown, grace), exitCode: killed ? 137 : 0, reason: killed ? 'Error' : 'Completed' };
    }
    if (r.stage === 'terminated') return { ...r, nextAt: undefined, inBackoff: false, final: true };
    return { ...r, stage: 'waiting', nextAt: undefined, final: true };
  });
  return { ...s, containers, terminatingSince: at };
}

/** The containerd ID of a container instance, derived from pod UID, name and restart count. */
export function containerIdOf(ctx: { pod: Pod }, r: ContainerRun): string {
  return containerID(ctx.pod.metadata?.uid ?? ctx.pod.metadata?.name ?? '', r.name, r.restartCount);
}

/** `containerd://<64 hex>`, stable for (pod UID, container, restart count). */
export function containerID(podUID: string, name: string, restartCount: number): string {
  return `containerd://${hexDigest(`${podUID}/${name}/${restartCount}`)}`;
}
