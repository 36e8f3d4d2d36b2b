// Issue 5's benchmark: simulated nodes (and pods) held steady on wrangler dev. NodePools are added
// step by step on one server; at each size: how fast the nodes and their Leases appeared, the CPU
// the runtime burns while nobody calls the API, and whether every Lease stays current.
import { deployment, kubeApi, sleep, waitFor } from '../lib/kube-api.mjs';
import { processCpuMs, processRssMiB, runtimePid } from '../lib/proc-cpu.mjs';
import { table } from '../lib/report.mjs';
import { quantile } from '../lib/stats.mjs';

export const POOL_GOALS = { nodes: 5000, pods: 50_000, objectsPerSec: 200, leaseMaxAgeSeconds: 40 };

/** Nodes per NodePool: the cluster CIDR (10.244.0.0/16 at /24) gives 256 podCIDRs in all. */
const POOL_CHUNK = 250;
const CLUSTER_PODCIDRS = 256;
const PODS_PER_NAMESPACE = 100;

/** CPU of the runtime workerd over a quiet window, as a fraction of one core. */
async function idleCpu(pid, seconds) {
  const [c0, t0] = [processCpuMs(pid), performance.now()];
  await sleep(seconds * 1000);
  return (processCpuMs(pid) - c0) / (performance.now() - t0);
}

/** Lease ages sampled every 3 s over `seconds`: the worst age seen and how many were stale. */
async function leaseFreshness(api, seconds) {
  const ages = [];
  let stale = 0;
  const end = performance.now() + seconds * 1000;
  do {
    const s = await api.nodesAndLeases();
    ages.push(...s.leaseAges);
    stale = Math.max(stale, s.leaseAges.filter((a) => a > POOL_GOALS.leaseMaxAgeSeconds).length);
    await sleep(3000);
  } while (performance.now() < end);
  ages.sort((a, b) => a - b);
  return { p50: quantile(ages, 0.5), p99: quantile(ages, 0.99), max: ages[ages.length - 1] ?? NaN, stale };
}

/** Adds pools until the cluster has `size` nodes; resolves with how long the nodes and Leases took. */
async function growTo(api, size, have, { timeoutSeconds, poolIndex }) {
  const t0 = performance.now();
  let next = poolIndex;
  for (let n = have; n < size; n += POOL_CHUNK) await api.createPool(`bench-${next++}`, Math.min(POOL_CHUNK, size - n));
  let s;
  const ok = await waitFor(async () => ((s = await api.nodesAndLeases()), s.nodes >= size && s.ready >= size && s.leases >= size), { timeoutMs: timeoutSeconds * 1000, everyMs: 500 });
  return { ok: Boolean(ok), seconds: (performance.now() - t0) / 1000, state: s, poolIndex: next };
}

