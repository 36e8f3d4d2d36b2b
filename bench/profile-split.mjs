#!/usr/bin/env node
// Bench-only: splits a profile written by `bench/profile-api.mjs --out FILE` (with FILE.bundle.js beside it)
// into the Worker's side and the store Durable Object's side of a request, by source module.
//   node bench/profile-split.mjs FILE.cpuprofile --requests 3000 [--top 25]
// A sample is the Worker's when the outermost frame of its stack from a known module is under workers/, the
// store's when it is under durable-objects/ or is the store engine's (an async function resumed after an
// await starts a stack of its own, so the engine's `create` can be the outermost frame); the rest (native
// frames with no JavaScript under them: HTTP, RPC, GC) is "native".
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { modulesOfBundle, selfTimes } from './lib/cpu-profile.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { requests: { type: 'string' }, top: { type: 'string', default: '25' }, sampling: { type: 'string', default: '200' } } });
const file = positionals[0];
if (!file || !values.requests) {
  process.stderr.write('node bench/profile-split.mjs FILE.cpuprofile --requests N [--top 25]\n');
  process.exit(2);
}
const N = Number(values.requests);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const moduleOf = modulesOfBundle(readFileSync(`${file}.bundle.js`, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const modOf = (n) => (n.callFrame.url === 'index.js' ? moduleOf(n.callFrame.lineNumber + 1) : '');
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${modOf(n).replace(/^.*\//, '')}`.trim();
const STORE = /^durable-objects\/|^shared\/apiserver\/store-(engine|writes)\.ts$/;

const sides = new Map();
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
let busy = 0;
for (const [id, ms] of selfTimes(profile, Number(values.sampling))) {
  const leaf = byId.get(id);
  if (['(idle)', '(root)'].includes(leaf.callFrame.functionName)) continue;
  busy += ms;
  const stack = [];
  for (let p = id; p !== undefined; p = parent.get(p)) stack.push(byId.get(p));
  stack.reverse();
  let side = 'native';
  for (const n of stack) {
    const m = modOf(n);
    if (m.startsWith('workers/')) side = 'worker';
    else if (STORE.test(m)) side = 'store';
    else continue;
    break;
  }
  if (!sides.has(side)) sides.set(side, { ms: 0, self: new Map(), incl: new Map(), modules: new Map() });
  const s = sides.get(side);
  s.ms += ms;
  add(s.self, label(leaf), ms);
  for (const l of new Set(stack.slice(1).map(label))) add(s.incl, l, ms);
  add(s.modules, modOf(leaf) || `(native) ${leaf.callFrame.functionName}`, ms);
}
const per = (ms) => (ms / N).toFixed(3).padStart(7);
const pct = (ms) => `${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
console.log(`busy ${per(busy).trim()} ms per request`);
for (const [side, s] of [...sides].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${per(s.ms)} ${pct(s.ms)}  ${side}`);
for (const [side, s] of [...sides].sort((a, b) => b[1].ms - a[1].ms)) {
  const top = Number(values.top);
  console.log(`\n== ${side}: self time by leaf module`);
  for (const [k, ms] of [...s.modules].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${per(ms)} ${pct(ms)}  ${k}`);
  console.log(`\n== ${side}: inclusive`);
  for (const [k, ms] of [...s.incl].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${per(ms)} ${pct(ms)}  ${k}`);
}
