// Issue 15's benchmark: what authentication, RBAC and API Priority and Fairness add to a request, and how
// the API holds under a flood. Two fresh servers run side by side, rounds interleaved:
//   off   AUTH_MODE=off — no authentication, no RBAC; every request is the admin's (exempt level, no DO call)
//   on    AUTH_MODE=on  — requests carry a token:
//           admin  the admin token: authentication + classification to the exempt level (never leaves the isolate)
//           exempt-sa  a ServiceAccount token a FlowSchema sends to the exempt level: authentication (JWT) + RBAC,
//                  no Durable Object call
//           user   a ServiceAccount token (view role): authentication (JWT) + RBAC + APF seats from the
//                  workload-low level's Durable Object (acquire before, release after); user − exempt-sa is APF's share
// Each GETs one ConfigMap, one request at a time (latency) and 16 in flight (throughput); the server's CPU per
// request comes from /proc (workerd and wrangler's proxy; the client's share of the cores is not in it).
// Then the flood: a ServiceAccount sent to a tiny level (1 share → 3 seats, 8 queues of 5) keeps 64 list
// requests in flight for a while, and a quiet ServiceAccount (workload-low) lists at the same time, one at a time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from '../../scripts/lib/dev-server.mjs';
import { newAgent, request } from '../lib/http-client.mjs';
import { cpuMeter } from '../lib/proc-cpu.mjs';
import { table } from '../lib/report.mjs';
import { median, runPool, summarize } from '../lib/stats.mjs';

export const APF_GOALS = { addedCpuMsPerRequest: 0.3 };

const NS = 'bench-apf';
const ADMIN_TOKEN = 'bench-apf-admin-token';
const FC = '/apis/flowcontrol.apiserver.k8s.io/v1';

async function must(agent, method, url, body, headers) {
  const r = await request(agent, method, url, body, headers);
  if (r.status >= 300 && r.status !== 409) throw new Error(`${method} ${url} -> ${r.status}: ${r.text.slice(0, 200)}`);
  return r.text ? JSON.parse(r.text) : undefined;
}

/** The namespace, a ConfigMap to read, and (auth on) three ServiceAccounts with the view role, their tokens, the tiny level. */
async function setUp(url, agent, auth) {
  const h = auth ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {};
  await must(agent, 'POST', `${url}/api/v1/namespaces`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, h);
  await must(agent, 'POST', `${url}/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } }, h);
  if (!auth) return {};
  const tokens = {};
  for (const sa of ['user', 'flooder', 'quiet', 'exempted']) {
    await must(agent, 'POST', `${url}/api/v1/namespaces/${NS}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa } }, h);
    const tr = await must(agent, 'POST', `${url}/api/v1/namespaces/${NS}/serviceaccounts/${sa}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } }, h);
    tokens[sa] = tr.status.token;
  }
  const subjects = ['user', 'flooder', 'quiet', 'exempted'].map((name) => ({ kind: 'ServiceAccount', name, namespace: NS }));
  await must(agent, 'POST', `${url}/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'readers' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects }, h);
  await must(agent, 'POST', `${url}${FC}/prioritylevelconfigurations`, {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    metadata: { name: 'bench-tiny' },
    spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, borrowingLimitPercent: 0, limitResponse: { type: 'Queue', queuing: { queues: 8, handSize: 1, queueLengthLimit: 5 } } } },
  }, h);
  await must(agent, 'POST', `${url}${FC}/flowschemas`, {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name: 'bench-flooder' },
    spec: { priorityLevelConfiguration: { name: 'bench-tiny' }, matchingPrecedence: 500, distinguisherMethod: { type: 'ByUser' }, rules: [{ subjects: [{ kind: 'ServiceAccount', serviceAccount: { namespace: NS, name: 'flooder' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }] }] },
  }, h);
  await must(agent, 'POST', `${url}${FC}/flowschemas`, {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name: 'bench-exempted' },
    spec: { priorityLevelConfiguration: { name: 'exempt' }, matchingPrecedence: 400, rules: [{ subjects: [{ kind: 'ServiceAccount', serviceAccount: { namespace: NS, name: 'exempted' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }] }] },
  }, h);
  return tokens;
}

/** `n` GETs of the ConfigMap at `concurrency`, with the server's CPU per request. */
async function measure(server, agent, token, n, concurrency) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const url = `${server.url}/api/v1/namespaces/${NS}/configmaps/c`;
  const before = server.cpu();
  const r = await runPool(Array.from({ length: n }, () => async () => (await request(agent, 'GET', url, undefined, headers)).status), concurrency);
  const after = server.cpu();
  return { ...r, samples: undefined, cpuMsPerOp: (after.total - before.total) / n };
}

