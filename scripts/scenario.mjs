#!/usr/bin/env node
// `npm run scenario -- FILE`: runs a rehearsal scripted in YAML (scenarios/*.yaml) on a private Kubeflare (or on
// --server) and prints its timeline and a summary. Bundles scripts/scenario/run.ts with the project's esbuild
// (Node 20 cannot run .ts), as npm run reliability does.
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startKubeflare } from '../bench/lib/kubeflare-server.mjs';
import { localFetch, ROOT } from './lib/dev-server.mjs';

const HELP = `Usage: npm run scenario -- FILE [options]

Runs a scenario: creates its objects, waits for its nodes to be Ready and its Deployments available,
then starts cluster time t = 0 at the scenario's speed and carries out its steps (load changes, zone
failures and restores, clock advances, more objects) when cluster time reaches them. Prints a timeline
of what changed — replicas, HPA targets and conditions, node readiness and taints, zone states,
evictions — with each decision's reason (events' messages, conditions), then a summary.

By default it starts a private server (wrangler dev on a copy of the source as it is now, fresh state,
stopped at the end), so nothing of yours is touched. With --server it uses a running one, and CHANGES ITS CLUSTER CLOCK (speed, advances;
the clock cannot be turned back).

Options:
  --server <url>   run on this server (e.g. https://127.0.0.1:8787 from npm run dev)
  --kubeconfig <f> where --server's token is (default ./kubeconfig, which npm run dev writes): the
                   token of the user its contexts pair with that server
  --speed <n>      cluster seconds per wall second, overriding the scenario's speed (0 < n ≤ 1000)
  --check          only validate FILE and print what it would do
  -h, --help       show this help

Shipped scenarios:
  scenarios/traffic-spike.yaml  an HPA with a 300 s scale-down stabilization window rides a traffic spike
  scenarios/zone-outage.yaml    a zone's kubelets stop: nodes go Unknown, NoExecute taints at the zone's
                                eviction rate, pods evicted after their 300 s toleration, then recovery

The timeline goes to stdout; a progress line to stderr (on a terminal). Exit code 2 for a bad file.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    server: { type: 'string' },
    kubeconfig: { type: 'string' },
    speed: { type: 'string' },
    check: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (positionals.length !== 1) {
  console.error(positionals.length ? `one scenario file at a time (got ${positionals.join(' ')})` : 'which scenario? e.g. npm run scenario -- scenarios/traffic-spike.yaml (--help for more)');
  process.exit(2);
}
const speed = values.speed === undefined ? undefined : Number(values.speed);
if (speed !== undefined && !(speed > 0 && speed <= 1000)) {
  console.error(`invalid --speed ${values.speed}: give a number greater than 0 and at most 1000`);
  process.exit(2);
}
if (values.server !== undefined && !/^https?:\/\/[^/]+/.test(values.server)) {
  console.error(`invalid --server ${values.server}: give a URL such as http://127.0.0.1:8787`);
  process.exit(2);
}

const outDir = join(ROOT, 'node_modules/.cache/kubeflare-scenario');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'run.mjs');
await build({ entryPoints: [join(ROOT, 'scripts/scenario/main.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error', packages: 'external' });
const { parseScenario, formatScenarioErrors, runScenario, planLines, tokenForServer } = await import(pathToFileURL(outfile).href);

const file = positionals[0];
let text;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  console.error(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  process.exit(2);
}
const shown = relative(process.cwd(), file) || file;
const parsed = parseScenario(text);
if (parsed.errors) {
  console.error(`${shown} is not a valid scenario:\n${formatScenarioErrors(shown, parsed.errors)}`);
  process.exit(2);
}
const scenario = parsed.scenario;
if (values.check) {
  console.log(planLines(scenario, speed).join('\n'));
  process.exit(0);
}

const tty = process.stderr.isTTY;
const progress = (line) => {
  if (!tty) return;
  process.stderr.write(line === undefined ? '\r\x1b[2K' : `\r\x1b[2K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
};
let server;
const stop = async () => {
  progress(undefined);
  await server?.stop();
};
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void stop().then(() => process.exit(130)));

try {
  let url = values.server?.replace(/\/$/, '');
  if (!url) {
    progress('starting a private Kubeflare (wrangler dev) …');
    // a frozen copy of the source: wrangler dev restarts on every edit, which would stall the rehearsal
    server = await startKubeflare({ source: 'worktree' });
    url = server.url;
  }
  const token = values.server ? tokenFor(url, values.kubeconfig ?? 'kubeconfig', values.kubeconfig !== undefined) : undefined;
  // a loopback server (npm run dev) has a self-signed certificate; anywhere else the certificate is checked
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  await runScenario(scenario, { server: url, token, fetch: loopback ? localFetch : fetch, speed, out: (line) => console.log(line), progress });
  await stop();
} catch (e) {
  await stop();
  console.error(`scenario ${scenario.name} failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

/**
 * The bearer token a kubeconfig gives for `server`: the user of a context whose cluster has that server address.
 * A missing default kubeconfig means none (a server without authentication); one named with --kubeconfig must exist.
 */
function tokenFor(server, path, named) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (!named && e.code === 'ENOENT') return undefined;
    throw new Error(`cannot read the kubeconfig ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  return tokenForServer(text, server);
}
