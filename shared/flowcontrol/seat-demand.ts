// A level's recent seat demand (seats executing plus seats waiting), the target borrowing divides
// seats by. Upstream smooths an average-plus-deviation of the demand every 10 s; Kubeflare keeps
// the peak of the current and the previous 10 s period, which follows a flood up at once and lets
// go of it after one to two periods.

export const DEMAND_PERIOD_MS = 10_000;

/** Plain data, so a Durable Object can hold it. */
export interface SeatDemand {
  period: number;
  peak: number;
  previousPeak: number;
}

export const newSeatDemand = (): SeatDemand => ({ period: 0, peak: 0, previousPeak: 0 });

function roll(d: SeatDemand, now: number): void {
  const period = Math.floor(now / DEMAND_PERIOD_MS);
  if (period === d.period) return;
  d.previousPeak = period === d.period + 1 ? d.peak : 0;
  d.peak = 0;
  d.period = period;
}

/** Notes the demand at `now` (call after every change). */
export function noteDemand(d: SeatDemand, now: number, seats: number): void {
  roll(d, now);
  if (seats > d.peak) d.peak = seats;
}

/**
 * The peak demand of the last one to two periods.
 * @example const d = newSeatDemand(); noteDemand(d, 0, 7); recentDemand(d, 12_000) // 7
 */
export function recentDemand(d: SeatDemand, now: number): number {
  roll(d, now);
  return Math.max(d.peak, d.previousPeak);
}
