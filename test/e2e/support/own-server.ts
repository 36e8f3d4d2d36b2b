// A private `wrangler dev` for tests that must stop and restart a server (the shared one of the global setup
// must stay up for the other files), with a kubectl runner bound to its own kubeconfig.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import type { KubectlOptions, KubectlResult } from './kubectl';
import { registerServerToken } from './auth-fetch';

interface DevServerModule {
  startDevServer(o: { port?: number; persistTo?: string; quiet?: boolean; logLevel?: string; adminToken?: string }): Promise<{
    url: string;
    port: number;
    stop: () => Promise<void>;
    child: import('node:child_process').ChildProcess;
  }>;
  writeKubeconfig(path: string, url: string, token?: string): string;
  adminTokenIn(stateDir: string): string;
}

const ROOT = resolve(import.meta.dirname, '../../..');

/** A running private server: its URL, a kubeconfig for it, what it wrote to stderr, and how to stop it. */
export interface OwnServer {
  url: string;
  kubeconfig: string;
  /** Its admin token (kept in the state folder, so a restart on the same state keeps it). */
  adminToken: string;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts `wrangler dev` persisting to `persistTo` and writes `<workDir>/kubeconfig-<port>` for it.
 * E2E_VERBOSE=1 lets wrangler print the worker's logs at `logLevel`.
 */
export async function startOwnServer(workDir: string, persistTo: string, logLevel = 'warn'): Promise<OwnServer> {
  const { startDevServer, writeKubeconfig, adminTokenIn } = (await import(join(ROOT, 'scripts/lib/dev-server.mjs'))) as DevServerModule;
  const adminToken = adminTokenIn(persistTo);
  const server = await startDevServer({ persistTo, quiet: !process.env.E2E_VERBOSE, logLevel, adminToken });
  registerServerToken(server.url, adminToken);
  let stderr = '';
  server.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    url: server.url,
    adminToken,
    kubeconfig: writeKubeconfig(join(workDir, `kubeconfig-${server.port}`), server.url, adminToken),
    stderr: () => stderr,
    stop: server.stop,
  };
}

/** Runs the harness's kubectl against `kubeconfig`, with its own HOME/KUBECACHEDIR under `workDir`. */
export function kubectlFor(workDir: string, kubeconfig: () => string) {
  const home = join(workDir, 'home');
  mkdirSync(home, { recursive: true });
  async function run(args: string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
    const env = { ...process.env, HOME: home, KUBECACHEDIR: join(home, '.kube', 'cache'), KUBECONFIG: kubeconfig(), NO_COLOR: '1', ...opts.env };
    const child = spawn(inject('kubectl'), ['--kubeconfig', kubeconfig(), ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out.stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out.stderr += d));
    child.stdin.end(opts.stdin ?? '');
    const timeoutMs = opts.timeoutMs ?? 25_000;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const r = await new Promise<KubectlResult>((res, rej) => {
      child.on('error', rej);
      child.on('close', (code, signal) => res({ code: code ?? (signal ? 128 : 1), ...out }));
    }).finally(() => clearTimeout(timer));
    if (r.code !== 0 && !opts.allowFail) throw new Error(`kubectl ${args.join(' ')} exited with ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r;
  }
  return {
    kubectl: run,
    /** `kubectl get ... -o json`, parsed. */
    getJson: async (args: string[]): Promise<any> => JSON.parse((await run(['get', ...args, '-o', 'json'])).stdout),
  };
}

/** A file's private server, as `useOwnServer` gives it: the server's fields once it runs, and kubectl bound to it. */
export interface FileServer extends OwnServer, ReturnType<typeof kubectlFor> {
  workDir: string;
}

/**
 * A private server for the whole file (a temp folder `kubeflare-NAME-*`): started before its tests (90 s allowed),
 * stopped after them, the folder removed unless E2E_KEEP is set. `skip` starts nothing (a file whose tests are skipped).
 */
export function useOwnServer(name: string, { skip = false } = {}): FileServer {
  const workDir = mkdtempSync(join(tmpdir(), `kubeflare-${name}-`));
  let server: OwnServer | undefined;
  const running = (): OwnServer => {
    if (!server) throw new Error(`the private server of ${name} is not running (read it inside a test or hook)`);
    return server;
  };
  if (!skip) {
    beforeAll(async () => {
      server = await startOwnServer(workDir, join(workDir, 'state'));
    }, 90_000);
    afterAll(async () => {
      await server?.stop();
      if (!process.env.E2E_KEEP) rmSync(workDir, { recursive: true, force: true });
    });
  }
  return {
    workDir,
    ...kubectlFor(workDir, () => running().kubeconfig),
    get url() {
      return running().url;
    },
    get kubeconfig() {
      return running().kubeconfig;
    },
    get adminToken() {
      return running().adminToken;
    },
    stderr: () => running().stderr(),
    stop: () => running().stop(),
  };
}
