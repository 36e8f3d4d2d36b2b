// Issue 5's benchmark: simulated nodes (and pods) held steady on wrangler dev. NodePools are added
// step by step on one server; at each size: how fast the nodes and their Leases appeared, the CPU
// the runtime burns while nobody calls the API, and whether every Lease stays current.
import { deployment, kubeApi, sleep, waitFor } from '../lib/kube-api.mjs';
import { processCpuMs, processRssMiB, runtimePid } from '../lib/proc-cpu.mjs';
import { table } from '../lib/report.mjs';
import { quantile } from '../lib/stats.mjs';

export const POOL_GOALS = { nodes: 5000, pods: 50_000, objectsPerSec: 200, leaseMaxAgeSeconds: 40, idleCores: 1 };

/** Nodes per NodePool (a pool's validation still counts against the default 10.244.0.0/16: 256 nodes). */
const POOL_CHUNK = 250;
/**
 * The pod network the section configures before any node exists (flannel's kube-flannel-cfg, which node
 * IPAM takes its cluster CIDR and node mask from): a /9 at /24 gives 32,768 podCIDRs, so every node can
 * run pods, where the default 10.244.0.0/16 stops at 256 nodes. Clear of the nodes' 10.0.0.0/16 and the
 * Services' 10.96.0.0/12.
 */
const POD_NETWORK = '10.128.0.0/9';
const PODS_PER_NAMESPACE = 100;

/** CPU of the runtime workerd over a quiet window, as a fraction of one core. */
async function idleCpu(pid, seconds) {
  const [c0, t0] = [processCpuMs(pid), performance.now()];
  await sleep(seconds * 1000);
  return (processCpuMs(pid) - c0) / (performance.now() - t0);
}

/**
 * Lease ages sampled every 3 s over `seconds`: the worst age seen and how many were stale. A sample
 * the server does not answer in time (a busy shared machine) is counted, not fatal.
 */
async function leaseFreshness(api, seconds) {
  const ages = [];
  let stale = 0;
  let unanswered = 0;
  const end = performance.now() + seconds * 1000;
  do {
    try {
      const s = await api.nodesAndLeases();
      ages.push(...s.leaseAges);
      stale = Math.max(stale, s.leaseAges.filter((a) => a > POOL_GOALS.leaseMaxAgeSeconds).length);
    } catch {
      unanswered++;
    }
    await sleep(3000);
  } while (performance.now() < end);
  ages.sort((a, b) => a - b);
  return { p50: quantile(ages, 0.5), p99: quantile(ages, 0.99), max: ages[ages.length - 1] ?? NaN, stale, unanswered };
}

/**
 * POSTs an object, again when wrangler's dev proxy answers 503 "Your worker restarted mid-request"
 * (its keep-alive hop drops a POST now and then although the runtime never restarted:
 * cloudflare/workers-sdk#14641) or a keep-alive socket it closed hangs up; a 409 on a retry means an
 * earlier attempt had landed.
 */
async function postOnce(api, path, body) {
  for (let attempt = 0; ; attempt++) {
    const status = await api.postStatus(path, body).catch((e) => String(e));
    if (status === 201 || status === 200 || (status === 409 && attempt > 0)) return;
    if ((status !== 503 && typeof status !== 'string') || attempt >= 5) throw new Error(`POST ${path} (${body.metadata?.name}) -> ${status}`);
    await sleep(1000);
  }
}

const createPool = (api, name, nodes) => postOnce(api, '/apis/kubeflare.dev/v1alpha1/nodepools', { apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name }, spec: { nodes } });
const createNamespace = (api, name) => postOnce(api, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }).catch((e) => {
  if (!String(e).includes('-> 409')) throw e; // already there (kube-flannel on a rerun)
});

/** Configures POD_NETWORK as flannel's network (kube-flannel-cfg) before any node exists; the clock section shares it. */
export async function configurePodNetwork(api) {
  await createNamespace(api, 'kube-flannel');
  const net = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel' }, data: { 'net-conf.json': JSON.stringify({ Network: POD_NETWORK, Backend: { Type: 'vxlan' } }) } };
  await postOnce(api, '/api/v1/namespaces/kube-flannel/configmaps', net);
}

