#!/usr/bin/env node
// `npm run dev`: the whole control plane on miniflare, plus a kubeconfig so kubectl works at once.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, startDevServer, writeKubeconfig } from './lib/dev-server.mjs';

const HELP = `Usage: npm run dev -- [options]

Starts Kubeflare's API server, stores and controllers locally on miniflare (wrangler dev)
and writes a kubeconfig with a "kubeflare" context.

Options:
  --port <n>          port to listen on (default 8787, or $PORT)
  --kubeconfig <path> where to write the kubeconfig (default ./kubeconfig)
  --state <dir>       where objects are persisted (default .wrangler/state; survives restarts)
  --log-level <lvl>   debug | info | warn | error (default info)
  --nodes <n>         nodes in the default NodePool created on first start (default 3, 0 for none)
  --allow-host <name> answer requests addressed to this host name too (repeatable; also
                      $ALLOWED_HOSTS, comma-separated; "*" for any). By default only loopback
                      names (127.0.0.1, localhost, [::1]) are answered, against DNS rebinding
  -h, --help          show this help

Then:  kubectl --kubeconfig kubeconfig get ns
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    kubeconfig: { type: 'string' },
    state: { type: 'string' },
    'log-level': { type: 'string' },
    nodes: { type: 'string' },
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
const kubeconfig = resolve(values.kubeconfig ?? resolve(ROOT, 'kubeconfig'));
console.log(`Starting Kubeflare on http://127.0.0.1:${port} …`);
let server;
try {
  const allowedHosts = [...(values['allow-host'] ?? []), ...(process.env.ALLOWED_HOSTS ?? '').split(',')].map((h) => h.trim()).filter(Boolean);
  server = await startDevServer({ port, persistTo: values.state, logLevel: values['log-level'] ?? 'info', allowedHosts });
} catch (e) {
  console.error(String(e.message ?? e));
  console.error(`If the port is taken, try: npm run dev -- --port ${port + 1}`);
  process.exit(1);
}
writeKubeconfig(kubeconfig, server.url);
const nodes = Number(values.nodes ?? 3);
if (!Number.isInteger(nodes) || nodes < 0) {
  console.error(`invalid --nodes ${values.nodes}: give a count of 0 or more`);
  await server.stop();
  process.exit(2);
}
await ensureDefaultPool(server.url, nodes);
console.log(`
Kubeflare API server ready at ${server.url}
Kubeconfig written to ${kubeconfig} (context "kubeflare")

  kubectl --kubeconfig ${values.kubeconfig ?? 'kubeconfig'} get ns

Press Ctrl-C to stop.`);
/** A first start gets a small pool (3 nodes in 3 zones) so pods run right away; later starts keep what is there. */
async function ensureDefaultPool(url, count) {
  const path = `${url}/apis/kubeflare.dev/v1alpha1/nodepools`;
  const existing = await fetch(`${path}/default`);
  if (existing.status === 200 || count === 0) return;
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'kubeflare.dev/v1alpha1', kind: 'NodePool', metadata: { name: 'default' }, spec: { nodes: count } }),
  });
  if (res.ok) console.log(`Created NodePool "default" with ${count} node(s) in zones zone-a, zone-b, zone-c`);
  else console.error(`Could not create the default NodePool: ${res.status} ${await res.text()}`);
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.stop().then(() => process.exit(0)));
server.child.on('exit', (code) => process.exit(code ?? 0));
