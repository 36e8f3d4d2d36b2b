// Issue 10's benchmark: how much cluster time the loops cover per wall second. One fresh server holds
// 1000 simulated nodes (NodePools of 250) and 100 HPAs (each over a one-pod Deployment whose load is a
// sine, so every sync changes its status); the node lifecycle controller runs when it is registered. The
// cluster clock is then run at each speed: the clock itself always moves at its speed (it is arithmetic
// on the wall clock), so the question is whether the loops keep pace with it —
//   kubelet pace  = Lease renewals per wall second × 10 s / nodes   (each node renews every 10 cluster s;
//                   renewals counted by the kube-node-lease store's resourceVersion, which every Lease
//                   write moves by one: a watch's count trails when its consumer falls behind)
//   HPA pace      = HPA status writes per wall second × 15 s / HPAs (each HPA syncs every 15 cluster s;
//                   a write per sync because the load moves; a lower bound)
//   Lease lag     = cluster now − renewTime, sampled every 2 s (a node lifecycle controller calls a node
//                   Unknown past 50 s); "now" is when the list was sent, the earliest its snapshot can be
//                   (taken when it returned, a list of 1000 Leases that took 1 wall s at 30× added 30 s
//                   to every lag), and the slowest list's round trip is given in cluster seconds
//   held          = cluster time covered per wall second over the window (the clock's status before and
//                   after): the clock keeps pace (spec.keepUp), slowing down while the loops run late, so
//                   this is the speed the cluster sustained; the range is that of status.speed every 2 s
// and at real time, the CPU the loops cost (workerd, over a minute).
import { deployment, kubeApi, sleep, waitFor } from '../lib/kube-api.mjs';
import { streamLines } from '../lib/http-client.mjs';
import { processCpuMs, runtimePid } from '../lib/proc-cpu.mjs';
import { table } from '../lib/report.mjs';
import { configurePodNetwork } from './node-pool.mjs';
import { quantile } from '../lib/stats.mjs';

export const CLOCK_GOALS = { simulatedPerWallSecond: 60 };

const POOL_CHUNK = 250;
const NS = 'bench-clock';
const CLOCK = '/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster';
const LEASE_RENEW_S = 10;
const HPA_SYNC_S = 15;
const LEASE_DURATION_S = 40;

/** Cluster time now (ms) from the clock's status, as shared/clock/cluster-clock.ts clusterTimeAt computes it. */
export function clusterNow(status, wall = Date.now()) {
  if (!status) return wall;
  return status.paused ? status.clusterAnchor : status.clusterAnchor + Math.max(0, wall - status.wallAnchor) * status.speed;
}

/** The ClusterClock's status (undefined while the cluster runs at real time without one). */
export async function clockStatus(api) {
  return (await api.get(CLOCK).catch(() => undefined))?.status;
}

/** Sets the clock's speed (and keepUp when given: off, the clock runs at `speed` however late the loops run). */
export async function setSpeed(api, speed, keepUp) {
  // a fresh server has no clock yet (real time): create it once (409 when it exists), then patch it
  await api.postStatus('/apis/kubeflare.dev/v1alpha1/clusterclocks', { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { speed: 1 } });
  return (await api.patch(CLOCK, { spec: { speed, paused: false, ...(keepUp === undefined ? {} : { keepUp }) } }, 'application/merge-patch+json')).status;
}

/**
 * The pace keeper's own cost: on the fresh, empty server (no loop has work, so the clock holds 60×) the
 * runtime's CPU at 60× with keepUp off and on, alternating windows of `seconds` wall s; the difference is the
 * cluster store asking every controller host how late it runs (clock-pacer.ts), and the samples it takes.
 */
async function pacerCost(api, pid, seconds) {
  await setSpeed(api, 60);
  // a fresh server's controllers start up for a while: not the keeper's cost
  await sleep(10_000);
  const cpu = { false: 0, true: 0 };
  const ms = { false: 0, true: 0 };
  for (const keepUp of [false, true, true, false, false, true]) {
    await api.patch(CLOCK, { spec: { speed: 60, keepUp } }, 'application/merge-patch+json');
    await sleep(1000);
    const [c0, t0] = [processCpuMs(pid), performance.now()];
    await sleep(seconds * 1000);
    cpu[keepUp] += processCpuMs(pid) - c0;
    ms[keepUp] += performance.now() - t0;
  }
  await api.patch(CLOCK, { spec: { speed: 1, keepUp: true } }, 'application/merge-patch+json');
  const off = cpu.false / ms.false;
  const on = cpu.true / ms.true;
  return { off, on, pacer: on - off };
}