/**
 * When node IPAM gave the step's nodes their podCIDRs, read from the nodes themselves (the time of node-ipam's
 * managedFields entry against creationTimestamp, both whole seconds of cluster time), so the figure does not
 * depend on how often the bench polls: p50 and max per node, and the span from the step's first node created
 * to its last podCIDR written.
 */
async function podCidrTimes(api, pools) {
  const nodes = (await api.get('/api/v1/nodes')).items.filter((n) => pools.has(n.metadata.labels?.['kubeflare.dev/node-pool']));
  const created = nodes.map((n) => Date.parse(n.metadata.creationTimestamp));
  const given = nodes.map((n) => Date.parse(n.metadata.managedFields?.find((f) => f.manager === 'node-ipam')?.time ?? NaN));
  const waits = given.map((g, i) => (g - created[i]) / 1000).filter(Number.isFinite).sort((a, b) => a - b);
  const span = (Math.max(...given.filter(Number.isFinite)) - Math.min(...created)) / 1000;
  return { cidrWaitP50: quantile(waits, 0.5), cidrWaitMax: waits[waits.length - 1] ?? NaN, cidrSpan: span, cidrTimed: waits.length };
}

/** Adds pools until the cluster has `size` nodes; resolves with how long the nodes and Leases took. */
async function growTo(api, size, have, { timeoutSeconds, poolIndex }) {
  const t0 = performance.now();
  let next = poolIndex;
  for (let n = have; n < size; n += POOL_CHUNK) await createPool(api, `bench-${next++}`, Math.min(POOL_CHUNK, size - n));
  let s;
  // the pools' status (readyNodes) first, a list of ~20 objects: polling every node and Lease of a
  // large cluster would load the very store being measured; the full lists only to confirm
  const readyInPools = async () => (await api.get('/apis/kubeflare.dev/v1alpha1/nodepools')).items.reduce((a, p) => a + (p.status?.readyNodes ?? 0), 0);
  const ok = await waitFor(async () => (await readyInPools()) >= size && ((s = await api.nodesAndLeases()), s.nodes >= size && s.ready >= size && s.leases >= size), { timeoutMs: timeoutSeconds * 1000, everyMs: 1000 });
  s ??= await api.nodesAndLeases().catch(() => undefined);
  return { ok: Boolean(ok), seconds: (performance.now() - t0) / 1000, state: s, poolIndex: next };
}

/**
 * Pods as Deployments of 100, each in its own namespace (a namespace store of 50,000 pods would be one
 * list too large), adding to the `have` already there until `total` exist; resolves when all are Available.
 */
async function addPods(api, total, have, timeoutSeconds) {
  const t0 = performance.now();
  for (let i = Math.ceil(have / PODS_PER_NAMESPACE); i * PODS_PER_NAMESPACE < total; i++) {
    const ns = `bench-pool-pods-${i}`;
    await createNamespace(api, ns);
    const replicas = Math.min(PODS_PER_NAMESPACE, total - i * PODS_PER_NAMESPACE);
    await postOnce(api, `/apis/apps/v1/namespaces/${ns}/deployments`, deployment(ns, 'steady', replicas));
  }
  let available = 0;
  const ok = await waitFor(
    async () => {
      const ds = await api.get('/apis/apps/v1/deployments');
      available = ds.items.filter((d) => d.metadata.name === 'steady').reduce((a, d) => a + (d.status?.availableReplicas ?? 0), 0);
      return available >= total;
    },
    { timeoutMs: timeoutSeconds * 1000, everyMs: total > 2000 ? 5000 : 1000 },
  );
  return { ok: Boolean(ok), available, seconds: (performance.now() - t0) / 1000 };
}

/** After a quiet moment: idle CPU, the runtime's RSS and Lease freshness. */
async function holdStep(api, server, cfg) {
  await sleep(2000); // creation's tail (status posts, IPAM) out of the idle window
  // looked up each time: wrangler dev may have replaced the runtime (a reload), which the row then says
  const pid = runtimePid(server.pid);
  // a window over the limit is measured again, twice at most: creation's tail decays, a saturated core does not
  // (one 0.91 window of tail once ended a 5000-node run before its pods)
  let idleCores = await idleCpu(pid, cfg.idleSeconds);
  for (let again = 0; again < 2 && idleCores > cfg.maxIdleCores; again++) idleCores = await idleCpu(pid, cfg.idleSeconds);
  const rssMiB = processRssMiB(pid);
  const lease = await leaseFreshness(api, cfg.leaseSeconds);
  return { idleCores, rssMiB, lease, runtimeRestarted: pid !== server.firstRuntimePid || runtimePid(server.pid) !== pid };
}

