// `npm run scenario`'s runner (scripts/scenario/run.ts) on a private server (it changes the clock): the speed in
// effect changes under a running scenario without any step of its own — the pace keeper slows a clock its loops
// cannot keep up with and speeds it up again, or someone patches the clock — and the runner must keep reading
// cluster time from the server, or its timeline, its end and its summary drift from the events the cluster stamps.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clockStateOf } from '../../shared/clock/clock-object';
import { clusterTimeAt } from '../../shared/clock/cluster-clock';
import { parseScenario } from '../../shared/scenario';
import { runScenario } from '../../scripts/scenario/run';
import { useOwnServer } from './support/own-server';

const server = useOwnServer('scenario');
const { workDir } = server;
const CLOCK = '/apis/kubeflare.dev/v1alpha1/clusterclocks/cluster';

async function clusterNow(): Promise<number> {
  const res = await fetch(server.url + CLOCK);
  expect(res.status).toBe(200);
  const wall = Date.now();
  return clusterTimeAt(clockStateOf(await res.json(), wall), wall);
}

describe('the scenario runner', () => {
  it('follows a change of the clock speed it did not make: it ends at the scenario duration in server cluster time', async () => {
    const parsed = parseScenario('name: clock-follow\nspeed: 5\nduration: 1m\nobjects: []\nsteps: []\n');
    if (!('scenario' in parsed)) throw new Error(JSON.stringify(parsed.errors));
    let sped: Promise<Response> | undefined;
    const run = runScenario(parsed.scenario, {
      server: server.url,
      out: (line) => {
        // at t = 0 someone else makes the clock 20 times faster (as the pace keeper does when loops catch up)
        if (line.startsWith('clock-follow: t = 0') && !sped) {
          sped = fetch(server.url + CLOCK, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify({ spec: { speed: 100, keepUp: false } }) });
        }
      },
      progress: () => {},
    });
    const result = await run;
    expect((await sped!).status).toBe(200);
    const now = await clusterNow();
    // at 100x a minute of cluster time is 0.6 s of wall time: the run stops within a few samples of it (under load a
    // sample can take seconds: 300 s of cluster time), not after the 12 wall s a runner still counting 5x would take
    // (over 18 minutes of cluster time)
    expect(now - result.t0).toBeLessThan(6 * 60_000);
    expect(result.end - result.t0).toBeGreaterThanOrEqual(60_000);
    expect(Math.abs(now - result.end)).toBeLessThan(5 * 60_000);
  }, 60_000);

  it('npm run scenario -- --server runs on a server with authentication over TLS, with the token from its kubeconfig', async () => {
    const file = join(workDir, 'short.yaml');
    writeFileSync(file, 'name: short\nspeed: 60\nduration: 1m\nobjects: []\nsteps: []\n');
    const child = spawn(process.execPath, [resolve(import.meta.dirname, '../../scripts/scenario.mjs'), '--server', server.url, '--kubeconfig', server.kubeconfig, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const code = await new Promise<number | null>((res) => child.on('exit', res));
    expect(out).toContain('Summary of short: ');
    expect(code).toBe(0);
  }, 60_000);
});
