// Starts one `wrangler dev` with a fresh state directory for the whole e2e run and hands its URL and a kubeconfig
// to the tests through vitest's provide/inject.
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureKubectl } from './ensure-kubectl';

interface DevServerModule {
  startDevServer(o: { port?: number; persistTo?: string; quiet?: boolean; logLevel?: string; adminToken?: string }): Promise<{
    url: string;
    stop: () => Promise<void>;
    child: ChildProcess;
  }>;
  writeKubeconfig(path: string, url: string, token?: string): string;
  adminTokenIn(stateDir: string): string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kubeUrl: string;
    kubeconfig: string;
    /** The shared server's admin token (also in the kubeconfig; support/auth-fetch.ts adds it to raw fetches). */
    adminToken: string;
    kubectl: string;
    /** Scratch directory for HOME/KUBECACHEDIR and manifests. */
    workDir: string;
  }
}

const ROOT = resolve(import.meta.dirname, '../../..');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kubectl = ensureKubectl(join(ROOT, 'node_modules/.cache/kubeflare-kubectl'));
  const workDir = mkdtempSync(join(tmpdir(), 'kubeflare-e2e-'));
  const devServerPath = join(ROOT, 'scripts/lib/dev-server.mjs');
  const { startDevServer, writeKubeconfig, adminTokenIn } = (await import(devServerPath)) as DevServerModule;
  // authentication on, as `npm run dev` runs it: the admin token goes into the kubeconfig
  const adminToken = adminTokenIn(join(workDir, 'state'));
  const server = await startDevServer({ persistTo: join(workDir, 'state'), quiet: !process.env.E2E_VERBOSE, logLevel: 'warn', adminToken });
  const kubeconfig = writeKubeconfig(join(workDir, 'kubeconfig'), server.url, adminToken);
  // wrangler dev rebuilds when sources change under it, and may die: keep its errors and say so loudly.
  const log = join(workDir, 'wrangler.log');
  server.child.stderr?.on('data', (d: Buffer) => appendFileSync(log, d));
  let stopping = false;
  let died = false;
  server.child.on('exit', (code, signal) => {
    if (stopping) return;
    died = true;
    // every later test fails with "connection refused": say why here, with the end of its stderr (kept past teardown)
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-40).join('\n') : '(no stderr)';
    console.error(`\n[e2e] wrangler dev exited unexpectedly (code ${code}, signal ${signal}); its stderr is in ${log}, ending:\n${tail}\n`);
  });
  project.provide('kubeUrl', server.url);
  project.provide('kubeconfig', kubeconfig);
  project.provide('adminToken', adminToken);
  project.provide('kubectl', kubectl);
  project.provide('workDir', workDir);
  return async () => {
    stopping = true;
    await server.stop();
    if (!process.env.E2E_KEEP && !died) rmSync(workDir, { recursive: true, force: true });
  };
}
