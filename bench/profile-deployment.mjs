#!/usr/bin/env node
// Bench-only: a CPU profile of Kubeflare's isolate while a Deployment of N replicas goes from POST to
// all Available on a NodePool (the controllers section's run, profiled), via the DevTools protocol of
// `wrangler dev --inspector-port`. Prints the phases' times and where the isolate's time goes, per pod.
//   node bench/profile-deployment.mjs [--replicas 1000] [--top 30] [--out file.cpuprofile] [--source worktree|head]
// Lines the Worker logs with console.log that start with `probe ` are printed too (a temporary counter
// added to a copy of the source, e.g. store RPCs per store and method, shows up here).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, ROOT } from '../scripts/lib/dev-server.mjs';
import { connect, report, withWebSocket } from './lib/cpu-profile.mjs';
import { deployment, kth, kubeApi, waitFor, watchPods } from './lib/kube-api.mjs';
import { freezeSource } from './lib/kubeflare-server.mjs';

/** The profiler's sampling interval (µs). */
const SAMPLING_US = 500;

await withWebSocket(main);

async function main() {
  const { values } = parseArgs({
    options: {
      replicas: { type: 'string', default: '1000' },
      top: { type: 'string', default: '30' },
      out: { type: 'string' },
      source: { type: 'string', default: 'worktree' },
      timeout: { type: 'string', default: '300' },
    },
  });
  const R = Number(values.replicas);
  const nodes = Math.max(10, Math.ceil(R / 110));
  const dir = freezeSource(values.source);
  const state = join(dir, '.state');
  mkdirSync(state);
  const [port, inspector] = [await freePort(), await freePort()];
  const args = ['dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', state, '--log-level', 'error', '--show-interactive-dev-session=false', '--var', 'LOG_LEVEL:warn', '--var', 'AUTH_MODE:off'];
  const wrangler = spawn(join(ROOT, 'node_modules/.bin/wrangler'), args, {
    cwd: dir,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const api = kubeApi(url);
  try {
    for (let i = 0; ; i++) {
      if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
      if (i > 450) throw new Error('server not ready');
      await new Promise((r) => setTimeout(r, 200));
    }
    await api.createPool('bench', nodes);
    if (!(await waitFor(async () => (await api.pool('bench')).status?.readyNodes === nodes, { timeoutMs: 120_000 }))) throw new Error(`NodePool of ${nodes} not ready`);
    const ns = 'bench-deploy';
    await api.namespace(ns);
    const w = await watchPods(url, ns);

    const targets = await (await fetch(`http://127.0.0.1:${inspector}/json`)).json();
    const target = targets.find((t) => !/devtools|proxy/i.test(t.title ?? '')) ?? targets[0];
    const cdp = await connect(target.webSocketDebuggerUrl);
    cdp.on('Runtime.consoleAPICalled', (e) => {
      const text = e.args.map((a) => a.value ?? a.description ?? '').join(' ');
      if (text.startsWith('probe ')) process.stderr.write(`${text}\n`);
    });
    await cdp.send('Runtime.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
    await cdp.send('Profiler.start');
    const t0 = performance.now();
    await api.post(`/apis/apps/v1/namespaces/${ns}/deployments`, deployment(ns, 'web', R));
    const timeoutMs = Number(values.timeout) * 1000;
    await waitFor(() => w.added.size >= R, { timeoutMs, everyMs: 50 });
    const available = await waitFor(async () => ((await api.get(`/apis/apps/v1/namespaces/${ns}/deployments/web`)).status?.availableReplicas === R ? performance.now() : 0), { timeoutMs, everyMs: 100 });
    const { profile } = await cdp.send('Profiler.stop');
    cdp.close();
    w.close();
    const s = (t) => ((t - t0) / 1000).toFixed(2);
    process.stderr.write(`deployment of ${R} on ${nodes} nodes: created ${s(kth(w.added, R))} s, bound ${s(kth(w.bound, R))} s, Ready ${s(kth(w.ready, R))} s, Available ${available ? s(available) : '—'} s (target: ${target.title})\n`);
    if (values.out) writeFileSync(values.out, JSON.stringify(profile));
    report(profile, R, Number(values.top), SAMPLING_US);
  } finally {
    api.close();
    wrangler.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(dir, { recursive: true, force: true });
  }
}
