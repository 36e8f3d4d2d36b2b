import { demandValue } from '../nodes/demand';
import { parseBytes } from '../nodes/quantity';
import type { Demand } from '../nodes/workload-profile';

const bytes = (v: string | number) => parseBytes(v) ?? 0;

/** The most a demand curve ever reaches, and the time by which it has shown everything (ms; Infinity: never settles). */
function envelope(d: Demand, startedAt: number, from: number): { max: number; horizon: number } {
  const anchor = d.type !== 'constant' && d.clock === 'wall' ? 0 : startedAt;
  switch (d.type) {
    case 'constant':
      return { max: bytes(d.value), horizon: from };
    case 'sine':
      return { max: bytes(d.base) + Math.abs(bytes(d.amplitude)), horizon: from + d.periodSeconds * 1000 };
    case 'step': {
      const last = Math.max(0, ...d.steps.map((s) => s.at));
      return { max: Math.max(0, ...d.steps.map((s) => bytes(s.value))), horizon: Math.max(from, anchor + last * 1000) };
    }
    case 'trace': {
      const ats = d.points.map((p) => p.at);
      const span = ats.length ? Math.max(...ats) - Math.min(...ats) : 0;
      const end = anchor + Math.max(0, ...ats) * 1000;
      return { max: Math.max(0, ...d.points.map((p) => bytes(p.value))), horizon: d.repeat ? Math.max(from, end) + span * 1000 : Math.max(from, end) };
    }
  }
}

/** The most a memory curve ever reaches (bytes). */
export function demandMaxBytes(d: Demand | undefined): number {
  return d ? envelope(d, 0, 0).max : 0;
}

/**
 * A container writing to a Memory-medium emptyDir (tmpfs) at a steady rate: the pages it writes are
 * charged to its memory cgroup until the volume is full (`capBytes`, what the tmpfs had free when the
 * instance started); past that, writes fail with ENOSPC and the charge stops growing.
 */
export interface TmpfsWrites {
  bytesPerSecond: number;
  capBytes: number;
}

/** Bytes an instance started at `startedAt` has written to tmpfs by `t`. */
export function tmpfsWritten(w: TmpfsWrites | undefined, startedAt: number, t: number): number {
  if (!w || t <= startedAt) return 0;
  return Math.max(0, Math.min(w.capBytes, Math.floor((w.bytesPerSecond * (t - startedAt)) / 1000)));
}

/**
 * When a container's working set first goes above `limitBytes`, at or after `from` (epoch ms), for
 * a memory demand curve anchored at the container's start: the instant the kernel's memory
 * cgroup would OOM-kill it. Undefined when the curve never exceeds the limit. Curves are scanned
 * over the span in which they show every value (one period of a sine, up to the last point of a
 * trace or step) and the crossing is located to the millisecond.
 * @example memoryExceedsAt({ type: 'trace', points: [{ at: 0, value: '100Mi' }, { at: 10, value: '300Mi' }] }, 200 * 2 ** 20, 0, 0) // ≈ 5000
 */
export function memoryExceedsAt(d: Demand | undefined, limitBytes: number, startedAt: number, from: number, writes?: TmpfsWrites): number | undefined {
  if ((!d && !writes) || !(limitBytes > 0)) return undefined;
  const over = (t: number) => demandValue(d, 'memory', t, startedAt) + tmpfsWritten(writes, startedAt, t) > limitBytes;
  if (over(from)) return from;
  const env = d ? envelope(d, startedAt, from) : { max: 0, horizon: from };
  const max = env.max + (writes?.capBytes ?? 0);
  const horizon = writes && writes.bytesPerSecond > 0 ? Math.max(env.horizon, startedAt + Math.ceil((writes.capBytes / writes.bytesPerSecond) * 1000)) : env.horizon;
  if (max <= limitBytes) return undefined;
  return firstCrossing(over, from, horizon + Math.min(1000, Math.max(10, Math.ceil((horizon - from) / 5000))));
}

/**
 * The first millisecond in (from, to] at which `over` holds, sampling every `step` ms (default: 5000
 * samples, 10 ms to 1 s apart) and bisecting the first sampled crossing. Curves that rise above and
 * fall back within one step can be missed; demand curves change on whole seconds, so the default
 * steps see them.
 */
export function firstCrossing(over: (t: number) => boolean, from: number, to: number, step = Math.min(1000, Math.max(10, Math.ceil((to - from) / 5000)))): number | undefined {
  let below = from;
  for (let i = 1; below < to; i++) {
    const t = Math.min(from + i * step, to);
    if (!over(t)) { below = t; continue; }
    let above = t;
    while (above - below > 1) {
      const mid = Math.floor((below + above) / 2);
      if (over(mid)) above = mid; else below = mid;
    }
    return above;
  }
  return undefined;
}
