// The isolate's CPU profile over the DevTools protocol of `wrangler dev --inspector-port`, and its summary
// (bench/profile-api.mjs, bench/profile-deployment.mjs, bench/profile-clock.mjs, bench/profile-scheduler.mjs).
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A DevTools protocol session on a wrangler dev inspector target: `send(method, params)`, `on(event, fn)`, `close()`. */
export function connect(wsUrl) {
  // miniflare's inspector proxy wants a loopback Origin
  const ws = new WebSocket(wsUrl, { headers: { origin: 'http://127.0.0.1' } });
  let id = 0;
  const pending = new Map();
  const listeners = new Map();
  ws.onmessage = (m) => {
    const msg = JSON.parse(String(m.data));
    if (msg.method) for (const fn of listeners.get(msg.method) ?? []) fn(msg.params);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    }
  };
  return new Promise((resolve, reject) => {
    ws.onerror = reject;
    ws.onopen = () =>
      resolve({
        send: (method, params = {}) =>
          new Promise((res, rej) => {
            pending.set(++id, { resolve: res, reject: rej });
            ws.send(JSON.stringify({ id, method, params }));
          }),
        on: (method, fn) => listeners.set(method, [...(listeners.get(method) ?? []), fn]),
        close: () => ws.close(),
      });
  });
}

/**
 * Self time per profile node id, in ms. workerd samples the isolate only while it runs, so the gap
 * before the first sample after idling is idle time, not that sample's: a sample counts for at most two
 * sampling intervals (`samplingUs`, as given to Profiler.setSamplingInterval).
 */
export function selfTimes(profile, samplingUs) {
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + Math.min(profile.timeDeltas[i] ?? 0, 2 * samplingUs) / 1000));
  return self;
}

