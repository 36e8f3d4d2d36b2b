import { clock } from '../../platform/clock';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1';
import { ApiError, badRequest } from '../../shared/api/errors';
import type { StoreApi } from '../../shared/apiserver/store-protocol';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import { commandFiles, logLines, PROFILE_ANNOTATION, resolveProfile, simulateCommand, type LogOptions, type MountedKey, type WorkloadProfile } from '../../shared/nodes';
import { unwrap } from '../../shared/client/store-result';

const PODS = BUILTIN_RESOURCES.find((d) => d.group === '' && d.plural === 'pods')!;
const PROFILES = BUILTIN_RESOURCES.find((d) => d.group === 'kubeflare.dev' && d.plural === 'workloadprofiles')!;
const CONFIG_MAPS = BUILTIN_RESOURCES.find((d) => d.group === '' && d.plural === 'configmaps')!;
const FOLLOW_POLL_MS = 1000;

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  return v === null || v === '' ? undefined : Number(v);
}

/** Which container: the one named, else the only one, else upstream's 400 listing the choices. */
function pickContainer(pod: Pod, requested: string | null): string {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  const app = (pod.spec?.containers ?? []).map((c) => c.name);
  const name = pod.metadata?.name;
  if (requested) {
    if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  if (app.length === 1) return app[0]!;
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${app.join(' ')}]`);
}

/** The ConfigMap keys a container's simulated command reads with `cat`, fetched from the pod's store. */
async function commandFileReader(store: StoreApi, pod: Pod, container: string): Promise<(f: MountedKey) => string | undefined> {
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((c) => c.name === container);
  const proc = spec ? simulateCommand(pod, spec) : undefined;
  const data = new Map<string, Record<string, string> | undefined>();
  for (const f of proc ? commandFiles(proc) : []) {
    if (data.has(f.configMap)) continue;
    const r = await store.get(CONFIG_MAPS, f.configMap);
    data.set(f.configMap, r.ok ? (r.value as ConfigMap).data : undefined);
  }
  return (f) => data.get(f.configMap)?.[f.key];
}

/**
 * pods/log from the simulated container: the profile's log lines up to now, and with `follow`
 * the lines that appear later, until the container stops or the client goes away.
 */
export async function servePodLogs(store: StoreApi, name: string, url: URL): Promise<Response> {
  const q = url.searchParams;
  const read = async () => {
    const pod = unwrap(await store.get(PODS, name)) as Pod;
    const container = pickContainer(pod, q.get('container'));
    const profileName = pod.metadata?.annotations?.[PROFILE_ANNOTATION];
    const profile = profileName ? await store.get(PROFILES, profileName) : undefined;
    const behaviour = resolveProfile(pod, profile?.ok ? (profile.value as WorkloadProfile) : undefined).containers[container];
    return { pod, container, behaviour, files: await commandFileReader(store, pod, container) };
  };
  const opts: LogOptions = {
    sinceSeconds: intParam(q, 'sinceSeconds'),
    sinceTime: q.get('sinceTime') ?? undefined,
    tailLines: intParam(q, 'tailLines'),
    timestamps: q.get('timestamps') === 'true',
    limitBytes: intParam(q, 'limitBytes'),
    previous: q.get('previous') === 'true',
  };
  const first = await read();
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
  let sent = text;
  void writer.write(enc.encode(text));
  const timer = setInterval(async () => {
    try {
      const now = await read();
      const all = logLines(now.pod, now.container, now.behaviour, clock.now(), { ...opts, tailLines: undefined, sinceSeconds: undefined, sinceTime: undefined }, now.files) ?? '';
      const fresh = all.endsWith(sent) ? '' : all.startsWith(sent) ? all.slice(sent.length) : '';
      if (fresh) {
        sent += fresh;
        await writer.write(enc.encode(fresh));
      }
      const state = now.pod.status?.containerStatuses?.find((s) => s.name === now.container)?.state;
      if (state?.terminated || now.pod.metadata?.deletionTimestamp) throw new Error('stopped');
    } catch {
      clearInterval(timer);
      writer.close().catch(() => undefined);
    }
  }, FOLLOW_POLL_MS);
  return new Response(readable, { headers });
}
