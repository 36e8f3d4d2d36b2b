// Issue 3's benchmark, modelled on scheduler_perf's SchedulingBasic: (a) the pure cycle in-process,
// (b) end to end on wrangler dev: pods created through the API, bound by the scheduler Durable Object.
import { request } from '../lib/http-client.mjs';
import { bareNode, benchPod, kth, kubeApi, sleep, waitFor, watchPods } from '../lib/kube-api.mjs';
import { cpuMeter } from '../lib/proc-cpu.mjs';
import { table } from '../lib/report.mjs';
import { runInProcess } from '../lib/scheduler-inprocess.mjs';
import { quantile, runPool } from '../lib/stats.mjs';

// issue 11: scheduler_perf's SchedulingBasic threshold at 5000 nodes (issue 3 asked 100 pods/s at 1000)
export const SCHEDULER_GOALS = { inProcessPodsPerSec: 1000, inProcessAtNodes: 5000, e2ePodsPerSec: 680, e2eAtNodes: 5000 };

/** Nodes per NodePool in `pool` mode: the cluster CIDR (10.244.0.0/16 at /24) has 256 podCIDRs. */
const POOL_CHUNK = 250;

/**
 * The measured pod: SchedulingBasic's, tolerating unreachable and not-ready nodes. Bare nodes post no
 * Leases, so the node lifecycle controller taints them unreachable after its grace period (scheduler_perf
 * runs no such controller); without the toleration the pods created after that are rightly unschedulable.
 */
export function measuredPod(ns, i) {
  const pod = benchPod(ns, i);
  const tolerations = ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'].map((key) => ({ key, operator: 'Exists' }));
  return { ...pod, spec: { ...pod.spec, tolerations } };
}

/** Pods held for the drain phase: created for a scheduler name no profile serves, then released at once. */
const DRAIN_PODS = 500;
const HELD_SCHEDULER = 'bench-held';

/**
 * The scheduler alone: DRAIN_PODS pods for a scheduler name no profile serves wait unqueued; one
 * ConfigMap write (a KubeSchedulerConfiguration adding that profile) releases them all at once, and the
 * time from that write to the last binding is the scheduler's own rate, whatever the create rate.
 */
async function drainPhase(server, api, ns, log) {
  const ops = Array.from({ length: DRAIN_PODS }, (_, i) => () => {
    const pod = measuredPod(ns, i);
    return createRetrying(api, `/api/v1/namespaces/${ns}/pods`, { ...pod, metadata: { ...pod.metadata, name: `held-${i}` }, spec: { ...pod.spec, schedulerName: HELD_SCHEDULER } });
  });
  const created = await runPool(ops, 8);
  const w = await watchPods(server.url, ns);
  const held = () => [...w.bound.keys()].filter((k) => k.startsWith('held-')).length;
  await sleep(1000);
  const early = held();
  const config = ['apiVersion: kubescheduler.config.k8s.io/v1', 'kind: KubeSchedulerConfiguration', 'profiles:', '- schedulerName: default-scheduler', `- schedulerName: ${HELD_SCHEDULER}`, ''].join('\n');
  const t0 = performance.now();
  const status = await api.postStatus('/api/v1/namespaces/kube-system/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-scheduler-config', namespace: 'kube-system' }, data: { 'config.yaml': config } });
  let last = -1;
  let lastChange = performance.now();
  while (held() < created.n && performance.now() - lastChange < 15_000) {
    await sleep(100);
    if (held() !== last) [last, lastChange] = [held(), performance.now()];
  }
  w.close();
  const times = [...w.bound].filter(([k]) => k.startsWith('held-')).map(([, at]) => at);
  const seconds = (Math.max(...times) - t0) / 1000;
  log(`scheduler drain: ${held()}/${created.n} held pods bound in ${seconds.toFixed(1)} s after the configuration (HTTP ${status}; ${early} bound before it)`);
  return { drainPods: created.n, drainBound: held(), drainSeconds: seconds, drainPodsPerSec: held() / seconds };
}

/** A create the loaded dev server answers 503 is tried again, as a client would (409 on a retry means the first one landed). */
export async function createRetrying(api, path, body) {
  let status = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    status = await api.postStatus(path, body);
    if (status !== 503) return attempt > 0 && status === 409 ? 201 : status;
    await sleep(500);
  }
  return status;
}

