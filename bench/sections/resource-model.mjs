// Issue 13's benchmark: the node resource model in-process (shared/resources/bench-resource-model.ts, bundled
// from the same source the servers run). How many container-periods (one container, one 100 ms CFS period) the
// CFS model computes per second on one core, with demands changing every period (its worst case) and constant
// (its best), at several cluster sizes; the eviction manager's cost per pod; and the memory a simulated pod costs
// the kubelet shard (heap in the isolate, bytes of its SQLite row).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { freezeSource } from '../lib/kubeflare-server.mjs';
import { table } from '../lib/report.mjs';

/** The goal: 50,000 running pods at 10 ticks (CFS periods) per simulated second on one core. */
export const RESOURCE_GOALS = { containerPeriodsPerSecond: 500_000 };

async function loadBench(source) {
  const src = freezeSource(source);
  const dir = mkdtempSync(join(tmpdir(), 'kubeflare-bench-res-'));
  try {
    const outfile = join(dir, 'bench-resource-model.mjs');
    await build({ entryPoints: [join(src, 'shared/resources/bench-resource-model.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error', absWorkingDir: src });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
  }
}

function gcFn() {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}

/** Heap and SQLite row bytes per simulated pod, from `n` pods' kubelet rows. */
function memoryPerPod(kubeletRows, n) {
  const gc = gcFn();
  gc();
  const before = process.memoryUsage().heapUsed;
  const rows = kubeletRows(n);
  gc();
  const heap = (process.memoryUsage().heapUsed - before) / n;
  const rowBytes = rows.reduce((s, r) => s + JSON.stringify(r.row).length, 0) / n;
  return { pods: n, heapBytesPerPod: Math.round(heap), rowBytesPerPod: Math.round(rowBytes), keep: rows.length };
}

/**
 * @param {{ sizes: number[], seconds: number, source: string, log: (s: string) => void }} opts
 */
export async function runResourceSection({ sizes, seconds, source, log }) {
  const { benchResourceModel, kubeletRows } = await loadBench(source);
  // warm-up: the JIT, on both paths
  for (const changing of [true, false]) benchResourceModel(2000, seconds, changing, () => performance.now());
  const runs = [];
  for (const pods of sizes) {
    for (const changing of [true, false]) {
      // the median of three runs: the machine is shared
      const three = [0, 1, 2].map(() => benchResourceModel(pods, seconds, changing, () => performance.now())).sort((a, b) => a.containerPeriodsPerSecond - b.containerPeriodsPerSecond);
      const r = three[1];
      log(`resource model: ${pods} pods, demand ${changing ? 'changing' : 'constant'}: ${Math.round(r.containerPeriodsPerSecond).toLocaleString('en')} container-periods/s`);
      runs.push({ ...r, demand: changing ? 'changes every period' : 'constant' });
    }
  }
  const memory = sizes.map((n) => memoryPerPod(kubeletRows, Math.min(n, 20_000)));
  return { runs, memory };
}

export function resourceTables(r) {
  return [
    'Resource model in-process, one core: the CFS model over running pods (50 to a 4-CPU node), one tick per 100 ms period; then one eviction-manager run per node',
    table(
      ['pods', 'demand', 'simulated s', 'container-periods/s', 'eviction µs/pod', 'wall ms'],
      r.runs.map((x) => [x.pods, x.demand, x.simulatedSeconds, Math.round(x.containerPeriodsPerSecond), x.evictionMicrosPerPod.toFixed(1), Math.round(x.wallMs)]),
    ),
    '',
    'Memory per simulated pod in a kubelet shard (its row: lifecycle state and memory model)',
    table(['pods', 'heap bytes/pod', 'SQLite row bytes/pod'], r.memory.map((m) => [m.pods, m.heapBytesPerPod, m.rowBytesPerPod])),
  ];
}

export function resourceVerdicts(r) {
  const worst = Math.min(...r.runs.filter((x) => x.demand !== 'constant').map((x) => x.containerPeriodsPerSecond));
  return [
    { what: 'CFS model, container-periods per second on one core (demand changing every period)', shown: String(Math.round(worst)), goal: `≥ ${RESOURCE_GOALS.containerPeriodsPerSecond}`, verdict: worst >= RESOURCE_GOALS.containerPeriodsPerSecond ? 'PASS' : 'MISS' },
    { what: 'heap per simulated pod in a kubelet shard', shown: `${Math.max(...r.memory.map((m) => m.heapBytesPerPod))} B`, goal: '(report)', verdict: 'info' },
  ];
}
