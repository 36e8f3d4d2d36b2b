#!/usr/bin/env node
// Bench-only: where a simulated second goes at N nodes and H HPAs (issue 10's clock section, profiled).
// Builds the clock section's cluster (bench/sections/clock.mjs) on a fresh `wrangler dev --inspector-port`,
// runs the ClusterClock at a speed the machine holds, then
//   1. measures the runtime workerd's CPU (from /proc) per simulated second over --cpu-seconds, no profiler
//      attached (the figure to compare before/after a change), and
//   2. takes a V8 CPU profile of the isolate over --profile-seconds and prints inclusive and self time per
//      simulated second, grouped by loop and by kind of work, and the top functions.
// Simulated seconds are what the clock covered (its status, read before and after): with keepUp the clock
// slows down when the loops run late, so a window's cluster time is what the loops actually paced.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/lib/dev-server.mjs';
import { printProfile, profileWhile, withWebSocket } from './lib/cpu-profile.mjs';
import { kubeApi, sleep } from './lib/kube-api.mjs';
import { startKubeflare, sourceRevision } from './lib/kubeflare-server.mjs';
import { processCpuMs, runtimePid } from './lib/proc-cpu.mjs';
import { clockStatus, clusterNow, makeHpas, makeNodes, setSpeed } from './sections/clock.mjs';

const HELP = `node bench/profile-clock.mjs [options]
  --nodes <n>            simulated nodes (default 1000)
  --hpas <n>             HPAs over one-pod Deployments (default 100)
  --speed <x[,y…]>       ClusterClock speeds to run at, in turn (default 10; keepUp may hold them lower); with
                         two or more, also the marginal CPU per simulated s between the first and the last
  --warmup-seconds <n>   wall seconds at each speed before measuring (default 15)
  --cpu-seconds <n>      wall seconds of CPU per simulated second at each speed, without the profiler (default 20; 0 skips)
  --profile-seconds <n>  wall seconds profiled, at the last speed (default 25; 0 skips)
  --top <n>              functions listed (default 25)
  --out <file>           also write the .cpuprofile (open it in Chrome DevTools)
  --in <file>            only print the summary of a profile written by --out
  --keep-up on|off       the clock's spec.keepUp (default on: it slows down while a loop runs late)
  --source worktree|head|<commit>|dir:<path>  the Worker's source: the files as they are, the last commit, a commit,
                         or a copy of the tree elsewhere (default worktree)
  --log-level <level>    the Worker's LOG_LEVEL (default warn; info logs every change of pace with its reason: with
                         KUBEFLARE_BENCH_WRANGLER_LOG=log KUBEFLARE_BENCH_STDERR=<file> they land in <file>)
  --verbose              progress lines (setup, speeds) on stderr
`;

const SAMPLING_US = 500;

