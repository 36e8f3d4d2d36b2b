// Runs the real kubectl against the e2e server: one HOME/KUBECACHEDIR per run, so discovery is cached like a user's.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { stringify } from 'yaml';

/** What a finished kubectl printed. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  /** Fed to kubectl's standard input (for `-f -`). */
  stdin?: string;
  /** Resolve with a non-zero exit code instead of throwing. */
  allowFail?: boolean;
  timeoutMs?: number;
  /** Extra environment variables (e.g. EDITOR). */
  env?: Record<string, string>;
}

function env(): NodeJS.ProcessEnv {
  const home = join(inject('workDir'), 'home');
  mkdirSync(home, { recursive: true });
  return { ...process.env, HOME: home, KUBECACHEDIR: join(home, '.kube', 'cache'), KUBECONFIG: inject('kubeconfig'), NO_COLOR: '1' };
}

function spawnKubectl(args: string[], stdin?: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(inject('kubectl'), ['--kubeconfig', inject('kubeconfig'), ...args], { env: { ...env(), ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out.stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out.stderr += d));
  child.stdin.end(stdin ?? '');
  const done = new Promise<KubectlResult>((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code: code ?? (signal ? 128 : 1), ...out }));
  });
  return { child, out, done };
}

/**
 * Runs `kubectl ARGS` and waits for it. Throws (with its stderr) on a non-zero exit unless `allowFail`.
 * @example const { stdout } = await kubectl(['get', 'ns']);
 */
export async function kubectl(args: string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  const { child, done } = spawnKubectl(args, opts.stdin, opts.env);
  const timeoutMs = opts.timeoutMs ?? 25_000;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const r = await done.finally(() => clearTimeout(timer));
  if (timedOut) throw new Error(`kubectl ${args.join(' ')} was killed after ${timeoutMs}ms\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  if (r.code !== 0 && !opts.allowFail) {
    throw new Error(`kubectl ${args.join(' ')} exited with ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return r;
}

/** `kubectl get ... -o json`, parsed. */
export async function getJson(args: string[]): Promise<any> {
  return JSON.parse((await kubectl(['get', ...args, '-o', 'json'])).stdout);
}

/**
 * The parts of an object a user writes (not status, resourceVersion or managedFields, which controllers
 * change concurrently): compare these to check that a failed request changed nothing.
 */
export function userView(o: any): unknown {
  const { name, namespace, uid, labels, annotations, generation, finalizers, deletionTimestamp } = o.metadata;
  return { metadata: { name, namespace, uid, labels, annotations, generation, finalizers, deletionTimestamp }, spec: o.spec, data: o.data };
}

/** A kubectl left running (e.g. `get -w`): read what it printed so far, then stop it. */
export interface BackgroundKubectl {
  /** Its stdout so far, whole lines only: a pipe may hand a line over in pieces (a watch row's EVENT column first). */
  output(): string;
  stderr(): string;
  /** Resolves when kubectl exits by itself. */
  exited: Promise<KubectlResult>;
  stop(): Promise<KubectlResult>;
}

/** Starts kubectl without waiting for it (watches). Always `stop()` it. */
export function kubectlInBackground(args: string[]): BackgroundKubectl {
  const { child, out, done } = spawnKubectl(args);
  return {
    output: () => out.stdout.slice(0, out.stdout.lastIndexOf('\n') + 1),
    stderr: () => out.stderr,
    exited: done,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return done;
    },
  };
}

/**
 * Starts a watching kubectl (`get -w`, `wait`) and resolves once its watch request is answered, so changes made
 * afterwards are certainly seen as events. `-v=6` makes kubectl log each request once its response headers arrive.
 */
export async function kubectlWatching(args: string[]): Promise<BackgroundKubectl> {
  const w = kubectlInBackground([...args, '-v=6']);
  try {
    await poll(() => /[?&]watch=true\S* 200 OK/.test(w.stderr()), 10_000, `the watch request of kubectl ${args.join(' ')}`);
  } catch (e) {
    await w.stop();
    throw new Error(`${(e as Error).message}\nstderr:\n${w.stderr()}`);
  }
  return w;
}

/**
 * Calls `fn` until it returns a truthy value (or stops throwing) and returns that; fails after `timeoutMs`
 * with the last error or value, so a test never sleeps a fixed time.
 */
export async function poll<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}; last: ${detail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

let counter = 0;

/**
 * Creates a namespace unique to this run (`e2e-<prefix>-<n>`) so tests never see each other's objects, and waits
 * until it has settled as on any cluster: the root-ca-cert-publisher's kube-root-ca.crt is there (so it does not
 * appear in the middle of a test, and pods do not wait on it in ContainerCreating), and so is the ServiceAccount
 * `default` (its store creates it a moment after the namespace; the ServiceAccount admission needs it).
 */
export async function newNamespace(prefix: string): Promise<string> {
  const name = `e2e-${prefix}-${process.pid % 10000}-${++counter}`;
  await kubectl(['create', 'namespace', name]);
  await kubectl(['-n', name, 'wait', '--for=create', 'configmap/kube-root-ca.crt', 'serviceaccount/default', '--timeout=20s']);
  return name;
}

/** Several objects as one multi-document YAML manifest. */
export function manifest(...docs: object[]): string {
  return docs.map((d) => stringify(d)).join('---\n');
}

/** Splits kubectl's table output into rows of cells (header included); columns are padded by 2+ spaces. */
export function tableRows(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s{2,}/));
}