export async function makeNodes(api, { nodes, mode, log }) {
  const t0 = performance.now();
  if (mode === 'pool') {
    for (let i = 0; i * POOL_CHUNK < nodes; i++) await api.createPool(`sched-${i}`, Math.min(POOL_CHUNK, nodes - i * POOL_CHUNK));
    const ok = await waitFor(async () => (await api.nodesAndLeases()).ready >= nodes, { timeoutMs: 120_000, everyMs: 500 });
    if (!ok) throw new Error(`${nodes} pool nodes not Ready within 120 s`);
  } else {
    const r = await runPool(Array.from({ length: nodes }, (_, i) => () => createRetrying(api, '/api/v1/nodes', bareNode(i))), 8);
    if (r.errors) throw new Error(`creating nodes: ${r.errors} errors, first: ${r.firstError}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  log(`scheduler e2e: ${nodes} ${mode === 'pool' ? 'NodePool' : 'bare'} nodes in ${seconds.toFixed(1)} s`);
  return seconds;
}

/** Below this many cores of runtime CPU over QUIET_WINDOW_MS, the server counts as at rest. */
const QUIET_CORES = 0.3;
const QUIET_WINDOW_MS = 5000;

/**
 * Bare nodes turn Unknown 50 s (the node monitor grace period) after their creation: the wave of status
 * writes and taints starts only then, so quiet before this long after the last node proves nothing.
 */
const WAVE_STARTS_MS = 60_000;

/** Waits until the runtime's CPU over a 5 s window is below QUIET_CORES (not before WAVE_STARTS_MS), at most `seconds`; how long it took and the last window's cores. */
async function quiet(cpu, seconds) {
  const t0 = performance.now();
  let cores = NaN;
  while (performance.now() - t0 < seconds * 1000) {
    if (performance.now() - t0 < WAVE_STARTS_MS - QUIET_WINDOW_MS) {
      await sleep(QUIET_WINDOW_MS);
      continue;
    }
    const [c0, w0] = [cpu().runtime, performance.now()];
    await sleep(QUIET_WINDOW_MS);
    cores = (cpu().runtime - c0) / (performance.now() - w0);
    if (cores < QUIET_CORES) break;
  }
  return { seconds: (performance.now() - t0) / 1000, cores };
}

/**
 * Creates `pods` unscheduled pods at `concurrency` and follows them on a watch until all are bound,
 * the binding stalls for `stallSeconds` after the last create, or `timeoutSeconds` pass.
 */
async function runEndToEnd(server, { nodes, pods, concurrency, namespaces, mode, stallSeconds, timeoutSeconds, settle, log }) {
  const api = kubeApi(server.url);
  const cpu = cpuMeter(server.pid);
  try {
    const nodeSeconds = await makeNodes(api, { nodes, mode, log });
    // let the scheduler's first cycles see the nodes before the clock starts; with `settle`, also the node
    // lifecycle controller's wave over nodes that never post a Lease (their Ready=Unknown and unreachable taints)
    const settled = settle > 0 ? await quiet(cpu, settle) : (await sleep(2000), undefined);
    if (settled) log(`scheduler e2e: settled in ${settled.seconds.toFixed(0)} s (${settled.cores.toFixed(2)} cores over the last 5 s)`);
    // pod i goes to namespace i mod n: each namespace is its own store, so creates and bindings spread over them
    const nss = Array.from({ length: namespaces }, (_, k) => (namespaces === 1 ? 'bench-sched' : `bench-sched-${k}`));
    // a namespace the loaded dev proxy answered 503 would not exist, and every pod sent to it would be a 404
    for (const ns of nss) {
      const status = await createRetrying(api, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      if (status !== 201 && status !== 409) throw new Error(`creating namespace ${ns}: HTTP ${status}`);
    }
    const watches = await Promise.all(nss.map((ns) => watchPods(server.url, ns)));
    const w = { bound: new Map(), close: () => watches.forEach((x) => x.close()) };
    const boundCount = () => {
      for (const x of watches) for (const [name, at] of x.bound) if (!w.bound.has(name)) w.bound.set(name, at);
      return w.bound.size;
    };
    const createdAt = new Map();
    const c0 = cpu();
    const t0 = performance.now();
    const creates = await runPool(
      Array.from({ length: pods }, (_, i) => async () => {
        const ns = nss[i % namespaces];
        const status = await createRetrying(api, `/api/v1/namespaces/${ns}/pods`, measuredPod(ns, i));
        createdAt.set(`pod-${i}`, performance.now());
        return status;
      }),
      concurrency,
    );
    const createsDone = performance.now();
    const boundAtCreatesDone = boundCount();
    log(`scheduler e2e: ${pods} pods created in ${(creates.wallMs / 1000).toFixed(1)} s (${creates.opsPerSec.toFixed(0)}/s), ${boundAtCreatesDone} bound so far${creates.errors ? `; ${creates.errors} creates failed, first: ${creates.firstError}` : ''}`);
    let last = boundCount();
    let lastChange = performance.now();
    while (boundCount() < pods && performance.now() - createsDone < timeoutSeconds * 1000) {
      await sleep(250);
      if (w.bound.size !== last) {
        log(`scheduler e2e: ${w.bound.size}/${pods} bound`);
        [last, lastChange] = [w.bound.size, performance.now()];
      } else if (performance.now() - lastChange > stallSeconds * 1000) break;
    }
    boundCount();
    const c1 = cpu();
    const elapsedMs = performance.now() - t0;
    w.close();
    // what the stores hold, not only what the watches delivered: a stalled watch is not a stalled scheduler
    let boundListed = 0;
    for (const ns of nss) {
      const list = await request(api.agent, 'GET', `${server.url}/api/v1/namespaces/${ns}/pods`);
      if (list.status === 200) boundListed += JSON.parse(list.text).items.filter((p) => p.spec?.nodeName).length;
    }
    const lastBound = kth(w.bound, w.bound.size);
    const drain = await drainPhase(server, api, nss[0], log).catch((e) => {
      log(`scheduler drain failed: ${e instanceof Error ? e.message : e}`);
      return {};
    });
    const latencies = [...w.bound].map(([name, at]) => at - (createdAt.get(name) ?? at)).sort((a, b) => a - b);
    const sample = await request(api.agent, 'GET', `${server.url}/api/v1/namespaces/${nss[0]}/pods/pod-0`);
    const seconds = (lastBound - t0) / 1000;
    const backlog = pods - boundAtCreatesDone;
    return {
      nodes,
      mode,
      pods,
      namespaces,
      concurrency,
      // pods still unbound when the last create returned, and how fast the scheduler drained them (the scheduler alone)
      backlog,
      drainPerSec: backlog > 0 && lastBound > createsDone ? (w.bound.size - boundAtCreatesDone) / ((lastBound - createsDone) / 1000) : NaN,
      // server CPU (creates, bindings, events, the scheduler) per bound pod
      cpuMsPerPod: (c1.runtime - c0.runtime) / Math.max(1, w.bound.size),
      nodeSeconds,
      settleSeconds: settled?.seconds,
      created: creates.n,
      createPerSec: creates.opsPerSec,
      bound: w.bound.size,
      boundListed,
      stalled: w.bound.size < pods,
      seconds,
      podsPerSecond: w.bound.size / seconds,
      latencyP50Ms: quantile(latencies, 0.5),
      latencyP99Ms: quantile(latencies, 0.99),
      boundPodBytes: sample.status === 200 ? sample.text.length : NaN,
      cpuCores: (c1.runtime - c0.runtime) / elapsedMs,
      ...drain,
    };
  } finally {
    api.close();
  }
}

/**
 * The scheduler section. `startServer` gives a fresh Kubeflare per end-to-end run.
 * @returns {Promise<{ inProcess: object[], e2e: object[] }>}
 */
export async function runSchedulerSection(cfg, { startServer, log }) {
  const inProcess = await runInProcess({ nodeCounts: cfg.inProcessNodes, pods: cfg.inProcessPods, rounds: cfg.inProcessRounds, source: cfg.source, log });
  const e2e = [];
  for (const nodes of cfg.e2eNodes) for (const namespaces of cfg.e2eNamespaces ?? [1]) {
    log(`scheduler e2e: starting a fresh Kubeflare for ${nodes} nodes, ${namespaces} namespace(s)`);
    const server = await startServer();
    try {
      e2e.push(await runEndToEnd(server, { nodes, pods: cfg.e2ePods, concurrency: cfg.e2eConcurrency, namespaces, mode: cfg.e2eMode, stallSeconds: 15, timeoutSeconds: cfg.e2eTimeout, settle: cfg.e2eSettle ?? 0, log }));
    } catch (e) {
      log(`scheduler e2e at ${nodes} nodes failed: ${e instanceof Error ? e.message : e}`);
      e2e.push({ nodes, mode: cfg.e2eMode, pods: cfg.e2ePods, namespaces, error: String(e instanceof Error ? e.message : e) });
    } finally {
      await server.stop();
    }
  }
  return { inProcess, e2e };
}

const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** Text tables of the section. */
export function schedulerTables(r) {
  const a = table(
    ['nodes', 'pods', 'pods/s', 'ms/pod', 'rounds (pods/s)'],
    r.inProcess.map((x) => [x.nodes, x.pods, f(x.podsPerSecond), f(x.msPerPod, 3), x.rounds.join(' ')]),
  );
  const headers = ['nodes', 'kind', 'ns', 'pods', 'created/s', 'bound', 'created→last bound s', 'bound pods/s', 'backlog', 'drain pods/s', 'create→bound p50 ms', 'p99 ms', 'bound pod bytes', 'server CPU (cores)', 'CPU ms/pod', 'held pods released', 'scheduler alone pods/s', 'settled s'];
  const b = table(
    headers,
    r.e2e.map((x) =>
      x.error
        ? [x.nodes, x.mode, x.namespaces ?? 1, x.pods, `error: ${x.error.slice(0, 80)}`, ...headers.slice(5).map(() => '')]
        : [x.nodes, x.mode, x.namespaces ?? 1, x.pods, f(x.createPerSec), `${x.bound}${x.boundListed !== undefined && x.boundListed !== x.bound ? ` (listed ${x.boundListed})` : ''}${x.stalled ? ' (stalled)' : ''}`, f(x.seconds, 1), f(x.podsPerSecond), x.backlog, f(x.drainPerSec), f(x.latencyP50Ms), f(x.latencyP99Ms), f(x.boundPodBytes), f(x.cpuCores, 2), f(x.cpuMsPerPod, 2), `${x.drainBound ?? '—'}/${x.drainPods ?? '—'}`, f(x.drainPodsPerSec), f(x.settleSeconds)],
    ),
  );
  return [
    'Scheduler (a): the pure cycle in-process (SchedulingBasic: 4 CPU / 32Gi nodes in 3 zones, pods asking 100m / 500Mi, default profile), median of rounds',
    a,
    '',
    `Scheduler (b): end to end on wrangler dev: unscheduled pods POSTed at c=${r.e2e[0]?.concurrency ?? 8} through the API, bound by the scheduler Durable Object (watch-timed)`,
    b,
  ];
}

/** PASS/MISS rows against the goals (issue 3's in-process, issue 11's end to end). */
export function schedulerVerdicts(r) {
  const out = [];
  const G = SCHEDULER_GOALS;
  for (const x of r.inProcess) {
    const judged = x.nodes === G.inProcessAtNodes;
    out.push({ what: `scheduler in-process pods/s at ${x.nodes} nodes`, shown: f(x.podsPerSecond), goal: judged ? `≥ ${G.inProcessPodsPerSec}` : '(info)', verdict: judged ? (x.podsPerSecond >= G.inProcessPodsPerSec ? 'PASS' : 'MISS') : 'info' });
  }
  for (const x of r.e2e) {
    const judged = x.nodes >= G.e2eAtNodes;
    const shown = x.error ? 'error' : `${f(x.podsPerSecond)}${x.stalled ? ` (${x.bound}/${x.pods}, stalled)` : ''}`;
    const ok = !x.error && !x.stalled && x.podsPerSecond >= G.e2ePodsPerSec;
    out.push({ what: `scheduler end to end bound pods/s at ${x.nodes} ${x.mode} nodes, ${x.namespaces ?? 1} ns`, shown, goal: judged ? `≥ ${G.e2ePodsPerSec}` : `(≥ ${G.e2ePodsPerSec} at ${G.e2eAtNodes})`, verdict: judged ? (ok ? 'PASS' : 'MISS') : 'info' });
  }
  return out;
}
