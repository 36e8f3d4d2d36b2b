import type { ConfigMap, Pod, Secret, Service } from 'kubernetes-types/core/v1';
import { clock } from '../../platform/clock';
import type { Env } from '../../platform/env';
import { namespaceStore, storeStub } from '../../platform/stores';
import { ApiError, badRequest } from '../../shared/api/errors';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import type { StoreApi } from '../../shared/apiserver/store-protocol';
import { unwrap } from '../../shared/client/store-result';
import { configReferences, type ConfigObjects } from '../../shared/nodes/container-config';
import { projectedReferences, type ProjectedSources } from '../../shared/nodes/exec-files';
import { podServiceAccountToken } from './auth-pod-token';
import { execEnvironment, linkedServices, serviceEnvVars } from '../../shared/nodes/exec-env';
import {
  containerNotRunningStatus,
  execStartFailedStatus,
  exitCodeStatus,
  negotiateStreamProtocol,
  parseStreamOptions,
  successStatus,
} from '../../shared/nodes/exec-protocol';
import { planExec, planShellLine, runsInteractiveShell, type ExecContext, type ExecPlan } from '../../shared/nodes/exec-shell';
import { runningContainer, streamTarget } from '../../shared/nodes/exec-target';
import { ttyInput, ttyOutput } from '../../shared/nodes/exec-tty';
import { currentContainerLog, followContainerLog } from './pod-logs';
import { upgradeToRemoteCommand, type RemoteCommandSession } from './remotecommand';
import { podContainer } from '../../shared/nodes/pod-containers';

const def = (plural: string) => BUILTIN_RESOURCES.find((d) => d.group === '' && d.plural === plural)!;
const PODS = def('pods');
const CONFIG_MAPS = def('configmaps');
const SECRETS = def('secrets');
const SERVICES = def('services');

/**
 * pods/exec and pods/attach (GET or POST with an upgrade). Checks as the apiserver does before it
 * upgrades (the pod, its container, a node), then speaks the WebSocket remotecommand protocol that
 * kubectl 1.32 tries first. SPDY, its fallback, cannot be served from a Worker.
 */
export async function servePodStream(env: Env, request: Request, namespace: string, name: string, kind: 'exec' | 'attach'): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'POST') {
    throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
  }
  const opts = parseStreamOptions(new URL(request.url).searchParams);
  const store = storeStub(env, namespaceStore(namespace));
  const pod = unwrap(await store.get(PODS, name)) as Pod;
  const container = streamTarget(pod, opts.container);
  const upgrade = (request.headers.get('upgrade') ?? '').toLowerCase();
  if (upgrade.startsWith('spdy/')) {
    throw badRequest(`Upgrade request required: this server serves ${kind} over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io); SPDY/3.1 is not available on Cloudflare Workers`);
  }
  if (upgrade !== 'websocket') throw badRequest('Upgrade request required');
  const protocol = negotiateStreamProtocol(request.headers.get('sec-websocket-protocol'));
  if (!protocol) throw badRequest(`unable to upgrade: no supported subprotocol in [${request.headers.get('sec-websocket-protocol') ?? ''}]; offer v5.channel.k8s.io or v4.channel.k8s.io`);
  const spec = podContainer(pod, container);
  const running = runningContainer(pod, container) && spec ? spec : undefined;
  if (!running) return upgradeToRemoteCommand(protocol, opts, async (s) => s.finish(containerNotRunningStatus(kind, container, name, namespace)));
  const shell = kind === 'attach' && opts.stdin && runsInteractiveShell(running);
  if (kind === 'attach' && !shell) return upgradeToRemoteCommand(protocol, opts, (s) => attach(s, store, name, container));
  const ctx: ExecContext = { pod, container: running, objects: await configObjects(store, pod), projected: await projectedSources(env, store, pod), env: new Map(), now: clock.now() };
  ctx.env = execEnvironment(pod, running, ctx.objects, serviceEnvVars(await services(env, store, pod)), opts.tty);
  // attaching to a shell that reads stdin: the session talks to it until it exits (the simulated container keeps running)
  if (shell) return upgradeToRemoteCommand(protocol, opts, (s) => attachShell(s, ctx));
  return upgradeToRemoteCommand(protocol, opts, (s) => exec(s, ctx, opts.command));
}

/** What the pod's projected volumes show: a token bound to it, and the ConfigMaps they project, as they are now. */
async function projectedSources(env: Env, store: StoreApi, pod: Pod): Promise<ProjectedSources> {
  const refs = projectedReferences(pod);
  const configMaps = new Map<string, ConfigMap>();
  const [token] = await Promise.all([
    refs.serviceAccountToken ? podServiceAccountToken(env, pod) : undefined,
    ...refs.configMaps.map(async (n) => {
      const r = await store.get(CONFIG_MAPS, n);
      if (r.ok) configMaps.set(n, r.value as ConfigMap);
    }),
  ]);
  return { configMaps, ...(token ? { serviceAccountToken: token } : {}) };
}

