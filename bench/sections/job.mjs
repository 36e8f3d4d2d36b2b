// Issue 12's benchmark: a Job of C completions at parallelism P (pods that run `true`), from POST to
// every pod created and to the Job's Complete condition, on wrangler dev with a NodePool under it.
import { streamLines } from '../lib/http-client.mjs';
import { kth, kubeApi, waitFor, watchPods } from '../lib/kube-api.mjs';
import { median } from '../lib/stats.mjs';
import { cpuMeter } from '../lib/proc-cpu.mjs';
import { table } from '../lib/report.mjs';

const NS = 'bench-job';
const JOBS = `/apis/batch/v1/namespaces/${NS}/jobs`;

/** A Job whose pods exit 0 at once: its pod creation is paced by the Job controller and the kubelets alone. */
export function benchJob(name, completions, parallelism) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: NS },
    spec: {
      completions,
      parallelism,
      backoffLimit: 6,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }] } },
    },
  };
}

const since = (t0, t) => (t - t0) / 1000;

/** When each pod of the namespace was first seen Succeeded (performance.now() ms), to tell the kubelet's share from the controller's. */
async function watchSucceeded(url, namespace) {
  const succeeded = new Map();
  const stream = await streamLines(`${url}/api/v1/namespaces/${namespace}/pods?watch=true&allowWatchBookmarks=false`, (line, at) => {
    try {
      const e = JSON.parse(line);
      const name = e.object?.metadata?.name;
      if (name && e.object.status?.phase === 'Succeeded' && !succeeded.has(name)) succeeded.set(name, at);
    } catch {
      // a partial line: the next one carries the state again
    }
  });
  return { succeeded, close: stream.close };
}

/** Pool → Job → Complete on a fresh server; pods are watch-timed as they are created. */
export async function runJobSection(cfg, { startServer, log }) {
  const server = await startServer();
  const api = kubeApi(server.url);
  const cpu = cpuMeter(server.pid);
  const C = cfg.completions;
  try {
    await api.createPool('bench', cfg.nodes);
    const poolOk = await waitFor(async () => (await api.pool('bench')).status?.readyNodes === cfg.nodes, { timeoutMs: 60_000 });
    if (!poolOk) throw new Error(`NodePool of ${cfg.nodes} not ready within 60 s`);
    log(`jobs: NodePool of ${cfg.nodes} nodes ready`);
    await api.namespace(NS);
    const w = await watchPods(server.url, NS);
    const done = await watchSucceeded(server.url, NS);
    const c0 = cpu();
    const t0 = performance.now();
    await api.post(JOBS, benchJob('batch', C, cfg.parallelism));
    const timeout = cfg.timeout * 1000;
    let succeeded = 0;
    const complete = await waitFor(
      async () => {
        const job = await api.get(`${JOBS}/batch`);
        succeeded = job.status?.succeeded ?? 0;
        return job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ? performance.now() : 0;
      },
      { timeoutMs: timeout, everyMs: 250 },
    );
    const end = performance.now();
    // a Job that did not finish in time still gives a rate: the pods created up to the last one seen
    const created = w.added.size >= C ? kth(w.added, C) : kth(w.added, w.added.size);
    const result = {
      completions: C,
      parallelism: cfg.parallelism,
      nodes: cfg.nodes,
      podsCreated: w.added.size,
      firstParallelSeconds: since(t0, kth(w.added, cfg.parallelism)),
      createdSeconds: since(t0, created),
      createdPerSec: w.added.size >= C ? C / since(t0, created) : w.added.size / since(t0, created),
      completeSeconds: complete ? since(t0, complete) : NaN,
      succeeded,
      // per pod, seconds from created to bound and to Succeeded: the scheduler's and kubelets' share of the time
      boundMedianSeconds: median([...w.bound].map(([n, t]) => (t - w.added.get(n)) / 1000)),
      succeededMedianSeconds: median([...done.succeeded].filter(([n]) => w.added.has(n)).map(([n, t]) => (t - w.added.get(n)) / 1000)),
      cpuCores: (cpu().runtime - c0.runtime) / (end - t0),
    };
    log(`jobs: ${w.added.size} pods created (the last at ${result.createdSeconds.toFixed(2)} s), ${complete ? `Complete at ${result.completeSeconds.toFixed(2)} s` : `not Complete (${succeeded} succeeded)`}`);
    w.close();
    done.close();
    return result;
  } finally {
    api.close();
    await server.stop();
  }
}

const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');

export function jobTables(r) {
  return [
    `Jobs: a Job of ${r.completions} completions at parallelism ${r.parallelism} (pods run \`true\`) POSTed on a NodePool of ${r.nodes} simulated nodes (seconds from the POST, watch-timed)`,
    table(
      ['completions', 'parallelism', `first ${r.parallelism} created s`, 'pods created', 'last created s', 'created pods/s', 'succeeded', 'Complete s', 'pod created→bound s (median)', 'created→Succeeded s (median)', 'server CPU (cores)'],
      [[r.completions, r.parallelism, f(r.firstParallelSeconds), r.podsCreated, f(r.createdSeconds), f(r.createdPerSec, 1), r.succeeded, f(r.completeSeconds), f(r.boundMedianSeconds), f(r.succeededMedianSeconds), f(r.cpuCores)]],
    ),
  ];
}

export function jobVerdicts(r) {
  return [
    { what: `Job of ${r.completions} at parallelism ${r.parallelism}: pods created/s (POST → last pod)`, shown: `${f(r.createdPerSec, 1)}${Number.isFinite(r.completeSeconds) ? '' : ` (${r.podsCreated} created, not Complete)`}`, goal: '(info)', verdict: Number.isFinite(r.completeSeconds) ? 'info' : 'MISS' },
  ];
}
