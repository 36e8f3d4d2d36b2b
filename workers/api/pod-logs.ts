import { clock } from '../../platform/clock';
import { realClock } from '../../shared/clock/clock';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1';
import { ApiError, badRequest } from '../../shared/api/errors';
import type { StoreApi } from '../../shared/apiserver/store-protocol';
import { commandFiles, logLines, parseTime, PROFILE_ANNOTATION, resolveProfile, simulateCommand, type LogOptions, type MountedKey, type WorkloadProfile } from '../../shared/nodes';
import { unwrap } from '../../shared/client/store-result';
import { podContainer } from '../../shared/nodes/pod-containers';
import { CONFIG_MAP_DEF, POD_DEF, WORKLOAD_PROFILE_DEF } from '../../shared/api/resource-defs';

const FOLLOW_POLL_MS = 1000;

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  return v === null || v === '' ? undefined : Number(v);
}

/** Which container: the one named, else the only one, else upstream's 400 listing the choices. */
function pickContainer(pod: Pod, requested: string | null): string {
  const app = (pod.spec?.containers ?? []).map((c) => c.name);
  const name = pod.metadata?.name;
  if (requested) {
    if (!podContainer(pod, requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  if (app.length === 1) return app[0]!;
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${app.join(' ')}]`);
}

/** The ConfigMap keys a container's simulated command reads with `cat`, fetched from the pod's store. */
async function commandFileReader(store: StoreApi, pod: Pod, container: string): Promise<(f: MountedKey) => string | undefined> {
  const spec = podContainer(pod, container);
  const proc = spec ? simulateCommand(pod, spec) : undefined;
  const data = new Map<string, Record<string, string> | undefined>();
  for (const f of proc ? commandFiles(proc) : []) {
    if (data.has(f.configMap)) continue;
    const r = await store.get(CONFIG_MAP_DEF, f.configMap);
    data.set(f.configMap, r.ok ? (r.value as ConfigMap).data : undefined);
  }
  return (f) => data.get(f.configMap)?.[f.key];
}

/** What the log of a container of a pod in `store` shows at cluster time now, with what it needs read. */
async function readLogSource(store: StoreApi, name: string, requested: string | null) {
  const pod = unwrap(await store.get(POD_DEF, name)) as Pod;
  const container = pickContainer(pod, requested);
  const profileName = pod.metadata?.annotations?.[PROFILE_ANNOTATION];
  const profile = profileName ? await store.get(WORKLOAD_PROFILE_DEF, profileName) : undefined;
  const behaviour = resolveProfile(pod, profile?.ok ? (profile.value as WorkloadProfile) : undefined).containers[container];
  return { pod, container, behaviour, files: await commandFileReader(store, pod, container) };
}

/** Reads in a row that may fail (a store restarting) before a follow gives up. */
const FOLLOW_READ_RETRIES = 3;

/**
 * Follows a container's log after `sent` (the text already delivered): every second, `write` gets
 * what the log gained, until the container stops, the pod goes, `stopped()` says so, the client
 * goes away, or reads keep failing. `kubectl logs -f` and pods/attach both stream through this.
 */
export function followContainerLog(
  store: StoreApi,
  name: string,
  container: string,
  sent: string,
  write: (text: string) => Promise<unknown>,
  opts: LogOptions = {},
  stopped: () => boolean = () => false,
): Promise<void> {
  let failures = 0;
  /** One read: whether the follow is over. */
  const tick = async (): Promise<boolean> => {
    if (stopped()) return true;
    let now: Awaited<ReturnType<typeof readLogSource>>;
    try {
      now = await readLogSource(store, name, container);
      failures = 0;
    } catch (e) {
      // the pod is gone (an API error): done; anything else may pass
      return e instanceof ApiError || ++failures > FOLLOW_READ_RETRIES;
    }
    const all = logLines(now.pod, now.container, now.behaviour, clock.now(), { ...opts, tailLines: undefined, sinceSeconds: undefined, sinceTime: undefined }, now.files) ?? '';
    // nothing was sent yet, or the log grew past what was: the rest is new
    const fresh = all.startsWith(sent) ? all.slice(sent.length) : '';
    if (fresh) {
      sent += fresh;
      await write(fresh);
    }
    const state = now.pod.status?.containerStatuses?.find((s) => s.name === now.container)?.state;
    // the kubelet may record a simulated process's end ahead of time: follow until then
    const ended = state?.terminated && (parseTime(state.terminated.finishedAt) ?? 0) <= clock.now();
    return Boolean(ended || now.pod.metadata?.deletionTimestamp);
  };
  // one read after another, a wall second apart (a client's stream, not cluster time): a slow read
  // never overlaps the next, which would send the same lines twice
  return (async () => {
    for (;;) {
      await realClock.sleep(FOLLOW_POLL_MS);
      try {
        if (await tick()) return;
      } catch {
        return; // the client went away (a failed write)
      }
    }
  })();
}

/** The log of a running container instance so far (for attach, which then follows it). */
export async function currentContainerLog(store: StoreApi, name: string, container: string): Promise<string> {
  const src = await readLogSource(store, name, container);
  return logLines(src.pod, src.container, src.behaviour, clock.now(), {}, src.files) ?? '';
}

/**
 * pods/log from the simulated container: the profile's log lines up to now, and with `follow`
 * the lines that appear later, until the container stops or the client goes away.
 */
export async function servePodLogs(store: StoreApi, name: string, url: URL): Promise<Response> {
  const q = url.searchParams;
  const opts: LogOptions = {
    sinceSeconds: intParam(q, 'sinceSeconds'),
    sinceTime: q.get('sinceTime') ?? undefined,
    tailLines: intParam(q, 'tailLines'),
    timestamps: q.get('timestamps') === 'true',
    limitBytes: intParam(q, 'limitBytes'),
    previous: q.get('previous') === 'true',
  };
  const first = await readLogSource(store, name, q.get('container'));
  const text = logLines(first.pod, first.container, first.behaviour, clock.now(), opts, first.files);
  if (text === undefined) {
    const reason = first.pod.status?.containerStatuses?.find((s) => s.name === first.container)?.state?.waiting?.reason ?? 'ContainerCreating';
    throw new ApiError(400, 'BadRequest', `container "${first.container}" in pod "${name}" is waiting to start: ${reason}`);
  }
  const headers = { 'content-type': 'text/plain', 'content-encoding': 'identity' };
  if (q.get('follow') !== 'true') return new Response(text, { headers });
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const enc = new TextEncoder();
  void writer.write(enc.encode(text));
  void followContainerLog(store, name, first.container, text, (fresh) => writer.write(enc.encode(fresh)), opts).then(() => writer.close().catch(() => undefined));
  return new Response(readable, { headers });
}
