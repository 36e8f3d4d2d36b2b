#!/usr/bin/env node
// Bench-only: CPU per request of Kubeflare at two revisions and of the bare Durable Object ceiling, all
// three servers up at once, batches of creates and gets rotating between them (the order reversed every
// round), so a shared machine's load falls on each side alike. Runtime workerd CPU from /proc per batch.
//   node bench/ab-api.mjs --a <rev>|dir:<path> [--b <rev>|worktree|dir:<path>] [--rounds 10] [--batch 500] [--concurrency 16] [--auth off|admin|sa]
// Each revision runs from its own `git archive` export (its own bench/lib starts it), the worktree as it is now.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../scripts/lib/dev-server.mjs';
import { cpuMeter } from './lib/proc-cpu.mjs';
import { startCeiling } from './lib/servers.mjs';
import { median, runPool } from './lib/stats.mjs';
import { apiTarget, ceilingTarget, configMap } from './lib/targets.mjs';
import { tokenTarget } from './lib/token-target.mjs';

const ADMIN_TOKEN = 'ab-api-admin-token';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: 'worktree' },
    rounds: { type: 'string', default: '10' },
    batch: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '16' },
    auth: { type: 'string', default: 'off' },
  },
});
if (!values.a) {
  process.stderr.write('node bench/ab-api.mjs --a <rev> [--b <rev>|worktree] [--rounds 10] [--batch 500] [--concurrency 16] [--auth off|admin|sa]\n');
  process.exit(2);
}
const [R, N, C] = [Number(values.rounds), Number(values.batch), Number(values.concurrency)];

/**
 * The repository at `rev` in a temp dir (with this checkout's node_modules and dashboard build), or this checkout;
 * `dir:<path>` runs another tree laid out as this one (an experiment not committed) with this checkout's bench/lib.
 */
function tree(rev) {
  if (rev === 'worktree') return { dir: ROOT, label: 'worktree', cleanup: () => {} };
  if (rev.startsWith('dir:')) return { dir: ROOT, source: rev, label: rev.slice(rev.lastIndexOf('/') + 1), cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'kubeflare-ab-'));
  const r = spawnSync('sh', ['-c', `git archive ${JSON.stringify(rev)} | tar -x -C "${dir}"`], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git archive ${rev}: ${r.stderr}`);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  cpSync(join(ROOT, 'dashboard/dist'), join(dir, 'dashboard/dist'), { recursive: true });
  return { dir, label: rev, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const trees = [tree(values.a), tree(values.b)];
const servers = [];
try {
  for (const t of trees) {
    const { startKubeflare } = await import(join(t.dir, 'bench/lib/kubeflare-server.mjs'));
    const s = await startKubeflare({ source: t.source ?? 'worktree', vars: values.auth === 'off' ? {} : { AUTH_MODE: 'on', ADMIN_TOKEN } });
    const target = values.auth === 'off' ? apiTarget(s.url) : await tokenTarget(s.url, values.auth, ADMIN_TOKEN);
    servers.push({ name: t.label, s, t: target, cpu: cpuMeter(s.pid) });
  }
  const c = await startCeiling();
  servers.push({ name: 'ceiling', s: c, t: ceilingTarget(c.url), cpu: cpuMeter(c.pid) });
  const res = Object.fromEntries(servers.map((x) => [x.name, { create: [], get: [] }]));
  for (const x of servers) {
    await x.t.prepare(['ab']);
    await runPool(Array.from({ length: 300 }, (_, i) => () => x.t.create('ab', `warm-${i}`, configMap('ab', `warm-${i}`))), 8);
    await runPool(Array.from({ length: 300 }, (_, i) => () => x.t.get('ab', `warm-${i}`)), 8);
  }
  const load0 = loadavg()[0];
  for (let r = 0; r < R; r++) {
    for (const x of r % 2 ? [...servers].reverse() : servers) {
      for (const op of ['create', 'get']) {
        const ops =
          op === 'create'
            ? Array.from({ length: N }, (_, i) => () => x.t.create('ab', `r${r}-${i}`, configMap('ab', `r${r}-${i}`)))
            : Array.from({ length: N }, (_, i) => () => x.t.get('ab', `warm-${i % 300}`));
        const before = x.cpu().runtime;
        const p = await runPool(ops, C);
        res[x.name][op].push((x.cpu().runtime - before) / N);
        if (p.errors) process.stderr.write(`${x.name} ${op}: ${p.errors} errors (${p.firstError ?? ''})\n`);
      }
    }
    process.stderr.write(`round ${r + 1}/${R}, load ${loadavg()[0].toFixed(1)}: ${servers.map((x) => `${x.name} create ${res[x.name].create.at(-1).toFixed(2)} get ${res[x.name].get.at(-1).toFixed(2)}`).join(' | ')}\n`);
  }
  const mean = (v) => v.reduce((s, y) => s + y, 0) / v.length;
  const ceil = res.ceiling;
  console.log(`load average ${load0.toFixed(1)} -> ${loadavg()[0].toFixed(1)}; ${R} rounds x ${N} requests at c=${C}, auth ${values.auth}; runtime CPU ms per request, median of rounds (mean), ratio to the ceiling's median`);
  for (const x of servers) {
    const m = res[x.name];
    console.log(`${x.name.padEnd(10)} create ${median(m.create).toFixed(3)} (${mean(m.create).toFixed(3)}) ${(median(m.create) / median(ceil.create)).toFixed(2)}x   get ${median(m.get).toFixed(3)} (${mean(m.get).toFixed(3)}) ${(median(m.get) / median(ceil.get)).toFixed(2)}x`);
  }
} finally {
  for (const x of servers) {
    x.t.close();
    await x.s.stop();
  }
  for (const t of trees) t.cleanup();
}
