#!/usr/bin/env node
// `npm run bench`: Kubeflare's API and stores against a bare Durable Object ceiling and etcd 3.4,
// then the scheduler, the workload controllers and the simulated node pool, all on this machine in
// one run. Tables on stdout (or --json), progress on stderr.
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { sourceRevision, startKubeflare } from '../bench/lib/kubeflare-server.mjs';
import { controllersTables, controllersVerdicts, runControllersSection } from '../bench/sections/controllers.mjs';
import { nodePoolTables, nodePoolVerdicts, runNodePoolSection } from '../bench/sections/node-pool.mjs';
import { jobTables, jobVerdicts, runJobSection } from '../bench/sections/job.mjs';
import { clockTables, clockVerdicts, runClockSection } from '../bench/sections/clock.mjs';
import { resyncTables, runResyncSection } from '../bench/sections/resync.mjs';
import { networkTables, networkVerdicts, runNetworkSection } from '../bench/sections/network.mjs';
import { resourceTables, resourceVerdicts, runResourceSection } from '../bench/sections/resource-model.mjs';
import { runSchedulerSection, schedulerTables, schedulerVerdicts } from '../bench/sections/scheduler.mjs';
import { apfTables, apfVerdicts, runApfSection } from '../bench/sections/apf.mjs';
import { cpuTable, GOALS, storeTable, verdicts, verdictTable, watchTable } from '../bench/lib/report.mjs';
import { ensureEtcd, startCeiling, startEtcd } from '../bench/lib/servers.mjs';
import { apiTarget, ceilingTarget, etcdTarget } from '../bench/lib/targets.mjs';
import { measureWatch } from '../bench/lib/watch-latency.mjs';
import { cpuMeter } from '../bench/lib/proc-cpu.mjs';
import { aggregate, median } from '../bench/lib/stats.mjs';
import { runScenario, warmUp } from '../bench/lib/workload.mjs';

