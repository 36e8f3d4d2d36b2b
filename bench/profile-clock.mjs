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
import { readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/lib/dev-server.mjs';
import { connect, selfTimes, withWebSocket } from './lib/cpu-profile.mjs';
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

/**
 * Which loop a sample belongs to: the first rule (in this order) that matches a frame of its stack, as
 * "function module" (the module from the bundle's comments). A stack stops at a Durable Object call, so
 * the store's side of a kubelet's renewLeases or updateMany is the store's own stack, not the kubelet's.
 */
const LOOPS = [
  ['keeper / clock pacer', /clock-pacer\.ts|shared\/clock\/pace\.ts/],
  ['kubelet lease renewal', /^(reconcileNodes|writeLeases|writeStatuses|currentNode|poolView|resumePods) |node-heartbeat\.ts|node-conditions\.ts|kubelet-memory\.ts|shared\/nodes\/eviction-/],
  ['kubelet pods', /kubelet-controller\.ts|kubelet-batch\.ts/],
  ['node lifecycle monitor', /node-lifecycle/],
  ['taint eviction', /taint-eviction/],
  ['HPA', /hpa-controller\.ts|hpa-batch-io\.ts|controllers\/hpa\//],
  ['node IPAM', /node-ipam/],
  ['other controllers', /durable-objects\/controllers\/[\w-]+-controller\.ts/],
  ['notices / outbox / watch fan-out', /notice-outbox\.ts|change-notice\.ts|notifier\.ts|watch-hub\.ts|watch-event\.ts/],
  // the kubelets' renewals through the store's renewal path, apart from the generic writes
  ['store Lease renewals (renewLeases)', /lease-renewals?\.ts/],
  ['store commit (updateMany/create/patch)', /^(updateMany|updateNow|createMany|create|update|patch|commit|finishUpdate|commitCharged|atomically|transaction) |store-writes\.ts|admission\.ts|object-meta\.ts|field-manager\.ts/],
  ['store reads (get/list/watch)', /store-list\.ts|^(get|scan|scanJson|pageJson|getJson|list|listJson|watch) (durable-objects\/store|durable-objects\/object-store|shared\/apiserver)/],
  ['controller host (queue, alarm)', /controller-host\.ts|state-rows\.ts|work-queue/],
  ['API worker (requests)', /^workers\//],
];

/** What kind of work a sample's own (leaf) frame is. */
const KINDS = [
  ['JSON parse/stringify', /^(parse|stringify|stableStringify)$/],
  ['SQLite exec', /^(exec|toArray|one|next|transactionSync|raw)$/],
  ['GC', /^\(garbage collector\)$/],
  ['structuredClone', /^structuredClone$/],
  ['RPC / serialization', /^(fetch|call|serialize|deserialize)$/],
];

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
    return printProfile(profile, profile.simSeconds, Number(values.top), profile.cpuSeconds);
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
      const targets = await (await fetch(`http://127.0.0.1:${inspector}/json`)).json();
      const target = targets.find((t) => !/devtools|proxy/i.test(t.title ?? '')) ?? targets[0];
      const cdp = await connect(target.webSocketDebuggerUrl);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
      await cdp.send('Profiler.start');
      const w = await cpuWindow(api, pid, profileSeconds);
      const { profile } = await cdp.send('Profiler.stop');
      cdp.close();
      // each frame's source module and the window's figures go with the profile, for --in
      const moduleOf = bundleModules(server.pid);
      for (const n of profile.nodes) if (n.callFrame.url === 'index.js') n.callFrame.module = moduleOf(n.callFrame.lineNumber + 1);
      Object.assign(profile, { simSeconds: w.sim, cpuSeconds: w.cpu });
      if (values.out) writeFileSync(values.out, JSON.stringify(profile));
      console.log(`profile: ${w.sim.toFixed(0)} simulated s over ${w.wall.toFixed(0)} wall s (held ${w.held.toFixed(1)}×), ${w.cpuPerSim.toFixed(4)} CPU s per simulated s with the profiler on, load average ${w.load}`);
      printProfile(profile, w.sim, Number(values.top), w.cpu);
    }
  } finally {
    api.close();
    await server.stop();
  }
}