/** The ConfigMaps and Secrets the pod names, as they are now. */
async function configObjects(store: StoreApi, pod: Pod): Promise<ConfigObjects> {
  const refs = configReferences(pod);
  const objects: ConfigObjects = { configMaps: new Map(), secrets: new Map() };
  await Promise.all([
    ...refs.configMaps.map(async (n) => {
      const r = await store.get(CONFIG_MAPS, n);
      if (r.ok) objects.configMaps.set(n, r.value as ConfigMap);
    }),
    ...refs.secrets.map(async (n) => {
      const r = await store.get(SECRETS, n);
      if (r.ok) objects.secrets.set(n, r.value as Secret);
    }),
  ]);
  return objects;
}

/** The Services whose variables the kubelet put in the container's env. */
async function services(env: Env, store: StoreApi, pod: Pod): Promise<Service[]> {
  const own = pod.spec?.enableServiceLinks === false ? undefined : await store.list({ def: SERVICES });
  const master = await storeStub(env, namespaceStore('default')).get(SERVICES, 'kubernetes');
  return linkedServices(pod, own?.ok ? (own.value.items as Service[]) : [], master.ok ? (master.value as Service) : undefined);
}

/** A random 64-hex-digit id, like containerd's exec ids. */
function execId(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function exec(s: RemoteCommandSession, ctx: ExecContext, argv: string[]): Promise<void> {
  const plan = planExec(ctx, argv);
  if ('runtimeError' in plan) return s.finish(execStartFailedStatus(execId(), plan.runtimeError));
  const code = await runPlan(s, ctx, plan);
  s.finish(code === 0 ? successStatus() : exitCodeStatus(code));
}

/** Carries out a plan's steps on the session; the exit status. */
async function runPlan(s: RemoteCommandSession, ctx: ExecContext, plan: ExecPlan): Promise<number> {
  const out = (t: string) => s.stdout(s.opts.tty ? ttyOutput(t) : t);
  for (const step of plan.steps) {
    if (s.closed) break;
    if ('out' in step) out(step.out);
    else if ('err' in step) s.stderr(s.opts.tty ? ttyOutput(step.err) : step.err);
    else if ('sleep' in step) await s.sleep(step.sleep * 1000);
    else if (step.stdin === 'copy') await copyStdin(s, out);
    else return interactiveShell(s, ctx, out);
  }
  return plan.exitCode;
}

/** `cat` of stdin: what arrives goes back out (a terminal echoes each line and cat repeats it). */
async function copyStdin(s: RemoteCommandSession, out: (t: string) => void): Promise<void> {
  let pending = '';
  for (let chunk = await s.readStdin(); chunk !== undefined; chunk = await s.readStdin()) {
    if (!s.opts.tty) {
      out(chunk);
      continue;
    }
    const typed = ttyInput(pending, chunk);
    s.stdout(typed.echo);
    for (const line of typed.lines) out(`${line}\n`);
    pending = typed.pending;
    if (typed.eof) return;
  }
}

/** `sh` reading its script from stdin: each line runs in turn; a terminal gets busybox's `/ # ` prompt and echo. */
async function interactiveShell(s: RemoteCommandSession, ctx: ExecContext, out: (t: string) => void): Promise<number> {
  const prompt = () => s.opts.tty && s.stdout(`${ctx.container.workingDir ?? '/'} # `);
  let status = 0;
  let pending = '';
  prompt();
  for (let chunk = await s.readStdin(); chunk !== undefined; chunk = await s.readStdin()) {
    let lines: string[];
    let eof = false;
    if (s.opts.tty) {
      const typed = ttyInput(pending, chunk);
      s.stdout(typed.echo);
      ({ lines, pending, eof } = typed);
    } else {
      const all = (pending + chunk).split('\n');
      pending = all.pop()!;
      lines = all;
    }
    for (const line of lines) {
      const plan = planShellLine({ ...ctx, now: clock.now() }, line, status);
      // the shell itself reads stdin: a `cat` or nested `sh` among its lines gets nothing
      status = await runPlan(s, ctx, { ...plan, steps: plan.steps.filter((st) => !('stdin' in st)) });
      if (plan.exited || s.closed) return status;
      prompt();
    }
    if (eof) return status;
  }
  if (pending.trim()) status = await runPlan(s, ctx, planShellLine(ctx, pending, status));
  if (s.opts.tty) out('\n');
  return status;
}

/** pods/attach to a shell reading stdin: the lines typed run in it; an attach ends in Success whatever its status. */
async function attachShell(s: RemoteCommandSession, ctx: ExecContext): Promise<void> {
  await interactiveShell(s, ctx, (t) => s.stdout(s.opts.tty ? ttyOutput(t) : t));
  s.finish(successStatus());
}

/** pods/attach: the container's output as `kubectl logs -f` shows it, until the container stops. */
async function attach(s: RemoteCommandSession, store: StoreApi, name: string, container: string): Promise<void> {
  const write = (t: string) => s.stdout(s.opts.tty ? ttyOutput(t) : t);
  const sent = await currentContainerLog(store, name, container);
  write(sent);
  await followContainerLog(store, name, container, sent, async (t) => write(t), {}, () => s.closed);
  s.finish(successStatus());
}
