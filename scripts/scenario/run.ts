// Runs a parsed scenario against a Kubeflare server over its REST API: sets up, starts t = 0 at the
// scenario's speed, carries out steps when cluster time reaches them, samples the cluster and prints a
// timeline of what changed (with each decision's reason) and a summary. Decisions about what to print
// live in shared/scenario; this file only talks HTTP and keeps time. Bundled by scripts/scenario.mjs.
import type { Event, Node } from 'kubernetes-types/core/v1';
import { BUILTIN_RESOURCES } from '../../shared/api/registry';
import { clockStateOf, type ClusterClockObject } from '../../shared/clock/clock-object';
import { clusterTimeAt, type ClockState } from '../../shared/clock/cluster-clock';
import {
  changes,
  describeStep,
  eventEntry,
  eventKey,
  eventTime,
  formatEntry,
  groupEntries,
  isDecisionEvent,
  loadCurves,
  newTally,
  observe,
  progressLine,
  summaryLines,
  tallyEvent,
  tallyObservation,
  type Manifest,
  type Observation,
  type Scenario,
  type Step,
  type TimelineEntry,
} from '../../shared/scenario';

const CLOCK = '/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster';
const FIELD_MANAGER = 'kubeflare-scenario';
const POOL_LABEL = 'kubeflare.dev/node-pool';
const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** Fewest wall ms between samples: each sample is six reads. */
const SAMPLE_GAP_MS = 250;

export interface RunOptions {
  server: string;
  /** A bearer token for the server (`npm run dev`'s admin token, from its kubeconfig). */
  token?: string;
  /** How requests are sent (default: the global fetch); scripts/scenario.mjs passes one that accepts a loopback server's self-signed certificate. */
  fetch?: (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<Response>;
  /** Overrides the scenario's speed. */
  speed?: number;
  /** How long setup (nodes Ready, Deployments available) may take, wall ms. */
  setupTimeoutMs?: number;
  /** Timeline and summary lines. */
  out: (line: string) => void;
  /** The progress line; `undefined` clears it. */
  progress: (line: string | undefined) => void;
}

export interface RunResult {
  t0: number;
  end: number;
  wallMs: number;
  entries: TimelineEntry[];
  summary: string[];
}

class Api {
  constructor(
    private readonly base: string,
    private readonly token: string | undefined,
    private readonly send: NonNullable<RunOptions['fetch']>,
  ) {}

