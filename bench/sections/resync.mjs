// Issues 10 and 11: what the controller hosts' periodic resyncs cost an idle cluster, and how that grows
// with the number of namespaces (each namespace is its own store, and a list across all namespaces asks
// every one of them) and with the cluster clock's speed (a period in cluster time comes `speed` times as
// often in wall time). On a fresh server with N empty namespaces and nothing else to do, at each speed:
//   store calls/s = store RPCs the controller hosts made per wall second, from their debug lines
//                   (controller-host.ts logs one per alarm with the calls it made), the top hosts named
//   alarms/s      = controller alarms per wall second
//   CPU           = the runtime's CPU per wall second over the window (workerd, from /proc)
//   probe p50/max = a one-namespace list every 200 ms during the window: what a user sees of it
// and, before the windows, the start-up: from the first namespace created until the hosts' store calls
// stay under IDLE_CALLS_PER_S (their first lists and scans of the new namespaces), its length, store
// calls and the probe's worst latency meanwhile (an API stall after a fresh start grows with namespaces).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeApi, sleep } from '../lib/kube-api.mjs';
import { processCpuMs, runtimePid } from '../lib/proc-cpu.mjs';
import { table } from '../lib/report.mjs';
import { quantile } from '../lib/stats.mjs';
import { setSpeed } from './clock.mjs';

const PROBE_EVERY_MS = 200;
/** The start-up is over once the hosts make fewer store calls than this per second, over IDLE_SPAN_MS. */
const IDLE_CALLS_PER_S = 5;
const IDLE_SPAN_MS = 6000;

/** The controller alarm lines written to `file` from byte `from` to its current end. */
function alarmLines(file, from) {
  const size = statSync(file).size;
  const buf = Buffer.alloc(Math.max(0, size - from));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, from);
  } finally {
    closeSync(fd);
  }
  const lines = [];
  for (const line of buf.toString('utf8').split('\n')) {
    const at = line.indexOf('{"level":"debug","msg":"controller alarm"');
    if (at < 0) continue;
    try {
      lines.push(JSON.parse(line.slice(at)));
    } catch {
      // a line cut at the window's end
    }
  }
  return { lines, end: size };
}

/** A one-namespace list every PROBE_EVERY_MS until stopped; `stop()` answers the latencies, sorted. */
function startProbe(api, ns) {
  const latencies = [];
  let probing = true;
  const run = (async () => {
    while (probing) {
      const s = performance.now();
      await api.get(`/api/v1/namespaces/${ns}/configmaps`).catch(() => undefined);
      latencies.push(performance.now() - s);
      await sleep(PROBE_EVERY_MS);
    }
  })();
  return async () => {
    probing = false;
    await run;
    return latencies.sort((a, b) => a - b);
  };
}

/** Creates `n` namespaces and waits until the hosts are idle: how long that took, their store calls meanwhile, the probe's worst latency. */
async function startUp(api, { file, n, timeoutS }) {
  const from = statSync(file).size;
  const t0 = performance.now();
  await api.namespace('bench-rs-0');
  const stopProbe = startProbe(api, 'bench-rs-0');
  for (let i = 1; i < n; i += 10) await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, j) => api.namespace(`bench-rs-${i + j}`)));
  const samples = [];
  for (;;) {
    await sleep(1000);
    const calls = alarmLines(file, from).lines.reduce((k, l) => k + l.storeCalls, 0);
    samples.push({ t: performance.now(), calls });
    const old = samples.find((x) => x.t >= performance.now() - IDLE_SPAN_MS - 500);
    const span = samples.at(-1).t - old.t;
    if (span >= IDLE_SPAN_MS - 1000 && ((calls - old.calls) * 1000) / span < IDLE_CALLS_PER_S) break;
    if (performance.now() - t0 > timeoutS * 1000) break;
  }
  const sorted = await stopProbe();
  const { lines } = alarmLines(file, from);
  return { seconds: (performance.now() - t0) / 1000, calls: lines.reduce((k, l) => k + l.storeCalls, 0), probeMax: sorted.at(-1) ?? NaN };
}

