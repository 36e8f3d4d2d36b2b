// Starts one `wrangler dev` with a fresh state directory for the whole e2e run and hands its URL and a kubeconfig
// to the tests through vitest's provide/inject.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureKubectl } from './ensure-kubectl';

interface DevServerModule {
  startDevServer(o: { port?: number; persistTo?: string; quiet?: boolean; logLevel?: string }): Promise<{ url: string; stop: () => Promise<void> }>;
  writeKubeconfig(path: string, url: string): string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kubeUrl: string;
    kubeconfig: string;
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
  const { startDevServer, writeKubeconfig } = (await import(devServerPath)) as DevServerModule;
  const server = await startDevServer({ persistTo: join(workDir, 'state'), quiet: !process.env.E2E_VERBOSE, logLevel: 'warn' });
  const kubeconfig = writeKubeconfig(join(workDir, 'kubeconfig'), server.url);
  project.provide('kubeUrl', server.url);
  project.provide('kubeconfig', kubeconfig);
  project.provide('kubectl', kubectl);
  project.provide('workDir', workDir);
  return async () => {
    await server.stop();
    if (!process.env.E2E_KEEP) rmSync(workDir, { recursive: true, force: true });
  };
}