/**
 * Idle CPU in `cfg.idleSeconds` windows for `cfg.holdSeconds` at the size reached, then Lease freshness: the
 * curve after creation (its tail decaying, the periodic resyncs) and the steady figure, the median window.
 */
async function holdLonger(api, server, cfg, log) {
  const pid = runtimePid(server.pid);
  const windows = [];
  const end = performance.now() + cfg.holdSeconds * 1000;
  while (performance.now() < end) {
    windows.push(await idleCpu(pid, cfg.idleSeconds));
    log(`node pool: hold ${windows.length}: ${windows.at(-1).toFixed(2)} of a core`);
  }
  const sorted = [...windows].sort((a, b) => a - b);
  const lease = await leaseFreshness(api, cfg.leaseSeconds);
  return { seconds: cfg.holdSeconds, windows, median: quantile(sorted, 0.5), max: sorted.at(-1), rssMiB: processRssMiB(pid), lease };
}

// a Lease sample the busy server did not answer in time is reported; a step counts as held when the samples that came back had no stale Lease
const held = (step, cfg) => !step.runtimeRestarted && step.settled && step.lease && step.lease.stale === 0 && Number.isFinite(step.lease.max) && step.idleCores <= cfg.maxIdleCores;

/**
 * The node-pool section on one fresh server: a pod network wide enough for every node, then grow
 * through `cfg.sizes`, stopping at the first step that does not settle in time, leaves stale Leases,
 * or saturates a core while idle. At the largest size held, pods are added up to each total of
 * `cfg.pods` (Deployments of 100, one per namespace) and held too.
 */