/** Counts MODIFIED events of a watch (Lease renewals, HPA status writes). */
async function countModified(url) {
  const counter = { n: 0 };
  const s = await streamLines(url, (line) => {
    if (line.slice(0, 40).includes('"MODIFIED"')) counter.n++;
  });
  counter.close = s.close;
  return counter;
}

/**
 * POSTs until created (201) or found (409): with 1000 nodes workerd restarts now and then on this machine
 * ("Your worker restarted mid-request", 503), and only GETs are retried for us.
 */
async function create(api, path, body, what) {
  const ok = await waitFor(async () => [201, 409].includes(await api.postStatus(path, body).catch(() => 0)), { timeoutMs: 60_000, everyMs: 2000 });
  if (!ok) throw new Error(`${what} could not be created`);
}

/** 1000 nodes in a pod network that holds them: the first pool alone (its nodes get podCIDRs, the HPAs' pods run there), then the rest. */
export async function makeNodes(api, nodes, log) {
  // the default pod network (10.244.0.0/16 at /24) holds 256 nodes: the NodePool controller refuses more
  await configurePodNetwork(api);
  const pools = Math.ceil(nodes / POOL_CHUNK);
  for (let i = 0; i < pools; i++) {
    const pool = { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: `clock-${i}` }, spec: { nodes: Math.min(POOL_CHUNK, nodes - i * POOL_CHUNK), zones: ['zone-a', 'zone-b', 'zone-c'] } };
    await create(api, '/apis/kubeflare.dev/v1alpha1/nodepools', pool, `NodePool clock-${i}`);
    if (i === 0) await waitFor(async () => (await api.pool('clock-0')).status?.readyNodes === Math.min(POOL_CHUNK, nodes), { timeoutMs: 90_000, everyMs: 500 });
  }
  let s;
  const ok = await waitFor(async () => ((s = await api.nodesAndLeases()), s.ready >= nodes && s.leases >= nodes), { timeoutMs: 180_000, everyMs: 1000 });
  if (!ok) throw new Error(`${nodes} nodes not Ready with Leases in 180 s (${s?.ready} Ready, ${s?.leases} Leases)`);
  log(`clock: ${nodes} nodes Ready with Leases`);
}

