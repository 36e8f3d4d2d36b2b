// Borrowing between priority levels (conc_alloc.go computeConcurrencyAllocation): every 10 s the server's
// seats are re-divided so that each level gets `fairProp × target` clamped to its bounds, with one
// fairProp for all and the allocations summing to the server's limit. A level's bounds are
// [NominalCL − LendableCL, NominalCL + BorrowingCL]; its target is its recent seat demand (at least
// its lower bound).

/** One level's part of the problem. */
export interface AllocItem {
  target: number;
  lowerBound: number;
  upperBound: number;
}

/** A target below this is taken as this (no division by zero). */
const MIN_TARGET = 0.001;

const alloc = (items: AllocItem[], p: number) => items.map((i) => Math.max(i.lowerBound, Math.min(i.upperBound, p * Math.max(i.target, MIN_TARGET))));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The allocations and the fair proportion, as upstream's (the unique solution; found here by
 * bisection on fairProp, whose sum of clamped allocations only grows with it). Throws, with
 * upstream's words, when the bounds cannot meet the required sum.
 * @example computeConcurrencyAllocation(10, [{ target: 1, lowerBound: 0, upperBound: 10 }, { target: 4, lowerBound: 0, upperBound: 10 }]).allocs // [2, 8]
 */
export function computeConcurrencyAllocation(requiredSum: number, items: AllocItem[]): { allocs: number[]; fairProp: number } {
  if (requiredSum < 0) throw new Error('negative sums are not supported');
  items.forEach((i, idx) => {
    if (i.lowerBound < 0) throw new Error(`lower bound ${idx} is ${i.lowerBound} but negative lower bounds are not allowed`);
    if (i.target < i.lowerBound) throw new Error(`target ${idx} is ${i.target}, which is below its lower bound of ${i.lowerBound}`);
    if (i.upperBound < i.lowerBound) throw new Error(`upper bound ${idx} is ${i.upperBound} but should not be less than the lower bound ${i.lowerBound}`);
  });
  const low = sum(items.map((i) => i.lowerBound));
  const high = sum(items.map((i) => i.upperBound));
  if (low - requiredSum > 1e-7) throw new Error(`lower bounds sum to ${low}, which is higher than the required sum of ${requiredSum}`);
  if (requiredSum - high > 1e-7) throw new Error(`upper bounds sum to ${high}, which is lower than the required sum of ${requiredSum}`);
  if (requiredSum === 0) return { allocs: items.map(() => 0), fairProp: 0 };
  // fairProp between the smallest relative lower bound and the largest relative upper bound
  let lo = 0;
  let hi = Math.max(...items.map((i) => i.upperBound / Math.max(i.target, MIN_TARGET)), 0);
  for (let k = 0; k < 200 && hi - lo > 1e-12 * Math.max(1, hi); k++) {
    const mid = (lo + hi) / 2;
    if (sum(alloc(items, mid)) < requiredSum) lo = mid;
    else hi = mid;
  }
  return { allocs: alloc(items, hi), fairProp: hi };
}

/** A limited level's limits and recent demand, as borrowing reads them. */
export interface BorrowingInput {
  name: string;
  nominalCL: number;
  lowerLimit: number;
  upperLimit: number;
  demand: number;
}

/**
 * The current concurrency limit of every limited level (apf_controller.go updateBorrowing): the
 * sum of their nominal limits re-divided by demand within each level's bounds, rounded.
 * @example currentLimits([{ name: 'a', nominalCL: 50, lowerLimit: 5, upperLimit: 100, demand: 0 }, { name: 'b', nominalCL: 50, lowerLimit: 50, upperLimit: 100, demand: 100 }]).get('b') // 95
 */
export function currentLimits(levels: BorrowingInput[]): Map<string, number> {
  const required = levels.reduce((a, l) => a + l.nominalCL, 0);
  const items = levels.map((l) => ({ lowerBound: l.lowerLimit, upperBound: Math.max(l.lowerLimit, l.upperLimit), target: Math.max(l.lowerLimit, l.demand) }));
  try {
    const { allocs } = computeConcurrencyAllocation(required, items);
    return new Map(levels.map((l, i) => [l.name, Math.round(allocs[i]!)]));
  } catch {
    // bounds that cannot meet the sum (a level's upper limit under its nominal one): keep the nominal limits
    return new Map(levels.map((l) => [l.name, l.nominalCL]));
  }
}