/** `pods` pods as Deployments of 100 in their own namespaces; resolves when all are Available. */
async function addPods(api, pods, timeoutSeconds) {
  const t0 = performance.now();
  const deploys = [];
  for (let i = 0; i * PODS_PER_NAMESPACE < pods; i++) {
    const ns = `bench-pool-pods-${i}`;
    await api.namespace(ns);
    const replicas = Math.min(PODS_PER_NAMESPACE, pods - i * PODS_PER_NAMESPACE);
    await api.post(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment(ns, 'steady', replicas));
    deploys.push({ ns, replicas });
  }
  let available = 0;
  const ok = await waitFor(
    async () => {
      const ds = await Promise.all(deploys.map((d) => api.get(`/apis/apps/v1/namespaces/${d.ns}/deployments/steady`)));
      available = ds.reduce((a, d) => a + (d.status?.availableReplicas ?? 0), 0);
      return available >= pods;
    },
    { timeoutMs: timeoutSeconds * 1000, everyMs: 500 },
  );
  return { ok: Boolean(ok), available, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The node-pool section on one fresh server: grow through `cfg.sizes`, stopping at the first step
 * that does not settle in time, leaves stale Leases, or saturates a core while idle. After the
 * largest step every node has a podCIDR for (≤ 256 nodes), `cfg.pods` pods are added and held too.
 */
export async function runNodePoolSection(cfg, { startServer, log }) {
  const server = await startServer();
  const api = kubeApi(server.url);
  const pid = runtimePid(server.pid);
  const steps = [];
  let have = 0;
  let poolIndex = 0;
  let podsPlaced = false;
  try {
    const baseline = await idleCpu(pid, Math.min(5, cfg.idleSeconds));
    log(`node pool: empty cluster idles at ${baseline.toFixed(2)} of a core`);
    for (const size of cfg.sizes) {
      const grown = await growTo(api, size, have, { timeoutSeconds: cfg.stepTimeout, poolIndex });
      poolIndex = grown.poolIndex;
      const added = size - have;
      const step = { nodes: size, pods: 0, settled: grown.ok, seconds: grown.seconds, objectsPerSec: (2 * added) / grown.seconds, withCidr: grown.state?.withCidr ?? 0, ready: grown.state?.ready ?? 0, leases: grown.state?.leases ?? 0 };
      log(`node pool: ${size} nodes ${grown.ok ? 'settled' : 'did NOT settle'} in ${grown.seconds.toFixed(1)} s (${step.objectsPerSec.toFixed(0)} nodes+Leases/s)`);
      have = size;
      if (grown.ok) {
        await sleep(2000); // creation's tail (status posts, IPAM) out of the idle window
        step.idleCores = await idleCpu(pid, cfg.idleSeconds);
        step.rssMiB = processRssMiB(pid);
        step.lease = await leaseFreshness(api, cfg.leaseSeconds);
        log(`node pool: ${size} nodes idle at ${step.idleCores.toFixed(2)} of a core, Lease age max ${step.lease.max.toFixed(1)} s, ${step.lease.stale} stale`);
      }
      steps.push(step);
      if (!grown.ok || step.lease.stale > 0 || step.idleCores > cfg.maxIdleCores) break;
      const nextSize = cfg.sizes[cfg.sizes.indexOf(size) + 1];
      if (cfg.pods > 0 && !podsPlaced && size <= CLUSTER_PODCIDRS && !(nextSize <= CLUSTER_PODCIDRS)) {
        podsPlaced = true;
        log(`node pool: adding ${cfg.pods} pods (Deployments of ${PODS_PER_NAMESPACE}) on ${size} nodes`);
        const p = await addPods(api, cfg.pods, cfg.stepTimeout);
        const ps = { nodes: size, pods: cfg.pods, settled: p.ok, seconds: p.seconds, objectsPerSec: p.available / p.seconds, available: p.available, withCidr: step.withCidr, ready: step.ready, leases: step.leases };
        log(`node pool: ${p.available}/${cfg.pods} pods Available in ${p.seconds.toFixed(1)} s`);
        await sleep(2000);
        ps.idleCores = await idleCpu(pid, cfg.idleSeconds);
        ps.rssMiB = processRssMiB(pid);
        ps.lease = await leaseFreshness(api, cfg.leaseSeconds);
        log(`node pool: ${size} nodes + ${p.available} pods idle at ${ps.idleCores.toFixed(2)} of a core, Lease age max ${ps.lease.max.toFixed(1)} s`);
        steps.push(ps);
        if (!p.ok || ps.lease.stale > 0 || ps.idleCores > cfg.maxIdleCores) break;
      }
    }
    return { baselineCores: baseline, steps, maxIdleCores: cfg.maxIdleCores };
  } finally {
    api.close();
    await server.stop();
  }
}

const f = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');

export function nodePoolTables(r) {
  const rows = r.steps.map((s) => [
    s.nodes,
    s.pods ? `${s.available ?? 0}/${s.pods}` : 0,
    s.settled ? 'yes' : 'NO',
    f(s.seconds),
    f(s.objectsPerSec, 0),
    `${s.withCidr}/${s.nodes}`,
    f(s.idleCores, 2),
    f(s.rssMiB, 0),
    f(s.lease?.p50),
    f(s.lease?.max),
    s.lease ? s.lease.stale : '—',
  ]);
  return [
    `Node pool: NodePools of ≤ ${POOL_CHUNK} simulated nodes added step by step on one server (empty cluster idles at ${f(r.baselineCores, 2)} of a core); pods as Deployments of ${PODS_PER_NAMESPACE}, one per namespace`,
    'objects/s = (new Nodes + their Leases) / time to all Ready with a Lease; for a pods row, pods Available / time',
    table(['nodes', 'pods', 'settled', 'seconds', 'objects/s', 'podCIDR', 'idle CPU (cores)', 'workerd RSS MiB', 'Lease age p50 s', 'max s', 'stale (>40 s)'], rows),
  ];
}

export function nodePoolVerdicts(r) {
  const G = POOL_GOALS;
  const held = r.steps.filter((s) => s.settled && s.lease && s.lease.stale === 0);
  const maxNodes = Math.max(0, ...held.map((s) => s.nodes));
  const maxPods = Math.max(0, ...held.map((s) => s.available ?? 0));
  const nodeSteps = r.steps.filter((s) => !s.pods && s.settled);
  const creation = Math.min(...nodeSteps.map((s) => s.objectsPerSec));
  const top = held[held.length - 1];
  return [
    { what: 'nodes held steady with Leases current', shown: String(maxNodes), goal: `≥ ${G.nodes}`, verdict: maxNodes >= G.nodes ? 'PASS' : 'MISS' },
    { what: 'running pods held steady', shown: String(maxPods), goal: `≥ ${G.pods}`, verdict: maxPods >= G.pods ? 'PASS' : 'MISS' },
    { what: 'node creation, slowest step (Nodes + Leases /s)', shown: f(creation, 0), goal: `≥ ${G.objectsPerSec}`, verdict: Number.isFinite(creation) ? (creation >= G.objectsPerSec ? 'PASS' : 'MISS') : 'n/a' },
    { what: `idle CPU at the largest held size (${top ? `${top.nodes} nodes, ${top.available ?? 0} pods` : '—'})`, shown: top ? `${f(top.idleCores, 2)} cores` : '—', goal: '(report)', verdict: 'info' },
  ];
}
