// How the server's seats are divided among priority levels (apf_controller.go digestConfigObjects):
// NominalCL(i) = ceil(ServerCL × NCS(i) / ΣNCS), LendableCL(i) = round(NominalCL(i) × lendable%/100),
// BorrowingCL(i) = round(NominalCL(i) × borrowingLimit%/100) (unbounded when unset).
import type { PriorityLevelConfiguration } from './types';

/** A level's seat limits. */
export interface LevelLimits {
  nominalCL: number;
  lendableCL: number;
  /** Seats it may borrow from others; Infinity when borrowingLimitPercent is unset. */
  borrowingCL: number;
  /** nominalCL − lendableCL: what it keeps whatever others need. */
  lowerLimit: number;
  /** nominalCL + borrowingCL, capped at the server's limit. */
  upperLimit: number;
}

function shares(pl: PriorityLevelConfiguration): { ncs: number; lendable: number; borrowing?: number } {
  const s = pl.spec;
  if (s?.type === 'Exempt') return { ncs: s.exempt?.nominalConcurrencyShares ?? 0, lendable: s.exempt?.lendablePercent ?? 0 };
  const l = s?.limited;
  return { ncs: l?.nominalConcurrencyShares ?? 30, lendable: l?.lendablePercent ?? 0, borrowing: l?.borrowingLimitPercent };
}

/**
 * Every level's limits from the server's concurrency limit.
 * @example concurrencyLimits(bootstrapLevels, 600).get('catch-all')!.nominalCL // 13
 */
export function concurrencyLimits(levels: PriorityLevelConfiguration[], serverCL: number): Map<string, LevelLimits> {
  const all = levels.map((pl) => [pl.metadata?.name ?? '', shares(pl)] as const);
  const sum = all.reduce((n, [, s]) => n + s.ncs, 0);
  const out = new Map<string, LevelLimits>();
  for (const [name, s] of all) {
    const nominalCL = sum > 0 ? Math.ceil((serverCL * s.ncs) / sum) : 0;
    const lendableCL = Math.round((nominalCL * s.lendable) / 100);
    const borrowingCL = s.borrowing === undefined ? Infinity : Math.round((nominalCL * s.borrowing) / 100);
    out.set(name, { nominalCL, lendableCL, borrowingCL, lowerLimit: nominalCL - lendableCL, upperLimit: Math.min(serverCL, nominalCL + borrowingCL) });
  }
  return out;
}

/**
 * The most seats one request may take at a level (max_seats.go): min(ceil(15 % of NominalCL),
 * floor(NominalCL / handSize)), at least 1; levels without queues use the first bound alone.
 */
export function maxSeatsOf(nominalCL: number, handSize: number | undefined): number {
  const bound = Math.ceil(0.15 * nominalCL);
  const perHand = handSize ? Math.floor(nominalCL / handSize) : bound;
  return Math.max(1, Math.min(bound, perHand));
}
