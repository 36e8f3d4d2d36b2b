// `npm run reliability` in quick mode (fixed seed, on a shorter budget: about 45 s) inside the suite: linearizable histories and an
// exact watch across a restart and a SIGKILL, a rollout that converges after crashes, and the HTTP fuzzer,
// on a private `wrangler dev`. Any violation fails the test and is printed with what reproduces it.
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { QUICK, runReliability } from '../../scripts/reliability/run';

const ROOT = resolve(import.meta.dirname, '../..');

// The suite's share of `npm test`'s 15 minutes: quick mode's seed on a 40 s budget instead of 60 (histories get 18 s
// instead of 27, the fuzzer what is left, at least 10 s); every phase and fault still runs.
const SUITE = { ...QUICK, seconds: 40 };

it('finds no lost write, stale read, watch gap, stuck rollout, 5xx, hang or stored garbage (quick mode)', async () => {
  const { figures, seconds } = await runReliability({ ...SUITE, root: ROOT });
  console.log(figures.summary(seconds, SUITE.seed));
  expect(figures.violations.map((v) => `${v.phase}: ${v.kind}: ${v.detail}`)).toEqual([]);
  // the run really exercised what it claims (a run that checked nothing must not pass)
  expect(figures.histories).toBeGreaterThan(40);
  expect(figures.controls, 'corrupted copies of real histories rejected').toBeGreaterThan(10);
  expect(figures.watchReconnects).toBeGreaterThanOrEqual(2);
  expect(figures.faults['SIGKILL of workerd mid-request']).toBe(1);
  expect(figures.faults['SIGKILL mid-rollout']).toBe(1);
  expect(figures.inputsFuzzed).toBeGreaterThan(200);
}, 300_000);
