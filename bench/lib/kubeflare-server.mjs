// Starts Kubeflare under `wrangler dev` from a frozen copy of its source. wrangler dev watches the
// source tree and restarts workerd on every change; in a tree other people are editing, that
// restarts the server mid-measurement (state survives, the CPU counters and timings do not).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../../scripts/lib/dev-server.mjs';

/** What the Worker needs to build: its source folders and configuration. */
const SOURCE = ['workers', 'durable-objects', 'platform', 'shared', 'dashboard', 'wrangler.toml', 'package.json', 'tsconfig.json'];

/**
 * A copy of the Worker's source in a temp dir: `worktree` copies the files as they are now
 * (uncommitted edits included), `head` exports the last commit (`git archive HEAD`), `dir:<path>` copies another
 * tree laid out as this one (a commit with some files put back, for an A/B of just those), any other value that commit.
 */
export function freezeSource(source) {
  const dir = mkdtempSync(join(tmpdir(), 'kubeflare-bench-src-'));
  if (source.startsWith('dir:')) {
    for (const entry of SOURCE) cpSync(join(source.slice(4), entry), join(dir, entry), { recursive: true });
  } else if (source !== 'worktree') {
    const commit = source === 'head' ? 'HEAD' : source;
    const r = spawnSync('sh', ['-c', `git archive ${commit} ${SOURCE.join(' ')} | tar -x -C "${dir}"`], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git archive ${commit} failed: ${r.stderr}`);
    // the dashboard's bundle is built (npm ci, npm run dev), not committed
    cpSync(join(ROOT, 'dashboard/dist'), join(dir, 'dashboard/dist'), { recursive: true });
  } else {
    for (const entry of SOURCE) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The commit the frozen source came from, with `+dirty` when the worktree copy had local edits. */
export function sourceRevision(source) {
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  if (source === 'head') return rev;
  if (source !== 'worktree') return source;
  const dirty = spawnSync('git', ['status', '--porcelain', '--', ...SOURCE], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  return dirty ? `${rev}+dirty` : rev;
}

/**
 * `wrangler dev` on a frozen copy of the source with fresh state, on a free loopback port.
 * @param {{ source?: 'worktree' | 'head', logLevel?: string, vars?: Record<string, string>, inspectorPort?: number }} opts `vars` override the
 *   Worker's variables (AUTH_MODE is off unless a section turns it on); `inspectorPort` opens the DevTools protocol (bench/profile-clock.mjs)
 * @returns {Promise<{ url: string, pid: number, child: import('node:child_process').ChildProcess, stop: () => Promise<void> }>}
 */
export async function startKubeflare({ source = 'worktree', logLevel = 'warn', vars = {}, inspectorPort } = {}) {
  const dir = freezeSource(source);
  const state = join(dir, '.state');
  mkdirSync(state);
  const port = await freePort();
  const args = ['dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--log-level', 'error', '--show-interactive-dev-session=false', ...(inspectorPort ? ['--inspector-port', String(inspectorPort)] : []), ...Object.entries({ LOG_LEVEL: logLevel, AUTH_MODE: 'off', ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`])];
  // KUBEFLARE_BENCH_WRANGLER_LOG=log: wrangler prints the Worker's own log lines (a section that counts them, bench/sections/resync.mjs)
  if (process.env.KUBEFLARE_BENCH_WRANGLER_LOG) args[args.indexOf('--log-level') + 1] = process.env.KUBEFLARE_BENCH_WRANGLER_LOG;
  const child = spawn(join(ROOT, 'node_modules/.bin/wrangler'), args, {
    cwd: dir,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_D1_WARNING: 'true', FORCE_COLOR: '0' },
    stdio: ['ignore', process.env.KUBEFLARE_BENCH_STDERR ? 'pipe' : 'ignore', 'pipe'],
    // its own process group: stop() signals wrangler and the workerd it started together
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  // KUBEFLARE_BENCH_STDERR=<file>: the server's whole output (the Worker's log lines, wrangler's errors) for a post-mortem
  if (process.env.KUBEFLARE_BENCH_STDERR) {
    const out = createWriteStream(process.env.KUBEFLARE_BENCH_STDERR, { flags: 'a' });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
  }
  const url = `http://127.0.0.1:${port}`;
  let stopping;
  const stop = () => (stopping ??= stopServer(child, dir));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}\n${stderr}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not become ready on ${url} within 90s\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, pid: child.pid, child, stop };
}

/** Signals a server's whole process group (wrangler and its workerd); a group already gone is fine. */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: nothing left in the group
  }
}

/**
 * Stops a server within STOP_MS whatever state it is in: SIGTERM to its process group, SIGKILL to
 * the group after KILL_MS, and its stderr pipe closed. After a 5,000-node run wrangler could take
 * minutes to exit, or a workerd outliving it held the pipe open, and the bench never finished.
 */
const KILL_MS = 5000;
const STOP_MS = 10_000;
function stopServer(child, dir) {
  return new Promise((res) => {
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(kill);
      clearTimeout(giveUp);
      child.stdout?.destroy();
      child.stderr?.destroy();
      signalGroup(child, 'SIGKILL'); // whatever of the group outlived wrangler
      rmSync(dir, { recursive: true, force: true });
      res();
    };
    const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_MS);
    const giveUp = setTimeout(done, STOP_MS);
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    signalGroup(child, 'SIGTERM');
  });
}
