// The pure scheduling cycle in-process: shared/scheduler's benchScheduling, bundled from TypeScript
// with the esbuild the project already installs (Node 20 cannot run .ts itself).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { freezeSource } from './kubeflare-server.mjs';

/**
 * Imports shared/scheduler/bench.ts from the same source the servers run (`worktree` or `head`),
 * bundled to a temp .mjs, and returns its benchScheduling.
 */
export async function loadBenchScheduling(source) {
  const src = freezeSource(source);
  const dir = mkdtempSync(join(tmpdir(), 'kubeflare-bench-sched-'));
  try {
    const outfile = join(dir, 'bench-scheduling.mjs');
    await build({ entryPoints: [join(src, 'shared/scheduler/bench.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error', absWorkingDir: src });
    return (await import(pathToFileURL(outfile).href)).benchScheduling;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
  }
}

/**
 * SchedulingBasic in-process at each node count: one unmeasured warm-up (the JIT), then `rounds`
 * runs of `pods` pods on a fresh snapshot; figures are the median round.
 * @returns {Promise<Array<{ nodes: number, pods: number, podsPerSecond: number, msPerPod: number, rounds: number[] }>>}
 */
export async function runInProcess({ nodeCounts, pods, rounds, source, log }) {
  const benchScheduling = await loadBenchScheduling(source);
  benchScheduling(Math.min(...nodeCounts), Math.min(pods, 500), () => performance.now(), 99);
  const out = [];
  for (const nodes of nodeCounts) {
    const runs = [];
    for (let r = 0; r < rounds; r++) runs.push(benchScheduling(nodes, pods, () => performance.now(), r + 1));
    runs.sort((a, b) => a.podsPerSecond - b.podsPerSecond);
    const mid = runs[runs.length >> 1];
    out.push({ nodes, pods, scheduled: mid.scheduled, podsPerSecond: mid.podsPerSecond, msPerPod: mid.msPerPod, rounds: runs.map((x) => Math.round(x.podsPerSecond)) });
    log(`scheduler in-process: ${nodes} nodes, ${pods} pods: ${mid.podsPerSecond.toFixed(0)} pods/s (${mid.msPerPod.toFixed(3)} ms/pod; rounds ${runs.map((x) => x.podsPerSecond.toFixed(0)).join(', ')})`);
  }
  return out;
}
