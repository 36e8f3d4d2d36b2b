import type { Demand } from '../nodes/workload-profile';

/**
 * The first instant (epoch ms) after `t` at which a demand curve's value may change, for a curve
 * anchored at `startedAt` (or the epoch with `clock: wall`): Infinity when it never changes again,
 * `t` itself when it changes continuously (a sine, a linear trace between points, a repeating trace).
 * @example demandChangesAfter({ type: 'step', steps: [{ at: 0, value: '1' }, { at: 60, value: '2' }] }, 1000, 0) === 60_000
 */
export function demandChangesAfter(d: Demand | undefined, t: number, startedAt: number): number {
  if (!d || d.type === 'constant') return Infinity;
  if (d.type === 'sine') return d.amplitude === 0 || d.amplitude === '0' ? Infinity : t;
  const anchor = d.clock === 'wall' ? 0 : startedAt;
  const ats = (d.type === 'step' ? d.steps : d.points).map((p) => anchor + p.at * 1000).sort((a, b) => a - b);
  if (d.type === 'trace' && d.repeat) return t;
  const next = ats.find((a) => a > t);
  if (next === undefined) return Infinity;
  // between two points of a linear trace the value moves all the time
  if (d.type === 'trace' && d.interpolation !== 'step' && ats[0]! <= t) return t;
  return next;
}
