// The server under test: `wrangler dev` on a frozen copy of the source (others edit the tree; wrangler would
// restart on every save), on one port and one state directory across restarts, so clients see "the same
// server" come back. Restarts are graceful (SIGTERM) or a crash (SIGKILL of workerd and wrangler at once).
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface DevServerModule {
  startDevServer(o: { port?: number; persistTo?: string; quiet?: boolean; logLevel?: string }): Promise<{
    url: string;
    port: number;
    stop: () => Promise<void>;
    child: ChildProcess;
  }>;
  freePort(): Promise<number>;
}

/**
 * A copy of the worktree as it is now (others' uncommitted edits included, like the e2e suite sees it): every
 * top-level entry but node_modules (linked) and dot folders (git, wrangler state). No fixed list of folders,
 * so a new source folder is never left out.
 */
function freezeWorktree(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeflare-reliability-src-'));
  for (const entry of readdirSync(root)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Every descendant pid of `pid` (from /proc), deepest last. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export class ServerUnderTest {
  url = '';
  /** Resolves while the server is up; replaced by a pending promise during a restart. */
  private upPromise: Promise<void> = Promise.resolve();
  private child?: ChildProcess;
  private stopFn?: () => Promise<void>;
  private port = 0;
  private dev!: DevServerModule;
  private readonly stateDir: string;
  restarts = 0;
  kills = 0;

  private constructor(
    private readonly sourceDir: string,
    private readonly logLevel: string,
  ) {
    this.stateDir = join(sourceDir, '.reliability-state');
  }

  /** Freezes the worktree's source (scripts/lib with it, so the dev-server helper serves the copy) and starts it. */
  static async start(root: string, logLevel = 'error'): Promise<ServerUnderTest> {
    const dir = freezeWorktree(root);
    const s = new ServerUnderTest(dir, logLevel);
    // the copy's dev-server.mjs takes its ROOT (the source wrangler serves) from where it lies
    s.dev = (await import(join(dir, 'scripts/lib/dev-server.mjs'))) as DevServerModule;
    s.port = await s.dev.freePort();
    await s.boot();
    return s;
  }

  private async boot(): Promise<void> {
    let server: Awaited<ReturnType<DevServerModule['startDevServer']>> | undefined;
    // the old workerd may hold the port for a moment after its parent exited, and wrangler's inspector port
    // can collide with another wrangler starting at the same moment (other engineers' e2e runs)
    for (let attempt = 0; !server; attempt++) {
      try {
        server = await this.dev.startDevServer({ port: this.port, persistTo: this.stateDir, quiet: true, logLevel: this.logLevel });
      } catch (e) {
        const busy = (e as { code?: string }).code === 'PORT_BUSY' || /Address already in use/.test(String(e));
        if (!busy || attempt > 60) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    this.url = server.url;
    this.child = server.child;
    this.stopFn = server.stop;
  }

  /** Waits until the server is up (immediately unless a restart is under way). */
  up(): Promise<void> {
    return this.upPromise;
  }

  /**
   * Stops the server (`term`: SIGTERM, as a user would; `kill`: SIGKILL to workerd and wrangler, as a crash)
   * and starts it again on the same port and state. Requests in flight fail or time out.
   */
  async restart(how: 'term' | 'kill'): Promise<void> {
    let release!: () => void;
    this.upPromise = new Promise((r) => (release = r));
    try {
      if (how === 'kill') await this.kill();
      else await this.terminate();
      await this.boot();
      if (how === 'kill') this.kills++;
      else this.restarts++;
    } finally {
      release();
    }
  }

  /** SIGTERM to wrangler, as Ctrl-C would; then its workerd must be gone too before the next one starts. */
  private async terminate(): Promise<void> {
    const pids = this.child?.pid === undefined ? [] : descendants(this.child.pid);
    await this.stopFn?.();
    const alive = () => pids.filter((pid) => existsSync(`/proc/${pid}`));
    for (let i = 0; i < 100 && alive().length; i++) await new Promise((r) => setTimeout(r, 100));
    for (const pid of alive()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    // workerd first: it holds the port and the storage; then wrangler, so it cannot restart it
    for (const pid of [...descendants(child.pid).reverse(), child.pid]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await exited;
  }

  async stop(): Promise<void> {
    await this.stopFn?.();
    rmSync(this.sourceDir, { recursive: true, force: true });
  }
}
