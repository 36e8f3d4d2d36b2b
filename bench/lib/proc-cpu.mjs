// Server-side CPU time from /proc: on a shared 2-core machine, CPU per request is a steadier
// measure of a server's cost than wall-clock throughput, which moves with everyone else's load.
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** A process's own user+system CPU in ms (all its threads), 0 when it is gone. */
function ownCpuMs(pid) {
  const stat = read(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // after "pid (comm) ", utime and stime are fields 12 and 13 (0-based)
  return stat ? (Number(fields[11]) + Number(fields[12])) * TICK_MS : 0;
}

function children(pid) {
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((t) => read(`/proc/${pid}/task/${t}/children`).trim().split(/\s+/).filter(Boolean).map(Number));
}

/** The pid and all its live descendants. */
export function processTree(pid) {
  const out = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    out.push(p);
    stack.push(...children(p));
  }
  return out;
}

/**
 * wrangler dev runs two workerd processes: an entry proxy listening on the dev port and the
 * runtime (entry port 0) that hosts the Worker and its Durable Objects. Production has no proxy.
 */
function isProxy(pid) {
  const cmd = read(`/proc/${pid}/cmdline`).split('\0');
  return cmd.some((a) => /workerd$/.test(a)) && cmd.some((a) => /^--socket-addr=entry=[^:]+:[1-9]/.test(a));
}

/**
 * A CPU meter for a process tree (wrangler → workerd, or etcd): call it for the tree's CPU ms so
 * far, in total and without wrangler's entry proxy. Linux only; elsewhere it answers NaN.
 * @returns {() => { total: number, runtime: number }}
 */
export function cpuMeter(pid) {
  if (!pid || !read(`/proc/${pid}/stat`)) return () => ({ total: NaN, runtime: NaN });
  return () => {
    let total = 0;
    let proxy = 0;
    for (const p of processTree(pid)) {
      const ms = ownCpuMs(p);
      total += ms;
      if (isProxy(p)) proxy += ms;
    }
    return { total, runtime: total - proxy };
  };
}

/** The pid of wrangler dev's runtime workerd (the one hosting the Worker and its Durable Objects), if any. */
export function runtimePid(rootPid) {
  return processTree(rootPid).find((p) => /workerd$/.test(read(`/proc/${p}/cmdline`).split('\0')[0] ?? '') && !isProxy(p));
}

/** One process's user+system CPU in ms so far (its own /proc/<pid>/stat, all threads). */
export function processCpuMs(pid) {
  return ownCpuMs(pid);
}

/** Resident memory of one process in MiB (VmRSS), NaN when unknown. */
export function processRssMiB(pid) {
  const kb = Number(read(`/proc/${pid}/status`).match(/VmRSS:\s+(\d+)/)?.[1]);
  return Number.isFinite(kb) && kb > 0 ? kb / 1024 : NaN;
}