export async function runNodePoolSection(cfg, { startServer, log }) {
  const server = await startServer();
  const api = kubeApi(server.url);
  const pid = runtimePid(server.pid);
  server.firstRuntimePid = pid;
  const steps = [];
  let have = 0;
  let poolIndex = 0;
  try {
    await configurePodNetwork(api);
    const baseline = await idleCpu(pid, Math.min(5, cfg.idleSeconds));
    const baselineRssMiB = processRssMiB(pid);
    log(`node pool: empty cluster idles at ${baseline.toFixed(2)} of a core, ${baselineRssMiB.toFixed(0)} MiB`);
    let last;
    for (const size of cfg.sizes) {
      const firstPool = poolIndex;
      const grown = await growTo(api, size, have, { timeoutSeconds: cfg.stepTimeout, poolIndex });
      poolIndex = grown.poolIndex;
      const added = size - have;
      const step = { nodes: size, pods: 0, settled: grown.ok, seconds: grown.seconds, objectsPerSec: (2 * added) / grown.seconds, withCidr: grown.state?.withCidr ?? 0, ready: grown.state?.ready ?? 0, leases: grown.state?.leases ?? 0 };
      log(`node pool: ${size} nodes ${grown.ok ? 'settled' : 'did NOT settle'} in ${grown.seconds.toFixed(1)} s (${step.objectsPerSec.toFixed(0)} nodes+Leases/s)`);
      have = size;
      if (grown.ok) {
        // creation's tail (node IPAM's podCIDR and flannel's patches for every new node) out of the idle
        // window: at 5000 nodes more than half the nodes were still waiting for a podCIDR when the step settled
        const t1 = performance.now();
        let nodes = grown.state;
        await waitFor(async () => ((nodes = await api.nodesAndLeases()), nodes.withCidr >= size), { timeoutMs: cfg.stepTimeout * 1000, everyMs: 15_000 });
        step.cidrSeconds = (performance.now() - t1) / 1000;
        step.withCidr = nodes?.withCidr ?? step.withCidr;
        Object.assign(step, await podCidrTimes(api, new Set(Array.from({ length: grown.poolIndex - firstPool }, (_, i) => `bench-${firstPool + i}`))).catch(() => ({})));
        log(`node pool: ${step.withCidr}/${size} nodes with a podCIDR ${step.cidrSeconds.toFixed(1)} s after that (polled every 15 s); node IPAM gave the ${step.cidrTimed ?? '?'} new nodes theirs ${f(step.cidrWaitP50)} s (p50) / ${f(step.cidrWaitMax)} s (max) after each was created, the last ${f(step.cidrSpan)} s after the step's first node`);
        Object.assign(step, await holdStep(api, server, cfg));
        step.kibPerNode = ((step.rssMiB - baselineRssMiB) * 1024) / size;
        log(`node pool: ${size} nodes idle at ${step.idleCores.toFixed(2)} of a core, RSS ${step.rssMiB.toFixed(0)} MiB${step.runtimeRestarted ? ' (the runtime RESTARTED: wrangler reloaded it)' : ''}, Lease age max ${step.lease.max.toFixed(1)} s, ${step.lease.stale} stale, ${step.lease.unanswered} samples unanswered`);
      }
      steps.push(step);
      if (!held(step, cfg)) break;
      last = step;
    }
    let pods = 0;
    // pods only on a cluster whose every step held (a failed step leaves more nodes than `last` counted)
    for (const total of last && steps.every((st) => held(st, cfg)) ? cfg.pods : []) {
      log(`node pool: adding pods up to ${total} (Deployments of ${PODS_PER_NAMESPACE}, one per namespace) on ${last.nodes} nodes`);
      const p = await addPods(api, total, pods, cfg.stepTimeout);
      pods = total;
      const ps = { nodes: last.nodes, pods: total, settled: p.ok, seconds: p.seconds, objectsPerSec: p.available / p.seconds, available: p.available, withCidr: last.withCidr, ready: last.ready, leases: last.leases };
      log(`node pool: ${p.available}/${total} pods Available in ${p.seconds.toFixed(1)} s`);
      Object.assign(ps, await holdStep(api, server, cfg));
      ps.kibPerPod = ((ps.rssMiB - last.rssMiB) * 1024) / Math.max(1, p.available);
      log(`node pool: ${last.nodes} nodes + ${p.available} pods idle at ${ps.idleCores.toFixed(2)} of a core, RSS ${ps.rssMiB.toFixed(0)} MiB, Lease age max ${ps.lease.max.toFixed(1)} s`);
      steps.push(ps);
      if (!held(ps, cfg)) break;
    }
    const top = steps.at(-1);
    let hold;
    if (cfg.holdSeconds > 0 && top?.settled) {
      log(`node pool: holding ${top.nodes} nodes + ${top.available ?? 0} pods for ${cfg.holdSeconds} s (idle CPU every ${cfg.idleSeconds} s)`);
      hold = { nodes: top.nodes, pods: top.available ?? 0, ...(await holdLonger(api, server, cfg, log)) };
    }
    return { baselineCores: baseline, baselineRssMiB, steps, maxIdleCores: cfg.maxIdleCores, hold };
  } finally {
    api.close();
    await server.stop();
  }
}

const f = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** Idle CPU at the largest size held: the hold's median window when there was a hold (the steady figure), else the one window after settling. */
function idleVerdict(hold, top) {
  const what = (n, p, how) => `idle CPU at the largest held size (${n} nodes, ${p} pods; ${how})`;
  if (hold) {
    const atGoal = hold.nodes >= POOL_GOALS.nodes && hold.pods >= POOL_GOALS.pods;
    const under = hold.median < POOL_GOALS.idleCores && hold.lease.stale === 0;
    return { what: what(hold.nodes, hold.pods, `median of ${hold.windows.length} windows`), shown: `${f(hold.median, 2)} cores`, goal: `< ${POOL_GOALS.idleCores} at goal size`, verdict: atGoal && under ? 'PASS' : 'MISS' };
  }
  return { what: what(top?.nodes ?? '—', top?.available ?? 0, 'one window after settling; --hold-seconds for the steady figure'), shown: top ? `${f(top.idleCores, 2)} cores` : '—', goal: '(report)', verdict: 'info' };
}

