// Runs the scripts in test/e2e/python/ with the official Python client (Debian's python3-kubernetes) against the
// e2e server. Each script prints one JSON document of what it saw; the vitest files assert on it, so a failure
// shows in vitest's report with the script's stderr.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

const SCRIPTS = resolve(import.meta.dirname, '../python');

/**
 * Debian installs python3-kubernetes for the system interpreter only; `python3` on PATH may be another one
 * (pyenv, a venv) without it. E2E_PYTHON overrides.
 */
export const PYTHON = process.env.E2E_PYTHON || '/usr/bin/python3';

/** The installed client's version, or undefined when PYTHON cannot import `kubernetes`. */
export function pythonClientVersion(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import kubernetes; print(kubernetes.__version__)'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export const PYTHON_CLIENT_MISSING = `the official Python client is not importable by ${PYTHON}: install Debian's python3-kubernetes (apt-get install -y python3-kubernetes; .ci/run does this) or set E2E_PYTHON to an interpreter that has the kubernetes package`;

/**
 * Runs test/e2e/python/<script> with the e2e kubeconfig and `args`, and returns the JSON it printed.
 * Throws with the script's stderr when it exits non-zero, prints something other than JSON, or outlives `timeoutMs`.
 * @example const r = await runPython('crud.py', [namespace]);
 */
export async function runPython(script: string, args: string[] = [], timeoutMs = 25_000): Promise<any> {
  const child = spawn(PYTHON, [join(SCRIPTS, script), inject('kubeconfig'), ...args], {
    // No __pycache__ in the source tree; unbuffered so a killed script still shows what it printed.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number>((res, rej) => {
    child.on('error', rej);
    child.on('close', (c, signal) => res(c ?? (signal ? 128 : 1)));
  }).finally(() => clearTimeout(timer));
  const what = `${PYTHON} ${script} ${args.join(' ')}`;
  if (timedOut) throw new Error(`${what} was killed after ${timeoutMs}ms\nstdout: ${stdout}\nstderr: ${stderr}`);
  if (code !== 0) throw new Error(`${what} exited with ${code}\nstdout: ${stdout}\nstderr: ${stderr}`);
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`${what} printed no JSON\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
}