/** `count` one-pod Deployments, each with an HPA (min = max = 1: it syncs, computes and writes status, never scales). */
export async function makeHpas(api, count, log) {
  await create(api, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, `namespace ${NS}`);
  await create(api, `/apis/kubeflare.dev/v1alpha1/namespaces/${NS}/workloadprofiles`, {
    apiVersion: 'kubeflare.dev/v1alpha1',
    kind: 'WorkloadProfile',
    metadata: { name: 'load' },
    // shared by every ready pod naming it: about 50 requests/s each, swinging ±50% over 2 cluster minutes
    spec: { load: { cpuPerRequest: '2m', requestsPerSecond: { type: 'sine', base: 50 * count, amplitude: 25 * count, periodSeconds: 120, clock: 'wall' } } },
  }, 'the WorkloadProfile');
  for (let i = 0; i < count; i++) {
    const d = deployment(NS, `app-${i}`, 1);
    d.spec.template.metadata.annotations = { 'kubeflare.dev/profile': 'load' };
    d.spec.template.spec.nodeSelector = { 'kubeflare.dev/node-pool': 'clock-0' };
    d.spec.template.spec.containers[0].resources = { requests: { cpu: '100m' } };
    await create(api, `/apis/apps/v1/namespaces/${NS}/deployments`, d, `Deployment app-${i}`);
    await create(api, `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: `app-${i}` },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `app-${i}` }, minReplicas: 1, maxReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
    }, `HPA app-${i}`);
  }
  const ok = await waitFor(async () => (await api.get(`/apis/apps/v1/namespaces/${NS}/deployments`)).items.filter((d) => d.status?.availableReplicas === 1).length === count, { timeoutMs: 120_000, everyMs: 1000 });
  if (!ok) throw new Error(`${count} Deployments not available in 120 s`);
  log(`clock: ${count} Deployments available, ${count} HPAs`);
}

/**
 * Lease lags in cluster seconds, sampled every 2 wall s over `ms`. A saturated lease store may not answer
 * a list at all (the runtime cancels it as hung): such samples are counted, not fatal.
 */
async function leaseLags(api, ms) {
  const lags = [];
  const held = [];
  let failed = 0;
  let listMax = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    try {
      const sent = Date.now();
      const [clock, leases] = await Promise.all([api.get(CLOCK), api.get('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases')]);
      // the snapshot is no older than the request: lag from then is a lower bound, from the answer an upper one
      const now = clusterNow(clock.status, sent);
      listMax = Math.max(listMax, (clusterNow(clock.status) - now) / 1000);
      held.push(clock.status?.speed ?? 1);
      for (const l of leases.items) lags.push((now - Date.parse(l.spec?.renewTime ?? 0)) / 1000);
    } catch {
      failed++;
    }
    await sleep(2000);
  }
  return { lags: lags.sort((a, b) => a - b), held, failed, listMax };
}

async function notReady(api) {
  const nodes = await api.get('/api/v1/nodes');
  return nodes.items.filter((n) => !(n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')).length;
}

/** The kube-node-lease store's resourceVersion (a list of one: its counter, moved by one per Lease write), or undefined. */
async function leaseVersion(api) {
  const list = await api.get('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases?limit=1').catch(() => undefined);
  const rv = Number(list?.metadata?.resourceVersion);
  return Number.isFinite(rv) ? rv : undefined;
}

/** One speed: warm up, then count renewals and HPA writes and sample Lease lag over `seconds` of wall time. */
async function measureSpeed(api, url, pid, speed, cfg) {
  await setSpeed(api, speed, cfg.keepUp ?? true);
  await sleep(cfg.warmupSeconds * 1000);
  // the renewals are counted by the Lease store's resourceVersion; a watch of them is only a cross-check, and
  // at 30-45× it fans out 2400-3400 events a wall second: 0.17-0.25 of the core the loops under test need (--clock-lease-watch)
  const leases = cfg.leaseWatch ? await countModified(`${url}/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases?watch=true&allowWatchBookmarks=false&resourceVersion=0`) : undefined;
  const hpas = await countModified(`${url}/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers?watch=true&allowWatchBookmarks=false&resourceVersion=0`);
  // the initial ADDED events are not counted; start counting now
  await sleep(500);
  const [s0, w0] = [await clockStatus(api), Date.now()];
  const [l0, h0, c0, t0, v0] = [leases?.n, hpas.n, processCpuMs(pid), performance.now(), await leaseVersion(api)];
  const { lags, held, failed, listMax } = await leaseLags(api, cfg.seconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const v1 = await leaseVersion(api);
  const [s1, w1] = [await clockStatus(api), Date.now()];
  const r = {
    speed,
    // the cluster time the window covered per wall second (a mean of sampled speeds overstates it: the
    // keeper's slow-downs are short and re-anchor the clock); the samples give the range
    held: s0 && s1 ? (clusterNow(s1, w1) - clusterNow(s0, w0)) / (w1 - w0) : held.length ? held.reduce((a, b) => a + b, 0) / held.length : NaN,
    heldMin: held.length ? Math.min(...held) : NaN,
    heldMax: held.length ? Math.max(...held) : NaN,
    wallSeconds: wall,
    renewalsPerSec: v0 !== undefined && v1 !== undefined ? (v1 - v0) / wall : leases ? (leases.n - l0) / wall : NaN,
    watchedPerSec: leases ? (leases.n - l0) / wall : undefined,
    hpaWritesPerSec: (hpas.n - h0) / wall,
    cpuCores: (processCpuMs(pid) - c0) / (wall * 1000),
    lagP50: quantile(lags, 0.5),
    lagP99: quantile(lags, 0.99),
    lagMax: lags[lags.length - 1] ?? NaN,
    listMax,
    failedSamples: failed,
    notReady: await notReady(api).catch(() => NaN),
  };
  leases?.close();
  hpas.close();
  r.kubeletPace = (r.renewalsPerSec * LEASE_RENEW_S) / cfg.nodes;
  r.hpaPace = (r.hpaWritesPerSec * HPA_SYNC_S) / cfg.hpas;
  r.keepsUp = failed === 0 && r.lagMax < LEASE_DURATION_S && r.kubeletPace >= 0.9 * r.held;
  return r;
}

/**
 * The clock section: `cfg.nodes` nodes and `cfg.hpas` HPAs on one fresh server; CPU at real time over
 * `cfg.idleSeconds`, then each of `cfg.speeds` for `cfg.seconds` of wall time.
 */
export async function runClockSection(cfg, { startServer, log }) {
  const server = await startServer();
  const api = kubeApi(server.url);
  const pid = runtimePid(server.pid);
  try {
    const pacer = await pacerCost(api, pid, 5);
    log(`clock: the pace keeper at 60× on an empty cluster costs ${pacer.pacer.toFixed(3)} of a core (${pacer.on.toFixed(3)} with it, ${pacer.off.toFixed(3)} without)`);
    await makeNodes(api, cfg.nodes, log);
    await makeHpas(api, cfg.hpas, log);
    await setSpeed(api, 1);
    await sleep(5000);
    const c0 = processCpuMs(pid);
    const t0 = performance.now();
    await sleep(cfg.idleSeconds * 1000);
    const realTimeCores = (processCpuMs(pid) - c0) / (performance.now() - t0);
    log(`clock: at real time the loops cost ${realTimeCores.toFixed(2)} of a core (${cfg.nodes} nodes, ${cfg.hpas} HPAs, ${cfg.idleSeconds} s)`);
    const speeds = [];
    for (const speed of cfg.speeds) {
      try {
        const r = await measureSpeed(api, server.url, pid, speed, cfg);
        log(`clock: speed ${speed}: held ${r.held.toFixed(1)} (${r.heldMin}–${r.heldMax}), kubelet pace ${r.kubeletPace.toFixed(1)} (renewals ${r.renewalsPerSec.toFixed(0)}/s${r.watchedPerSec === undefined ? '' : `, ${r.watchedPerSec.toFixed(0)}/s on a watch`}), HPA pace ${r.hpaPace.toFixed(1)}, Lease lag p50 ${r.lagP50.toFixed(0)} s p99 ${r.lagP99.toFixed(0)} s max ${r.lagMax.toFixed(0)} s (slowest list ${r.listMax.toFixed(0)} cluster s), ${r.cpuCores.toFixed(2)} cores, ${r.notReady} nodes not Ready, ${r.failedSamples} lease lists unanswered`);
        speeds.push(r);
      } catch (e) {
        log(`clock: speed ${speed} failed: ${e instanceof Error ? e.message : e}`);
        speeds.push({ speed, error: String(e instanceof Error ? e.message : e).slice(0, 80), keepsUp: false });
      }
    }
    await setSpeed(api, 1, true).catch(() => undefined);
    return { nodes: cfg.nodes, hpas: cfg.hpas, keepUp: cfg.keepUp ?? true, realTimeCores, idleSeconds: cfg.idleSeconds, pacer, speeds };
  } finally {
    api.close();
    await server.stop();
  }
}

const f = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');

export function clockTables(r) {
  const rows = r.speeds.map((s) => [
    s.speed,
    f(s.held),
    s.held === undefined ? '—' : `${f(s.heldMin)}–${f(s.heldMax)}`,
    f(s.kubeletPace),
    f(s.hpaPace),
    f(s.renewalsPerSec, 0),
    f(s.hpaWritesPerSec, 1),
    f(s.lagP50, 0),
    f(s.lagP99, 0),
    f(s.lagMax, 0),
    f(s.listMax, 0),
    s.notReady,
    f(s.cpuCores, 2),
    s.error ? `NO (${s.error})` : s.keepsUp ? 'yes' : `NO${s.failedSamples ? ` (${s.failedSamples} lease lists unanswered)` : ''}`,
  ]);
  return [
    `Cluster clock: ${r.nodes} simulated nodes and ${r.hpas} HPAs on one server, keepUp ${r.keepUp === false ? 'off (the clock runs as asked)' : 'on'}; at real time the loops cost ${f(r.realTimeCores, 2)} of a core (workerd, ${r.idleSeconds} s)`,
    ...(r.pacer ? [`the pace keeper's own sampling at 60× on the empty cluster: ${f(r.pacer.pacer, 3)} of a core (${f(r.pacer.on, 3)} keepUp on, ${f(r.pacer.off, 3)} off)`] : []),
    'held = cluster time covered per wall second (the clock slows down while the loops run late; range: its speed sampled every 2 s); pace = simulated seconds the loop covered per wall second (kubelet: Lease renewals × 10 s / nodes; HPA: status writes × 15 s / HPAs, a lower bound); lag = cluster now (when the list was sent) − Lease renewTime, cluster seconds; list = the slowest list\'s round trip in cluster seconds (what a lag taken at its answer would add)',
    table(['speed', 'held', 'range', 'kubelet pace', 'HPA pace', 'renewals/s', 'HPA writes/s', 'lag p50', 'p99', 'max', 'list', 'not Ready', 'CPU cores', 'keeps up'], rows),
  ];
}

export function clockVerdicts(r) {
  const kept = r.speeds.filter((s) => s.keepsUp);
  const best = Math.max(0, ...kept.map((s) => Math.min(s.held, s.kubeletPace, s.hpaPace)));
  return [
    { what: `simulated s per wall s with the loops keeping up (${r.nodes} nodes, ${r.hpas} HPAs)`, shown: f(best, 0), goal: `≥ ${CLOCK_GOALS.simulatedPerWallSecond}`, verdict: best >= CLOCK_GOALS.simulatedPerWallSecond ? 'PASS' : 'MISS' },
    { what: `CPU of the loops at real time (${r.nodes} nodes, ${r.hpas} HPAs)`, shown: `${f(r.realTimeCores, 2)} cores`, goal: '(report)', verdict: 'info' },
  ];
}