/** One window at one speed: store calls and alarms per host, CPU, and the probe's latencies. */
async function window(api, { file, pid, seconds, probeNs }) {
  const from = statSync(file).size;
  const cpu0 = processCpuMs(pid);
  const t0 = performance.now();
  const stopProbe = startProbe(api, probeNs);
  await sleep(seconds * 1000);
  const sorted = await stopProbe();
  const wallS = (performance.now() - t0) / 1000;
  const cpuMs = processCpuMs(pid) - cpu0;
  const { lines } = alarmLines(file, from);
  const byHost = {};
  for (const l of lines) {
    const h = (byHost[l.controller] ??= { calls: 0, alarms: 0, resyncs: 0, periodic: 0 });
    h.calls += l.storeCalls;
    h.alarms++;
    if (l.resync) h.resyncs++;
    h.periodic += l.periodic;
  }
  const calls = lines.reduce((n, l) => n + l.storeCalls, 0);
  return {
    wallS,
    callsPerS: calls / wallS,
    alarmsPerS: lines.length / wallS,
    resyncsPerS: lines.filter((l) => l.resync).length / wallS,
    cpuCores: cpuMs / (wallS * 1000),
    probeP50: quantile(sorted, 0.5),
    probeMax: sorted[sorted.length - 1] ?? NaN,
    top: Object.entries(byHost)
      .sort((a, b) => b[1].calls - a[1].calls)
      .slice(0, 4)
      .map(([host, h]) => `${host} ${(h.calls / wallS).toFixed(1)}`),
  };
}

/**
 * @param {{ namespaces: number[], speeds: number[], seconds: number, settleSeconds: number }} cfg
 * @param {{ startServer: (o?: { vars?: Record<string, string> }) => Promise<{ url: string, pid: number, stop: () => Promise<void> }>, log: (m: string) => void }} deps
 */
export async function runResyncSection(cfg, { startServer, log }) {
  const rows = [];
  const starts = [];
  for (const n of cfg.namespaces) {
    const dir = mkdtempSync(join(tmpdir(), 'kubeflare-bench-resync-'));
    const file = join(dir, 'server.log');
    // the server's output (the hosts' debug lines, which wrangler prints at its log level `log`) goes to a
    // file: startKubeflare reads these variables when it spawns
    const env = { KUBEFLARE_BENCH_STDERR: file, KUBEFLARE_BENCH_WRANGLER_LOG: 'log' };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    let server;
    try {
      server = await startServer({ vars: { LOG_LEVEL: 'debug' } });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const api = kubeApi(server.url);
    try {
      const pid = runtimePid(server.pid);
      // the fresh server's own start (its hosts' first lists of the built-in namespaces) is not the namespaces' cost
      await sleep(5000);
      const start = await startUp(api, { file, n, timeoutS: cfg.settleSeconds });
      starts.push({ namespaces: n, ...start });
      log(`resync: ${n} namespaces created, hosts idle after ${start.seconds.toFixed(0)} s: ${start.calls} store calls, probe max ${start.probeMax.toFixed(0)} ms`);
      for (const speed of cfg.speeds) {
        await setSpeed(api, speed);
        await sleep(2000);
        const w = await window(api, { file, pid, seconds: cfg.seconds, probeNs: 'bench-rs-0' });
        rows.push({ namespaces: n, speed, ...w });
        log(`resync: ${n} ns at ${speed}x: ${w.callsPerS.toFixed(1)} store calls/s, ${w.alarmsPerS.toFixed(1)} alarms/s, ${(w.cpuCores * 1000).toFixed(0)} ms CPU/s, probe p50 ${w.probeP50.toFixed(1)} max ${w.probeMax.toFixed(0)} ms; ${w.top.join(', ')}`);
      }
    } finally {
      api.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { rows, starts, seconds: cfg.seconds };
}

export function resyncTables(r) {
  return [
    `Start-up: namespaces created on a fresh server until the controller hosts make < ${IDLE_CALLS_PER_S} store calls/s`,
    table(
      ['namespaces', 'until idle s', 'store calls', 'probe max ms'],
      r.starts.map((x) => [x.namespaces, x.seconds.toFixed(0), x.calls, x.probeMax.toFixed(0)]),
    ),
    '',
    `Resyncs on an idle cluster (${r.seconds} s windows; store calls are the controller hosts' own RPCs)`,
    table(
      ['namespaces', 'speed', 'store calls/s', 'alarms/s', 'resyncs/s', 'CPU ms/s', 'probe p50 ms', 'probe max ms', 'top hosts (calls/s)'],
      r.rows.map((x) => [x.namespaces, `${x.speed}x`, x.callsPerS.toFixed(1), x.alarmsPerS.toFixed(1), x.resyncsPerS.toFixed(2), (x.cpuCores * 1000).toFixed(0), x.probeP50.toFixed(1), x.probeMax.toFixed(0), x.top.join(', ')]),
    ),
  ];
}