  async req(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<any> {
    const headers: Record<string, string> = { 'content-type': contentType, accept: 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
    const res = await this.send(this.base + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json?.message ?? text}`);
    return json;
  }
  get = (path: string) => this.req('GET', path);
  merge = (path: string, body: unknown) => this.req('PATCH', path, body, 'application/merge-patch+json');
  /** Server-side apply: creates or updates, so a scenario can run again on the same server. */
  apply = (path: string, body: unknown) => this.req('PATCH', `${path}?fieldManager=${FIELD_MANAGER}&force=true`, body, 'application/apply-patch+yaml');
}

/** The REST path of a manifest (and of its collection), from the registry of built-in kinds. */
function pathOf(m: Manifest, namespace: string): string {
  const [group, version] = m.apiVersion.includes('/') ? m.apiVersion.split('/') : ['', m.apiVersion];
  const def = BUILTIN_RESOURCES.find((d) => d.group === group && d.kind === m.kind && d.versions.includes(version!));
  if (!def) throw new Error(`${m.apiVersion} ${m.kind} ${m.metadata.name}: not a kind this runner knows (built-in and Kubeflare kinds only)`);
  const root = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const ns = def.namespaced ? `/namespaces/${m.metadata.namespace ?? namespace}` : '';
  return `${root}${ns}/${def.plural}/${m.metadata.name}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isReady = (n: Node) => (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Runs `scenario` on the server; resolves with the timeline and summary (also streamed through `out`). */
export async function runScenario(scenario: Scenario, opts: RunOptions): Promise<RunResult> {
  const api = new Api(opts.server, opts.token, opts.fetch ?? ((url, init) => fetch(url, init)));
  const ns = scenario.namespace;
  let clock: ClockState | undefined;
  // The speed in effect changes without the runner's steps (the pace keeper slows a clock its loops cannot keep
  // up with and speeds it up again, another client writes it): each sample reads it afresh, keeping the last
  // state it read when a read fails.
  const readClock = async () => {
    const obj = (await api.get(CLOCK).catch(() => undefined)) as ClusterClockObject | undefined;
    if (obj !== undefined || clock === undefined) clock = clockStateOf(obj ?? null, Date.now());
  };
  const clusterNow = () => clusterTimeAt(clock!, Date.now());
  const setClock = async (spec: object) => {
    const obj = (await api.apply(CLOCK, { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec })) as ClusterClockObject;
    clock = clockStateOf(obj, Date.now());
  };

  // Setup, at the scenario's speed (pods and nodes come up in cluster time too).
  await setClock({ speed: opts.speed ?? scenario.speed, paused: false });
  await api.apply(`/api/v1/namespaces/${ns}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (const m of scenario.objects) await api.apply(pathOf(m, ns), m);
  const pools = scenario.objects.filter((o) => o.kind === 'NodePool');
  const poolSelector = pools.length ? `?labelSelector=${encodeURIComponent(`${POOL_LABEL} in (${pools.map((p) => p.metadata.name).join(',')})`)}` : undefined;
  const wantNodes = pools.reduce((a, p) => a + (((p['spec'] as { nodes?: number } | undefined)?.nodes ?? 3) as number), 0);
  const setupStart = Date.now();
  for (;;) {
    const nodes: Node[] = poolSelector ? (await api.get(`/api/v1/nodes${poolSelector}`)).items : [];
    const deploys: any[] = (await api.get(`/apis/apps/v1/namespaces/${ns}/deployments`)).items;
    const available = deploys.filter((d) => (d.status?.availableReplicas ?? 0) >= (d.spec?.replicas ?? 1)).length;
    const ready = nodes.filter(isReady).length;
    opts.progress(`setting up: ${ready}/${wantNodes} nodes Ready, ${available}/${deploys.length} Deployments available`);
    if (ready >= wantNodes && available === deploys.length) break;
    if (Date.now() - setupStart > (opts.setupTimeoutMs ?? 120_000)) throw new Error(`setup did not settle: ${ready}/${wantNodes} nodes Ready, ${available}/${deploys.length} Deployments available`);
    await sleep(500);
  }

  // t = 0: the load curves go in at once, so load changes land on the cluster's own time.
  await readClock();
  const t0 = clusterNow();
  for (const [profile, curve] of Object.entries(loadCurves(scenario, t0))) {
    await api.merge(`/apis/kubeflare.dev/v1alpha1/namespaces/${ns}/workloadprofiles/${profile}`, { spec: { load: { requestsPerSecond: curve } } });
  }
  const wallStart = Date.now();
  const tally = newTally(t0);
  const entries: TimelineEntry[] = [];
  const emit = (batch: TimelineEntry[]) => {
    opts.progress(undefined);
    for (const e of groupEntries(batch.sort((a, b) => a.at - b.at))) {
      entries.push(e);
      opts.out(formatEntry(e, t0));
    }
  };
  opts.out(`${scenario.name}: t = 0 at ${new Date(t0).toISOString()} (cluster time), ${clock!.speed}× real time, for ${formatDuration(scenario.durationMs)}`);

  const pending = [...scenario.steps];
  const seenEvents = new Set<string>();
  let prev: Observation | undefined;
  let nodeNames = new Set<string>();
  for (;;) {
    const started = Date.now();
    await readClock();
    // steps due by now, in order; a load step already happened on the cluster's curve at its exact time
    while (pending.length && pending[0]!.at <= clusterNow() - t0) {
      const step = pending.shift()!;
      const r = await carryOut(api, step, scenario, setClock);
      const at = 'load' in step ? t0 + step.at : clusterNow();
      tally.done.push({ at, step, ...(r.nodes ? { nodes: r.nodes } : {}) });
      emit([{ ...describeStep(step, r.detail), at }]);
      if ('advance' in step || 'speed' in step) await readClock();
    }
    const now = clusterNow();
    const [nodes, deployments, hpas, pods, events, nodeEvents] = await Promise.all([
      poolSelector ? api.get(`/api/v1/nodes${poolSelector}`).then((l) => l.items as Node[]) : Promise.resolve([] as Node[]),
      api.get(`/apis/apps/v1/namespaces/${ns}/deployments`).then((l) => l.items),
      api.get(`/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`).then((l) => l.items),
      api.get(`/api/v1/namespaces/${ns}/pods`).then((l) => l.items),
      api.get(`/api/v1/namespaces/${ns}/events`).then((l) => l.items as Event[]),
      // node events are recorded in "default", as upstream's
      poolSelector && ns !== 'default' ? api.get('/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DNode').then((l) => l.items as Event[]) : Promise.resolve([] as Event[]),
    ]);
    nodeNames = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    const obs = observe({ now, nodes, deployments, hpas, pods });
    const batch = changes(prev, obs);
    for (const e of [...events, ...nodeEvents]) {
      const key = eventKey(e);
      if (seenEvents.has(key) || !isDecisionEvent(e, nodeNames)) continue;
      seenEvents.add(key);
      // events from before t = 0 (setup) are not part of the rehearsal
      if (eventTime(e) < t0) continue;
      tallyEvent(tally, e);
      batch.push(eventEntry(e));
    }
    emit(batch);
    tallyObservation(tally, obs);
    prev = obs;
    if (now - t0 >= scenario.durationMs) break;
    opts.progress(progressLine(now - t0, scenario.durationMs, Date.now() - wallStart));
    await sleep(Math.max(0, SAMPLE_GAP_MS - (Date.now() - started)));
  }
  opts.progress(undefined);
  const end = prev!.now;
  const wallMs = Date.now() - wallStart;
  const summary = summaryLines(scenario, tally, { end, wallMs });
  opts.out('');
  for (const line of summary) opts.out(line);
  return { t0, end, wallMs, entries, summary };
}

/** Carries out one step; says what it touched. */
async function carryOut(
  api: Api,
  step: Step,
  scenario: Scenario,
  setClock: (spec: object) => Promise<void>,
): Promise<{ detail?: string; nodes?: string[] }> {
  if ('load' in step) return { detail: `on the profile's curve since t = 0` };
  if ('advance' in step) {
    await setClock({ advance: `${step.advance / 1000}s` });
    return {};
  }
  if ('speed' in step) {
    await setClock({ speed: step.speed, paused: false });
    return {};
  }
  if ('apply' in step) {
    for (const m of step.apply) await api.apply(pathOf(m, scenario.namespace), m);
    return {};
  }
  const { pool, zone } = 'failZone' in step ? step.failZone : step.restoreZone;
  const sel = encodeURIComponent(`${POOL_LABEL}=${pool},${ZONE_LABEL}=${zone}`);
  const names: string[] = (await api.get(`/api/v1/nodes?labelSelector=${sel}`)).items.map((n: Node) => n.metadata?.name);
  const faults = Object.fromEntries(names.map((n) => [n, 'failZone' in step ? { stopHeartbeat: true } : null]));
  await api.merge(`/apis/kubeflare.dev/v1alpha1/nodepools/${pool}`, { spec: { nodeFaults: faults } });
  return { detail: `${names.length} node${names.length === 1 ? '' : 's'}: ${names.join(', ')}`, nodes: names };
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}
