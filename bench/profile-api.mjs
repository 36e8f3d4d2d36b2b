#!/usr/bin/env node
// Bench-only: a CPU profile of Kubeflare's isolate while it serves a burst of creates, via the
// DevTools protocol of `wrangler dev --inspector-port`. Prints where the isolate's time goes.
//   node bench/profile-api.mjs [--count 2000] [--concurrency 16] [--op create|get|list] [--out file.cpuprofile]
//   node bench/profile-api.mjs --ceiling   (the same against bench/ceiling-worker.ts, for comparison)
//   --source worktree|head: Kubeflare runs from a frozen copy of the source (the files as they are, or the
//   last commit), so an edit elsewhere in the tree does not restart workerd mid-profile.
//   --auth off|admin|sa: off (as the bench: AUTH_MODE=off, every request the admin's); admin (AUTH_MODE=on,
//   the admin token: a static token, system:masters, the exempt level); sa (a ServiceAccount token bound to
//   the `edit` ClusterRole in the namespace: JWT, RBAC, and the workload-low level's seats).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, ROOT } from '../scripts/lib/dev-server.mjs';
import { apiTarget, ceilingTarget, configMap } from './lib/targets.mjs';
import { runPool } from './lib/stats.mjs';
import { connect, report, withWebSocket } from './lib/cpu-profile.mjs';
import { freezeSource } from './lib/kubeflare-server.mjs';
import { tokenTarget } from './lib/token-target.mjs';

/** The profiler's sampling interval (µs). */
const SAMPLING_US = 200;

const ADMIN_TOKEN = 'profile-api-admin-token';

await withWebSocket(main);

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '16' },
      op: { type: 'string', default: 'create' },
      top: { type: 'string', default: '30' },
      out: { type: 'string' },
      ceiling: { type: 'boolean', default: false },
      source: { type: 'string', default: 'worktree' },
      auth: { type: 'string', default: 'off' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('node bench/profile-api.mjs [--count 2000] [--concurrency 16] [--op create|get|list] [--top 30] [--out file.cpuprofile] [--ceiling] [--source worktree|head] [--auth off|admin|sa]\n');
    return;
  }
  const [port, inspector] = [await freePort(), await freePort()];
  // the ceiling Worker (bench/) is not part of the frozen source and nobody edits it mid-run
  const dir = values.ceiling ? mkdtempSync(join(tmpdir(), 'kubeflare-profile-')) : freezeSource(values.source);
  const state = join(dir, '.state');
  mkdirSync(state);
  const args = ['dev', ...(values.ceiling ? ['--config', 'bench/wrangler.toml'] : []), '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', state, '--log-level', 'error', '--show-interactive-dev-session=false', '--var', 'LOG_LEVEL:warn', ...(values.auth === 'off' || values.ceiling ? ['--var', 'AUTH_MODE:off'] : ['--var', 'AUTH_MODE:on', '--var', `ADMIN_TOKEN:${ADMIN_TOKEN}`])];
  const wrangler = spawn(join(ROOT, 'node_modules/.bin/wrangler'), args, {
    cwd: values.ceiling ? ROOT : dir,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
      if (i > 300) throw new Error('server not ready');
      await new Promise((r) => setTimeout(r, 200));
    }
    const api = values.ceiling ? ceilingTarget(url) : values.auth === 'off' ? apiTarget(url) : await tokenTarget(url, values.auth, ADMIN_TOKEN);
    await api.prepare(['profile']);
    const count = Number(values.count);
    const ops = (prefix) => {
      if (values.op === 'get') return Array.from({ length: count }, (_, i) => () => api.get('profile', `warm-${i % 500}`));
      if (values.op === 'list') return Array.from({ length: count }, () => () => api.list('profile', 500));
      return Array.from({ length: count }, (_, i) => () => api.create('profile', `${prefix}-${i}`, configMap('profile', `${prefix}-${i}`)));
    };
    await runPool(Array.from({ length: 500 }, (_, i) => () => api.create('profile', `warm-${i}`, configMap('profile', `warm-${i}`))), 4);

    const targets = await (await fetch(`http://127.0.0.1:${inspector}/json`)).json();
    if (process.env.DEBUG_PROFILE) console.error(JSON.stringify(targets, null, 1));
    const target = targets.find((t) => !/devtools|proxy/i.test(t.title ?? '')) ?? targets[0];
    const cdp = await connect(target.webSocketDebuggerUrl);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    await cdp.send('Profiler.start');
    const r = await runPool(ops('p'), Number(values.concurrency));
    const { profile } = await cdp.send('Profiler.stop');
    cdp.close();
    process.stderr.write(`${values.op}: ${r.n} ok, ${r.errors} errors, ${r.opsPerSec.toFixed(0)}/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (target: ${target.title})\n`);
    if (values.out) {
      writeFileSync(values.out, JSON.stringify(profile));
      // the dev bundle the profile's line numbers point into, to read it by module (bench/profile-split.mjs)
      const dev = values.ceiling ? undefined : readdirSync(join(dir, '.wrangler/tmp')).find((d) => d.startsWith('dev-'));
      if (dev) copyFileSync(join(dir, '.wrangler/tmp', dev, 'index.js'), `${values.out}.bundle.js`);
    }
    report(profile, r.n, Number(values.top), SAMPLING_US);
    api.close();
  } finally {
    wrangler.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