const HELP = `Usage: npm run bench -- [options]

Sections (all by default; --only picks some): stores (api, watch, ceiling, etcd), scheduler, resources,
controllers, jobs, nodepool, apf, clock, resync (not in the default run: --only apf, --only clock, --only resync). About 6 minutes in all; every section starts its own fresh Kubeflare
(wrangler dev on a frozen copy of the source, so edits made meanwhile do not restart it).

Stores: measures Kubeflare's API server and stores on this machine, side by side with
  - the ceiling: the same writes as bare SQLite INSERTs in a minimal Durable Object
    (bench/ceiling-worker.ts, its own wrangler dev), and
  - etcd 3.4 (Debian's etcd-server; installed with apt-get when missing), via its v3 JSON gateway.
Each scenario creates --count small ConfigMaps spread over N fresh namespaces, gets each one,
then lists the namespaces --lists times; at every concurrency × namespace count. Then watch
delivery latency, then PASS/MISS against the goals. About 70 s of the run.
Rounds interleave the targets so background load on a shared machine hits all columns alike.

Options:
  --count <n>          ConfigMaps created (and read) per scenario (default 200)
  --rounds <n>         repetitions of every scenario, interleaved across targets; medians reported (default 5)
  --concurrency <list> requests in flight, comma-separated (default 1,16)
  --namespaces <list>  namespaces (= Durable Objects) the writes are spread over (default 1,8)
  --lists <n>          list requests per scenario (default 100), --limit <n> per page (default 500)
  --watch-events <n>   events per watch measurement (default 300)
  --watch-concurrency <list>  writer concurrency during the watch measurement (default 1,16)
  --only <list>        run only some of: api,watch,ceiling,etcd,scheduler,controllers,jobs,nodepool,clock,resync,network
                       (stores = api,watch,ceiling,etcd; default all)
  --no-install         do not apt-get install etcd when it is missing (skip that column)
  --source <worktree|head|commit>  what Kubeflare runs: the files as they are now, the last commit, or a given
                       commit (for before/after pairs; default worktree)

Scheduler (issue 3; SchedulingBasic: 4 CPU / 32Gi nodes, pods asking 100m / 500Mi):
  --sched-nodes <list> node counts for the pure cycle in-process (default 500,5000,15000)
  --sched-pods <n>     pods per in-process run (default 2000), --sched-rounds <n> runs per size (default 3)
  --e2e-nodes <list>   node counts end to end on wrangler dev (default 1000)
  --e2e-pods <n>       unscheduled pods POSTed per end-to-end run (default 500), --e2e-concurrency <n> (default 8)
  --e2e-namespaces <list>  namespaces the pods are spread over, one run each (default 1; each namespace is its own store)
  --e2e-mode <bare|pool>  bare: Node objects without kubelets, as scheduler_perf (default);
                       pool: NodePools of ≤ 250 simulated nodes (their kubelets load the server too)
  --e2e-timeout <s>    give up binding after this long (default 90; a 15 s stall also ends it)
  --e2e-settle <s>     after the nodes, wait up to this long for the server to go quiet (runtime CPU < 0.3 cores over
                       5 s, not before 60 s: the node lifecycle controller done tainting bare nodes) before the clock starts (default 0:
                       a 2 s pause, as before; scheduler_perf's nodes are quiet before its measured pods)
Controllers (issue 4):
  --replicas <list>    Deployment sizes, each on a fresh server (default 100; 100,1000 shows the growth), the rolling
                       update at the smallest; --deploy-nodes <n> NodePool under it (default 10, more when a size needs it)
  --deploy-timeout <s> per phase (default 120)
Jobs (issue 12):
  --job-completions <n> Job completions (default 1000), --job-parallelism <n> (default 100)
  --job-nodes <n>      NodePool under it (default 10), --job-timeout <s> until Complete (default 300)
Node pool (issue 5):
  --pool-sizes <list>  cluster sizes in nodes, grown in NodePools of ≤ 250 (default 100,250,500,1000)
  --pool-pods <list>   pod totals added at the largest size held (Deployments of 100, one per namespace; default 200, 0: none)
  --idle-seconds <n>   quiet window for idle CPU (default 10), --lease-seconds <n> Lease sampling (default 10)
  --hold-seconds <n>   at the largest size, keep measuring idle CPU in --idle-seconds windows for this long
                       (default 0: none), so creation's tail and the periodic resyncs show, and the goal
                       reads the steady figure (the median window)
  --step-timeout <s>   a step that does not settle in this long ends the section (default 60)
  --max-idle-cores <x> stop growing once idle CPU exceeds this (default 0.9)
Resource model (issue 13; in-process, about 30 s):
  --resource-pods <list>  running pods simulated (default 1000,10000,50000), --resource-seconds <n> simulated seconds (default 10)
Pod network (issue 14; in-process, about 30 s): flannel dataplanes, path traces, a node joining
  --net-nodes <list>   cluster sizes in nodes (default 500,5000)
Cluster clock (issue 10; about 6 minutes, most of it creating the nodes):
  --clock-nodes <n>    simulated nodes (default 1000), --clock-hpas <n> HPAs over one-pod Deployments (default 100)
  --clock-speeds <list> clock speeds to hold (default 10,60,70,100), --clock-seconds <n> wall seconds each (default 20)
  --clock-idle-seconds <n>  window for the loops' CPU at real time (default 60)
  --clock-keep-up on|off  the clock's spec.keepUp during the speeds (default on; off: the clock runs as asked
                       however late the loops run, so the table shows what they sustain)
  --clock-lease-watch  also watch every Lease renewal (a cross-check of the count the store's resourceVersion
                       gives; its fan-out of thousands of events a second costs the server CPU the loops need)
Resyncs (issues 10, 11; about 3 minutes, not in the default run: --only resync): the controller hosts' store calls,
alarms and CPU on an idle cluster of N empty namespaces, at each clock speed
  --resync-namespaces <list>  namespace counts, each on a fresh server (default 20,100)
  --resync-speeds <list>  clock speeds (default 1,60), --resync-seconds <n> wall seconds each (default 30)
API Priority and Fairness (issue 15; about 2 minutes, not in the default run: --only apf): auth off vs on, admin vs a
ServiceAccount, then a flood
  --apf-rounds <n>     interleaved rounds (default 3), --apf-requests <n> GETs per round and mode (default 300)
  --apf-flood-seconds <n>  how long the flood lasts (default 10)
  --json               print the results as JSON instead of tables
  -h, --help           show this help

Goals: API create throughput ≥ ${GOALS.createVsCeiling} × the ceiling; API create p99 at the highest
concurrency ≤ ${GOALS.createP99Ms} ms; watch delivery p99 ≤ ${GOALS.watchP99Ms} ms; scheduler ≥ 1000 pods/s in-process at
5000 nodes and ≥ 100 pods/s end to end at 1000 nodes; Deployment pods created ≥ 200/s; 5000 nodes and
50,000 pods held with Leases current, creation ≥ 200 objects/s. Misses are reported, never fatal.
`;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1,16' },
    namespaces: { type: 'string', default: '1,8' },
    lists: { type: 'string', default: '100' },
    limit: { type: 'string', default: '500' },
    'watch-events': { type: 'string', default: '300' },
    'watch-concurrency': { type: 'string', default: '1,16' },
    only: { type: 'string', default: 'stores,scheduler,controllers,jobs,nodepool,resources,network' },
    'no-install': { type: 'boolean', default: false },
    source: { type: 'string', default: 'worktree' },
    'sched-nodes': { type: 'string', default: '500,5000,15000' },
    'sched-pods': { type: 'string', default: '2000' },
    'sched-rounds': { type: 'string', default: '3' },
    'e2e-nodes': { type: 'string', default: '1000' },
    'e2e-pods': { type: 'string', default: '500' },
    'e2e-concurrency': { type: 'string', default: '8' },
    'e2e-namespaces': { type: 'string', default: '1' },
    'e2e-mode': { type: 'string', default: 'bare' },
    'e2e-timeout': { type: 'string', default: '90' },
    'e2e-settle': { type: 'string', default: '0' },
    replicas: { type: 'string', default: '100' },
    'deploy-nodes': { type: 'string', default: '10' },
    'deploy-timeout': { type: 'string', default: '120' },
    'job-completions': { type: 'string', default: '1000' },
    'job-parallelism': { type: 'string', default: '100' },
    'job-nodes': { type: 'string', default: '10' },
    'job-timeout': { type: 'string', default: '300' },
    'pool-sizes': { type: 'string', default: '100,250,500,1000' },
    'net-nodes': { type: 'string', default: '500,5000' },
    'pool-pods': { type: 'string', default: '200' },
    'idle-seconds': { type: 'string', default: '10' },
    'hold-seconds': { type: 'string', default: '0' },
    'lease-seconds': { type: 'string', default: '10' },
    'step-timeout': { type: 'string', default: '60' },
    'max-idle-cores': { type: 'string', default: '0.9' },
    'resource-pods': { type: 'string', default: '1000,10000,50000' },
    'resource-seconds': { type: 'string', default: '10' },
    'clock-nodes': { type: 'string', default: '1000' },
    'clock-hpas': { type: 'string', default: '100' },
    'clock-speeds': { type: 'string', default: '10,60,70,100' },
    'clock-seconds': { type: 'string', default: '20' },
    'clock-idle-seconds': { type: 'string', default: '60' },
    'clock-keep-up': { type: 'string', default: 'on' },
    'clock-lease-watch': { type: 'boolean', default: false },
    'resync-namespaces': { type: 'string', default: '20,100' },
    'resync-speeds': { type: 'string', default: '1,60' },
    'resync-seconds': { type: 'string', default: '30' },
    'apf-rounds': { type: 'string', default: '3' },
    'apf-requests': { type: 'string', default: '300' },
    'apf-flood-seconds': { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

function positive(name, v) {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`invalid --${name} ${v}: give a positive integer`);
    process.exit(2);
  }
  return n;
}
const list = (name) => values[name].split(',').map((v) => positive(name, v.trim()));
const cfg = {
  count: positive('count', values.count),
  rounds: positive('rounds', values.rounds),
  concurrency: list('concurrency'),
  namespaces: list('namespaces'),
  lists: positive('lists', values.lists),
  limit: positive('limit', values.limit),
  watchEvents: positive('watch-events', values['watch-events']),
  watchConcurrency: list('watch-concurrency'),
  only: new Set(values.only.split(',').flatMap((s) => (s.trim() === 'stores' ? ['api', 'watch', 'ceiling', 'etcd'] : [s.trim()]))),
  source: values.source,
  scheduler: {
    inProcessNodes: list('sched-nodes'),
    inProcessPods: positive('sched-pods', values['sched-pods']),
    inProcessRounds: positive('sched-rounds', values['sched-rounds']),
    e2eNodes: list('e2e-nodes'),
    e2ePods: positive('e2e-pods', values['e2e-pods']),
    e2eConcurrency: positive('e2e-concurrency', values['e2e-concurrency']),
    e2eNamespaces: list('e2e-namespaces'),
    e2eMode: values['e2e-mode'],
    e2eTimeout: positive('e2e-timeout', values['e2e-timeout']),
    e2eSettle: Number(values['e2e-settle']) || 0,
  },
  controllers: { replicas: list('replicas'), nodes: positive('deploy-nodes', values['deploy-nodes']), timeout: positive('deploy-timeout', values['deploy-timeout']) },
  jobs: {
    completions: positive('job-completions', values['job-completions']),
    parallelism: positive('job-parallelism', values['job-parallelism']),
    nodes: positive('job-nodes', values['job-nodes']),
    timeout: positive('job-timeout', values['job-timeout']),
  },
  resources: { sizes: list('resource-pods'), seconds: positive('resource-seconds', values['resource-seconds']) },
  nodePool: {
    sizes: list('pool-sizes'),
    pods: values['pool-pods'] === '0' ? [] : list('pool-pods'),
    idleSeconds: positive('idle-seconds', values['idle-seconds']),
    holdSeconds: Number(values['hold-seconds']),
    leaseSeconds: positive('lease-seconds', values['lease-seconds']),
    stepTimeout: positive('step-timeout', values['step-timeout']),
    maxIdleCores: Number(values['max-idle-cores']),
  },
  network: { sizes: list('net-nodes') },
  clock: {
    nodes: positive('clock-nodes', values['clock-nodes']),
    hpas: positive('clock-hpas', values['clock-hpas']),
    speeds: list('clock-speeds'),
    seconds: positive('clock-seconds', values['clock-seconds']),
    idleSeconds: positive('clock-idle-seconds', values['clock-idle-seconds']),
    keepUp: values['clock-keep-up'] !== 'off',
    leaseWatch: values['clock-lease-watch'],
    warmupSeconds: 5,
  },
  resync: { namespaces: list('resync-namespaces'), speeds: list('resync-speeds'), seconds: positive('resync-seconds', values['resync-seconds']), settleSeconds: 180 },
  apf: { rounds: positive('apf-rounds', values['apf-rounds']), requests: positive('apf-requests', values['apf-requests']), floodSeconds: positive('apf-flood-seconds', values['apf-flood-seconds']) },
};
const SECTIONS = ['api', 'watch', 'ceiling', 'etcd', 'scheduler', 'controllers', 'jobs', 'nodepool', 'apf', 'clock', 'resync', 'resources', 'network'];
for (const o of cfg.only) {
  if (!SECTIONS.includes(o)) {
    console.error(`invalid --only ${o}: choose from stores, ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
if (!['on', 'off'].includes(values['clock-keep-up'])) {
  console.error(`invalid --clock-keep-up ${values['clock-keep-up']}: choose on or off`);
  process.exit(2);
}
if (!['worktree', 'head'].includes(cfg.source) && !/^[0-9a-f]{7,40}$/.test(cfg.source)) {
  console.error(`invalid --source ${cfg.source}: choose worktree, head or a commit id`);
  process.exit(2);
}
// the commit is read once, at the start: `head` is pinned to it, so every section (each freezes its own copy) runs
// the same commit and the report names it even when HEAD moves during the run
const sourceRevisionAtStart = sourceRevision(cfg.source);
const sourceAsGiven = cfg.source;
if (cfg.source === 'head') cfg.source = sourceRevisionAtStart;
if (!['bare', 'pool'].includes(cfg.scheduler.e2eMode)) {
  console.error(`invalid --e2e-mode ${cfg.scheduler.e2eMode}: choose bare or pool`);
  process.exit(2);
}
if (!(cfg.nodePool.holdSeconds >= 0)) {
  console.error(`invalid --hold-seconds ${values['hold-seconds']}: give a number of seconds, 0 for none`);
  process.exit(2);
}
if (!(cfg.nodePool.maxIdleCores > 0)) {
  console.error(`invalid --max-idle-cores ${values['max-idle-cores']}: give a positive number`);
  process.exit(2);
}
const STORES = ['api', 'watch', 'ceiling', 'etcd'].some((s) => cfg.only.has(s));

const started = performance.now();
const loadAvgAtStart = loadavg().map((l) => +l.toFixed(2));
const log = (msg) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
const scenarios = cfg.namespaces.flatMap((ns) => cfg.concurrency.map((c) => ({ key: `c${c}-ns${ns}`, concurrency: c, namespaces: ns, count: cfg.count, limit: cfg.limit })));

/** The servers under test, started side by side so the rounds can interleave them. */
async function startTargets() {
  const targets = [];
  if (cfg.only.has('api') || cfg.only.has('watch')) {
    log('starting Kubeflare (wrangler dev, LOG_LEVEL=warn)');
    const server = await startServer();
    targets.push({ ...apiTarget(server.url), cpu: cpuMeter(server.pid) });
  }
  if (cfg.only.has('ceiling')) {
    log('starting the bare Durable Object ceiling (wrangler dev --config bench/wrangler.toml)');
    const server = await startCeiling();
    cleanups.push(server.stop);
    targets.push({ ...ceilingTarget(server.url), cpu: cpuMeter(server.pid) });
  }
  if (cfg.only.has('etcd')) {
    const found = ensureEtcd({ install: !values['no-install'], log });
    if (!found.bin) {
      results.skipped.etcd = found.reason;
      log(`etcd column skipped: ${found.reason}`);
    } else {
      log(`starting etcd ${found.version ?? ''} on loopback`);
      const server = await startEtcd(found.bin);
      cleanups.push(server.stop);
      results.etcdVersion = found.version;
      targets.push({ ...etcdTarget(server.url), cpu: cpuMeter(server.pid) });
    }
  }
  return targets;
}

const results = { api: null, ceiling: null, etcd: null, watch: null, skipped: {}, scheduler: null, controllers: null, jobs: null, nodePool: null, clock: null, resync: null, resources: null, network: null, errors: {} };
const cleanups = [];

/** A fresh Kubeflare (frozen source, fresh state), stopped at the latest by the final cleanup. */
async function startServer({ vars } = {}) {
  const server = await startKubeflare({ source: cfg.source, logLevel: 'warn', vars });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  };
  cleanups.push(stop);
  return { ...server, stop };
}

/** Runs one cluster section; a failure is recorded and reported, and the other sections still run. */
async function section(name, key, run) {
  if (!cfg.only.has(name)) return;
  log(`${name}: starting`);
  try {
    results[key] = await run();
  } catch (e) {
    results.errors[name] = e instanceof Error ? e.message : String(e);
    log(`${name} failed: ${e instanceof Error ? e.stack : e}`);
  }
}

/**
 * Every round runs every scenario on every target in turn, on fresh namespaces, so a burst of
 * background load on this shared machine hits all columns alike rather than one of them.
 */
async function main() {
  if (STORES) await storesSection();
  await section('scheduler', 'scheduler', () => runSchedulerSection({ ...cfg.scheduler, source: cfg.source }, { startServer, log }));
  await section('resources', 'resources', () => runResourceSection({ ...cfg.resources, source: cfg.source, log }));
  await section('controllers', 'controllers', () => runControllersSection(cfg.controllers, { startServer, log }));
  await section('jobs', 'jobs', () => runJobSection(cfg.jobs, { startServer, log }));
  await section('nodepool', 'nodePool', () => runNodePoolSection(cfg.nodePool, { startServer, log }));
  await section('apf', 'apf', () => runApfSection(cfg.apf, { startServer, log }));
  await section('clock', 'clock', () => runClockSection(cfg.clock, { startServer, log }));
  await section('resync', 'resync', () => runResyncSection(cfg.resync, { startServer, log }));
  await section('network', 'network', () => runNetworkSection({ ...cfg.network, source: cfg.source, log }));
  await cleanup();
}

async function storesSection() {
  const targets = await startTargets();
  for (const t of targets) {
    log(`${t.label}: warming up`);
    await warmUp(t, 100);
  }
  const stores = targets.filter((t) => t.key !== 'api' || cfg.only.has('api'));
  const raw = Object.fromEntries(stores.map((t) => [t.key, Object.fromEntries(scenarios.map((s) => [s.key, []]))]));
  for (let round = 1; round <= cfg.rounds; round++) {
    for (const s of scenarios) {
      for (const t of stores) {
        const r = await runScenario(t, { tag: `r${round}-${s.key}`, count: cfg.count, concurrency: s.concurrency, namespaces: s.namespaces, lists: cfg.lists, limit: cfg.limit });
        raw[t.key][s.key].push(r);
        log(`round ${round}/${cfg.rounds} ${t.label.padEnd(15)} c=${String(s.concurrency).padEnd(2)} ns=${s.namespaces}  ${['create', 'get', 'list'].map((op) => `${op} ${r[op].opsPerSec.toFixed(0)}/s p99 ${r[op].p99.toFixed(1)}`).join(' | ')}`);
      }
    }
  }
  const OPS = ['create', 'get', 'list'];
  for (const t of stores) {
    results[t.key] = { scenarios: {} };
    for (const s of scenarios) {
      const runs = raw[t.key][s.key];
      results[t.key].scenarios[s.key] = Object.fromEntries(OPS.map((op) => [op, aggregate(runs.map((r) => r[op]))]));
    }
  }
  // Ratios pair each API round with the peer's round run right after it, then take the median.
  results.ratios = {};
  for (const s of scenarios) {
    const paired = (peer, op) =>
      raw.api && raw[peer] ? median(raw.api[s.key].map((r, i) => r[op].opsPerSec / raw[peer][s.key][i]?.[op].opsPerSec)) : NaN;
    results.ratios[s.key] = Object.fromEntries(OPS.map((op) => [op, { ceiling: paired('ceiling', op), etcd: paired('etcd', op) }]));
  }
  const api = targets.find((t) => t.key === 'api');
  if (cfg.only.has('watch') && api) {
    results.watch = [];
    for (const c of cfg.watchConcurrency) {
      log(`watch: ${cfg.watchEvents} creates at c=${c}, one watcher`);
      const w = await measureWatch(api, { namespace: `bench-watch-c${c}`, events: cfg.watchEvents, concurrency: c });
      results.watch.push(w);
      log(`watch: c=${c} received ${w.received}/${w.events}  send→watch p50 ${w.sendToWatch.p50.toFixed(2)} ms p99 ${w.sendToWatch.p99.toFixed(2)} ms  ack→watch p99 ${w.ackToWatch.p99.toFixed(2)} ms`);
    }
  }
  for (const t of targets) t.close();
  await cleanup();
}

function machine() {
  const c = cpus();
  return { cpu: c[0]?.model ?? 'unknown', cores: c.length, memGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()}`, node: process.version, loadAvgAtStart, loadAvgAtEnd: loadavg().map((l) => +l.toFixed(2)) };
}

async function cleanup() {
  for (const stop of cleanups.reverse()) await stop().catch(() => undefined);
  cleanups.length = 0;
}
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void cleanup().then(() => process.exit(130)));

