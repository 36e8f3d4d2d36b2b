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

/**
 * When a container's working set first goes above `limitBytes`, at or after `from` (epoch ms), for
 * a memory demand curve anchored at the container's start: the instant the kernel's memory
 * cgroup would OOM-kill it. Undefined when the curve never exceeds the limit. Curves are scanned
 * over the span in which they show every value (one period of a sine, up to the last point of a
 * trace or step) and the crossing is located to the millisecond.
 * @example memoryExceedsAt({ type: 'trace', points: [{ at: 0, value: '100Mi' }, { at: 10, value: '300Mi' }] }, 200 * 2 ** 20, 0, 0) // ≈ 5000
 */
export function memoryExceedsAt(d: Demand | undefined, limitBytes: number, startedAt: number, from: number): number | undefined {
  if (!d || !(limitBytes > 0)) return undefined;
  const over = (t: number) => demandValue(d, 'memory', t, startedAt) > limitBytes;
  if (over(from)) return from;
  const { max, horizon } = envelope(d, startedAt, from);
  if (max <= limitBytes) return undefined;
  const step = Math.min(1000, Math.max(10, Math.ceil((horizon - from) / 5000)));
  let below = from;
  for (let t = from + step; t <= horizon + step; t += step) {
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
