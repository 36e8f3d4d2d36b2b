#!/usr/bin/env node
// `npm run reliability [-- options]`: bundles run.ts with the project's esbuild (Node 20 cannot run .ts) and
// runs it. The test suite imports run.ts directly (test/e2e/reliability-quick.test.ts).
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT } from '../lib/dev-server.mjs';

const HELP = `Usage: npm run reliability -- [options]

Starts its own wrangler dev (a frozen copy of the source, fresh state) and checks:
  histories  concurrent clients (create, update with and without resourceVersion, delete, get, list)
             on one store, checked for linearizability (Wing & Gong with memoization, per key), with a
             graceful restart and a SIGKILL of workerd mid-run; a watch on the store across both,
             checked for order, gaps, duplicates and its final state
  faults     a Deployment rollout interrupted by SIGKILL, repeated notifications (annotation churn),
             and in long mode a SIGKILL the moment a scale is acknowledged (its notifications lost);
             after each: no acknowledged write lost, counters monotonic, the rollout converges
  fuzz       hostile paths, query strings, selectors, bodies (JSON, YAML, protobuf, huge, deep) and
             patches of all four kinds; never a 5xx, a hang or stored garbage, and /healthz between batches

Options:
  --long           10,000 histories (up to an hour), restarts every minute, a longer fuzz
  --seconds <n>    time budget (default 60; with --long 3600)
  --histories <n>  histories to aim for within the budget (default 400; with --long 10000)
  --seed <n>       the PRNG seed (default 1): the same seed draws the same inputs
  --only <list>    some of: histories,faults,fuzz
  --json           print the figures as JSON
  --help

Exit code 1 when any violation was found. Quick mode runs inside the e2e suite.`;

const { values } = parseArgs({
  options: {
    long: { type: 'boolean' },
    seconds: { type: 'string' },
    histories: { type: 'string' },
    seed: { type: 'string' },
    only: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const outDir = join(ROOT, 'node_modules/.cache/kubeflare-reliability');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'run.mjs');
await build({ entryPoints: [join(ROOT, 'scripts/reliability/run.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error', packages: 'external' });
const { runReliability, QUICK, LONG, PHASES } = await import(pathToFileURL(outfile).href);

const base = values.long ? LONG : QUICK;
const int = (v, name) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} wants a non-negative integer, not ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};
const only = values.only?.split(',').map((s) => s.trim());
for (const p of only ?? []) {
  if (!PHASES.includes(p)) {
    console.error(`--only: unknown phase ${JSON.stringify(p)} (one of ${PHASES.join(', ')})`);
    process.exit(2);
  }
}
const seconds = values.seconds !== undefined ? int(values.seconds, 'seconds') : base.seconds;
const opts = {
  root: ROOT,
  seed: values.seed !== undefined ? int(values.seed, 'seed') : base.seed,
  seconds,
  histories: values.histories !== undefined ? int(values.histories, 'histories') : values.long ? base.histories : Math.max(base.histories, Math.round((seconds / base.seconds) * base.histories)),
  only,
  progress: values.long || seconds > 300 ? (line) => process.stderr.write(`[reliability ${new Date().toISOString().slice(11, 19)}] ${line}\n`) : undefined,
};
const { figures, seconds: took } = await runReliability(opts);
if (values.json) console.log(JSON.stringify({ seed: opts.seed, seconds: took, ...figures }, null, 2));
else console.log(figures.summary(took, opts.seed));
process.exit(figures.violations.length ? 1 : 0);
