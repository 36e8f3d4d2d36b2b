// The isolate's CPU profile over the DevTools protocol of `wrangler dev --inspector-port`, and its summary
// (bench/profile-api.mjs, bench/profile-deployment.mjs).

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
