#!/usr/bin/env node
// `npm run bench`: Kubeflare's API and stores against a bare Durable Object ceiling and etcd 3.4,
// all on this machine in one run. Tables on stdout (or --json), progress on stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDevServer } from './lib/dev-server.mjs';
import { cpuTable, GOALS, storeTable, verdicts, verdictTable, watchTable } from '../bench/lib/report.mjs';
import { ensureEtcd, startCeiling, startEtcd } from '../bench/lib/servers.mjs';
import { apiTarget, ceilingTarget, etcdTarget } from '../bench/lib/targets.mjs';
import { measureWatch } from '../bench/lib/watch-latency.mjs';
import { cpuMeter } from '../bench/lib/proc-cpu.mjs';
import { aggregate, median } from '../bench/lib/stats.mjs';
import { runScenario, warmUp } from '../bench/lib/workload.mjs';

const HELP = `Usage: npm run bench -- [options]

Measures Kubeflare's API server and stores on this machine, side by side with
  - the ceiling: the same writes as bare SQLite INSERTs in a minimal Durable Object
    (bench/ceiling-worker.ts, its own wrangler dev), and
  - etcd 3.4 (Debian's etcd-server; installed with apt-get when missing), via its v3 JSON gateway.
Each scenario creates --count small ConfigMaps spread over N fresh namespaces, gets each one,
then lists the namespaces --lists times; at every concurrency × namespace count. Then watch
delivery latency, then PASS/MISS against the goals. Takes about a minute.
Rounds interleave the targets so background load on a shared machine hits all columns alike.

Options:
  --count <n>          ConfigMaps created (and read) per scenario (default 200)
  --rounds <n>         repetitions of every scenario, interleaved across targets; medians reported (default 7)
  --concurrency <list> requests in flight, comma-separated (default 1,16)
  --namespaces <list>  namespaces (= Durable Objects) the writes are spread over (default 1,8)
  --lists <n>          list requests per scenario (default 100), --limit <n> per page (default 500)
  --watch-events <n>   events per watch measurement (default 300)
  --watch-concurrency <list>  writer concurrency during the watch measurement (default 1,16)
  --only <list>        run only some of: api,watch,ceiling,etcd (default all)
  --no-install         do not apt-get install etcd when it is missing (skip that column)
  --json               print the results as JSON instead of tables
  -h, --help           show this help

Goals: API create throughput ≥ ${GOALS.createVsCeiling} × the ceiling; API create p99 at the highest
concurrency ≤ ${GOALS.createP99Ms} ms; watch delivery p99 ≤ ${GOALS.watchP99Ms} ms. Misses are reported, never fatal.
`;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '7' },
    concurrency: { type: 'string', default: '1,16' },
    namespaces: { type: 'string', default: '1,8' },
    lists: { type: 'string', default: '100' },
    limit: { type: 'string', default: '500' },
    'watch-events': { type: 'string', default: '300' },
    'watch-concurrency': { type: 'string', default: '1,16' },
    only: { type: 'string', default: 'api,watch,ceiling,etcd' },
    'no-install': { type: 'boolean', default: false },
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
  only: new Set(values.only.split(',').map((s) => s.trim())),
};
for (const o of cfg.only) {
  if (!['api', 'watch', 'ceiling', 'etcd'].includes(o)) {
    console.error(`invalid --only ${o}: choose from api, watch, ceiling, etcd`);
    process.exit(2);
  }
}

const started = performance.now();
const loadAvgAtStart = loadavg().map((l) => +l.toFixed(2));
const log = (msg) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
const scenarios = cfg.namespaces.flatMap((ns) => cfg.concurrency.map((c) => ({ key: `c${c}-ns${ns}`, concurrency: c, namespaces: ns, count: cfg.count, limit: cfg.limit })));

/** The servers under test, started side by side so the rounds can interleave them. */
async function startTargets() {
  const targets = [];
  if (cfg.only.has('api') || cfg.only.has('watch')) {
    log('starting Kubeflare (wrangler dev, LOG_LEVEL=warn)');
    const state = mkdtempSync(join(tmpdir(), 'kubeflare-bench-api-'));
    const server = await startDevServer({ persistTo: state, quiet: true, logLevel: 'warn' });
    cleanups.push(async () => (await server.stop(), rmSync(state, { recursive: true, force: true })));
    targets.push({ ...apiTarget(server.url), cpu: cpuMeter(server.child.pid) });
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

const results = { api: null, ceiling: null, etcd: null, watch: null, skipped: {} };
const cleanups = [];

/**
 * Every round runs every scenario on every target in turn, on fresh namespaces, so a burst of
 * background load on this shared machine hits all columns alike rather than one of them.
 */
async function main() {
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
const goals = verdicts(results, scenarios);
const report = { machine: machine(), config: { ...cfg, only: [...cfg.only] }, seconds: (performance.now() - started) / 1000, results, goals };
if (values.json) {
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} else {
  const m = report.machine;
  const out = [
    `Kubeflare bench — ${m.cores} × ${m.cpu}, ${m.memGiB} GiB, ${m.os}, Node ${m.node}; ${report.seconds.toFixed(0)} s; load average ${m.loadAvgAtStart[0]} → ${m.loadAvgAtEnd[0]}`,
    '',
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
    'Goals',
    verdictTable(goals),
    '',
  ];
  process.stdout.write(out.join('\n'));
}
