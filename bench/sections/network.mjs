// Issue 14's benchmark: the pod network model in-process (shared/network/bench-network.ts, bundled from the same
// source the servers run). Path questions per second and the dataplane work a joining node causes, at cluster
// sizes of 500 and 5000 nodes, for vxlan (three tables per remote node) and host-gw (one route each).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { freezeSource } from '../lib/kubeflare-server.mjs';
import { table } from '../lib/report.mjs';

/** Goals: a path traced in under a millisecond and a join applied on one node in under 50 ms, at 5000 nodes. */
export const NETWORK_GOALS = { pathsPerSecond: 1000, joinApplyMs: 50, atNodes: 5000 };

async function loadBench(source) {
  const src = freezeSource(source);
  const dir = mkdtempSync(join(tmpdir(), 'kubeflare-bench-net-'));
  try {
    const outfile = join(dir, 'bench-network.mjs');
    await build({ entryPoints: [join(src, 'shared/network/bench-network.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error', absWorkingDir: src });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(src, { recursive: true, force: true });
  }
}

/**
 * @param {{ sizes: number[], source: string, log: (s: string) => void }} opts
 */
export async function runNetworkSection({ sizes, source, log }) {
  const { benchNetwork } = await loadBench(source);
  benchNetwork(200, 'vxlan', () => performance.now()); // warm-up: the JIT
  const runs = [];
  for (const nodes of sizes) {
    for (const backend of ['vxlan', 'host-gw']) {
      const r = benchNetwork(nodes, backend, () => performance.now());
      log(`network: ${nodes} nodes, ${backend}: ${Math.round(r.pathsPerSecond)} paths/s, join ${r.joinApplyMs.toFixed(2)} ms per node`);
      runs.push(r);
    }
  }
  return { runs };
}

export function networkTables(r) {
  return [
    'Pod network model in-process, one core: flannel dataplanes over N nodes in 10.0.0.0/8 at /24, one L2 segment',
    table(
      ['nodes', 'backend', 'node dataplane ms', 'join: ms per node', 'join: cluster CPU ms', 'path µs (cached)', 'paths/s', 'query ms (from leases)', 'queries/s'],
      r.runs.map((x) => [x.nodes, x.backend, x.dataplaneMs.toFixed(1), x.joinApplyMs.toFixed(2), Math.round(x.joinClusterCpuMs), x.pathMicros.toFixed(1), Math.round(x.pathsPerSecond), x.queryMs.toFixed(1), x.queriesPerSecond.toFixed(1)]),
    ),
  ];
}

export function networkVerdicts(r) {
  const at = r.runs.filter((x) => x.nodes === NETWORK_GOALS.atNodes);
  if (!at.length) return [];
  const paths = Math.min(...at.map((x) => x.pathsPerSecond));
  const join = Math.max(...at.map((x) => x.joinApplyMs));
  return [
    { what: `pod-to-pod path traces per second at ${NETWORK_GOALS.atNodes} nodes (cached dataplanes)`, shown: String(Math.round(paths)), goal: `≥ ${NETWORK_GOALS.pathsPerSecond}`, verdict: paths >= NETWORK_GOALS.pathsPerSecond ? 'PASS' : 'MISS' },
    { what: `a node joining: one node's dataplane update at ${NETWORK_GOALS.atNodes} nodes`, shown: `${join.toFixed(1)} ms`, goal: `≤ ${NETWORK_GOALS.joinApplyMs} ms`, verdict: join <= NETWORK_GOALS.joinApplyMs ? 'PASS' : 'MISS' },
  ];
}