try {
  await main();
} catch (e) {
  log(`failed: ${e instanceof Error ? e.stack : e}`);
  await cleanup();
  process.exit(1);
}
const goals = [
  ...(STORES ? verdicts(results, scenarios) : []),
  ...(results.scheduler ? schedulerVerdicts(results.scheduler) : []),
  ...(results.resources ? resourceVerdicts(results.resources) : []),
  ...(results.controllers ? controllersVerdicts(results.controllers) : []),
  ...(results.jobs ? jobVerdicts(results.jobs) : []),
  ...(results.nodePool ? nodePoolVerdicts(results.nodePool) : []),
  ...(results.apf ? apfVerdicts(results.apf) : []),
  ...(results.clock ? clockVerdicts(results.clock) : []),
  ...(results.network ? networkVerdicts(results.network) : []),
  ...Object.entries(results.errors).map(([name, why]) => ({ what: `${name} section`, shown: `failed: ${why.slice(0, 60)}`, goal: '', verdict: 'n/a' })),
];
const report = { machine: machine(), source: `${sourceAsGiven} ${sourceRevisionAtStart}`, config: { ...cfg, only: [...cfg.only] }, seconds: (performance.now() - started) / 1000, results, goals };
if (values.json) {
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} else {
  const m = report.machine;
  const storesOut = [
    `Stores: latency in ms (send → last body byte), throughput in requests/s, each the median of ${cfg.rounds} rounds × (${cfg.count} creates, ${cfg.count} gets, ${cfg.lists} lists); ratios pair rounds`,
    storeTable(results, scenarios),
    '',
    'Server CPU per request (ms of user+system CPU, median of rounds): "all" = the server\'s whole process tree, "runtime" = without wrangler dev\'s entry proxy workerd',
    cpuTable(results, scenarios),
    ...Object.entries(results.skipped).map(([k, why]) => `(${k} skipped: ${why})`),
    '',
    ...(results.watch
      ? [`Watch delivery (ms): one watcher, ${cfg.watchEvents} creates; "before ack" = events that arrived before the create's response`, watchTable(results.watch), '']
      : []),
  ];
  const out = [
    `Kubeflare bench — ${m.cores} × ${m.cpu}, ${m.memGiB} GiB, ${m.os}, Node ${m.node}; ${report.seconds.toFixed(0)} s; load average ${m.loadAvgAtStart[0]} → ${m.loadAvgAtEnd[0]}; source ${report.source}`,
    '',
    ...(STORES && (results.api || results.ceiling || results.etcd || results.watch) ? storesOut : []),
    ...(results.scheduler ? [...schedulerTables(results.scheduler), ''] : []),
    ...(results.resources ? [...resourceTables(results.resources), ''] : []),
    ...(results.controllers ? [...controllersTables(results.controllers), ''] : []),
    ...(results.jobs ? [...jobTables(results.jobs), ''] : []),
    ...(results.nodePool ? [...nodePoolTables(results.nodePool), ''] : []),
    ...(results.apf ? [...apfTables(results.apf), ''] : []),
    ...(results.clock ? [...clockTables(results.clock), ''] : []),
    ...(results.resync ? [...resyncTables(results.resync), ''] : []),
    ...(results.network ? [...networkTables(results.network), ''] : []),
    'Goals',
    verdictTable(goals),
    '',
  ];
  process.stdout.write(out.join('\n'));
}
