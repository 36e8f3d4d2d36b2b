import { MAX_SPEED, type ClockState } from '../../../shared/clock/cluster-clock';

/** The speeds the header offers (cluster seconds per wall second), up to the clock's own maximum. */
export const SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300, 600, MAX_SPEED] as const;

/** The steps a paused (or running) clock can be advanced by, as Go durations for spec.advance. */
export const STEPS = ['15s', '1m', '5m', '15m', '1h'] as const;

/** The speed choices, the clock's current speed included when it is not one of the presets (set by kubectl). */
export function speedOptions(current: number): number[] {
  return SPEEDS.includes(current as (typeof SPEEDS)[number]) ? [...SPEEDS] : [...SPEEDS, current].sort((a, b) => a - b);
}

/**
 * "×60", "real time", "paused": how fast cluster time moves, in a word; with the speed asked for when the clock
 * runs slower to let the loops keep up (spec.keepUp: status.speed below spec.speed).
 */
export function paceText(state: Pick<ClockState, 'speed' | 'paused'>, asked?: number): string {
  if (state.paused) return 'paused';
  const now = state.speed === 1 ? 'real time' : `×${state.speed}`;
  return asked !== undefined && asked !== state.speed ? `${now} (×${asked} asked)` : now;
}

/** The speed the clock was asked to run at (spec.speed), else the one in effect. */
export function askedSpeed(spec: { speed?: unknown } | undefined, inEffect: number): number {
  return typeof spec?.speed === 'number' ? spec.speed : inEffect;
}

/** Cluster time as the header shows it: date and time to the second, UTC (what the cluster's timestamps use). */
export function clusterTimeText(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC');
}
