// `npm run dev` as a newcomer meets it (issue 16): a busy port is refused before anything starts, and a start prints
// one summary (URL, dashboard, kubeconfig and context, state folder, node pool) and then stays quiet.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { kubectlFor } from './support/own-server';
import { poll } from './support/kubectl';

const ROOT = resolve(import.meta.dirname, '../..');

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

function dev(args: string[]): Run {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/dev.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return { child, stdout: () => out, stderr: () => err, exited: new Promise((res) => child.on('exit', (code) => res(code))) };
}

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((res) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => res({ server, port: (server.address() as { port: number }).port }));
  });
}

const work = () => mkdtempSync(join(inject('workDir'), 'dev-'));
const running: Run[] = [];
afterAll(async () => {
  // SIGINT first: dev.mjs then stops its wrangler and workerd (a SIGKILL of dev.mjs alone would leave them running)
  await Promise.all(
    running
      .filter((r) => r.child.exitCode === null)
      .map(async (r) => {
        r.child.kill('SIGINT');
        const timer = setTimeout(() => r.child.kill('SIGKILL'), 15_000);
        await r.exited;
        clearTimeout(timer);
      }),
  );
}, 30_000);

describe('npm run dev on a busy port', () => {
  it('fails at once naming the port and --port, and writes no kubeconfig', async () => {
    const { server, port } = await listen();
    try {
      const dir = work();
      const r = dev(['--port', String(port), '--kubeconfig', join(dir, 'kubeconfig'), '--state', join(dir, 'state')]);
      expect(await r.exited).toBe(1);
      expect(r.stderr()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(r.stderr()).toContain(`npm run dev -- --port ${port + 1}`);
      expect(r.stdout()).not.toContain('ready');
      expect(existsSync(join(dir, 'kubeconfig'))).toBe(false);
    } finally {
      server.close();
    }
  });

  it('also when the port is held by another Kubeflare that answers /readyz', async () => {
    const busy = Number(new URL(inject('kubeUrl')).port);
    expect((await fetch(`${inject('kubeUrl')}/readyz`)).ok).toBe(true);
    const dir = work();
    const r = dev(['--port', String(busy), '--kubeconfig', join(dir, 'kubeconfig'), '--state', join(dir, 'state')]);
    expect(await r.exited).toBe(1);
    expect(r.stderr()).toContain(`Port ${busy} on 127.0.0.1 is already in use`);
    expect(existsSync(join(dir, 'kubeconfig'))).toBe(false);
  });
});

describe('npm run dev start-up', () => {
  it('prints one summary, then nothing but warnings while kubectl works; the dashboard is served; --speed sets the clock on a restart', async () => {
    const { server, port } = await listen();
    server.close(); // a port that was free a moment ago
    const dir = work();
    const kubeconfig = join(dir, 'kubeconfig');
    const r = dev(['--port', String(port), '--kubeconfig', kubeconfig, '--state', join(dir, 'state'), '--nodes', '2']);
    running.push(r);
    await poll(() => r.stdout().includes('Press Ctrl-C to stop.') || r.child.exitCode !== null, 90_000, 'the start-up summary');
    const url = `https://127.0.0.1:${port}`;
    const out = r.stdout();
    expect(out).toContain(`API server  ${url}\n`);
    expect(out).toContain(`Dashboard   ${url}/\n`);
    expect(out).toContain(`Kubeconfig  ${kubeconfig} (context "kubeflare")\n`);
    expect(out).toContain(`State       ${join(dir, 'state')}\n`);
    expect(out).toContain('Node pool   NodePool "default", 2 nodes (created now)\n');
    expect(out.match(/Kubeflare is ready\./g)).toHaveLength(1);
    expect(readFileSync(kubeconfig, 'utf8')).toContain(`server: ${url}`);

    const { kubectl } = kubectlFor(dir, () => kubeconfig);
    await poll(async () => (await kubectl(['get', 'nodes', '--no-headers'])).stdout.split('\n').filter((l) => / Ready /.test(l)).length === 2, 30_000, '2 Ready nodes');
    // the first start creates the cluster clock at real time, so the README's `kubectl patch clusterclock` works at once
    await kubectl(['patch', 'clusterclock', 'cluster', '--type=merge', '-p', '{"spec":{"keepUp":true}}']);
    expect((await kubectl(['get', 'clusterclock', 'cluster', '-o', 'jsonpath={.spec.speed}'])).stdout).toBe('1');
    await kubectl(['create', 'configmap', 'quiet']);
    await kubectl(['get', 'configmaps']);
    await kubectl(['delete', 'configmap', 'quiet']);
    expect((await fetch(`${url}/`)).headers.get('content-type')).toBe('text/html; charset=utf-8');

    // after the summary: at most the node pool's progress line, no request logs, no errors
    const after = r.stdout().slice(r.stdout().indexOf('Press Ctrl-C to stop.') + 'Press Ctrl-C to stop.'.length);
    for (const line of after.split('\n').filter((l) => l.trim())) expect(line).toMatch(/^NodePool "default": \d+\/2 nodes? Ready \(\d+s\)$/);
    expect(r.stdout()).not.toMatch(/GET \/api|"msg":"request"/);
    expect(r.stderr()).toBe('');
    r.child.kill('SIGINT');
    expect(await r.exited).toBe(0);

    // a restart on the same state with --speed sets the clock (over TLS, with the admin token) and keeps the pool
    const again = dev(['--port', String(port), '--kubeconfig', kubeconfig, '--state', join(dir, 'state'), '--speed', '2']);
    running.push(again);
    await poll(() => again.stdout().includes('Press Ctrl-C to stop.') || again.child.exitCode !== null, 90_000, 'the restart summary');
    expect(again.stderr()).toBe('');
    expect(again.stdout()).toContain('Cluster clock: 2× real time (kubectl get clusterclock)\n');
    expect(again.stdout()).toContain('Node pool   NodePool "default", 2 nodes\n');
    expect((await kubectl(['get', 'clusterclock', 'cluster', '-o', 'jsonpath={.spec.speed}'])).stdout).toBe('2');
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 240_000);
});