/** The flood: 64 flooder lists in flight for `seconds`, the quiet user listing one at a time meanwhile. */
async function flood(server, tokens, seconds) {
  const url = `${server.url}/api/v1/namespaces/${NS}/configmaps`;
  const agent = newAgent(80);
  const end = performance.now() + seconds * 1000;
  const counts = { served: 0, rejected: 0, other: 0, retryAfter: new Set() };
  const flooder = async () => {
    while (performance.now() < end) {
      const r = await request(agent, 'GET', url, undefined, { authorization: `Bearer ${tokens.flooder}` }).catch(() => ({ status: 0 }));
      if (r.status === 200) counts.served++;
      else if (r.status === 429) counts.rejected++;
      else counts.other++;
    }
  };
  const quietLat = [];
  let quietFailed = 0;
  const quiet = async () => {
    const qa = newAgent(1);
    while (performance.now() < end) {
      const t0 = performance.now();
      const r = await request(qa, 'GET', url, undefined, { authorization: `Bearer ${tokens.quiet}` }).catch(() => ({ status: 0 }));
      if (r.status === 200) quietLat.push(performance.now() - t0);
      else quietFailed++;
    }
    qa.destroy();
  };
  const t0 = performance.now();
  await Promise.all([...Array.from({ length: 64 }, flooder), quiet()]);
  const wall = performance.now() - t0;
  agent.destroy();
  return { seconds: wall / 1000, flooderServedPerSec: counts.served / (wall / 1000), flooderRejectedPerSec: counts.rejected / (wall / 1000), flooderOther: counts.other, quiet: { ...summarize(quietLat, wall, quietFailed), samples: undefined } };
}