/** Bundle line → source module ("" when unknown), for labels: the dev bundle has no source map, only esbuild's `// path` comment atop each module. */
function bundleModules(wranglerPid) {
  try {
    const tmp = join(readlinkSync(`/proc/${wranglerPid}/cwd`), '.wrangler/tmp');
    const newest = readdirSync(tmp).filter((d) => d.startsWith('dev-')).map((d) => join(tmp, d, 'index.js')).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    const starts = [];
    readFileSync(newest, 'utf8').split('\n').forEach((l, i) => {
      const m = /^\/\/ ((?:shared|durable-objects|workers|platform|node_modules)\/\S+\.[mc]?[jt]s)$/.exec(l);
      if (m) starts.push([i + 1, m[1].replace(/^.*node_modules\//, '')]);
    });
    return (line) => {
      let [lo, hi] = [0, starts.length - 1];
      if (hi < 0 || line < starts[0][0]) return '';
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid][0] <= line) lo = mid;
        else hi = mid - 1;
      }
      return starts[lo][1];
    };
  } catch {
    return () => '';
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

/** Self and inclusive ms per simulated second: by loop, by kind of work, and the top functions. */
function printProfile(profile, simSeconds, top, cpuSeconds) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => n.callFrame.functionName || '(anonymous)';
  const label = (n) => {
    const { url, lineNumber } = n.callFrame;
    const where = url === 'index.js' ? `${n.callFrame.module || url}:${lineNumber + 1}` : url.split('/').pop();
    return `${name(n)} ${where}`.trim();
  };
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  const self = selfTimes(profile, SAMPLING_US);
  const [selfBy, inclBy, loops, kinds, inLoop] = [new Map(), new Map(), new Map(), new Map(), new Map()];
  let busy = 0;
  for (const [id, ms] of self) {
    const leaf = byId.get(id);
    if (['(idle)', '(root)'].includes(name(leaf))) continue;
    busy += ms;
    add(selfBy, label(leaf), ms);
    const stack = [];
    for (let p = id; p !== undefined; p = parent.get(p)) stack.push(byId.get(p));
    for (const l of new Set(stack.map(label))) add(inclBy, l, ms);
    const frames = stack.map((n) => `${name(n)} ${n.callFrame.module ?? n.callFrame.url}`);
    const loop = LOOPS.find(([, re]) => frames.some((f) => re.test(f)))?.[0] ?? 'other';
    add(loops, loop, ms);
    if (!inLoop.has(loop)) inLoop.set(loop, new Map());
    for (const l of new Set(stack.slice(0, -1).map(label))) add(inLoop.get(loop), l, ms);
    add(kinds, KINDS.find(([, re]) => re.test(name(leaf)))?.[0] ?? 'JavaScript', ms);
  }
  const per = (ms) => (ms / simSeconds).toFixed(2).padStart(8);
  const pct = (ms) => `${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
  console.log(`isolate busy ${(busy / 1000).toFixed(2)} s of the runtime's ${cpuSeconds.toFixed(2)} CPU s: ${per(busy).trim()} ms per simulated s (the profiler's own overhead included)`);
  const show = (title, m, n) => {
    console.log(`\n${title} (ms per simulated s, % of busy)`);
    for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${per(ms)}  ${pct(ms)}  ${k}`);
  };
  console.log('\nby loop (inclusive; the first loop found on the stack; under each, its heaviest frames) (ms per simulated s, % of busy)');
  for (const [loop, ms] of [...loops].sort((a, b) => b[1] - a[1])) {
    console.log(`${per(ms)}  ${pct(ms)}  ${loop}`);
    for (const [l, f] of [...(inLoop.get(loop) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`${' '.repeat(18)}${per(f)}  ${l}`);
  }
  show('by kind of work (self)', kinds, KINDS.length + 1);
  show('self time', selfBy, top);
  show('inclusive time', inclBy, top);
}

await withWebSocket(main);
