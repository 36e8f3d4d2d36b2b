#!/usr/bin/env node
// `npm run dev`: the whole control plane on miniflare, plus a kubeconfig so kubectl works at once.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { adminTokenIn, assertPortFree, localFetch, PortBusyError, ROOT, startDevServer, writeKubeconfig } from './lib/dev-server.mjs';
import { poolProgressLine, progressStep, startupSummary } from './lib/dev-summary.mjs';

const HELP = `Usage: npm run dev -- [options]

Starts Kubeflare's API server, stores and controllers locally on miniflare (wrangler dev)
and writes a kubeconfig with a "kubeflare" context. Requests are authenticated: the admin
token is generated on first start, kept in <state>/kubeflare-admin-token and written into
the kubeconfig.

Options:
  --port <n>          port to listen on (default 8787, or $PORT)
  --kubeconfig <path> where to write the kubeconfig (default ./kubeconfig)
  --state <dir>       where objects are persisted (default .wrangler/state; survives restarts)
  --log-level <lvl>   debug | info | warn | error (default warn; info logs every request)
  --nodes <n>         nodes in the default NodePool created on first start (default 3, 0 for none)
  --speed <n>         run the cluster clock n times faster than real time (0 < n ≤ 1000; e.g. 60: an
                      hour a minute). Sets the ClusterClock; without it the clock keeps its setting.
                      Change it later: kubectl patch clusterclock cluster --type=merge -p '{"spec":{"speed":1}}'
  --allow-host <name> answer requests addressed to this host name too (repeatable; also
                      $ALLOWED_HOSTS, comma-separated; "*" for any). By default only loopback
                      names (127.0.0.1, localhost, [::1]) are answered, against DNS rebinding
  -h, --help          show this help

Then:  kubectl --kubeconfig kubeconfig get ns    and the dashboard at https://127.0.0.1:8787/
(HTTPS with a self-signed certificate: kubectl sends the token over TLS only)
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    kubeconfig: { type: 'string' },
    state: { type: 'string' },
    'log-level': { type: 'string' },
    nodes: { type: 'string' },
    speed: { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const port = Number(values.port ?? process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`invalid --port ${values.port}: give a TCP port between 1 and 65535`);
  process.exit(2);
}
const nodes = Number(values.nodes ?? 3);
if (!Number.isInteger(nodes) || nodes < 0) {
  console.error(`invalid --nodes ${values.nodes}: give a count of 0 or more`);
  process.exit(2);
}
const speed = values.speed === undefined ? undefined : Number(values.speed);
if (speed !== undefined && !(speed > 0 && speed <= 1000)) {
  console.error(`invalid --speed ${values.speed}: give a number greater than 0 and at most 1000`);
  process.exit(2);
}
const logLevel = values['log-level'] ?? 'warn';
if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
  console.error(`invalid --log-level ${logLevel}: give debug, info, warn or error`);
  process.exit(2);
}
const kubeconfig = resolve(values.kubeconfig ?? resolve(ROOT, 'kubeconfig'));
const state = resolve(values.state ?? resolve(ROOT, '.wrangler/state'));

// Before anything else: a server already on the port would answer our readiness check and pass for this one.
try {
  await assertPortFree(port);
} catch (e) {
  console.error(e instanceof PortBusyError ? e.message : `cannot listen on port ${port}: ${e.message ?? e}`);
  process.exit(1);
}
console.log(`Starting Kubeflare on https://127.0.0.1:${port} …`);
// the admin token lives with the state it guards: a restart on the same state keeps it
const adminToken = adminTokenIn(state);
const auth = { authorization: `Bearer ${adminToken}` };
let server;
try {
  const allowedHosts = [...(values['allow-host'] ?? []), ...(process.env.ALLOWED_HOSTS ?? '').split(',')].map((h) => h.trim()).filter(Boolean);
  server = await startDevServer({ port, persistTo: values.state, logLevel, allowedHosts, adminToken });
} catch (e) {
  console.error(String(e.message ?? e));
  process.exit(1);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.stop().then(() => process.exit(0)));
