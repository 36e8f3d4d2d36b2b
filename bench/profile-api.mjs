#!/usr/bin/env node
// Bench-only: a CPU profile of Kubeflare's isolate while it serves a burst of creates, via the
// DevTools protocol of `wrangler dev --inspector-port`. Prints where the isolate's time goes.
//   node bench/profile-api.mjs [--count 2000] [--concurrency 16] [--op create|get|list] [--out file.cpuprofile]
//   node bench/profile-api.mjs --ceiling   (the same against bench/ceiling-worker.ts, for comparison)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, ROOT } from '../scripts/lib/dev-server.mjs';
import { apiTarget, ceilingTarget, configMap } from './lib/targets.mjs';
import { runPool } from './lib/stats.mjs';

if (typeof WebSocket === 'undefined') {
  // Node 20 has WebSocket only behind a flag: re-run with it.
  const child = spawn(process.execPath, ['--experimental-websocket', '--no-warnings', ...process.argv.slice(1)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}

async function main() {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '16' },
      op: { type: 'string', default: 'create' },
      top: { type: 'string', default: '30' },
      out: { type: 'string' },
      ceiling: { type: 'boolean', default: false },
    },
  });
  const [port, inspector] = [await freePort(), await freePort()];
  const state = mkdtempSync(join(tmpdir(), 'kubeflare-profile-'));
  const args = ['dev', ...(values.ceiling ? ['--config', 'bench/wrangler.toml'] : []), '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', state, '--log-level', 'error', '--show-interactive-dev-session=false', '--var', 'LOG_LEVEL:warn', '--var', 'AUTH_MODE:off'];
  const wrangler = spawn(join(ROOT, 'node_modules/.bin/wrangler'), args, {
    cwd: ROOT,
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
    const api = values.ceiling ? ceilingTarget(url) : apiTarget(url);
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
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const r = await runPool(ops('p'), Number(values.concurrency));
    const { profile } = await cdp.send('Profiler.stop');
    cdp.close();
    process.stderr.write(`${values.op}: ${r.n} ok, ${r.errors} errors, ${r.opsPerSec.toFixed(0)}/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (target: ${target.title})\n`);
    if (values.out) writeFileSync(values.out, JSON.stringify(profile));
    report(profile, r.n, Number(values.top));
    api.close();
  } finally {
    wrangler.kill('SIGTERM');
    rmSync(state, { recursive: true, force: true });
  }
}

function connect(wsUrl) {
  // miniflare's inspector proxy wants a loopback Origin
  const ws = new WebSocket(wsUrl, { headers: { origin: 'http://127.0.0.1' } });
  let id = 0;
  const pending = new Map();
  ws.onmessage = (m) => {
    const msg = JSON.parse(String(m.data));
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    }
  };
  return new Promise((resolve, reject) => {
    ws.onerror = reject;
    ws.onopen = () =>
      resolve({
        send: (method, params = {}) =>
          new Promise((res, rej) => {
            pending.set(++id, { resolve: res, reject: rej });
            ws.send(JSON.stringify({ id, method, params }));
          }),
        close: () => ws.close(),
      });
  });
}

/** Self and inclusive time per function, per request. */
function report(profile, requests, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const label = (n) => {
    const f = n.callFrame;
    const file = (f.url || '').split('/').pop();
    return `${f.functionName || '(anonymous)'} ${file ? `${file}:${f.lineNumber + 1}` : ''}`.trim();
  };
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfBy = new Map();
  const inclBy = new Map();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + ms);
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const l = label(byId.get(p));
      if (seen.has(l)) continue;
      seen.add(l);
      inclBy.set(l, (inclBy.get(l) ?? 0) + ms);
    }
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = selfBy.get('(idle)') ?? 0;
  console.log(`profile: ${total.toFixed(0)} ms sampled, ${idle.toFixed(0)} ms idle, ${((total - idle) / requests).toFixed(3)} ms busy per request`);
  const show = (title, m) => {
    console.log(`\n${title} (ms per request, % of busy)`);
    for (const [l, ms] of [...m].filter(([l]) => l !== '(idle)' && l !== '(root)').sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(ms / requests).toFixed(3).padStart(8)}  ${((ms / (total - idle)) * 100).toFixed(1).padStart(5)}%  ${l}`);
    }
  };
  show('self time', selfBy);
  show('inclusive time', inclBy);
}
