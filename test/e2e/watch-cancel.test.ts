// A client that closes a watch (Ctrl-C on `kubectl get -w`, an informer stopping, a page reload) must leave the
// dev server's console quiet. workerd reports the cancel of a stream returned over Durable Object RPC as
// "✘ [ERROR] Uncaught Error: Network connection lost." in the store when it next writes to that watcher
// (cloudflare/workers-sdk#11071); the Worker ends store watches by name instead, when the request's signal
// aborts. On a private server, whose stderr this file reads.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { manifest, poll } from './support/kubectl';
import { configMap } from './support/fixtures';
import { useOwnServer } from './support/own-server';

const server = useOwnServer('watch-cancel');
const { workDir, kubectl } = server;

/** Starts `kubectl ARGS -v=6` against the private server and resolves once its watch request is answered. */
async function watching(args: string[]): Promise<() => void> {
  const child = spawn(inject('kubectl'), ['--kubeconfig', server.kubeconfig, ...args, '-v=6'], {
    env: { ...process.env, HOME: join(workDir, 'home'), KUBECONFIG: server.kubeconfig },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const kill = (): void => void child.kill('SIGKILL');
  try {
    await poll(() => /[?&]watch=true\S* 200 OK/.test(stderr), 15_000, `the watch of kubectl ${args.join(' ')}; stderr:\n${stderr}`);
  } catch (e) {
    kill();
    throw e;
  }
  return kill;
}

const noise = (): string[] => server.stderr().split('\n').filter((l) => /Uncaught|Network connection lost/.test(l));

describe('closing a watch', () => {
  // with E2E_VERBOSE the server's stderr goes to the terminal instead, and there is nothing to count
  it.skipIf(!!process.env.E2E_VERBOSE)('prints no uncaught error when the stores write afterwards, whatever kind of watch it was', async () => {
    await kubectl(['create', 'configmap', 'watched']);
    const stops = [
      await watching(['get', 'pods', '-w']), // single store, Table rows
      await watching(['get', 'configmaps', '-w', '-o', 'json']), // single store, lines passed through
      await watching(['get', 'configmap', 'watched', '-w', '-o', 'json']), // one object
      await watching(['get', 'pods', '-A', '-w']), // every namespace store and the namespaces
      await watching(['get', 'events.events.k8s.io', '-A', '-w', '-o', 'json']), // converted line by line
    ];
    for (const stop of stops) stop();
    // every store those watches read from writes again: each write goes to the watchers it still has
    await kubectl(['apply', '-f', '-'], { stdin: manifest(configMap('after-1'), configMap('after-2')) });
    await kubectl(['label', 'configmap', 'watched', 'seen=after']);
    await kubectl(['run', 'after', '--image=registry.k8s.io/pause:3.9']);
    await kubectl(['create', 'namespace', 'after-watch']);
    await kubectl(['-n', 'after-watch', 'create', 'configmap', 'inside']);
    await kubectl(['apply', '-f', '-'], {
      stdin: manifest({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'after.1', namespace: 'default' },
        involvedObject: { kind: 'Pod', name: 'after', namespace: 'default' },
        reason: 'Test',
        message: 'written after the watches closed',
        type: 'Normal',
      }),
    });
    // workerd logs the error as the store writes; give the log a moment to reach us, then count
    await new Promise((r) => setTimeout(r, 2000));
    expect(noise()).toEqual([]);
  });
});