/** shared/flowcontrol bundled for Node, to time the decisions alone (no runtime, no RPC). */
async function loadDecisions() {
  const dir = mkdtempSync(join(tmpdir(), 'kubeflare-bench-apf-'));
  try {
    const outfile = join(dir, 'flowcontrol.mjs');
    const contents = "export * from './shared/flowcontrol/index.ts'; export { resolveRequestInfo } from './shared/auth/request-info.ts';";
    await build({ stdin: { contents, resolveDir: ROOT, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** µs per call of `fn`, the median of 5 runs of `n` calls. */
function micros(fn, n) {
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    runs.push(((performance.now() - t0) * 1000) / n);
  }
  return median(runs);
}

/**
 * The per-request decisions in-process: classifying a ServiceAccount's GET against the bootstrap schemas
 * (it matches `service-accounts`, the 11th tried), the seat estimate, and what a level's Durable Object does
 * per request that is not on a lease (enqueue, dispatch, finish in a QueueSet of 128 queues).
 */
export async function decisionCosts() {
  const fc = await loadDecisions();
  const levels = new Set([...fc.mandatoryPriorityLevels(), ...fc.suggestedPriorityLevels()].map((l) => l.metadata.name));
  const ordered = fc.orderFlowSchemas([...fc.mandatoryFlowSchemas(), ...fc.suggestedFlowSchemas()], levels);
  const user = { username: `system:serviceaccount:${NS}:user`, groups: ['system:serviceaccounts', `system:serviceaccounts:${NS}`, 'system:authenticated'] };
  const query = new URLSearchParams();
  const info = fc.resolveRequestInfo('GET', `/api/v1/namespaces/${NS}/configmaps/c`, query);
  const list = fc.resolveRequestInfo('GET', `/api/v1/namespaces/${NS}/configmaps`, query);
  const qs = new fc.QueueSet({ concurrencyLimit: 245, queues: 128, handSize: 6, queueLengthLimit: 50 }, 0);
  let sink = 0;
  const classify = micros(() => (sink += fc.classify(ordered, user, info).distinguisher.length), 100_000);
  const estimate = micros(() => (sink += fc.workEstimate(list, query, 1234, 10)), 100_000);
  const queueSet = micros((i) => {
    qs.enqueue(`r${i}`, BigInt(i) * 0x9e3779b97f4a7c15n, 1, i);
    qs.finish(`r${i}`, i + 1);
  }, 50_000);
  return { classifyMicros: classify, estimateMicros: estimate, queueSetMicros: queueSet, sink };
}

/**
 * @param {{ rounds: number, requests: number, floodSeconds: number }} cfg
 */
export async function runApfSection(cfg, { startServer, log }) {
  const decisions = await decisionCosts();
  log(`apf: in-process, classify ${decisions.classifyMicros.toFixed(2)} µs, LIST seat estimate ${decisions.estimateMicros.toFixed(2)} µs, QueueSet enqueue+finish ${decisions.queueSetMicros.toFixed(2)} µs`);
  log('apf: starting a server with auth off and one with auth on');
  const off = await startServer();
  const on = await startServer({ vars: { AUTH_MODE: 'on', ADMIN_TOKEN } });
  const servers = { off: { ...off, cpu: cpuMeter(off.pid) }, on: { ...on, cpu: cpuMeter(on.pid) } };
  const agent = newAgent(32);
  await setUp(off.url, agent, false);
  const tokens = await setUp(on.url, agent, true);
  const modes = [
    { key: 'off', label: 'auth off (admin, exempt)', server: servers.off, token: undefined },
    { key: 'admin', label: 'auth on, admin (exempt)', server: servers.on, token: ADMIN_TOKEN },
    { key: 'exemptSa', label: 'auth on, ServiceAccount, exempt (RBAC)', server: servers.on, token: tokens.exempted },
    { key: 'user', label: 'auth on, ServiceAccount (RBAC + APF seats)', server: servers.on, token: tokens.user },
  ];
  // warm both isolates: policy, configuration and level caches, the level's Durable Object
  for (const m of modes) await measure(m.server, agent, m.token, 50, 4);
  const raw = Object.fromEntries(modes.map((m) => [m.key, { c1: [], c16: [] }]));
  for (let round = 1; round <= cfg.rounds; round++) {
    for (const m of modes) {
      const c1 = await measure(m.server, agent, m.token, cfg.requests, 1);
      const c16 = await measure(m.server, agent, m.token, cfg.requests, 16);
      raw[m.key].c1.push(c1);
      raw[m.key].c16.push(c16);
      log(`apf: round ${round}/${cfg.rounds} ${m.label.padEnd(42)} c=1 p50 ${c1.p50.toFixed(2)} p99 ${c1.p99.toFixed(2)} ms cpu ${c1.cpuMsPerOp.toFixed(2)} ms/req | c=16 ${c16.opsPerSec.toFixed(0)}/s${c1.errors + c16.errors ? ` (${c1.errors + c16.errors} errors: ${c1.firstError ?? c16.firstError})` : ''}`);
    }
  }
  const result = { modes: {}, decisions };
  for (const m of modes) {
    const r = raw[m.key];
    result.modes[m.key] = {
      label: m.label,
      p50: median(r.c1.map((x) => x.p50)),
      p99: median(r.c1.map((x) => x.p99)),
      cpuMsPerOp: median(r.c1.map((x) => x.cpuMsPerOp)),
      c16PerSec: median(r.c16.map((x) => x.opsPerSec)),
      c16CpuMsPerOp: median(r.c16.map((x) => x.cpuMsPerOp)),
      errors: [...r.c1, ...r.c16].reduce((a, x) => a + x.errors, 0),
    };
  }
  log(`apf: flood for ${cfg.floodSeconds} s`);
  result.flood = await flood(servers.on, tokens, cfg.floodSeconds);
  log(`apf: flooder ${result.flood.flooderServedPerSec.toFixed(0)} served/s, ${result.flood.flooderRejectedPerSec.toFixed(0)} rejected/s; quiet p50 ${result.flood.quiet.p50.toFixed(1)} ms p99 ${result.flood.quiet.p99.toFixed(1)} ms, ${result.flood.quiet.errors} failed`);
  agent.destroy();
  await off.stop();
  await on.stop();
  return result;
}

const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');

export function apfTables(r) {
  const base = r.modes.off;
  const rows = Object.values(r.modes).map((m) => [m.label, f(m.p50), f(m.p99), f(m.p50 - base.p50), f(m.p99 - base.p99), f(m.cpuMsPerOp), f(m.cpuMsPerOp - base.cpuMsPerOp), f(m.c16PerSec, 0), f(m.c16CpuMsPerOp)]);
  const fl = r.flood;
  const d = r.decisions;
  return [
    `APF decisions in-process (µs per request): classify ${f(d.classifyMicros)}, LIST seat estimate ${f(d.estimateMicros)}, a level's QueueSet enqueue + dispatch + finish ${f(d.queueSetMicros)}`,
    'API Priority and Fairness (issue 15): GET one ConfigMap; latency in ms at c=1 (median of rounds), added = minus auth off; server CPU ms per request',
    table(['mode', 'p50', 'p99', '+p50', '+p99', 'cpu/req', '+cpu/req', 'c=16 req/s', 'cpu/req c=16'], rows),
    '',
    `Flood: 64 lists in flight from one ServiceAccount sent to a 3-seat level, ${f(fl.seconds, 0)} s; a quiet ServiceAccount lists one at a time meanwhile`,
    table(['flooder served/s', 'flooder 429/s', 'quiet served', 'quiet failed', 'quiet p50 ms', 'quiet p99 ms'], [[f(fl.flooderServedPerSec, 0), f(fl.flooderRejectedPerSec, 0), fl.quiet.n, fl.quiet.errors, f(fl.quiet.p50, 1), f(fl.quiet.p99, 1)]]),
  ];
}

export function apfVerdicts(r) {
  const added = r.modes.user.cpuMsPerOp - r.modes.off.cpuMsPerOp;
  return [
    { what: 'auth + RBAC + APF server CPU added per request', shown: `${f(added)} ms`, goal: `≤ ${APF_GOALS.addedCpuMsPerRequest} ms`, verdict: added <= APF_GOALS.addedCpuMsPerRequest ? 'PASS' : 'MISS' },
    { what: 'quiet user served during a flood', shown: `${r.flood.quiet.n} served, ${r.flood.quiet.errors} failed`, goal: 'none failed', verdict: r.flood.quiet.errors === 0 && r.flood.quiet.n > 0 ? 'PASS' : 'MISS' },
  ];
}
