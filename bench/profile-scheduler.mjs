#!/usr/bin/env node
// Bench-only: where the isolate's time goes in the scheduler section's end-to-end run (bench/sections/scheduler.mjs)
// at N bare nodes, via the DevTools protocol of `wrangler dev --inspector-port`:
//   1. N bare nodes created as the section does, then --settle-seconds for the node lifecycle controller to
//      taint them (bare nodes post no Leases);
//   2. an idle window of --idle-seconds with no client request: the runtime's CPU (from /proc) and a profile of
//      what the cluster does by itself at that size;
//   3. --pods pods over --namespaces namespaces at --concurrency, profiled until all are bound: ms per pod by
//      loop, by kind of work and by function.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { freePort } from '../scripts/lib/dev-server.mjs';
import { printProfile, profileWhile, withWebSocket } from './lib/cpu-profile.mjs';
import { kubeApi, sleep, watchPods } from './lib/kube-api.mjs';
import { startKubeflare, sourceRevision } from './lib/kubeflare-server.mjs';
import { processCpuMs, runtimePid } from './lib/proc-cpu.mjs';
import { runPool } from './lib/stats.mjs';
import { createRetrying, makeNodes, measuredPod } from './sections/scheduler.mjs';

const HELP = `node bench/profile-scheduler.mjs [options]
  --nodes <n>           bare nodes (default 5000)
  --settle-seconds <n>  wall seconds after the nodes before the idle window (default 60)
  --idle-seconds <n>    idle window profiled, no client requests (default 20; 0 skips)
  --pods <n>            pods created and profiled until bound (default 1000)
  --namespaces <n>      namespaces the pods are spread over (default 8)
  --concurrency <n>     creates in flight (default 8)
  --top <n>             functions listed (default 25)
  --out <prefix>        also write <prefix>-idle.cpuprofile and <prefix>-pods.cpuprofile
  --source worktree|head|<commit>|dir:<path>  the Worker's source (default worktree)
`;

const SAMPLING_US = 500;

async function main() {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '5000' },
      'settle-seconds': { type: 'string', default: '60' },
      'idle-seconds': { type: 'string', default: '20' },
      pods: { type: 'string', default: '1000' },
      namespaces: { type: 'string', default: '8' },
      concurrency: { type: 'string', default: '8' },
      top: { type: 'string', default: '25' },
      out: { type: 'string' },
      source: { type: 'string', default: 'worktree' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(HELP);
  const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
  const top = Number(values.top);
  const inspector = await freePort();
  const server = await startKubeflare({ source: values.source, inspectorPort: inspector });
  const api = kubeApi(server.url);
  const pid = runtimePid(server.pid);
  const load = async () => (await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ');
  try {
    console.log(`source ${sourceRevision(values.source)}, ${values.nodes} bare nodes, load average ${await load()}`);
    await makeNodes(api, { nodes: Number(values.nodes), mode: 'bare', log });
    await sleep(Number(values['settle-seconds']) * 1000);
    const idleSeconds = Number(values['idle-seconds']);
    if (idleSeconds > 0) {
      const c0 = processCpuMs(pid);
      const { profile } = await profileWhile(inspector, server.pid, SAMPLING_US, () => sleep(idleSeconds * 1000));
      const cpu = (processCpuMs(pid) - c0) / 1000;
      console.log(`\n=== idle: ${(cpu / idleSeconds).toFixed(2)} cores over ${idleSeconds} s (load average ${await load()})`);
      if (values.out) writeFileSync(`${values.out}-idle.cpuprofile`, JSON.stringify(profile));
      printProfile(profile, { per: idleSeconds, unit: 'wall s', top, cpuSeconds: cpu, samplingUs: SAMPLING_US });
    }
    const [pods, namespaces] = [Number(values.pods), Number(values.namespaces)];
    const nss = Array.from({ length: namespaces }, (_, k) => `prof-sched-${k}`);
    for (const ns of nss) {
      const status = await createRetrying(api, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      if (status !== 201 && status !== 409) throw new Error(`creating namespace ${ns}: HTTP ${status}`);
    }
    const watches = await Promise.all(nss.map((ns) => watchPods(server.url, ns)));
    const bound = () => watches.reduce((a, w) => a + w.bound.size, 0);
    const c0 = processCpuMs(pid);
    const t0 = performance.now();
    const { profile, result } = await profileWhile(inspector, server.pid, SAMPLING_US, async () => {
      const creates = await runPool(Array.from({ length: pods }, (_, i) => () => createRetrying(api, `/api/v1/namespaces/${nss[i % namespaces]}/pods`, measuredPod(nss[i % namespaces], i))), Number(values.concurrency));
      const createdS = (performance.now() - t0) / 1000;
      const atCreates = bound();
      let [last, lastChange] = [bound(), performance.now()];
      while (bound() < pods && performance.now() - lastChange < 15_000) {
        await sleep(100);
        if (bound() !== last) [last, lastChange] = [bound(), performance.now()];
      }
      return { creates, createdS, atCreates };
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = (processCpuMs(pid) - c0) / 1000;
    watches.forEach((w) => w.close());
    const { creates, createdS, atCreates } = result;
    console.log(`\n=== pods: ${pods} over ${namespaces} ns at c=${values.concurrency}: created in ${createdS.toFixed(1)} s (${(pods / createdS).toFixed(0)}/s, ${creates.errors} errors, p50 ${creates.p50.toFixed(0)} ms, p99 ${creates.p99.toFixed(0)} ms), ${atCreates} bound then, ${bound()} bound after ${seconds.toFixed(1)} s; runtime ${(cpu / seconds).toFixed(2)} cores, ${((cpu * 1000) / pods).toFixed(1)} CPU ms per pod (load average ${await load()})`);
    if (values.out) writeFileSync(`${values.out}-pods.cpuprofile`, JSON.stringify(profile));
    printProfile(profile, { per: pods, unit: 'pod', top, cpuSeconds: cpu, samplingUs: SAMPLING_US });
  } finally {
    api.close();
    await server.stop();
  }
}

await withWebSocket(main);