/** Prints self and inclusive time per function, per request (`requests` divides the times). */
export function report(profile, requests, top, samplingUs) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = selfTimes(profile, samplingUs);
  const label = (n) => {
    const f = n.callFrame;
    const file = (f.url || '').split('/').pop();
    return `${f.functionName || '(anonymous)'} ${file ? `${file}:${f.lineNumber + 1}` : ''}`.trim();
  };
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfBy = new Map();
  const inclBy = new Map();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + ms);
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const l = label(byId.get(p));
      if (seen.has(l)) continue;
      seen.add(l);
      inclBy.set(l, (inclBy.get(l) ?? 0) + ms);
    }
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = selfBy.get('(idle)') ?? 0;
  console.log(`profile: ${total.toFixed(0)} ms sampled, ${idle.toFixed(0)} ms idle, ${((total - idle) / requests).toFixed(3)} ms busy per request`);
  const show = (title, m) => {
    console.log(`\n${title} (ms per request, % of busy)`);
    for (const [l, ms] of [...m].filter(([l]) => l !== '(idle)' && l !== '(root)').sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(ms / requests).toFixed(3).padStart(8)}  ${((ms / (total - idle)) * 100).toFixed(1).padStart(5)}%  ${l}`);
    }
  };
  show('self time', selfBy);
  show('inclusive time', inclBy);
}

/**
 * Runs `main` where the global WebSocket exists: Node 20 has it only behind a flag, so the script re-runs
 * itself with it (the DevTools protocol above speaks over a WebSocket).
 */
export async function withWebSocket(main) {
  if (typeof WebSocket !== 'undefined') return main();
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--experimental-websocket', '--no-warnings', ...process.argv.slice(1)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
}

/**
 * Which loop a sample belongs to: the first rule (in this order) that matches a frame of its stack, as
 * "function module" (the module from the bundle's comments). A stack stops at a Durable Object call, so
 * the store's side of a kubelet's renewLeases or updateMany is the store's own stack, not the kubelet's.
 */
const LOOPS = [
  ['keeper / clock pacer', /clock-pacer\.ts|shared\/clock\/pace\.ts/],
  ['kubelet lease renewal', /^(reconcileNodes|writeLeases|writeStatuses|currentNode|poolView|resumePods) |node-heartbeat\.ts|node-conditions\.ts|kubelet-memory\.ts|shared\/nodes\/eviction-/],
  ['kubelet pods', /kubelet-controller\.ts|kubelet-batch\.ts/],
  ['node lifecycle monitor', /node-lifecycle/],
  ['scheduler', /scheduler-controller\.ts|shared\/scheduler\//],
  ['taint eviction', /taint-eviction/],
  ['HPA', /hpa-controller\.ts|hpa-batch-io\.ts|controllers\/hpa\//],
  ['node IPAM', /node-ipam/],
  ['other controllers', /durable-objects\/controllers\/[\w-]+-controller\.ts/],
  ['notices / outbox / watch fan-out', /notice-outbox\.ts|change-notice\.ts|notifier\.ts|watch-hub\.ts|watch-event\.ts/],
  // the kubelets' renewals through the store's renewal path, apart from the generic writes
  ['store Lease renewals (renewLeases)', /lease-renewals?\.ts/],
  ['store commit (updateMany/create/patch)', /^(updateMany|updateNow|createMany|create|update|patch|commit|finishUpdate|commitCharged|atomically|transaction) |store-writes\.ts|admission\.ts|object-meta\.ts|field-manager\.ts/],
  ['store reads (get/list/watch)', /store-list\.ts|^(get|scan|scanJson|pageJson|getJson|list|listJson|watch) (durable-objects\/store|durable-objects\/object-store|shared\/apiserver)/],
  ['controller host (queue, alarm)', /controller-host\.ts|state-rows\.ts|work-queue/],
  ['API worker (requests)', /^workers\//],
];

/** What kind of work a sample's own (leaf) frame is. */
const KINDS = [
  ['JSON parse/stringify', /^(parse|stringify|stableStringify)$/],
  ['SQLite exec', /^(exec|toArray|one|next|transactionSync|raw)$/],
  ['GC', /^\(garbage collector\)$/],
  ['structuredClone', /^structuredClone$/],
  ['RPC / serialization', /^(fetch|call|serialize|deserialize)$/],
];

/** Bundle line → source module ("" when unknown), for labels: the dev bundle has no source map, only esbuild's `// path` comment atop each module. */
export function bundleModules(wranglerPid) {
  try {
    const tmp = join(readlinkSync(`/proc/${wranglerPid}/cwd`), '.wrangler/tmp');
    const newest = readdirSync(tmp).filter((d) => d.startsWith('dev-')).map((d) => join(tmp, d, 'index.js')).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    return modulesOfBundle(readFileSync(newest, 'utf8'));
  } catch {
    return () => '';
  }
}

/** Line → source module of a dev bundle's text (see bundleModules). */
export function modulesOfBundle(text) {
  const starts = [];
  text.split('\n').forEach((l, i) => {
    const m = /^\/\/ ((?:shared|durable-objects|workers|platform|node_modules)\/\S+\.[mc]?[jt]s)$/.exec(l);
    if (m) starts.push([i + 1, m[1].replace(/^.*node_modules\//, '')]);
  });
  return (line) => {
    let [lo, hi] = [0, starts.length - 1];
    if (hi < 0 || line < starts[0][0]) return '';
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid][0] <= line) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo][1];
  };
}

/**
 * Self and inclusive ms per `unit` (`per` of them in the profile: simulated seconds, pods): by loop, by kind
 * of work, and the top functions. `cpuSeconds`: the runtime's CPU over the same window, from /proc.
 */
export function printProfile(profile, { per: count, unit, top, cpuSeconds, samplingUs }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => n.callFrame.functionName || '(anonymous)';
  const label = (n) => {
    const { url, lineNumber } = n.callFrame;
    const where = url === 'index.js' ? `${n.callFrame.module || url}:${lineNumber + 1}` : url.split('/').pop();
    return `${name(n)} ${where}`.trim();
  };
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  const self = selfTimes(profile, samplingUs);
  const [selfBy, inclBy, loops, kinds, inLoop] = [new Map(), new Map(), new Map(), new Map(), new Map()];
  let busy = 0;
  for (const [id, ms] of self) {
    const leaf = byId.get(id);
    if (['(idle)', '(root)'].includes(name(leaf))) continue;
    busy += ms;
    add(selfBy, label(leaf), ms);
    const stack = [];
    for (let p = id; p !== undefined; p = parent.get(p)) stack.push(byId.get(p));
    for (const l of new Set(stack.map(label))) add(inclBy, l, ms);
    const frames = stack.map((n) => `${name(n)} ${n.callFrame.module ?? n.callFrame.url}`);
    const loop = LOOPS.find(([, re]) => frames.some((f) => re.test(f)))?.[0] ?? 'other';
    add(loops, loop, ms);
    if (!inLoop.has(loop)) inLoop.set(loop, new Map());
    for (const l of new Set(stack.slice(0, -1).map(label))) add(inLoop.get(loop), l, ms);
    add(kinds, KINDS.find(([, re]) => re.test(name(leaf)))?.[0] ?? 'JavaScript', ms);
  }
  const per = (ms) => (ms / count).toFixed(2).padStart(8);
  const pct = (ms) => `${((ms / busy) * 100).toFixed(1).padStart(5)}%`;
  console.log(`isolate busy ${(busy / 1000).toFixed(2)} s of the runtime's ${cpuSeconds.toFixed(2)} CPU s: ${per(busy).trim()} ms per ${unit} (the profiler's own overhead included)`);
  const show = (title, m, n) => {
    console.log(`\n${title} (ms per ${unit}, % of busy)`);
    for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${per(ms)}  ${pct(ms)}  ${k}`);
  };
  console.log(`\nby loop (inclusive; the first loop found on the stack; under each, its heaviest frames) (ms per ${unit}, % of busy)`);
  for (const [loop, ms] of [...loops].sort((a, b) => b[1] - a[1])) {
    console.log(`${per(ms)}  ${pct(ms)}  ${loop}`);
    for (const [l, f] of [...(inLoop.get(loop) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`${' '.repeat(18)}${per(f)}  ${l}`);
  }
  show('by kind of work (self)', kinds, KINDS.length + 1);
  show('self time', selfBy, top);
  show('inclusive time', inclBy, top);
}

/**
 * A CPU profile of the Kubeflare isolate of a `wrangler dev --inspector-port` server while `fn` runs,
 * each frame labelled with its source module (bundleModules). Returns the profile and what `fn` returned.
 */
export async function profileWhile(inspectorPort, wranglerPid, samplingUs, fn) {
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const target = targets.find((t) => !/devtools|proxy/i.test(t.title ?? '')) ?? targets[0];
  const cdp = await connect(target.webSocketDebuggerUrl);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: samplingUs });
  await cdp.send('Profiler.start');
  const result = await fn();
  const { profile } = await cdp.send('Profiler.stop');
  cdp.close();
  const moduleOf = bundleModules(wranglerPid);
  for (const n of profile.nodes) if (n.callFrame.url === 'index.js') n.callFrame.module = moduleOf(n.callFrame.lineNumber + 1);
  return { profile, result };
}