export function nodePoolTables(r) {
  // what running pods add to the idle CPU of the nodes alone, per 1000 pods: the slope toward 50,000 pods
  const nodesOnly = [...r.steps].reverse().find((s) => !s.pods && Number.isFinite(s.idleCores));
  const perThousandPods = (s) => (s.pods && nodesOnly && s.available ? f(((s.idleCores - nodesOnly.idleCores) * 1000) / s.available, 3) : '—');
  const rows = r.steps.map((s) => [
    s.nodes,
    s.pods ? `${s.available ?? 0}/${s.pods}` : 0,
    s.runtimeRestarted ? 'runtime restarted' : s.settled ? 'yes' : 'NO',
    f(s.seconds),
    f(s.objectsPerSec, 0),
    `${s.withCidr}/${s.nodes}`,
    s.pods ? '—' : `${f(s.cidrWaitP50)} / ${f(s.cidrWaitMax)} / ${f(s.cidrSpan)}`,
    f(s.idleCores, 2),
    perThousandPods(s),
    f(s.rssMiB, 0),
    s.pods ? `${f(s.kibPerPod, 1)}/pod` : `${f(s.kibPerNode, 0)}/node`,
    f(s.lease?.p50),
    f(s.lease?.max),
    s.lease ? `${s.lease.stale}${s.lease.unanswered ? ` (${s.lease.unanswered} unanswered)` : ''}` : '—',
  ]);
  return [
    `Node pool: NodePools of ≤ ${POOL_CHUNK} simulated nodes added step by step on one server, pod network ${POD_NETWORK} (empty cluster idles at ${f(r.baselineCores, 2)} of a core, ${f(r.baselineRssMiB, 0)} MiB); pods as Deployments of ${PODS_PER_NAMESPACE}, one per namespace, at the largest size`,
    'podCIDR s = when node IPAM wrote each new node\'s podCIDR after the node was created (p50, max), and the last one after the step\'s first node (from the nodes\' managedFields; whole seconds). objects/s = (new Nodes + their Leases) / time to all Ready with a Lease; for a pods row, pods Available / time. +idle per 1000 pods = (idle CPU − idle CPU of the nodes alone) × 1000 / pods. RSS KiB per node = (RSS − empty) / nodes; per pod = (RSS − RSS of the nodes alone) / pods',
    table(['nodes', 'pods', 'settled', 'seconds', 'objects/s', 'podCIDR', 'podCIDR s p50 / max / last', 'idle CPU (cores)', '+idle per 1000 pods', 'workerd RSS MiB', 'RSS KiB', 'Lease age p50 s', 'max s', 'stale (>40 s)'], rows),
    ...(r.hold ? [holdLine(r.hold)] : []),
  ];
}

function holdLine(h) {
  const windows = h.windows.map((w) => f(w, 2)).join(' ');
  return `Held ${h.nodes} nodes + ${h.pods} pods for ${h.seconds} s after the table's last row: idle CPU per window (cores) ${windows}; median ${f(h.median, 2)}, max ${f(h.max, 2)}; RSS ${f(h.rssMiB, 0)} MiB; Lease age p50 ${f(h.lease.p50)} s, max ${f(h.lease.max)} s, ${h.lease.stale} stale`;
}

export function nodePoolVerdicts(r) {
  const G = POOL_GOALS;
  const held = r.steps.filter((s) => s.settled && s.lease && s.lease.stale === 0 && Number.isFinite(s.lease.max));
  const maxNodes = Math.max(0, ...held.map((s) => s.nodes));
  const maxPods = Math.max(0, ...held.map((s) => s.available ?? 0));
  const nodeSteps = r.steps.filter((s) => !s.pods && s.settled);
  const creation = Math.min(...nodeSteps.map((s) => s.objectsPerSec));
  const top = held[held.length - 1];
  return [
    { what: 'nodes held steady with Leases current', shown: String(maxNodes), goal: `≥ ${G.nodes}`, verdict: maxNodes >= G.nodes ? 'PASS' : 'MISS' },
    { what: 'running pods held steady', shown: String(maxPods), goal: `≥ ${G.pods}`, verdict: maxPods >= G.pods ? 'PASS' : 'MISS' },
    { what: 'node creation, slowest step (Nodes + Leases /s)', shown: f(creation, 0), goal: `≥ ${G.objectsPerSec}`, verdict: Number.isFinite(creation) ? (creation >= G.objectsPerSec ? 'PASS' : 'MISS') : 'n/a' },
    idleVerdict(r.hold, top),
  ];
}
