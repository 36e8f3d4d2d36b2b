// Starts the bench's peers: the ceiling Worker (its own wrangler config) and a throwaway etcd.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../../scripts/lib/dev-server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Spawns a child and polls `readyUrl` until it answers 2xx; the result's stop() ends it by PID. */
async function startAndWait(cmd, args, opts, readyUrl, what, init) {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}\n${stderr}`);
    try {
      const r = await fetch(readyUrl, init);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${what} not ready at ${readyUrl} within 60s\n${stderr}`);
    }
    await sleep(150);
  }
  const stop = () =>
    new Promise((res) => {
      if (child.exitCode !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { child, stop };
}

/** `wrangler dev` on bench/wrangler.toml (the bare Durable Object ceiling) on a free port. */
export async function startCeiling() {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'kubeflare-bench-ceiling-'));
  const args = ['dev', '--config', 'bench/wrangler.toml', '--local', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--log-level', 'error', '--show-interactive-dev-session=false'];
  const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' };
  const url = `http://127.0.0.1:${port}`;
  const { stop, child } = await startAndWait(join(ROOT, 'node_modules/.bin/wrangler'), args, { cwd: ROOT, env }, `${url}/readyz`, 'ceiling wrangler dev');
  return { url, pid: child.pid, stop: async () => (await stop(), rmSync(state, { recursive: true, force: true })) };
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim() || null;
}

/**
 * Finds etcd, installing Debian's etcd-server when missing and allowed.
 * @returns {{ bin: string | null, version?: string, reason?: string }}
 */
export function ensureEtcd({ install, log }) {
  let bin = onPath('etcd');
  if (!bin && install) {
    if (process.getuid?.() !== 0) return { bin: null, reason: 'etcd is not installed and installing it needs root (apt-get install etcd-server etcd-client)' };
    if (!onPath('apt-get')) return { bin: null, reason: 'etcd is not installed and there is no apt-get to install it' };
    log('installing etcd-server etcd-client with apt-get (Debian etcd 3.4)…');
    const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'etcd-server', 'etcd-client'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (r.status !== 0) return { bin: null, reason: `apt-get install etcd-server failed (${r.status ?? r.error}): ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' ')}` };
    bin = onPath('etcd');
  }
  if (!bin) return { bin: null, reason: install ? 'etcd not found after install' : 'etcd is not installed (--no-install given)' };
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.match(/etcd Version: (\S+)/)?.[1];
  return { bin, version };
}

/** A single-member etcd on loopback free ports with a temp data dir; stop() removes the dir. */
export async function startEtcd(bin) {
  const [client, peer] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'kubeflare-bench-etcd-'));
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const args = [
    '--name', 'bench', '--data-dir', dir,
    '--listen-client-urls', url, '--advertise-client-urls', url,
    '--listen-peer-urls', peerUrl, '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', `bench=${peerUrl}`, '--initial-cluster-state', 'new',
    '--logger', 'zap', '--log-level', 'error',
  ];
  const { stop, child } = await startAndWait(bin, args, {}, `${url}/v3/kv/range`, 'etcd', {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from('/health').toString('base64') }),
  });
  return { url, pid: child.pid, stop: async () => (await stop(), rmSync(dir, { recursive: true, force: true })) };
}