server.child.on('exit', (code) => process.exit(code ?? 0));

writeKubeconfig(kubeconfig, server.url, adminToken);
let pool;
try {
  if (!(await ensureClock(server.url, speed))) {
    await server.stop();
    process.exit(1);
  }
  pool = await ensureDefaultPool(server.url, nodes);
} catch (e) {
  // a start-up step that cannot reach the server must not leave wrangler and workerd running without us
  console.error(`Kubeflare did not start: ${e.message ?? e}${e.cause ? ` (${e.cause.message ?? e.cause})` : ''}`);
  await server.stop();
  process.exit(1);
}
// the page keeps the token for its tab (sessionStorage) and drops it from the address bar
console.log(`\nDashboard, signed in: ${server.url}/#token=${encodeURIComponent(adminToken)}`);
console.log(
  `\n${startupSummary({ url: server.url, kubeconfig, kubeconfigArg: values.kubeconfig ?? 'kubeconfig', context: 'kubeflare', state, pool, logLevel })}\n`,
);
if (pool) await reportPoolProgress(server.url, pool);

/**
 * Applies the ClusterClock at `speed` (server-side apply: creates it on a first start); without `speed`, a first
 * start creates it at real time, so the README's `kubectl patch clusterclock cluster` works from the start.
 */
async function ensureClock(url, speed) {
  const path = `${url}/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster`;
  if (speed === undefined) {
    const existing = await localFetch(path, { headers: auth });
    await existing.body?.cancel();
    if (existing.status !== 404) return true;
  }
  const res = await localFetch(`${path}?fieldManager=kubeflare-dev&force=true`, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/apply-patch+yaml' },
    body: JSON.stringify({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'ClusterClock', metadata: { name: 'cluster' }, spec: { speed: speed ?? 1 } }),
  });
  if (res.ok) {
    if (speed !== undefined) console.log(`Cluster clock: ${speed}× real time (kubectl get clusterclock)`);
    return true;
  }
  console.error(`Could not ${speed === undefined ? 'create' : "set the speed of"} the cluster clock: ${res.status} ${await res.text()}`);
  return false;
}

/** A first start gets a small pool (3 nodes in 3 zones) so pods run right away; later starts keep what is there. */
async function ensureDefaultPool(url, count) {
  const path = `${url}/apis/kubeflare.dev/v1alpha1/nodepools`;
  const existing = await localFetch(`${path}/default`, { headers: auth });
  if (existing.status === 200) return { name: 'default', nodes: (await existing.json()).spec?.nodes ?? 0, created: false };
  await existing.body?.cancel();
  if (count === 0) return undefined;
  const res = await localFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'default' }, spec: { nodes: count } }),
  });
  if (res.ok) return { name: 'default', nodes: count, created: true };
  console.error(`Could not create the default NodePool: ${res.status} ${await res.text()}`);
  return undefined;
}

/**
 * One line that follows the pool's nodes to Ready: rewritten in place on a terminal, a new line per tenth
 * otherwise. Silent when they are all Ready at once.
 */
async function reportPoolProgress(url, { name, nodes: want }) {
  const tty = process.stdout.isTTY;
  const started = Date.now();
  let reported = -1;
  for (;;) {
    let ready = 0;
    try {
      const res = await localFetch(`${url}/api/v1/nodes?labelSelector=${encodeURIComponent(`kubeflare.dev/node-pool=${name}`)}`, { headers: auth });
      if (res.ok) ready = (await res.json()).items.filter((n) => (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')).length;
    } catch {
      return; // the server is going away
    }
    if (reported === -1 && ready >= want) return;
    const line = poolProgressLine(name, ready, want, (Date.now() - started) / 1000);
    if (tty) process.stdout.write(`\r\x1b[2K${line}${ready >= want ? '\n' : ''}`);
    else if (progressStep(reported, ready, want)) console.log(line);
    reported = Math.max(reported, ready);
    if (ready >= want) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