async function main() {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '1000' },
      hpas: { type: 'string', default: '100' },
      speed: { type: 'string', default: '10' },
      'warmup-seconds': { type: 'string', default: '15' },
      'cpu-seconds': { type: 'string', default: '20' },
      'profile-seconds': { type: 'string', default: '25' },
      top: { type: 'string', default: '25' },
      out: { type: 'string' },
      in: { type: 'string' },
      source: { type: 'string', default: 'worktree' },
      'keep-up': { type: 'string', default: 'on' },
      'log-level': { type: 'string', default: 'warn' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(HELP);
  if (values.in) {
    const profile = JSON.parse(readFileSync(values.in, 'utf8'));
    return printProfile(profile, { per: profile.simSeconds, unit: 'simulated s', top: Number(values.top), cpuSeconds: profile.cpuSeconds, samplingUs: SAMPLING_US });
  }
  const log = values.verbose ? (m) => process.stderr.write(`${m}\n`) : () => {};
  const [nodes, hpas] = [Number(values.nodes), Number(values.hpas)];
  const speeds = values.speed.split(',').map(Number);
  const inspector = await freePort();
  const server = await startKubeflare({ source: values.source, inspectorPort: inspector, logLevel: values['log-level'] });
  const api = kubeApi(server.url);
  const pid = runtimePid(server.pid);
  try {
    await makeNodes(api, nodes, log);
    await makeHpas(api, hpas, log);
    console.log(`${nodes} nodes, ${hpas} HPAs, source ${sourceRevision(values.source)}`);
    const cpuSeconds = Number(values['cpu-seconds']);
    const windows = [];
    for (const speed of speeds) {
      await setSpeed(api, speed, values['keep-up'] !== 'off');
      log(`speed ${speed}: warming up ${values['warmup-seconds']} s`);
      await sleep(Number(values['warmup-seconds']) * 1000);
      if (cpuSeconds <= 0) continue;
      const w = await cpuWindow(api, pid, cpuSeconds);
      windows.push(w);
      console.log(`cpu at ${speed}×: ${w.cpuPerSim.toFixed(4)} CPU s per simulated s (${w.cores.toFixed(3)} cores, held ${w.held.toFixed(2)}× over ${w.wall.toFixed(0)} wall s), load average ${w.load}`);
      if (w.why) console.log(`  held down: ${w.why}`);
      console.log(`  Lease lag at the end: ${await leaseLag(api)}`);
    }
    if (windows.length >= 2) {
      // what costs by the wall second (resyncs, the keeper, compaction) drops out of the slope
      const [a, b] = [windows[0], windows[windows.length - 1]];
      console.log(`cpu: marginal ${((b.cores - a.cores) / (b.held - a.held)).toFixed(4)} CPU s per simulated s (between ${a.held.toFixed(2)}× and ${b.held.toFixed(2)}× held)`);
    }
    const profileSeconds = Number(values['profile-seconds']);
    if (profileSeconds > 0) {
      // each frame's source module and the window's figures go with the profile, for --in
      const { profile, result: w } = await profileWhile(inspector, server.pid, SAMPLING_US, () => cpuWindow(api, pid, profileSeconds));
      Object.assign(profile, { simSeconds: w.sim, cpuSeconds: w.cpu });
      if (values.out) writeFileSync(values.out, JSON.stringify(profile));
      console.log(`profile: ${w.sim.toFixed(0)} simulated s over ${w.wall.toFixed(0)} wall s (held ${w.held.toFixed(1)}×), ${w.cpuPerSim.toFixed(4)} CPU s per simulated s with the profiler on, load average ${w.load}`);
      printProfile(profile, { per: w.sim, unit: 'simulated s', top: Number(values.top), cpuSeconds: w.cpu, samplingUs: SAMPLING_US });
    }
  } finally {
    api.close();
    await server.stop();
  }
}

/** How far the Leases' renewTime trails cluster time, one list after a window (p50 / max in cluster seconds; the node lifecycle grace is 50 s). */
async function leaseLag(api) {
  try {
    const [status, leases] = [await clockStatus(api), await api.get('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases')];
    const now = clusterNow(status, Date.now());
    const lags = leases.items.map((l) => (now - Date.parse(l.spec?.renewTime ?? 0)) / 1000).sort((a, b) => a - b);
    return `p50 ${lags[Math.floor(lags.length / 2)]?.toFixed(0)} s, max ${lags[lags.length - 1]?.toFixed(0)} s over ${lags.length} Leases`;
  } catch (e) {
    return `not read (${e.message})`;
  }
}

/** CPU of the runtime workerd over `seconds` of wall time, against the cluster time the clock covered. */
async function cpuWindow(api, pid, seconds) {
  const s0 = await clockStatus(api);
  const [c0, t0, w0] = [processCpuMs(pid), performance.now(), Date.now()];
  await sleep(seconds * 1000);
  const [c1, t1, w1] = [processCpuMs(pid), performance.now(), Date.now()];
  const s1 = await clockStatus(api);
  const sim = (clusterNow(s1, w1) - clusterNow(s0, w0)) / 1000;
  const wall = (t1 - t0) / 1000;
  const cpu = (c1 - c0) / 1000;
  const load = (await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ');
  // the clock's own word on why it runs below the speed asked (the loop that ran late), when it does
  return { sim, wall, cpu, held: sim / wall, cores: cpu / wall, cpuPerSim: cpu / sim, load, why: s1?.message };
}

await withWebSocket(main);
